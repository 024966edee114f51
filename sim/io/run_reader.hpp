#pragma once
// Reading a whole run file (docs/output-schema.md) back into memory: the district series, the
// school table with the per-school series, and the event tables. The inverse of
// io/run_writer.hpp for what the tidy export (io/tidy_export.hpp) writes as CSV; /balance,
// /groups and /snapshots are not read.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "io/run_writer.hpp"
#include "model/series.hpp"

namespace edusim {

/// One table of /events (e.g. /events/rotations): one int64 column per dataset.
struct EventTableData {
  std::string name;        ///< the group's name, e.g. "rotations"
  std::string kind_names;  ///< the group attribute kind_names ("1=backbone_out; ..."), or ""
  std::vector<SeriesDef> columns;
  std::vector<std::vector<std::int64_t>> values;  ///< [column][event]

  std::size_t rows() const { return values.empty() ? 0 : values.front().size(); }
};

struct RunFileData {
  std::vector<std::int32_t> years;  ///< /district/year: the calendar year of each row
  std::vector<SeriesDef> district_series;
  std::vector<double> district;  ///< [metric][year]
  std::vector<SchoolInfoRow> schools;
  std::vector<SeriesDef> school_series;
  std::vector<double> school_values;  ///< [metric][year][school]
  std::vector<EventTableData> events;

  double district_value(std::size_t metric, std::size_t year) const {
    return district[metric * years.size() + year];
  }
  double school_value(std::size_t metric, std::size_t year, std::size_t school) const {
    return school_values[(metric * years.size() + year) * schools.size() + school];
  }
};

/// Reads a complete run file; throws InputError naming the file if it is not one (see
/// h5::open_output_file) or its datasets do not have the shapes of the layout.
RunFileData read_run_file(const std::string& path);

}  // namespace edusim

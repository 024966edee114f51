#pragma once
// Definitions of output series, groups of series and event tables: what the
// measures declare and the writers (io/run_writer.hpp) lay out in the file.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace edusim {

struct SeriesDef {
  std::string name;
  std::string units;
  std::string description;
};

/// A further group of series, e.g. /balance/cv: [year] when columns == 0,
/// else [year, columns] (one column per school unless column_name says otherwise).
struct SeriesGroup {
  std::string path;  ///< under the root, e.g. "balance/cv"; parent groups are created
  std::size_t columns = 0;
  std::vector<SeriesDef> series;
  /// What a column is, for each dataset's `dimensions` attribute ("year, <column_name>").
  std::string column_name = "school";
  /// Names of the columns, written as the string-list attribute `labels`; none when empty.
  std::vector<std::string> labels = {};
  /// Further attributes of every dataset of the group: text, then numbers.
  std::vector<std::pair<std::string, std::string>> text_attributes = {};
  std::vector<std::pair<std::string, double>> number_attributes = {};
};

/// A table of events (e.g. /events/rotations): one int64 dataset [event] per
/// column, growing as events are appended; `attributes` are written on the group
/// (e.g. the names of a kind code).
struct EventTableDef {
  std::string path;  ///< e.g. "events/rotations"
  std::vector<SeriesDef> columns;
  std::vector<std::pair<std::string, std::string>> attributes;
};

}  // namespace edusim

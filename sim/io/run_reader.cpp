#include "io/run_reader.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include "core/error.hpp"
#include "io/h5_handle.hpp"
#include "io/h5_output_file.hpp"
#include "io/h5_school_info.hpp"

namespace edusim {
namespace {

using h5::Handle;

/// The values of `series` (datasets of `group`), each of `per_series` values, one after the
/// other.
std::vector<double> read_all_series(hid_t group, const std::vector<SeriesDef>& series,
                                    std::size_t per_series, const std::string& where) {
  std::vector<double> out;
  out.reserve(series.size() * per_series);
  for (const SeriesDef& def : series) {
    const auto values = h5::read_numbers<double>(group, def.name, H5T_NATIVE_DOUBLE, where);
    if (values.size() != per_series)
      throw InputError(
          fmt::format("{}/{}: {} values, expected {}", where, def.name, values.size(), per_series));
    out.insert(out.end(), values.begin(), values.end());
  }
  return out;
}

void read_district(hid_t file, RunFileData& run, const std::string& path) {
  const std::string where = path + ":/district";
  const Handle g = h5::open_group(file, "district", where);
  run.years = h5::read_numbers<std::int32_t>(g.get(), "year", H5T_NATIVE_INT32, where);
  run.district_series = h5::read_series_defs(g.get(), where, "year");
  run.district = read_all_series(g.get(), run.district_series, run.years.size(), where);
}

void read_schools(hid_t file, RunFileData& run, const std::string& path) {
  const std::string where = path + ":/schools";
  const Handle g = h5::open_group(file, "schools", where);
  run.schools = h5::read_school_info(g.get(), where);
  run.school_series = h5::read_series_defs(g.get(), where, "info");
  run.school_values =
      read_all_series(g.get(), run.school_series, run.years.size() * run.schools.size(), where);
}

EventTableData read_event_table(hid_t events, const std::string& name, const std::string& where) {
  const std::string at = where + "/" + name;
  const Handle g = h5::open_group(events, name, at);
  EventTableData table{name,
                       h5::read_string_attr(g.get(), "kind_names").value_or(""),
                       h5::read_series_defs(g.get(), at, ""),
                       {}};
  for (const SeriesDef& column : table.columns) {
    table.values.push_back(
        h5::read_numbers<std::int64_t>(g.get(), column.name, H5T_NATIVE_INT64, at));
    if (table.values.back().size() != table.rows())
      throw InputError(fmt::format("{}/{}: {} events, but {} has {}", at, column.name,
                                   table.values.back().size(), table.columns.front().name,
                                   table.rows()));
  }
  return table;
}

void read_events(hid_t file, RunFileData& run, const std::string& path) {
  if (!h5::has_link(file, "events")) return;
  const std::string where = path + ":/events";
  const Handle g = h5::open_group(file, "events", where);
  for (const h5::Link& link : h5::list_links(g.get(), H5_INDEX_CRT_ORDER))
    run.events.push_back(read_event_table(g.get(), link.name, where));
}

}  // namespace

RunFileData read_run_file(const std::string& path) {
  const h5::OutputFile file = h5::open_output_file(path, {"run"});
  RunFileData run;
  try {
    read_district(file.file.get(), run, path);
    read_schools(file.file.get(), run, path);
    read_events(file.file.get(), run, path);
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const InputError*>(&e)) throw;
    throw InputError(fmt::format("{}: not a readable run file: {}", path, e.what()));
  }
  return run;
}

}  // namespace edusim

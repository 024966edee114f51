#include "io/tidy_tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <utility>

#include "io/csv_writer.hpp"

namespace edusim {
namespace {

/// One column of a table: its description and its cell in row r.
struct TidyColumn {
  SeriesDef def;
  std::function<std::string(std::size_t r)> cell;
};

TidyTable make_table(std::string file, std::string about, std::size_t rows,
                     std::vector<TidyColumn> columns) {
  TidyTable table{std::move(file), std::move(about), {}, rows, {}};
  for (const TidyColumn& c : columns) table.columns.push_back(c.def);
  table.row = [columns = std::move(columns)](std::size_t r, std::vector<std::string>& cells) {
    cells.clear();
    for (const TidyColumn& c : columns) cells.push_back(c.cell(r));
  };
  return table;
}

const SeriesDef kYear{"year", "calendar year",
                      "calendar year of the row (/district/year): the first row is the generated "
                      "world, then the state at the end of each simulated year"};
const SeriesDef kRun{"run", "index",
                     "the run's index in the sweep (/params/run_index): point * replicates + "
                     "replicate; the rows of params.csv"};

TidyColumn year_column(const std::vector<std::int32_t>& years,
                       std::function<std::size_t(std::size_t)> year_of) {
  return {kYear, [&years, year_of = std::move(year_of)](std::size_t r) {
            return std::to_string(years[year_of(r)]);
          }};
}

/// The columns of /schools/info for the school of row r.
std::vector<TidyColumn> school_info_columns(
    const std::vector<SchoolInfoRow>& schools,
    const std::function<std::size_t(std::size_t)>& school_of) {
  const auto text = [&](SeriesDef def, std::string SchoolInfoRow::*field) {
    return TidyColumn{std::move(def), [&schools, school_of, field](std::size_t r) {
                        return schools[school_of(r)].*field;
                      }};
  };
  const auto number = [&](SeriesDef def, std::int32_t SchoolInfoRow::*field) {
    return TidyColumn{std::move(def), [&schools, school_of, field](std::size_t r) {
                        return std::to_string(schools[school_of(r)].*field);
                      }};
  };
  return {
      number({"school", "index",
              "the school's index (0-based): its row of /schools/info and its column of "
              "/schools/<metric>"},
             &SchoolInfoRow::index),
      text({"name", "", "the school's name"}, &SchoolInfoRow::name),
      text({"level", "", "primary or middle"}, &SchoolInfoRow::level),
      text({"zone", "", "urban, town or rural"}, &SchoolInfoRow::zone),
      number({"group", "id", "education group id (a column of /groups/<metric>), -1 for none"},
             &SchoolInfoRow::group),
      number({"alliance", "id", "alliance id, -1 for none"}, &SchoolInfoRow::alliance),
      text({"group_role", "", "the school's role in its group: lead, member or none"},
           &SchoolInfoRow::group_role),
      text({"group_type", "",
            "its group's type: tight_integration, collaborative_support, regional_cooperation, "
            "strong_strong or none"},
           &SchoolInfoRow::group_type),
  };
}

TidyTable run_district(const RunFileData& run) {
  std::vector<TidyColumn> columns{year_column(run.years, [](std::size_t r) { return r; })};
  for (std::size_t m = 0; m < run.district_series.size(); ++m)
    columns.push_back({run.district_series[m],
                       [&run, m](std::size_t r) { return csv_number(run.district_value(m, r)); }});
  return make_table("district.csv",
                    "the district series (/district): one row per calendar year, one column per "
                    "metric",
                    run.years.size(), std::move(columns));
}

TidyTable run_schools(const RunFileData& run) {
  const std::size_t n = std::max<std::size_t>(run.schools.size(), 1);
  std::vector<TidyColumn> columns{year_column(run.years, [n](std::size_t r) { return r / n; })};
  for (TidyColumn& c : school_info_columns(run.schools, [n](std::size_t r) { return r % n; }))
    columns.push_back(std::move(c));
  for (std::size_t m = 0; m < run.school_series.size(); ++m)
    columns.push_back({run.school_series[m], [&run, m, n](std::size_t r) {
                         return csv_number(run.school_value(m, r / n, r % n));
                       }});
  return make_table("schools.csv",
                    "the per-school series (/schools): one row per (year, school), the school's "
                    "fields from /schools/info, then one column per metric",
                    run.years.size() * run.schools.size(), std::move(columns));
}

TidyTable run_events(const EventTableData& events) {
  std::vector<TidyColumn> columns;
  for (std::size_t c = 0; c < events.columns.size(); ++c) {
    SeriesDef def = events.columns[c];
    if (def.name == "kind" && !events.kind_names.empty())
      def.description += fmt::format(" (codes: {})", events.kind_names);
    columns.push_back(
        {def, [&events, c](std::size_t r) { return std::to_string(events.values[c][r]); }});
  }
  return make_table(fmt::format("events_{}.csv", events.name),
                    fmt::format("the events of /events/{}: one row per event, in the order "
                                "they happened",
                                events.name),
                    events.rows(), std::move(columns));
}

/// The description of /params/<name> in the file, or `fallback`.
SeriesDef param_def(const std::vector<SeriesDef>& params, const std::string& name,
                    std::string csv_name) {
  const auto it = std::find_if(params.begin(), params.end(),
                               [&](const SeriesDef& d) { return d.name == name; });
  return {std::move(csv_name), it == params.end() ? "" : it->units,
          it == params.end() ? "" : it->description};
}

TidyTable sweep_params(const SweepFileData& sweep, const std::vector<SeriesDef>& params) {
  const SweepHeader& h = sweep.header;
  std::vector<TidyColumn> columns{
      {kRun, [&sweep](std::size_t r) { return std::to_string(sweep.runs[r].run_index); }}};
  std::vector<std::pair<const char*, std::int64_t SweepRun::*>> ints{
      {"point", &SweepRun::point}, {"replicate", &SweepRun::replicate}, {"seed", &SweepRun::seed}};
  if (h.sobol_samples >= 0)
    ints.insert(ints.end(), {{"sobol_block", &SweepRun::sobol_block},
                             {"sobol_sample", &SweepRun::sobol_sample}});
  if (h.morris_levels >= 0)
    ints.insert(ints.end(), {{"morris_trajectory", &SweepRun::morris_trajectory},
                             {"morris_step", &SweepRun::morris_step},
                             {"morris_axis", &SweepRun::morris_axis},
                             {"morris_direction", &SweepRun::morris_direction}});
  for (const auto& column : ints) {
    // A named copy: clang 14 cannot capture a structured binding.
    const auto field = column.second;
    columns.push_back(
        {param_def(params, column.first, column.first),
         [&sweep, field](std::size_t r) { return std::to_string(sweep.runs[r].*field); }});
  }
  for (std::size_t a = 0; a < h.axes.size(); ++a) {
    const bool choice = h.axes[a].kind == "choice";
    columns.push_back(
        {{h.axes[a].name, "", fmt::format("{} axis: {}", h.axes[a].kind, h.axes[a].description)},
         [&sweep, a, choice](std::size_t r) {
           const SweepRun& run = sweep.runs[r];
           return choice ? run.axis_text[a] : csv_number(run.axis_number[a]);
         }});
  }
  return make_table("params.csv",
                    "the design of the sweep (/params): one row per run, the value of each axis",
                    sweep.runs.size(), std::move(columns));
}

TidyTable sweep_district(const SweepFileData& sweep) {
  const SweepHeader& h = sweep.header;
  const std::size_t ny = std::max<std::size_t>(h.years.size(), 1), nm = h.district_series.size();
  std::vector<TidyColumn> columns{
      {kRun, [&sweep, ny](std::size_t r) { return std::to_string(sweep.runs[r / ny].run_index); }},
      year_column(h.years, [ny](std::size_t r) { return r % ny; })};
  for (std::size_t m = 0; m < nm; ++m)
    columns.push_back({h.district_series[m], [&sweep, ny, nm, m](std::size_t r) {
                         return csv_number(sweep.runs[r / ny].district[(r % ny) * nm + m]);
                       }});
  return make_table("district.csv",
                    "the district series of every run (/district): one row per (run, calendar "
                    "year), one column per metric",
                    sweep.runs.size() * h.years.size(), std::move(columns));
}

TidyTable sweep_schools(const SweepFileData& sweep) {
  const SweepHeader& h = sweep.header;
  const std::size_t ns = std::max<std::size_t>(h.schools.size(), 1),
                    ny = std::max<std::size_t>(h.years.size(), 1), nm = h.school_series.size();
  const std::size_t per_run = ns * ny;
  std::vector<TidyColumn> columns{
      {kRun, [&sweep, per_run](
                 std::size_t r) { return std::to_string(sweep.runs[r / per_run].run_index); }},
      year_column(h.years, [ns, ny](std::size_t r) { return r / ns % ny; })};
  for (TidyColumn& c : school_info_columns(h.schools, [ns](std::size_t r) { return r % ns; }))
    columns.push_back(std::move(c));
  for (std::size_t m = 0; m < nm; ++m)
    columns.push_back({h.school_series[m], [&sweep, ns, ny, nm, m](std::size_t r) {
                         const std::size_t y = r / ns % ny, s = r % ns;
                         return csv_number(
                             sweep.runs[r / (ns * ny)].schools[(y * nm + m) * ns + s]);
                       }});
  return make_table("schools.csv",
                    "the per-school series of every run (/schools): one row per (run, year, "
                    "school), the school's fields from /schools/info, then one column per metric",
                    sweep.runs.size() * h.years.size() * h.schools.size(), std::move(columns));
}

}  // namespace

std::vector<TidyTable> run_tables(const RunFileData& run) {
  std::vector<TidyTable> tables{run_district(run), run_schools(run)};
  for (const EventTableData& events : run.events) tables.push_back(run_events(events));
  return tables;
}

std::vector<TidyTable> sweep_tables(const SweepFileData& sweep,
                                    const std::vector<SeriesDef>& param_columns) {
  std::vector<TidyTable> tables{sweep_params(sweep, param_columns), sweep_district(sweep)};
  if (!sweep.header.school_series.empty()) tables.push_back(sweep_schools(sweep));
  return tables;
}

TidyTable units_table(const std::vector<TidyTable>& tables) {
  std::vector<std::vector<std::string>> rows;
  for (const TidyTable& t : tables)
    for (const SeriesDef& c : t.columns) rows.push_back({t.file, c.name, c.units, c.description});
  TidyTable table{"units.csv",
                  "the columns of every other CSV file: one row per (file, column), with the "
                  "units and description the HDF5 file gives",
                  {{"file", "", "the CSV file"},
                   {"column", "", "the column's name in its header"},
                   {"units", "", "units (1: dimensionless; empty for text and codes)"},
                   {"description", "", "what the column holds"}},
                  rows.size(),
                  {}};
  table.row = [rows = std::move(rows)](std::size_t r, std::vector<std::string>& cells) {
    cells = rows[r];
  };
  return table;
}

}  // namespace edusim

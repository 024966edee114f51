#include "metrics/custom_outputs.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <type_traits>

#include "metrics/year_metrics.hpp"

namespace edusim {

namespace {

/// A column's value as a double: enum codes by their number.
template <class T>
double as_number(T value) {
  if constexpr (std::is_enum_v<T>)
    return static_cast<double>(static_cast<std::underlying_type_t<T>>(value));
  else
    return static_cast<double>(value);
}

#define EDUSIM_STUDENT_ROW(name, unit, description)                           \
  OutputColumnDef{"students." #name, Population::Students, unit, description, \
                  [](const World& w, std::size_t i) { return as_number(w.students.name[i]); }},
#define EDUSIM_TEACHER_ROW(name, unit, description)                           \
  OutputColumnDef{"teachers." #name, Population::Teachers, unit, description, \
                  [](const World& w, std::size_t i) { return as_number(w.teachers.name[i]); }},
const std::vector<OutputColumnDef> kColumns{EDUSIM_STUDENT_OUTPUT_COLUMNS(EDUSIM_STUDENT_ROW)
                                                EDUSIM_TEACHER_OUTPUT_COLUMNS(EDUSIM_TEACHER_ROW)};
#undef EDUSIM_TEACHER_ROW
#undef EDUSIM_STUDENT_ROW

std::vector<std::string_view> column_names() {
  std::vector<std::string_view> names;
  for (const OutputColumnDef& c : kColumns) names.push_back(c.name);
  return names;
}
const std::vector<std::string_view> kColumnNames = column_names();

std::string_view population_name(Population p) {
  return p == Population::Students ? "students" : "teachers";
}

/// The column's name without its population: "achievement" of "students.achievement".
std::string_view short_name(const OutputColumnDef& c) {
  return c.name.substr(c.name.find('.') + 1);
}

/// The cell of school s, or -1 when its members do not count.
std::int64_t cell_of(const CustomOutput& o, const World& w, std::size_t s, std::size_t n_groups) {
  const Schools& schools = w.schools;
  if (!o.where.admits(schools, s)) return -1;
  switch (o.by) {
    case OutputBy::District:
      return 0;
    case OutputBy::School:
      return static_cast<std::int64_t>(s);
    case OutputBy::Zone:
      return index(schools.zone[s]);
    case OutputBy::Level:
      return index(schools.level[s]);
    case OutputBy::Group: {
      const std::int32_t g = schools.group[s];
      return g >= 0 && static_cast<std::size_t>(g) < n_groups ? g : -1;
    }
  }
  return -1;
}

/// The members of school s: students [begin, begin + count) of the student table, or
/// teachers_by_school[begin, begin + count).
struct Members {
  std::size_t begin = 0, count = 0;
};

Members members_of(Population p, const World& w, std::size_t s) {
  if (p == Population::Students) {
    return {static_cast<std::size_t>(w.school_student_begin(s)),
            static_cast<std::size_t>(w.school_students(s))};
  }
  const auto first = w.school_teacher_begin[s], last = w.school_teacher_begin[s + 1];
  return {static_cast<std::size_t>(first), static_cast<std::size_t>(last - first)};
}

/// Values sorted in place; a large cell (the district) is sorted by the worker pool. Every
/// -0.0 was made +0.0 when gathered, so equal values have equal bits and any sort gives
/// the same sequence.
void sort_values(std::span<double> values) {
  if (values.size() > (1u << 15))
    tbb::parallel_sort(values.begin(), values.end());
  else
    std::sort(values.begin(), values.end());
}

}  // namespace

std::span<const OutputColumnDef> output_columns() {
  return kColumns;
}

const OutputColumnDef& output_column(OutputColumn column) {
  return kColumns[static_cast<std::size_t>(column)];
}

std::span<const std::string_view> enum_names(const OutputColumn*) {
  return kColumnNames;
}

bool OutputFilter::admits(const Schools& schools, std::size_t s) const {
  if (zone != ZoneFilter::Any && index(schools.zone[s]) != static_cast<int>(zone) - 1) return false;
  return level == LevelFilter::Any || index(schools.level[s]) == static_cast<int>(level) - 1;
}

std::string OutputFilter::text() const {
  std::string out;
  if (zone != ZoneFilter::Any)
    out += fmt::format("zone {}", kZoneFilterNames[static_cast<std::size_t>(zone)]);
  if (level != LevelFilter::Any)
    out += fmt::format("{}level {}", out.empty() ? "" : ", ",
                       kLevelFilterNames[static_cast<std::size_t>(level)]);
  return out;
}

void OutputFilter::visit(schema::Visitor& v) {
  v.field("zone", zone, {{"count only the members of schools of this zone"}});
  v.field("level", level, {{"count only the members of schools of this level"}});
}

void CustomOutput::visit(schema::Visitor& v) {
  v.field("name", name,
          {{"the dataset /custom/<name>: a letter or '_', then letters, digits or '_' (at most "
            "64); unique among the outputs"},
           true});
  v.field("of", of,
          {{"the column aggregated: students.<column> or teachers.<column> (the table of "
            "columns is in docs/output-schema.md, Custom outputs)"},
           true});
  v.field("aggregate", aggregate,
          {{"mean; sd (population SD, divides by n); share_above / share_below (share of "
            "members strictly above / below `value`); quantile (the `value` quantile, linear "
            "interpolation between order statistics, Hyndman & Fan type 7); count (members)"},
           true});
  v.field(
      "value", value,
      {-kInf,
       kInf,
       {"the threshold of share_above and share_below (in the column's units) or the "
        "probability q of quantile, in [0, 1] (0: the minimum, 1: the maximum); not given for the "
        "other aggregates",
        "", "setting: the researcher's output"}});
  v.field("by", by,
          {{"the cells, one column each: district (one value a year), school (every school, "
            "in /schools/info order), zone (urban, town, rural), level (primary, middle), "
            "group (education groups 0..n-1 of /schools/info group; refused without groups)"}});
  v.field("where", where, {{"which schools' members count (default: every school)"}});
  v.field("description", description,
          {{"the dataset's description attribute; \"\": generated from the other keys"}});
}

bool valid_output_name(std::string_view name) {
  const auto word = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  if (name.empty() || name.size() > 64 || !word(name.front())) return false;
  return std::all_of(name.begin(), name.end(),
                     [&word](char c) { return word(c) || (c >= '0' && c <= '9'); });
}

std::string default_description(const CustomOutput& o) {
  const OutputColumnDef& c = output_column(o.of);
  const std::string_view people = population_name(c.population), column = short_name(c);
  std::string what;
  switch (o.aggregate) {
    case OutputAggregate::Mean:
      what = fmt::format("mean {} of {}", column, people);
      break;
    case OutputAggregate::Sd:
      what = fmt::format("SD of the {} of {}", column, people);
      break;
    case OutputAggregate::ShareAbove:
    case OutputAggregate::ShareBelow:
      what = fmt::format("share of {} with {} {} {} {}", people, column,
                         o.aggregate == OutputAggregate::ShareAbove ? "above" : "below", o.value,
                         c.unit);
      break;
    case OutputAggregate::Quantile:
      what = fmt::format("{} quantile of the {} of {}", o.value, column, people);
      break;
    case OutputAggregate::Count:
      what = fmt::format("number of {}", people);
      break;
  }
  what += fmt::format(", by {}", kOutputByNames[static_cast<std::size_t>(o.by)]);
  if (o.where.zone != ZoneFilter::Any || o.where.level != LevelFilter::Any) {
    std::string schools;
    if (o.where.zone != ZoneFilter::Any)
      schools += kZoneFilterNames[static_cast<std::size_t>(o.where.zone)];
    if (o.where.level != LevelFilter::Any)
      schools += fmt::format("{}{}", schools.empty() ? "" : " ",
                             kLevelFilterNames[static_cast<std::size_t>(o.where.level)]);
    what += fmt::format(" ({} schools only)", schools);
  }
  return what;
}

std::string output_units(const CustomOutput& o) {
  const OutputColumnDef& c = output_column(o.of);
  switch (o.aggregate) {
    case OutputAggregate::ShareAbove:
    case OutputAggregate::ShareBelow:
      return "1";
    case OutputAggregate::Count:
      return std::string(population_name(c.population));
    default:
      return std::string(c.unit);
  }
}

std::size_t output_cells(OutputBy by, std::size_t n_schools, std::size_t n_groups) {
  switch (by) {
    case OutputBy::District:
      return 1;
    case OutputBy::School:
      return n_schools;
    case OutputBy::Zone:
      return kZones;
    case OutputBy::Level:
      return kLevels;
    case OutputBy::Group:
      return n_groups;
  }
  return 1;
}

SeriesGroup custom_output_group(const CustomOutput& o, const World& w, std::size_t n_groups) {
  SeriesGroup g;
  g.path = "custom";
  const std::string description = o.description.empty() ? default_description(o) : o.description;
  g.series = {{o.name, output_units(o), description}};
  const std::string by(kOutputByNames[static_cast<std::size_t>(o.by)]);
  switch (o.by) {
    case OutputBy::District:
      break;
    case OutputBy::School:
      g.labels = w.schools.name;
      break;
    case OutputBy::Zone:
      g.labels.assign(kZoneNames.begin(), kZoneNames.end());
      break;
    case OutputBy::Level:
      g.labels.assign(kLevelNames.begin(), kLevelNames.end());
      break;
    case OutputBy::Group:
      for (std::size_t k = 0; k < n_groups; ++k) g.labels.push_back(std::to_string(k));
      break;
  }
  g.columns = o.by == OutputBy::District ? 0 : output_cells(o.by, w.schools.size(), n_groups);
  g.column_name = by;
  g.text_attributes = {
      {"aggregate", std::string(kOutputAggregateNames[static_cast<std::size_t>(o.aggregate)])},
      {"of", std::string(output_column(o.of).name)},
      {"by", by},
      {"where", o.where.text()}};
  if (needs_value(o.aggregate)) g.number_attributes = {{"value", o.value}};
  return g;
}

double aggregate_values(std::span<double> values, OutputAggregate aggregate, double value) {
  const std::size_t n = values.size();
  if (aggregate == OutputAggregate::Count) return static_cast<double>(n);
  if (n == 0) return kNaN;
  const double count = static_cast<double>(n);
  switch (aggregate) {
    case OutputAggregate::Mean:
    case OutputAggregate::Sd: {
      double sum = 0;
      for (const double x : values) sum += x;
      const double mean = sum / count;
      if (aggregate == OutputAggregate::Mean) return mean;
      double squares = 0;  // two passes: no cancellation of large means
      for (const double x : values) squares += (x - mean) * (x - mean);
      return std::sqrt(squares / count);
    }
    case OutputAggregate::ShareAbove:
    case OutputAggregate::ShareBelow: {
      std::size_t hits = 0;
      for (const double x : values)
        hits += aggregate == OutputAggregate::ShareAbove ? x > value : x < value;
      return static_cast<double>(hits) / count;
    }
    case OutputAggregate::Quantile: {
      if (std::any_of(values.begin(), values.end(), [](double x) { return std::isnan(x); }))
        return kNaN;
      sort_values(values);
      const double h = (count - 1) * value;  // type 7: x[floor h] + (h - floor h) * step
      const auto lo = static_cast<std::size_t>(std::floor(h));
      const std::size_t hi = std::min(lo + 1, n - 1);
      return values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
    }
    case OutputAggregate::Count:
      break;
  }
  return kNaN;
}

std::vector<double> measure_custom_output(const CustomOutput& o, const World& w,
                                          std::size_t n_groups) {
  const std::size_t n_schools = w.schools.size();
  const std::size_t cells = output_cells(o.by, n_schools, n_groups);
  const OutputColumnDef& column = output_column(o.of);
  // Cells laid out one after another; within a cell, schools by index, members in order.
  std::vector<std::int64_t> cell(n_schools);
  std::vector<Members> members(n_schools);
  std::vector<std::size_t> cell_begin(cells + 1, 0);
  std::vector<std::uint8_t> measured(cells, 0);
  for (std::size_t s = 0; s < n_schools; ++s) {
    cell[s] = cell_of(o, w, s, n_groups);
    members[s] = members_of(column.population, w, s);
    if (cell[s] < 0) continue;
    const auto c = static_cast<std::size_t>(cell[s]);
    cell_begin[c + 1] += members[s].count;
    measured[c] = 1;
  }
  for (std::size_t c = 0; c < cells; ++c) cell_begin[c + 1] += cell_begin[c];
  std::vector<std::size_t> school_begin(n_schools, 0), cursor(cell_begin.begin(), cell_begin.end());
  for (std::size_t s = 0; s < n_schools; ++s)
    if (cell[s] >= 0) {
      const auto c = static_cast<std::size_t>(cell[s]);
      school_begin[s] = cursor[c];
      cursor[c] += members[s].count;
    }
  std::vector<double> values(cell_begin[cells]);
  tbb::parallel_for(std::size_t{0}, n_schools, [&](std::size_t s) {
    if (cell[s] < 0) return;
    const Members m = members[s];
    double* out = values.data() + school_begin[s];
    for (std::size_t k = 0; k < m.count; ++k) {
      const std::size_t i = column.population == Population::Students
                                ? m.begin + k
                                : static_cast<std::size_t>(w.teachers_by_school[m.begin + k]);
      out[k] = column.value(w, i) + 0.0;  // + 0.0: -0.0 becomes +0.0 (see sort_values)
    }
  });
  std::vector<double> row(cells, kNaN);
  tbb::parallel_for(std::size_t{0}, cells, [&](std::size_t c) {
    if (!measured[c]) return;
    const std::span<double> span(values.data() + cell_begin[c], cell_begin[c + 1] - cell_begin[c]);
    row[c] = aggregate_values(span, o.aggregate, o.value);
  });
  return row;
}

std::string output_columns_markdown() {
  std::string out = "| column | unit | how to read it |\n|---|---|---|\n";
  for (const OutputColumnDef& c : kColumns)
    out += fmt::format("| `{}` | {} | {} |\n", c.name, markdown_cell(c.unit),
                       markdown_cell(c.description));
  return out;
}

}  // namespace edusim

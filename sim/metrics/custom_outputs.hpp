#pragma once
// Outputs defined by the researcher: the scenario's `outputs:` list. Each item aggregates
// one student or teacher column (mean, SD, share above or below a value, quantile, count)
// by district, school, zone, level or education group, once a year where the /district
// metrics are measured, and is written as /custom/<name> (docs/output-schema.md, "Custom
// outputs"). The columns an output can read are declared once, in the two lists below:
// the loader's allowed names, the values read, and the generated table of the docs.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"
#include "model/schema.hpp"
#include "model/series.hpp"
#include "world/world.hpp"

namespace edusim {

// X(column, unit, how to read it): the columns of World's Students and Teachers an output
// may aggregate; a student belongs to the school whose range holds it, a teacher to the
// school where the teacher teaches now (Teachers::school). Codes are read as numbers.
#define EDUSIM_STUDENT_OUTPUT_COLUMNS(X)                                               \
  X(achievement, "SD", "standardized achievement score")                               \
  X(teacher_value_added, "SD", "the part of achievement added by teachers (it fades)") \
  X(ses, "SD", "socio-economic status")                                                \
  X(residence, "code", "zone the student lives in: 0 urban, 1 town, 2 rural")

#define EDUSIM_TEACHER_OUTPUT_COLUMNS(X)                                                         \
  X(age, "years", "age")                                                                         \
  X(experience, "years", "years of teaching")                                                    \
  X(years_at_school, "years", "years at the current school")                                     \
  X(years_in_title, "years", "years since the last promotion")                                   \
  X(title, "grade",                                                                              \
    "professional title grade: 0 third (三级), 1 second (二级), 2 first (一级), 3 senior " \
    "(高级), 4 professor (正高级)")                                                              \
  X(post_title, "grade", "grade of the post held: the title, or title + 1 under 低职高聘")       \
  X(degree, "code",                                                                              \
    "highest degree: 0 secondary normal (中师), 1 associate (专科), 2 bachelor (本科), 3 " \
    "graduate (研究生)")                                                                         \
  X(backbone, "level", "backbone level (骨干): 0 none, 1 school, 2 district, 3 city or higher")  \
  X(subject, "code", "0 core subjects, 1 PE, music and fine arts")                               \
  X(contract, "code", "0 regular, 1 intern, 2 substitute")                                       \
  X(effectiveness, "SD", "value added per year, in student-achievement SD")                      \
  X(morale, "0..1", "morale")                                                                    \
  X(burnout, "0..1", "burnout")                                                                  \
  X(has_rotated, "0/1", "1 once the teacher has been on rotation")                               \
  X(rotation_years_left, "years", "years left of the current rotation term (0: not rotating)")   \
  X(settling_years_left, "years", "years of settling in left at a new school")                   \
  X(rural_service_years, "years", "years taught in rural or weak schools")                       \
  X(female, "0/1", "1: a woman")                                                                 \
  X(part_time_share, "1", "share of the load taught at another school (兼职交流)")               \
  X(guidance_share, "1", "share of the time spent guiding another school (学科指导)")

/// A column an output may read: students.<column> or teachers.<column>.
enum class OutputColumn : std::uint8_t {
#define EDUSIM_STUDENT_ENTRY(name, unit, description) students_##name,
#define EDUSIM_TEACHER_ENTRY(name, unit, description) teachers_##name,
  EDUSIM_STUDENT_OUTPUT_COLUMNS(EDUSIM_STUDENT_ENTRY)
      EDUSIM_TEACHER_OUTPUT_COLUMNS(EDUSIM_TEACHER_ENTRY)
#undef EDUSIM_TEACHER_ENTRY
#undef EDUSIM_STUDENT_ENTRY
};

enum class Population : std::uint8_t { Students = 0, Teachers };

/// One row of the column table.
struct OutputColumnDef {
  std::string_view name;  ///< "students.achievement", as written in `of:`
  Population population;
  std::string_view unit;
  std::string_view description;
  double (*value)(const World&, std::size_t);  ///< the member's value (an index into its table)
};

/// The column table, in OutputColumn order.
std::span<const OutputColumnDef> output_columns();
const OutputColumnDef& output_column(OutputColumn column);
std::span<const std::string_view> enum_names(const OutputColumn*);

/// What is computed over the members of a cell.
enum class OutputAggregate : std::uint8_t { Mean = 0, Sd, ShareAbove, ShareBelow, Quantile, Count };
inline constexpr std::string_view kOutputAggregateNames[] = {
    "mean", "sd", "share_above", "share_below", "quantile", "count"};
inline std::span<const std::string_view> enum_names(const OutputAggregate*) {
  return kOutputAggregateNames;
}
/// share_above, share_below and quantile read `value`; the others must not be given one.
constexpr bool needs_value(OutputAggregate a) {
  return a == OutputAggregate::ShareAbove || a == OutputAggregate::ShareBelow ||
         a == OutputAggregate::Quantile;
}

/// The cells of an output: its columns in the file.
enum class OutputBy : std::uint8_t { District = 0, School, Zone, Level, Group };
inline constexpr std::string_view kOutputByNames[] = {"district", "school", "zone", "level",
                                                      "group"};
inline std::span<const std::string_view> enum_names(const OutputBy*) {
  return kOutputByNames;
}

enum class ZoneFilter : std::uint8_t { Any = 0, Urban, Town, Rural };
inline constexpr std::string_view kZoneFilterNames[] = {"any", "urban", "town", "rural"};
inline std::span<const std::string_view> enum_names(const ZoneFilter*) {
  return kZoneFilterNames;
}
enum class LevelFilter : std::uint8_t { Any = 0, Primary, Middle };
inline constexpr std::string_view kLevelFilterNames[] = {"any", "primary", "middle"};
inline std::span<const std::string_view> enum_names(const LevelFilter*) {
  return kLevelFilterNames;
}

/// Which schools' members count (`where:`): every school by default.
struct OutputFilter {
  ZoneFilter zone = ZoneFilter::Any;
  LevelFilter level = LevelFilter::Any;

  bool admits(const Schools& schools, std::size_t s) const;
  /// "zone rural, level primary"; "" when every school counts.
  std::string text() const;
  void visit(schema::Visitor& v);
};

/// One item of the scenario's `outputs:` list.
struct CustomOutput {
  std::string name;  ///< the dataset /custom/<name>
  OutputColumn of = OutputColumn::students_achievement;
  OutputAggregate aggregate = OutputAggregate::Mean;
  double value = kNaN;  ///< threshold of share_*, q of quantile; not given otherwise
  OutputBy by = OutputBy::District;
  OutputFilter where;
  std::string description;  ///< "" = generated (default_description)

  void visit(schema::Visitor& v);
};

/// Whether `name` can name /custom/<name>: a letter or '_', then letters, digits and '_',
/// at most 64 characters.
bool valid_output_name(std::string_view name);

/// The description written when the scenario gives none, e.g. "share of students with
/// achievement below -1 SD, by zone (rural primary schools only)".
std::string default_description(const CustomOutput& output);

/// Units of the output's values: the column's for mean, sd and quantile; "1" for shares;
/// "students" or "teachers" for count.
std::string output_units(const CustomOutput& output);

/// The number of cells (columns of the dataset; 1 for by: district) in a district of
/// `n_schools` schools and `n_groups` education groups.
std::size_t output_cells(OutputBy by, std::size_t n_schools, std::size_t n_groups);

/// The /custom group of one output: path "custom", one series, its column labels (school
/// names, zone names, level names or group numbers) and its attributes.
SeriesGroup custom_output_group(const CustomOutput& output, const World& world,
                                std::size_t n_groups);

/// One year's values of an output, one per cell. A cell without a school that passes
/// `where` is NaN; a cell without members is NaN (count: 0). Each cell is reduced serially
/// in a fixed order (schools by index, members in array order), so the values do not
/// depend on the number of threads.
std::vector<double> measure_custom_output(const CustomOutput& output, const World& world,
                                          std::size_t n_groups);

/// The aggregate of `values` (reordered by quantile): mean; SD (population: divides by n);
/// share strictly above or below `value`; the quantile `value` by linear interpolation
/// between order statistics (Hyndman & Fan type 7, R's and NumPy's default); count. NaN
/// for no values (count: 0) and for a quantile of values holding NaN.
double aggregate_values(std::span<double> values, OutputAggregate aggregate, double value);

/// The markdown table of the columns (`edusim schema --outputs`, docs/output-schema.md).
std::string output_columns_markdown();

}  // namespace edusim

#include "app/run_setup.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "build/world_source.hpp"
#include "core/error.hpp"
#include "core/year_option.hpp"
#include "io/overrides.hpp"
#include "io/scenario_io.hpp"
#include "io/yaml_reader.hpp"

namespace edusim {

namespace {

/// The scenario file with --set KEY=VALUE applied before it is parsed, so that a set
/// value is checked like one written in the file.
Scenario load_with_overrides(const std::string& file, const std::vector<std::string>& sets) {
  if (sets.empty()) return load_scenario(file);
  const auto dir = std::filesystem::path(file).parent_path();
  return scenario_with_sets(schema::load_yaml_file(file), file, dir.empty() ? "." : dir.string(),
                            sets);
}

/// The calendar years of --snapshot-at: calendar years as given, +N the end of the Nth
/// simulated year; a deprecated spelling is warned about.
std::vector<std::int32_t> snapshot_years(const std::vector<std::string>& texts,
                                         const Scenario& scenario) {
  std::vector<std::int32_t> years;
  const int first = first_calendar_year(scenario);
  for (const auto& text : texts) {
    const YearOption year = parse_year_option(text, "--snapshot-at");
    if (year.deprecation) fmt::print(stderr, "edusim: warning: {}\n", *year.deprecation);
    if (year.simulated && year.value > scenario.run.years)
      throw InputError(fmt::format(
          "--snapshot-at {}: the run simulates {} years (+0 to +{}, the calendar years {} to {})",
          text, scenario.run.years, scenario.run.years, first, first + scenario.run.years));
    years.push_back(year.calendar_year(first));
  }
  return years;
}

}  // namespace

Scenario run_scenario(const RunCommandOptions& o) {
  Scenario scenario = load_with_overrides(o.scenario, o.set);
  if (o.seed) scenario.run.seed = *o.seed;
  if (o.years) scenario.run.years = *o.years;
  return scenario;
}

RunRequest run_request(const RunCommandOptions& o, const Scenario& scenario, int threads,
                       const std::string& command_line) {
  RunRequest request;
  request.output = o.output;
  request.overwrite = o.force;
  request.check = o.check;
  request.threads = threads;
  request.scenario_file = o.scenario;
  request.command_line = command_line;
  request.snapshot_at = snapshot_years(o.snapshot_at, scenario);
  return request;
}

std::string validate_scenario(const Scenario& s, const std::string& file) {
  if (s.district.from_data.given() || !s.district.from_snapshot.empty()) {
    const World w = build_world(s);  // checks every table, or the snapshot
    return fmt::format(
        "{}: valid scenario; {}: {} schools, {} teachers, {} students; {} years from {}", file,
        s.district.from_data.given() ? "tables" : "snapshot", w.schools.size(), w.teachers.size(),
        w.students.size(), s.run.years, s.run.start_year + w.year);
  }
  std::int64_t schools = 0;
  for (const auto& type : s.district.schools) schools += type.count;
  // School names in the structure, consolidation and drift sections refer to generated
  // schools: generate the district (as run does) to check them, unless it is very large.
  const double bytes = estimate_memory_bytes(s);
  constexpr double kGenerateUpTo = 4.0 * (1 << 30);
  if (bytes <= kGenerateUpTo) build_world(s);
  return fmt::format(
      "{}: valid scenario ({} school types, {} schools, {} years, about {:.0f} MiB){}", file,
      s.district.schools.size(), schools, s.run.years, bytes / (1 << 20),
      bytes <= kGenerateUpTo ? ""
                             : "; the district is too large to generate here, so school "
                               "names in structure, consolidation and drift were not checked");
}

}  // namespace edusim

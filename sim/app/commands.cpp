#include "app/commands.hpp"

#include <fmt/format.h>
#include <unistd.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "app/progress.hpp"
#include "app/run_setup.hpp"
#include "app/signals.hpp"
#include "build/district_tables.hpp"
#include "build/world_export.hpp"
#include "build/world_source.hpp"
#include "core/error.hpp"
#include "core/workers.hpp"
#include "engine/simulation.hpp"
#include "io/h5_inspect.hpp"
#include "io/scenario_io.hpp"
#include "io/schema_keys.hpp"
#include "io/switched_off.hpp"
#include "io/yaml_reader.hpp"

namespace edusim {

void check_output_path(const std::string& output, bool force) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(output, ec))
    throw InputError(fmt::format("{}: output path is a directory; give a file name", output));
  if (fs::exists(output, ec) && !force)
    throw InputError(fmt::format("{}: output file exists; use --force to overwrite", output));
  const fs::path parent =
      fs::path(output).parent_path().empty() ? fs::path(".") : fs::path(output).parent_path();
  if (fs::exists(parent, ec) && !fs::is_directory(parent, ec))
    throw InputError(
        fmt::format("{}: {} is not a directory (it is a file); give an output path in a directory",
                    output, parent.string()));
  if (!fs::is_directory(parent, ec))
    throw InputError(
        fmt::format("{}: output directory {} does not exist", output, parent.string()));
  if (access(parent.c_str(), W_OK) != 0)
    throw InputError(
        fmt::format("{}: output directory {} is not writable", output, parent.string()));
}

std::string joined_command_line(int argc, char** argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) {
    if (i > 0) line.push_back(' ');
    line.append(argv[i]);
  }
  return line;
}

namespace {

void print_summary(const YearMetrics& first, const YearMetrics& last, int first_year,
                   int last_year) {
  const auto row = [&](const char* label, DistrictMetric m, const char* format) {
    fmt::print("  {:<38} {:>10}  {:>10}\n", label, fmt::format(fmt::runtime(format), first[m]),
               fmt::format(fmt::runtime(format), last[m]));
  };
  fmt::print("  {:<38} {:>10}  {:>10}\n", "", first_year, last_year);
  row("students", DistrictMetric::students, "{:.0f}");
  row("teachers", DistrictMetric::teachers, "{:.0f}");
  row("achievement mean (SD)", DistrictMetric::achievement_mean, "{:.3f}");
  row("top-bottom school quartile gap (SD)", DistrictMetric::achievement_gap_top_bottom_quartile,
      "{:.3f}");
  row("urban-rural gap (SD)", DistrictMetric::achievement_gap_urban_rural, "{:.3f}");
  row("Gini of scale scores", DistrictMetric::achievement_gini, "{:.4f}");
  row("between-school share of variance", DistrictMetric::achievement_between_school_share,
      "{:.4f}");
  row("CV of school mean effectiveness", DistrictMetric::effectiveness_school_cv, "{:.4f}");
  row("hires in the year", DistrictMetric::hires, "{:.0f}");
  row("quits in the year", DistrictMetric::quits, "{:.0f}");
}

}  // namespace

namespace {

/// OUT.partial.h5 for OUT.h5: an interrupted run's years, never under the final name.
std::string partial_path(const std::string& output) {
  const std::filesystem::path p(output);
  return (p.parent_path() / (p.stem().string() + ".partial" + p.extension().string())).string();
}

/// "edusim: warning: ..." on stderr for each key set without effect (io/switched_off.hpp).
void print_warnings(const Scenario& scenario) {
  for (const auto& warning : no_effect_warnings(scenario))
    fmt::print(stderr, "edusim: warning: {}\n", warning);
}

}  // namespace

void keep_freed_memory() {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

int run_command(const RunCommandOptions& o, int argc, char** argv) {
  keep_freed_memory();
  Scenario scenario = run_scenario(o);
  print_warnings(scenario);
  check_memory(scenario, schema::SourceMap{o.scenario, {}});
  check_output_path(o.output, o.force);
  WorkerPool pool(o.threads);
  const int threads = pool.threads();
  install_signal_handlers();
  ProgressBar bar("simulating", "run", "years", !o.quiet);
  RunRequest request = run_request(o, scenario, threads, joined_command_line(argc, argv));
  if (o.keep_partial) request.partial_output = partial_path(o.output);
  const std::string consequence =
      o.keep_partial
          ? fmt::format("the years done are in {} (complete = 0)", request.partial_output)
          : "no output file was written";
  request.progress = [&bar, &consequence](int done, int total) {
    throw_if_interrupted(consequence.c_str());
    bar.update(done, total);
  };
  YearMetrics first;
  request.on_start = [&first, &consequence](const YearMetrics& m) {
    throw_if_interrupted(consequence.c_str());
    first = m;
  };
  request.worker_threads = [&pool] { return pool.threads_seen(); };
  const YearMetrics last = pool.run([&] { return run_to_file(scenario, request); });
  bar.finish();
  if (!o.quiet) {
    fmt::print("edusim: {} ({} years, seed {}, {} threads) -> {}\n", scenario.district.name,
               scenario.run.years, scenario.run.seed, threads, o.output);
    const int first_year = first_calendar_year(scenario);  // a restart: the snapshot's
    print_summary(first, last, first_year, first_year + scenario.run.years);
  }
  return 0;
}

int validate_command(const std::string& file) {
  const Scenario s = load_scenario(file);
  print_warnings(s);
  fmt::print("{}\n", validate_scenario(s, file));
  return 0;
}

int info_command(const std::string& file) {
  std::cout << describe_h5_file(file);
  return h5_file_complete(file) ? 0 : 1;
}

int export_world_command(const std::string& file, const std::string& dir, bool force) {
  const Scenario scenario = load_scenario(file);
  export_world(build_world(scenario), scenario, dir, force);
  fmt::print("{}: wrote schools.csv, teachers.csv, enrolment.csv and scenario.yaml\n", dir);
  return 0;
}

int schema_command(SchemaTopic topic) {
  switch (topic) {
    case SchemaTopic::Scenario:
      std::cout << scenario_reference_markdown();
      break;
    case SchemaTopic::KeysCsv:
      std::cout << schema::scenario_keys_csv();
      break;
    case SchemaTopic::Tables:
      std::cout << table_reference_markdown();
      break;
    case SchemaTopic::Outputs:
      std::cout << output_reference_markdown();
      break;
  }
  return 0;
}

}  // namespace edusim

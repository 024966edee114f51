// edusim: the command line. Subcommands run, validate, info, schema, export-world, export-csv,
// sweep, merge, calibrate, bench, national.
#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <initializer_list>
#include <iostream>
#include <string>

#include "app/calibrate_command.hpp"
#include "app/commands.hpp"
#include "app/export_command.hpp"
#include "app/national_command.hpp"
#include "app/sweep_command.hpp"
#include "app/version_text.hpp"
#include "core/error.hpp"

namespace {
/// Error messages quote user text (cells, keys) that may hold line breaks;
/// a message stays one line so scripts can read it.
std::string one_line(std::string message) {
  std::string out;
  for (char c : message)
    out += c == '\n' ? std::string("\\n") : c == '\r' ? std::string("\\r") : std::string(1, c);
  return out;
}

/// The footer of a subcommand's --help: commands to copy, run from the repository root.
std::string examples(std::initializer_list<const char*> lines) {
  std::string out = lines.size() == 1 ? "Example (from the repository root):\n"
                                      : "Examples (from the repository root):\n";
  for (const char* line : lines) out.append("  ").append(line).append("\n");
  return out;
}
}  // namespace

int main(int argc, char** argv) {
  using namespace edusim;
  CLI::App app{"edusim: agent-based simulator of district education equity"};
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1);

  RunCommandOptions run_opts;
  auto* run = app.add_subcommand("run", "simulate a scenario and write an HDF5 file");
  run->add_option("scenario", run_opts.scenario, "scenario YAML file")->required();
  run->add_option("-o,--output", run_opts.output, "output HDF5 file")->required();
  run->add_option("--threads", run_opts.threads,
                  "worker threads (default: all cores; more than the cores runs that many)")
      ->check(CLI::Range(1, 4096));
  run->add_option("--seed", run_opts.seed, "override run.seed")->check(CLI::NonNegativeNumber);
  run->add_option("--years", run_opts.years, "override run.years")->check(CLI::Range(1, 500));
  run->add_flag("--quiet", run_opts.quiet, "no progress bar and no summary");
  run->add_flag("--force", run_opts.force, "overwrite an existing output file");
  run->add_flag("--check", run_opts.check, "verify the world's invariants after every phase");
  run->add_flag("--keep-partial", run_opts.keep_partial,
                "if stopped by SIGINT/SIGTERM, keep the years done in OUT.partial.h5 (marked "
                "complete = 0) instead of removing them");
  run->add_option("--set", run_opts.set,
                  "set a scenario key, KEY=VALUE (repeatable), e.g. --set rotation.enabled=true");
  run->add_option("--snapshot-at", run_opts.snapshot_at,
                  "store the full World at the end of this year (repeatable): a calendar year "
                  "(2029) or +N, the end of the Nth simulated year (+5); restart from it with "
                  "district: {from_snapshot: OUT.h5}");
  run->footer(examples({
      "edusim run scenarios/baseline.yaml -o out/baseline.h5",
      "edusim run scenarios/baseline.yaml -o out/rotation.h5 --set rotation.enabled=true",
      "edusim run scenarios/workforce.yaml -o out/w.h5 --years 10 --seed 7 --snapshot-at +5",
  }));

  std::string validate_file;
  auto* validate = app.add_subcommand("validate", "check a scenario without running it");
  validate->add_option("scenario", validate_file, "scenario YAML file")->required();
  validate->footer(examples({"edusim validate scenarios/baseline.yaml"}));

  std::string info_file;
  auto* info = app.add_subcommand("info", "describe what an edusim HDF5 file holds");
  info->add_option("file", info_file, "HDF5 file")->required();
  info->footer(examples({"edusim info out/baseline.h5"}));

  bool schema_tables = false, schema_outputs = false, schema_csv = false;
  auto* schema = app.add_subcommand("schema", "print the scenario reference (markdown)");
  auto* tables_flag = schema->add_flag("--tables", schema_tables,
                                       "print the columns of the district tables instead");
  schema
      ->add_flag("--outputs", schema_outputs,
                 "print the district and school series of a run file instead")
      ->excludes(tables_flag);
  schema
      ->add_flag("--csv", schema_csv,
                 "print the scenario keys as CSV instead (key, type, default, min, max, unit, "
                 "basis, source, description), one record per key that holds a value")
      ->excludes(tables_flag)
      ->excludes("--outputs");
  schema->footer(examples({"edusim schema > scenario-keys.md", "edusim schema --outputs",
                           "edusim schema --csv > keys.csv"}));

  std::string export_scenario, export_dir;
  bool export_force = false;
  auto* export_world = app.add_subcommand(
      "export-world", "write a scenario's district as tables (schools, teachers, enrolment)");
  export_world->add_option("scenario", export_scenario, "scenario YAML file")->required();
  export_world->add_option("-o,--output", export_dir, "output directory")->required();
  export_world->add_flag("--force", export_force, "overwrite existing tables");
  export_world->footer(
      examples({"edusim export-world scenarios/baseline.yaml -o out/baseline-tables"}));

  std::string export_csv_input, export_csv_dir;
  bool export_csv_force = false;
  auto* export_csv = app.add_subcommand(
      "export-csv",
      "write a run or sweep file as tidy CSV tables with a README.txt, e.g. edusim export-csv "
      "out/baseline.h5 -o out/baseline-csv");
  export_csv->add_option("file", export_csv_input, "run or sweep HDF5 file")->required();
  export_csv->add_option("-o,--output", export_csv_dir, "output directory (must not exist)")
      ->required();
  export_csv->add_flag("--force", export_csv_force, "replace an existing output directory");
  export_csv->footer(examples({"edusim export-csv out/baseline.h5 -o out/baseline-csv"}));

  SweepOptions sweep_opts;
  auto* sweep = app.add_subcommand(
      "sweep", "run a sweep (replicates, grid, Latin hypercube, Sobol) into one HDF5 file");
  sweep->add_option("sweep", sweep_opts.sweep, "sweep YAML file")->required();
  sweep->add_option("-o,--output", sweep_opts.output, "output HDF5 file (or shard)")->required();
  sweep
      ->add_option("--threads", sweep_opts.threads,
                   "worker threads (default: all cores; more than the cores runs that many)")
      ->check(CLI::Range(1, 4096));
  sweep->add_flag("--quiet", sweep_opts.quiet, "no progress bar and no summary");
  sweep->add_flag("--force", sweep_opts.force,
                  "overwrite an existing output and discard an earlier sweep's saved runs");
  sweep->add_flag("--resume", sweep_opts.resume,
                  "continue an interrupted sweep: run only the runs not saved yet");
  sweep->add_option("--shard", sweep_opts.shard,
                    "run only share I of N (I/N, 0 <= I < N), or auto from the array-job "
                    "variables (Slurm, SGE); combine the shards with edusim merge");
  sweep
      ->add_option("--run", sweep_opts.run,
                   "re-run this one run by itself and write it as a run file")
      ->check(CLI::NonNegativeNumber);
  sweep
      ->add_option("--chunk", sweep_opts.chunk,
                   "finished runs saved per part file (default: about 64 parts)")
      ->check(CLI::Range(1, 1000000));
  sweep->add_option("--set", sweep_opts.set,
                    "set a key of the base scenario, KEY=VALUE (repeatable), before the axes are "
                    "applied; not a key that is an axis");
  sweep->add_option("--seed", sweep_opts.seed, "replace the sweep file's seed (the master seed)")
      ->check(CLI::NonNegativeNumber);
  sweep->add_option("--years", sweep_opts.years, "replace the base scenario's run.years")
      ->check(CLI::Range(1, 500));
  sweep->get_option("--force")->excludes(sweep->get_option("--resume"));
  sweep->footer(examples({
      "edusim sweep scenarios/sweeps/rotation_grid.yaml -o out/rotation_grid.h5",
      "edusim sweep scenarios/sweeps/replicates.yaml -o out/reps.h5 --years 5 --set "
      "rotation.enabled=true",
      "edusim sweep scenarios/sweeps/rotation_grid.yaml -o out/grid-0.h5 --shard 0/4",
  }));
  MergeOptions merge_opts;
  auto* merge = app.add_subcommand("merge", "combine the shards of a sweep into one file");
  merge->add_option("shards", merge_opts.inputs, "shard files")->required();
  merge->add_option("-o,--output", merge_opts.output, "merged HDF5 file")->required();
  merge->add_flag("--force", merge_opts.force, "overwrite an existing output file");
  merge->add_flag("--allow-partial", merge_opts.allow_partial,
                  "write the merge even if runs of the sweep are missing");
  merge->footer(
      examples({"edusim merge out/grid-0.h5 out/grid-1.h5 out/grid-2.h5 out/grid-3.h5 "
                "-o out/rotation_grid.h5"}));

  CalibrateOptions calibrate_opts;
  auto* calibrate = app.add_subcommand(
      "calibrate",
      "calibrate scenario keys against published figures (ABC-SMC) into one HDF5 file");
  calibrate->add_option("calibration", calibrate_opts.calibration, "calibration YAML file")
      ->required();
  calibrate->add_option("-o,--output", calibrate_opts.output, "output HDF5 file (the posterior)")
      ->required();
  calibrate
      ->add_option("--threads", calibrate_opts.threads,
                   "worker threads (default: all cores; more than the cores runs that many)")
      ->check(CLI::Range(1, 4096));
  calibrate->add_flag("--quiet", calibrate_opts.quiet, "no progress bar and no summary");
  calibrate->add_flag("--force", calibrate_opts.force,
                      "overwrite an existing output and discard an earlier calibration's parts");
  calibrate->add_flag("--resume", calibrate_opts.resume,
                      "continue an interrupted calibration from its saved generations and "
                      "proposals");
  calibrate
      ->add_option("--chunk", calibrate_opts.chunk,
                   "evaluated proposals saved per part file (default: a quarter of a batch)")
      ->check(CLI::Range(1, 1000000));
  calibrate->get_option("--force")->excludes(calibrate->get_option("--resume"));
  calibrate->footer(examples({
      "edusim calibrate scenarios/calibration/example.yaml -o out/posterior.h5",
      "edusim calibrate scenarios/calibration/example.yaml -o out/posterior.h5 --resume",
  }));

  BenchOptions bench_opts;
  auto* bench = app.add_subcommand("bench", "measure throughput on a synthetic district");
  bench->add_option("--students", bench_opts.students, "district size in students")
      ->check(CLI::Range(1000, 2000000000));
  bench
      ->add_option("--years", bench_opts.years,
                   "simulated years (default by size: 40 at 1e4 students, 20, 10, 5, 3 at 1e8)")
      ->check(CLI::Range(1, 100));
  bench
      ->add_option("--threads", bench_opts.threads,
                   "worker threads (default: all cores; more than the cores runs that many)")
      ->check(CLI::Range(1, 4096));
  bench->add_option("--seed", bench_opts.seed, "random seed");
  bench->add_flag("--policies", bench_opts.policies,
                  "switch on every workforce policy: rotation, low-title high-hire, mentoring, "
                  "weak/rural-first hiring with interns and substitutes");
  bench->add_option("--set", bench_opts.set,
                    "set a scenario key of the benchmark district, KEY=VALUE (repeatable)");
  bench
      ->add_option("--sizes", bench_opts.sizes,
                   "a table: student counts, comma-separated (1e4,1e5,1e6); each row runs in a "
                   "child process so that its peak RSS is its own")
      ->delimiter(',');
  bench
      ->add_option("--threads-list", bench_opts.threads_list,
                   "a table: thread counts, comma-separated (1,2), one row per size and count")
      ->delimiter(',')
      ->check(CLI::Range(1, 4096));
  bench->add_option("--format", bench_opts.format, "text (one size), table (markdown), csv, json")
      ->check(CLI::IsMember({"text", "table", "csv", "json"}));
  bench->add_option("-o,--output", bench_opts.output, "write the table/csv/json to this file");
  bench
      ->add_option("--triad-mib", bench_opts.triad_mib,
                   "MiB per array of the memory-bandwidth triad (3 arrays); 0: no triad")
      ->check(CLI::Range(0, 65536));
  bench->add_option("--triad-repetitions", bench_opts.triad_repetitions, "triad passes (best kept)")
      ->check(CLI::Range(1, 1000));
  bench->add_option("--write-scenario", bench_opts.write_scenario,
                    "write the benchmark scenario (with --set applied) as YAML to this file and "
                    "stop; `edusim export-world` turns it into tables");
  bench->footer(examples({
      "edusim bench --students 100000 --years 5",
      "edusim bench --sizes 1e4,1e5 --threads-list 1,2 --format table --triad-mib 0",
  }));

  NationalOptions national_opts;
  auto* national = app.add_subcommand(
      "national", "simulate every county of a national file as its own district (HDF5 output)");
  national->add_option("national", national_opts.file, "national YAML file")->required();
  national->add_option("-o,--output", national_opts.output, "output HDF5 file")->required();
  national
      ->add_option("--threads", national_opts.threads,
                   "worker threads (default: all cores; more than the cores runs that many)")
      ->check(CLI::Range(1, 4096));
  national->add_option("--years", national_opts.years, "override national.years")
      ->check(CLI::Range(1, 500));
  national
      ->add_option("--counties", national_opts.counties,
                   "simulate only this many counties, spread evenly over the plan (a quick "
                   "subset)")
      ->check(CLI::Range(1, 100000000));
  national->add_flag("--quiet", national_opts.quiet, "no progress line and no summary");
  national->add_flag("--force", national_opts.force, "overwrite an existing output file");
  national->footer(
      examples({"edusim national scenarios/national.yaml -o out/national.h5 --counties 20 "
                "--years 3"}));

  if (argc < 2) {  // no subcommand: print the usage and fail as for a bad argument
    app.name(argc > 0 ? argv[0] : "edusim");  // what parse() would name the program
    std::cerr << app.help();
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    if (*run) return run_command(run_opts, argc, argv);
    if (*validate) return validate_command(validate_file);
    if (*info) return info_command(info_file);
    if (*schema)
      return schema_command(schema_csv       ? SchemaTopic::KeysCsv
                            : schema_tables  ? SchemaTopic::Tables
                            : schema_outputs ? SchemaTopic::Outputs
                                             : SchemaTopic::Scenario);
    if (*export_world) return export_world_command(export_scenario, export_dir, export_force);
    if (*export_csv) return export_csv_command(export_csv_input, export_csv_dir, export_csv_force);
    if (*bench) return bench_command(bench_opts);
    if (*sweep) return sweep_command(sweep_opts, argc, argv);
    if (*merge) return merge_command(merge_opts, argc, argv);
    if (*calibrate) return calibrate_command(calibrate_opts, argc, argv);
    if (*national) return national_command(national_opts, argc, argv);
  } catch (const InputError& e) {
    std::cerr << "edusim: error: " << one_line(e.what()) << "\n";
    return 2;
  } catch (const Interrupted& e) {
    std::cerr << "edusim: " << e.what() << "\n";
    return 130;
  } catch (const std::exception& e) {
    std::cerr << "edusim: internal error: " << e.what() << "\n";
    return 3;
  }
  return 0;
}

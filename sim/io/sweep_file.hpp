#pragma once
// The sweep file (docs/output-schema.md, "Sweep files"): one row per run, for a whole
// sweep, a shard of it, or a part (a chunk of runs written while the sweep runs). All three
// have one layout, so merging is reading rows and writing them sorted by run index.
//
//   /                   attributes: schema_version, file_kind = "sweep", engine_version,
//                       git_revision, git_clean, created_utc, command_line, sweep_file, sweep,
//                       base_scenario, sweep_digest, master_seed, design, points,
//                       replicates, runs, runs_in_file, axes, [sobol_samples],
//                       [morris_trajectories, morris_levels], complete
//   /params/<column>    [run] run_index, point, replicate, seed, [sobol_block,
//                       sobol_sample], [morris_trajectory, morris_step, morris_axis,
//                       morris_direction], one per axis (float64, or strings for choices)
//   /district/year      [year] int32
//   /district/<metric>  [run, year] float64
//   /schools/info, /schools/<metric> [run, year, school]   (per_school sweeps only)
//
// A file is written under a temporary name, closed, flushed to disk and renamed: a file
// under its final name is always complete.
#include <cstdint>
#include <string>
#include <vector>

#include "io/run_writer.hpp"

namespace edusim {

struct SweepAxisColumn {
  std::string name;         ///< the dotted scenario key
  std::string kind;         ///< "numeric" | "bool" | "choice"
  std::string description;  ///< the key's description
};

struct SweepHeader {
  std::string sweep_file, sweep_text, base_yaml, digest, design, command_line;
  /// The sweep command's --set/--seed/--years ("--set K=V --years 5"; "" when none): root
  /// attribute `sweep_overrides`, written only when given. `base_yaml` and `master_seed`
  /// already hold their effect; this says which values came from the command line.
  std::string overrides;
  /// The build that computed the runs (a merge of shards of several revisions lists them
  /// all, separated by ", ").
  BuildInfo build = this_build();
  std::uint64_t master_seed = 0;
  std::int64_t points = 0, replicates = 1, runs = 0;
  std::int64_t sobol_samples = -1;                            ///< -1: not a sobol design
  std::int64_t morris_trajectories = -1, morris_levels = -1;  ///< -1: not a morris design
  /// 1: replicate r of every point has the same seeds (common random numbers).
  std::int32_t common_random_numbers = 0;
  /// Distinct threads that executed the sweep's runs (root attribute `worker_threads`),
  /// known to the process that ran them all; 0 (not written) for parts, shards and merges.
  std::int32_t worker_threads = 0;
  std::vector<SweepAxisColumn> axes;
  std::vector<std::int32_t> years;  ///< calendar years of the rows of each run
  std::vector<SeriesDef> district_series;
  std::vector<SeriesDef> school_series;  ///< empty unless per-school output
  std::vector<SchoolInfoRow> schools;    ///< per-school output only
};

/// One run's row.
struct SweepRun {
  std::int64_t run_index = 0, point = 0, replicate = 0, seed = 0;
  std::int64_t sobol_block = -1, sobol_sample = -1;
  std::int64_t morris_trajectory = -1, morris_step = -1, morris_axis = -1, morris_direction = 0;
  std::vector<double> axis_number;     ///< per axis (NaN for choice axes)
  std::vector<std::string> axis_text;  ///< per axis: the value as written
  std::vector<double> district;        ///< [year][metric]
  std::vector<double> schools;         ///< [year][metric][school] (per-school output)
};

/// Writes `runs` (sorted by run_index, no duplicates) to `path` atomically. Throws
/// InputError if `path` exists and !overwrite.
void write_sweep_file(const std::string& path, const SweepHeader& header,
                      const std::vector<SweepRun>& runs, bool overwrite);

struct SweepFileData {
  SweepHeader header;
  std::vector<SweepRun> runs;
};

/// Reads a complete sweep file; throws InputError naming the file if it is not one.
SweepFileData read_sweep_file(const std::string& path);

/// The sweep digest and run indices of a complete sweep file (cheap: for resuming);
/// throws InputError naming the file if it is not a complete sweep file.
std::pair<std::string, std::vector<std::int64_t>> read_sweep_runs(const std::string& path);

}  // namespace edusim

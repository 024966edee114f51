#pragma once
// Running the runs of a sweep: the scenario of run r (the base with the axes of its design
// point, and the run's own seed), its simulation in memory, and the parts files that
// completed runs are saved to as they finish, so that a killed sweep loses at most the
// runs in progress.
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "io/sweep_file.hpp"
#include "scenario/scenario.hpp"
#include "sweep/design.hpp"
#include "sweep/sweep_spec.hpp"

namespace edusim {

struct SweepPlan {
  SweepSpec spec;
  Design design;
  SweepHeader header;  ///< everything of the output file but the rows
  /// The base scenario's `outputs:`, which a sweep file does not hold (only --run writes them).
  std::size_t base_outputs = 0;
};

/// Reads the sweep file (with the command line's `overrides`), expands its design and
/// prepares the output header.
SweepPlan plan_sweep(const std::string& file, const std::string& command_line,
                     const SweepOverrides& overrides = {});

/// The scenario of run `run_index`: base + the axis values of its point, run.seed from
/// run_seed(master seed, run_index), run.run_index 0.
Scenario scenario_for_run(const SweepPlan& plan, std::int64_t run_index);

/// Simulates run `run_index` in memory (`threads`-independent results).
SweepRun simulate_run(const SweepPlan& plan, std::int64_t run_index);

/// The runs [first, last) of shard `shard` of `shards` (contiguous, sizes differ by <= 1).
std::pair<std::int64_t, std::int64_t> shard_range(std::int64_t runs, std::int64_t shard,
                                                  std::int64_t shards);

/// Collects finished runs and writes them to `dir`/<prefix><n>.h5 in chunks: when
/// `chunk_runs` are waiting or `max_wait` has passed since the last write, and at flush().
/// Thread-safe.
class PartWriter {
 public:
  PartWriter(const SweepHeader& header, std::string dir, std::string prefix, std::size_t chunk_runs,
             std::chrono::seconds max_wait);
  void add(SweepRun run);
  void flush();
  std::int64_t saved() const;

 private:
  void write_locked();
  const SweepHeader& header_;
  std::string dir_, prefix_;
  std::size_t chunk_runs_;
  std::chrono::seconds max_wait_;
  mutable std::mutex mutex_;
  std::vector<SweepRun> waiting_;
  std::chrono::steady_clock::time_point last_write_;
  int parts_ = 0;
  std::int64_t saved_ = 0;
};

/// The run indices already saved in the parts directory `dir` (empty if it does not
/// exist); removes leftover temporary files. Throws InputError if a part belongs to
/// another sweep (another digest).
std::set<std::int64_t> saved_runs(const std::string& dir, const std::string& digest);

/// Reads every part of `dir` (and the given extra sweep files), checks that they belong
/// to one sweep, and writes their runs sorted by run index to `output`. With `expected`
/// set, the runs must be exactly [first, last). The output names the build of its inputs
/// (every distinct git revision); inputs of different engine versions are refused
/// (InputError). `worker_threads` > 0 is recorded (the sweep that ran every run). Returns
/// the number of runs written.
std::int64_t merge_sweep_files(const std::vector<std::string>& inputs, const std::string& output,
                               bool overwrite,
                               std::optional<std::pair<std::int64_t, std::int64_t>> expected,
                               const std::string& command_line, std::int32_t worker_threads = 0);

/// The part files of a parts directory, sorted by name.
std::vector<std::string> part_files(const std::string& dir);

}  // namespace edusim

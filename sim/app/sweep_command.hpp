#pragma once
// `edusim sweep` and `edusim merge`: replicates and parameter sweeps on one machine
// (oneTBB), over MPI ranks, or as the shards of a scheduler's array job. See docs/sweeps.md.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/workers.hpp"
#include "sweep/sweep_runner.hpp"

namespace edusim {

struct SweepOptions {
  std::string sweep;
  std::string output;
  int threads = 0;  ///< 0: all cores
  bool quiet = false;
  bool force = false;
  bool resume = false;
  std::string shard;                 ///< "I/N", "auto" or "" (all runs)
  std::optional<std::int64_t> run;   ///< write this one run as a run file instead
  std::int64_t chunk = 0;            ///< runs per part file; 0: automatic
  std::vector<std::string> set;      ///< KEY=VALUE of the base scenario, before the axes
  std::optional<std::int64_t> seed;  ///< replaces the sweep file's (master) seed
  std::optional<int> years;          ///< replaces the base scenario's run.years
};

/// The --set/--seed/--years of `options`, as the sweep planner takes them.
SweepOverrides sweep_overrides(const SweepOptions& options);

struct MergeOptions {
  std::vector<std::string> inputs;
  std::string output;
  bool force = false;
  bool allow_partial = false;
};

int sweep_command(const SweepOptions& options, int argc, char** argv);
int merge_command(const MergeOptions& options, int argc, char** argv);

/// What a sweep on this machine did.
struct LocalSweep {
  bool already_complete = false;  ///< --resume of a finished sweep: nothing was run
  std::int64_t runs = 0;          ///< runs in the output
  std::int64_t simulated = 0;     ///< runs simulated by this call
  double seconds = 0;             ///< wall time of the runs and the merge
};

/// `edusim sweep` on this machine, without MPI (also the Python module's sweep): the runs
/// of the shard of `options` (after --resume, those not saved yet) on the threads of `pool`,
/// saved as they finish in OUTPUT.parts and merged into OUTPUT. Throws InputError, and
/// Interrupted after SIGINT/SIGTERM once install_signal_handlers() has been called.
LocalSweep sweep_locally(const SweepOptions& options, const std::string& command_line,
                         WorkerPool& pool);

// --- shared by the local and the MPI drivers ------------------------------------------

/// What one invocation has to do: its runs, and those still missing.
struct SweepSession {
  SweepPlan plan;
  std::string parts_dir;                        ///< OUTPUT.parts
  std::pair<std::int64_t, std::int64_t> range;  ///< the runs of this invocation (shard)
  std::vector<std::int64_t> pending;            ///< runs of the range not yet saved
  bool already_complete = false;                ///< --resume of a finished sweep: nothing to do
};

/// The shard "I/N" or "auto" (from the array-job variables) as (I, N); (0, 1) for "".
std::pair<std::int64_t, std::int64_t> parse_shard(const std::string& shard);

/// Checks the output, handles an earlier sweep's parts (refused, removed with --force,
/// continued with --resume) and lists the pending runs.
void prepare_session(SweepSession& session, const SweepOptions& o);

/// Runs `next()` until it returns nullopt (or a signal arrives) on `workers` threads,
/// saving finished runs through `parts`; shows progress unless quiet.
void run_pending(const SweepSession& session,
                 const std::function<std::optional<std::int64_t>()>& next, PartWriter& parts,
                 int workers, bool quiet);

/// Removes a parts directory (sweep or calibration) and everything in it; InputError if it
/// cannot.
void remove_parts(const std::string& dir);

/// Merges the parts into the output and removes the parts directory.
std::int64_t finish_session(const SweepSession& session, const SweepOptions& o,
                            const std::string& command_line, std::int32_t worker_threads = 0);

/// Runs per part file: `requested`, or about 64 parts for the whole sweep (1 to 256 runs).
std::size_t chunk_runs(std::int64_t requested, std::int64_t pending, int workers);

/// True when this process was started by mpirun/srun (an MPI launcher's variables are set).
bool launched_by_mpi();

/// The MPI driver (sim/app/mpi_sweep.cpp): dynamic distribution of runs over the ranks,
/// one parts file series per rank, rank 0 merges. Throws InputError if edusim was built
/// without MPI.
int mpi_sweep_command(const SweepOptions& options, const std::string& command_line);

}  // namespace edusim

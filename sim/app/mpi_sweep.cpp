// The MPI driver of `edusim sweep` (built when CMake finds MPI; EDUSIM_HAVE_MPI).
//
// Rank 0 checks the output and lists the pending runs (a --resume skips the saved ones)
// and broadcasts them. The runs are handed out dynamically through a counter on rank 0
// that every rank increments with MPI_Fetch_and_op (one-sided, so rank 0 needs no
// dispatcher loop): a rank that finishes a run takes the next one. Each rank saves its
// finished runs in its own part files in OUTPUT.parts/; after a barrier rank 0 merges
// them into OUTPUT. Results do not depend on which rank ran which run.
#include <fmt/format.h>

#include "app/mpi_session.hpp"
#include "app/sweep_command.hpp"
#include "core/error.hpp"

#ifdef EDUSIM_HAVE_MPI
#include <tbb/global_control.h>

#include <chrono>
#include <iostream>
#include <mutex>

#include "app/commands.hpp"
#include "app/signals.hpp"
#include "core/workers.hpp"
#endif

namespace edusim {

#ifndef EDUSIM_HAVE_MPI

int mpi_sweep_command(const SweepOptions&, const std::string&) {
  refuse_mpi_launch_without_mpi("sweep");
}

#else

namespace {

void share_runs(std::vector<std::int64_t>& runs) {
  long n = static_cast<long>(runs.size());
  MPI_Bcast(&n, 1, MPI_LONG, 0, MPI_COMM_WORLD);
  runs.resize(static_cast<std::size_t>(n));
  if (n > 0) MPI_Bcast(runs.data(), static_cast<int>(n), MPI_INT64_T, 0, MPI_COMM_WORLD);
}

/// The shared counter of runs handed out, in a window on rank 0.
class RunCounter {
 public:
  explicit RunCounter(const MpiSession& mpi) {
    MPI_Win_allocate(mpi.rank() == 0 ? sizeof(std::int64_t) : 0, sizeof(std::int64_t),
                     MPI_INFO_NULL, MPI_COMM_WORLD, &base_, &win_);
    if (mpi.rank() == 0) {
      MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win_);
      *static_cast<std::int64_t*>(base_) = 0;
      MPI_Win_unlock(0, win_);
    }
    MPI_Barrier(MPI_COMM_WORLD);
  }
  ~RunCounter() { MPI_Win_free(&win_); }
  /// The next position in the pending list (calls are serialised: MPI_THREAD_SERIALIZED).
  std::int64_t take() {
    const std::lock_guard lock(mutex_);
    const std::int64_t one = 1;
    std::int64_t got = 0;
    MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win_);
    MPI_Fetch_and_op(&one, &got, MPI_INT64_T, 0, 0, MPI_SUM, win_);
    MPI_Win_unlock(0, win_);
    return got;
  }

 private:
  void* base_ = nullptr;
  MPI_Win win_{};
  std::mutex mutex_;
};

}  // namespace

int mpi_sweep_command(const SweepOptions& o, const std::string& command_line) {
  MpiSession mpi;
  WorkerPool pool(mpi.serialized() ? o.threads : 1);
  const int threads = pool.threads();
  install_signal_handlers();
  std::string error;
  SweepSession s{};
  try {
    s.plan = plan_sweep(o.sweep, command_line, sweep_overrides(o));
    if (mpi.rank() == 0) prepare_session(s, o);
  } catch (const InputError& e) {
    error = e.what();
  }
  const bool complete = error.empty() && mpi.rank() == 0 && s.already_complete;
  if (const auto code = agree_on_start(mpi, error, complete, o.quiet, o.output)) return *code;
  s.parts_dir = o.output + ".parts";
  const auto [shard, shards] = parse_shard(o.shard);
  s.range = shard_range(s.plan.design.runs(), shard, shards);
  share_runs(s.pending);
  const auto start = std::chrono::steady_clock::now();
  RunCounter counter(mpi);
  const auto next = [&]() -> std::optional<std::int64_t> {
    const std::int64_t i = counter.take();
    return i < static_cast<std::int64_t>(s.pending.size())
               ? std::optional(s.pending[static_cast<std::size_t>(i)])
               : std::nullopt;
  };
  const auto token = std::chrono::system_clock::now().time_since_epoch().count();
  PartWriter parts(
      s.plan.header, s.parts_dir, fmt::format("r{}-{}-", mpi.rank(), token),
      chunk_runs(o.chunk, static_cast<std::int64_t>(s.pending.size()), threads * mpi.size()),
      std::chrono::seconds(60));
  std::string failure;
  try {
    pool.run([&] { run_pending(s, next, parts, threads, o.quiet || mpi.rank() != 0); });
  } catch (const std::exception& e) {
    failure = e.what();
  }
  // Every rank reports whether it finished; rank 0 merges only a complete set.
  if (!all_ranks_succeeded(mpi, failure)) {
    if (mpi.rank() == 0)
      std::cerr << fmt::format(
          "edusim: the sweep stopped; finished runs are saved in {}; "
          "continue with --resume\n",
          s.parts_dir);
    return received_signal() ? 130 : 3;
  }
  if (mpi.rank() != 0) return 0;
  const std::int64_t n = finish_session(s, o, command_line);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!o.quiet)
    fmt::print(
        "edusim: {} runs ({} simulated now) on {} ranks x {} threads in {:.1f} s, {:.2f} "
        "runs/s -> {}\n",
        n, s.pending.size(), mpi.size(), threads, seconds,
        static_cast<double>(s.pending.size()) / seconds, o.output);
  return 0;
}

#endif

}  // namespace edusim

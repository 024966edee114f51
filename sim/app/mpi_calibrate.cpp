// The MPI driver of `edusim calibrate` (built when CMake finds MPI; EDUSIM_HAVE_MPI).
//
// Every rank reads the calibration file and runs the same algorithm. Rank 0 checks the output
// and the parts directory (and, under --resume, removes the leftovers of a kill) before the
// others read the saved work. Each batch's missing proposals are dealt round-robin over the
// ranks (position m of the batch to rank m mod size), evaluated on each rank's threads, and
// gathered by every rank (MPI_Allgatherv), so that every rank holds the whole batch and takes
// the same decisions. A proposal is a pure function of (seed, generation, index), so the
// posterior is the one a single process computes, bit for bit. Rank 0 alone saves parts and
// writes the posterior. A stop (SIGINT/SIGTERM) on any rank stops every rank after the batch.
#include <fmt/format.h>

#include "app/calibrate_command.hpp"
#include "app/mpi_session.hpp"
#include "core/error.hpp"

#ifdef EDUSIM_HAVE_MPI

#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>

#include "app/progress.hpp"
#include "app/signals.hpp"
#include "core/workers.hpp"
#endif

namespace edusim {

#ifndef EDUSIM_HAVE_MPI

int mpi_calibrate_command(const CalibrateOptions&, const std::string&) {
  refuse_mpi_launch_without_mpi("calibrate");
}

#else

namespace {

/// Every rank's proposals of one batch, in rank order: indices and, per proposal, its
/// parameters, statistics and distance.
struct Packed {
  std::vector<std::int64_t> indices;
  std::vector<double> values;
};

Packed pack(const std::vector<EvaluatedProposal>& proposals) {
  Packed p;
  for (const EvaluatedProposal& e : proposals) {
    p.indices.push_back(e.index);
    p.values.insert(p.values.end(), e.theta.begin(), e.theta.end());
    p.values.insert(p.values.end(), e.statistics.begin(), e.statistics.end());
    p.values.push_back(e.distance);
  }
  return p;
}

/// MPI_Allgatherv of every rank's `mine`.
template <class T>
std::vector<T> all_gather(const std::vector<T>& mine, MPI_Datatype type, int ranks) {
  const int n = static_cast<int>(mine.size());
  std::vector<int> counts(static_cast<std::size_t>(ranks)), offsets(counts.size());
  MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
  int total = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    offsets[r] = total;
    total += counts[r];
  }
  std::vector<T> all(static_cast<std::size_t>(total));
  MPI_Allgatherv(mine.data(), n, type, all.data(), counts.data(), offsets.data(), type,
                 MPI_COMM_WORLD);
  return all;
}

/// The batch's proposals evaluated on every rank and gathered by all; rank 0 also saves the
/// other ranks' proposals in its store (its own were saved as they were evaluated).
BatchEvaluator spread_over_ranks(const MpiSession& mpi, const CalibrationSpec& spec,
                                 CalibrationStore& store) {
  return [&mpi, &spec, &store](std::int64_t generation, std::span<const std::int64_t> indices,
                               const EvaluateProposal& one) {
    std::vector<std::int64_t> mine;
    for (std::size_t m = static_cast<std::size_t>(mpi.rank()); m < indices.size();
         m += static_cast<std::size_t>(mpi.size()))
      mine.push_back(indices[m]);
    // A rank's failure must reach the others before they wait in the gather, or they hang.
    BatchResult local;
    std::string failure;
    try {
      local = evaluate_locally(mine, one, [] { return received_signal() != 0; });
    } catch (const std::exception& e) {
      failure = e.what();
    }
    int state = !failure.empty() ? 2 : local.stopped ? 1 : 0, worst = 0;
    MPI_Allreduce(&state, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (!failure.empty()) throw std::runtime_error(failure);
    if (worst == 2) throw std::runtime_error("another rank failed (its message is above)");
    const Packed packed = pack(local.proposals);
    const std::vector<std::int64_t> indices_all =
        all_gather(packed.indices, MPI_INT64_T, mpi.size());
    const std::vector<double> values_all = all_gather(packed.values, MPI_DOUBLE, mpi.size());
    const std::size_t k = spec.parameters.size(), t = spec.targets.size();
    BatchResult result;
    result.stopped = worst == 1;
    std::size_t v = 0;
    for (const std::int64_t index : indices_all) {
      EvaluatedProposal e;
      e.index = index;
      e.theta.assign(values_all.begin() + static_cast<std::ptrdiff_t>(v),
                     values_all.begin() + static_cast<std::ptrdiff_t>(v + k));
      e.statistics.assign(values_all.begin() + static_cast<std::ptrdiff_t>(v + k),
                          values_all.begin() + static_cast<std::ptrdiff_t>(v + k + t));
      e.distance = values_all[v + k + t];
      v += k + t + 1;
      const bool own = std::find(mine.begin(), mine.end(), index) != mine.end();
      if (mpi.rank() == 0 && !own) store.add_proposal(generation, e);
      result.proposals.push_back(std::move(e));
    }
    return result;
  };
}

}  // namespace

int mpi_calibrate_command(const CalibrateOptions& o, const std::string& command_line) {
  MpiSession mpi;
  WorkerPool pool(o.threads);
  install_signal_handlers();
  std::string error;
  std::optional<CalibrationSession> c;
  try {
    c.emplace(plan_calibration(o.calibration, command_line));
    if (mpi.rank() == 0) prepare_calibration(*c, o);
  } catch (const InputError& e) {
    error = e.what();
  }
  const bool complete = error.empty() && mpi.rank() == 0 && c->already_complete;
  if (const auto code = agree_on_start(mpi, error, complete, o.quiet, o.output)) return *code;
  if (mpi.rank() != 0) {
    // After rank 0 has cleaned the parts directory: read-only from here on.
    c->parts_dir = o.output + ".parts";
    if (o.resume) c->saved = load_saved_calibration(c->plan, c->parts_dir);
  }
  MPI_Barrier(MPI_COMM_WORLD);  // nobody reads the parts while rank 0 starts writing them
  NoStore no_store;
  std::unique_ptr<PartsStore> parts;
  if (mpi.rank() == 0) parts = parts_store(*c, o, pool.threads() * mpi.size());
  CalibrationStore& store = parts ? static_cast<CalibrationStore&>(*parts) : no_store;
  ProgressBar bar("calibrate", "calibrate", "particles", !o.quiet && mpi.rank() == 0);
  const ProposalModel model = [&c](std::span<const double> theta, std::int64_t generation,
                                   std::int64_t index) {
    return simulate_proposal(c->plan, theta, generation, index);
  };
  const auto progress = [&](std::int64_t generation, std::int64_t accepted, std::int64_t wanted) {
    bar.update(generation * wanted + accepted, c->plan.spec.generations * wanted);
  };
  CalibrationResult result;
  std::string failure;
  try {
    result = pool.run([&] {
      return run_calibration(
          c->plan, model, std::move(c->saved), store, [] { return received_signal() != 0; },
          progress, spread_over_ranks(mpi, c->plan.spec, store));
    });
  } catch (const std::exception& e) {
    failure = e.what();
  }
  store.flush();
  bar.finish();
  if (!all_ranks_succeeded(mpi, failure)) return 3;
  if (result.interrupted) {  // every rank agreed to stop after a batch
    if (mpi.rank() == 0)
      std::cerr << fmt::format(
          "edusim: interrupted; the finished generations and evaluated proposals are saved in "
          "{}; continue with --resume\n",
          c->parts_dir);
    return 130;
  }
  if (mpi.rank() != 0) return 0;
  finish_calibration(*c, result, o, pool.threads_seen(),
                     fmt::format("{} ranks x {} threads", mpi.size(), pool.threads()));
  return 0;
}

#endif

}  // namespace edusim

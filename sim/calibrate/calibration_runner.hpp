#pragma once
// Running an ABC-SMC calibration: the scenario of a proposal (the base with the proposal's
// parameter values and a run seed keyed by (seed, generation, proposal, replicate)), its
// runs in memory reduced to the target statistics, the generations, and the parts
// directory that finished generations and evaluated proposals are saved to, so that a
// killed calibration resumes to the identical posterior.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "calibrate/abc_smc.hpp"
#include "calibrate/calibration_spec.hpp"
#include "io/calibration_file.hpp"
#include "scenario/scenario.hpp"

namespace edusim {

struct CalibrationPlan {
  CalibrationSpec spec;
  CalibrationHeader header;  ///< everything of the output file but the generations
};

/// Reads the calibration file and prepares the output header (digest included).
CalibrationPlan plan_calibration(const std::string& file, const std::string& command_line);

/// The scenario of replicate `replicate` of the proposal `theta` of (generation, index).
Scenario scenario_for_proposal(const CalibrationPlan& plan, std::span<const double> theta,
                               std::int64_t generation, std::int64_t index, std::int64_t replicate);

/// The targets' statistics of one run's /district rows ([row][metric]).
std::vector<double> target_statistics(std::span<const Target> targets,
                                      std::span<const double> district, std::size_t metrics);

/// Simulates every replicate of a proposal in memory; the targets' statistics averaged
/// over the replicates (in replicate order).
std::vector<double> simulate_proposal(const CalibrationPlan& plan, std::span<const double> theta,
                                      std::int64_t generation, std::int64_t index);

/// One evaluated proposal.
struct EvaluatedProposal {
  std::int64_t index = 0;
  std::vector<double> theta, statistics;
  double distance = 0;
};

/// The statistics of a proposal (simulate_proposal, or a stand-in model in the tests).
using ProposalModel = std::function<std::vector<double>(
    std::span<const double> theta, std::int64_t generation, std::int64_t index)>;

/// Where a calibration keeps what it has done: finished generations and the evaluated
/// proposals of the generation in progress. Thread-safe.
class CalibrationStore {
 public:
  virtual ~CalibrationStore() = default;
  virtual void add_proposal(std::int64_t generation, const EvaluatedProposal& proposal) = 0;
  /// Saves the proposals waiting to be saved.
  virtual void flush() = 0;
  virtual void finish_generation(const CalibrationGeneration& generation) = 0;
};

/// Saves nothing (tests of the algorithm alone).
class NoStore final : public CalibrationStore {
 public:
  void add_proposal(std::int64_t, const EvaluatedProposal&) override {}
  void flush() override {}
  void finish_generation(const CalibrationGeneration&) override {}
};

/// The parts directory OUTPUT.parts: generation-<g>.h5 for each finished generation and
/// proposals-g<g>-<token>-<n>.h5 chunks of evaluated proposals (every `chunk` proposals or
/// `max_wait`, and at flush()).
class PartsStore final : public CalibrationStore {
 public:
  PartsStore(const CalibrationPlan& plan, std::string dir, std::string token, std::size_t chunk,
             std::chrono::seconds max_wait);
  void add_proposal(std::int64_t generation, const EvaluatedProposal& proposal) override;
  void flush() override;
  void finish_generation(const CalibrationGeneration& generation) override;

 private:
  void write_locked();
  const CalibrationPlan& plan_;
  std::string dir_, token_;
  std::size_t chunk_;
  std::chrono::seconds max_wait_;
  std::mutex mutex_;
  std::int64_t generation_ = -1;
  ProposalChunk waiting_;
  std::chrono::steady_clock::time_point last_write_;
  int written_ = 0;
};

/// What a parts directory holds: the finished generations 0..G-1 and the evaluated
/// proposals of generation G. Removes leftover temporary files; throws InputError if a
/// part belongs to another calibration (another digest) or generations are missing.
struct SavedCalibration {
  std::vector<CalibrationGeneration> generations;
  std::map<std::int64_t, EvaluatedProposal> proposals;  ///< of generation generations.size()
};
SavedCalibration load_saved_calibration(const CalibrationPlan& plan, const std::string& dir);

/// Evaluates one proposal of the generation in progress (propose, simulate, distance) and
/// hands it to the store; nullopt when a stop was requested before it started.
using EvaluateProposal = std::function<std::optional<EvaluatedProposal>(std::int64_t index)>;

/// The proposals of one batch: every one of `indices` (in any order), unless `stopped`.
struct BatchResult {
  std::vector<EvaluatedProposal> proposals;
  bool stopped = false;
};

/// Evaluates a batch of `generation`: `evaluate_locally` on this process's worker threads, or
/// spread over MPI ranks by the command line's MPI driver. Either way each proposal is a pure
/// function of its index, so the batch's results do not depend on who computed them.
using BatchEvaluator = std::function<BatchResult(
    std::int64_t generation, std::span<const std::int64_t> indices, const EvaluateProposal& one)>;

/// The batch on the worker threads of this process (oneTBB, in the caller's arena).
BatchResult evaluate_locally(std::span<const std::int64_t> indices, const EvaluateProposal& one,
                             const std::function<bool()>& stop_requested);

struct CalibrationResult {
  std::vector<CalibrationGeneration> generations;
  std::string stop_reason;
  bool interrupted = false;  ///< stop_requested() said so: the parts hold what was done
};

/// Runs (or continues from `saved`) the calibration: generation by generation, batches of
/// spec.batch proposals evaluated in parallel (by `evaluate`; by default `evaluate_locally`),
/// accepted in proposal-index order, so that the result does not depend on the threads, the
/// ranks or on resuming. `stop_requested` is polled between proposals;
/// `progress(generation, accepted, wanted)` after each batch.
CalibrationResult run_calibration(
    const CalibrationPlan& plan, const ProposalModel& model, SavedCalibration saved,
    CalibrationStore& store, const std::function<bool()>& stop_requested,
    const std::function<void(std::int64_t, std::int64_t, std::int64_t)>& progress,
    const BatchEvaluator& evaluate = {});

}  // namespace edusim

#pragma once
// `edusim calibrate CALIBRATION.yaml -o POSTERIOR.h5`: ABC-SMC calibration of scenario keys
// against published figures, on threads or MPI ranks, resumable. See docs/calibration.md.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "calibrate/calibration_runner.hpp"

namespace edusim {

struct CalibrateOptions {
  std::string calibration;
  std::string output;
  int threads = 0;  ///< 0: all cores
  bool quiet = false;
  bool force = false;
  bool resume = false;
  std::int64_t chunk = 0;  ///< evaluated proposals per part file; 0: automatic
};

int calibrate_command(const CalibrateOptions& options, int argc, char** argv);

// The steps both drivers (one process, and MPI ranks in sim/app/mpi_calibrate.cpp) share.

struct CalibrationSession {
  explicit CalibrationSession(CalibrationPlan p) : plan(std::move(p)) {}
  CalibrationPlan plan;
  std::string parts_dir;          ///< OUTPUT.parts
  bool parts_existed = false;     ///< a --resume continues saved work
  bool already_complete = false;  ///< --resume of a complete output: nothing to do
  SavedCalibration saved;         ///< what a --resume continues from
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
};

/// Checks the output and the parts directory as the options ask (a complete output under
/// --resume sets already_complete), reads the saved work of a --resume and creates the parts
/// directory. Throws InputError on a refusal.
void prepare_calibration(CalibrationSession& session, const CalibrateOptions& options);

/// The parts directory's store of finished generations and evaluated proposals.
std::unique_ptr<PartsStore> parts_store(const CalibrationSession& session,
                                        const CalibrateOptions& options, int threads);

/// Writes the posterior, removes the parts and prints the summary (`workers`: threads, or
/// "ranks x threads").
void finish_calibration(CalibrationSession& session, const CalibrationResult& result,
                        const CalibrateOptions& options, int worker_threads,
                        const std::string& workers);

/// The MPI driver (sim/app/mpi_calibrate.cpp): every rank runs the algorithm, each batch's
/// proposals are spread over the ranks and their results gathered by all, and rank 0 saves
/// and writes. The posterior is the same bit for bit as one process's. Without MPI: an
/// InputError.
int mpi_calibrate_command(const CalibrateOptions& options, const std::string& command_line);

}  // namespace edusim

#pragma once
// The calibration file (docs/output-schema.md, "Calibration files"): the populations of an
// ABC-SMC calibration, generation by generation, with their diagnostics, the parameters'
// priors and the targets. The same layout holds a finished generation while the
// calibration runs (one file per generation in OUTPUT.parts/); proposal chunks hold the
// evaluated proposals of the generation in progress, so that --resume repeats none.
//
//   /                          attributes: schema_version, file_kind = "calibration",
//                              engine_version, git_revision, git_clean, created_utc,
//                              command_line, calibration_file, calibration, base_scenario,
//                              calibration_digest, seed, particles, replicates, batch,
//                              distance, kernel, tolerance_quantile, generations,
//                              stop_reason, [worker_threads], complete
//   /parameters/{name, prior, prior_kind, min, max, mean, sd}     [parameter]
//   /targets/{name, statistic, observed, sd, weight}              [target]
//   /generations/<g>/{particles [particle, parameter], weights, distances,
//                     statistics [particle, target]}
//   /diagnostics/{generation, tolerance, acceptance_rate, effective_sample_size, proposals,
//                 runs, wall_seconds}                              [generation]
#include <cstdint>
#include <string>
#include <vector>

#include "io/run_writer.hpp"

namespace edusim {

struct CalibrationHeader {
  std::string calibration_file, calibration_text, base_yaml, digest, command_line;
  BuildInfo build = this_build();
  std::uint64_t seed = 0;
  std::int64_t particles = 0, replicates = 1, batch = 0;
  std::string distance, kernel, stop_reason;
  double tolerance_quantile = 0.5;
  std::int32_t worker_threads = 0;  ///< 0: not written (parts, resumed calibrations)
  // parameters
  std::vector<std::string> parameter_names, priors, prior_kinds;
  std::vector<double> prior_min, prior_max, prior_mean, prior_sd;
  // targets
  std::vector<std::string> target_names, target_statistics;
  std::vector<double> observed, target_sd, target_weight;
};

struct CalibrationGeneration {
  std::int64_t generation = 0;
  double tolerance = 0;            ///< +infinity in generation 0 (the prior)
  std::vector<double> particles;   ///< [particle][parameter]
  std::vector<double> weights;     ///< [particle], sum 1
  std::vector<double> distances;   ///< [particle]
  std::vector<double> statistics;  ///< [particle][target]
  std::int64_t proposals = 0;      ///< proposals evaluated
  std::int64_t runs = 0;           ///< simulations run (proposals x replicates)
  double acceptance_rate = 0;      ///< particles / proposals up to the last one accepted
  double effective_sample_size = 0;
  double wall_seconds = 0;
};

/// Writes a calibration file (a whole calibration, or one generation as a part) atomically.
/// Throws InputError if `path` exists and !overwrite.
void write_calibration_file(const std::string& path, const CalibrationHeader& header,
                            const std::vector<CalibrationGeneration>& generations, bool overwrite);

struct CalibrationFileData {
  CalibrationHeader header;
  std::vector<CalibrationGeneration> generations;
};

/// Reads a complete calibration file; InputError naming the file if it is not one.
CalibrationFileData read_calibration_file(const std::string& path);

/// Evaluated proposals of one generation (a chunk saved while the generation runs).
struct ProposalChunk {
  std::int64_t generation = 0;
  std::vector<std::int64_t> index;  ///< proposal indices
  std::vector<double> theta;        ///< [proposal][parameter]
  std::vector<double> statistics;   ///< [proposal][target]
  std::vector<double> distance;     ///< [proposal]
};

/// Writes a chunk (file_kind "calibration_proposals", with the calibration's digest)
/// atomically.
void write_proposal_chunk(const std::string& path, const std::string& digest,
                          std::size_t parameters, std::size_t targets, const ProposalChunk& chunk);

/// Reads a chunk and its digest; InputError naming the file if it is not one.
std::pair<std::string, ProposalChunk> read_proposal_chunk(const std::string& path,
                                                          std::size_t parameters,
                                                          std::size_t targets);

}  // namespace edusim

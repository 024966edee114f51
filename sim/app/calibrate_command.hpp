#pragma once
// `edusim calibrate CALIBRATION.yaml -o POSTERIOR.h5`: ABC-SMC calibration of scenario keys
// against published figures, on threads, resumable. See docs/calibration.md.
#include <cstdint>
#include <string>

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

}  // namespace edusim

#pragma once
// `edusim national FILE.yaml -o OUT.h5`: every county of a national file as an independent
// district, simulated in parallel, aggregated to provinces and the nation.
#include <cstdint>
#include <optional>
#include <string>

namespace edusim {

struct NationalOptions {
  std::string file;
  std::string output;
  int threads = 0;  ///< 0: all cores
  bool force = false;
  bool quiet = false;
  std::optional<int> years;   ///< replaces national.years
  std::int64_t counties = 0;  ///< simulate only this many counties (spread); 0: all
};

int national_command(const NationalOptions& options, int argc, char** argv);

}  // namespace edusim

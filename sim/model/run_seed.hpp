#pragma once
// Seeds of the runs of a sweep or of a national run, and the sweep-level random
// words they and the sampled designs (sweep/design.hpp) are drawn from.
#include <Random123/philox.h>

#include <cstdint>

namespace edusim {

/// Sweep-level random words: (seed, purpose, a, b) -> four 32-bit words.
r123::Philox4x32::ctr_type sweep_words(std::uint64_t seed, std::uint32_t purpose, std::uint32_t a,
                                       std::uint32_t b);

/// The seed of run `run_index`: a Philox hash of (master seed, run index), in [0, 2^63).
std::uint64_t run_seed(std::uint64_t master_seed, std::int64_t run_index);

}  // namespace edusim

#include "core/rng.hpp"

#include <array>
#include <stdexcept>

namespace edusim {

// Philox is pure integer arithmetic, so a vectorized clone returns exactly the
// words of the scalar code; the CPU picks the widest clone it supports at
// load time. (Bit-identical on every x86-64 CPU; other targets use the plain loop.)
// x86-64-v4 (AVX-512 F/BW/DQ/VL) rather than bare avx512f: with VL and DQ gcc
// vectorizes Philox's widening multiplies twice as fast (2.4 against 4.4 ns a
// counter, measured on the machine of docs/performance.md).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
#define EDUSIM_PHILOX_CLONES \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define EDUSIM_PHILOX_CLONES
#endif

EDUSIM_PHILOX_CLONES
void RandomStream::shuffle_keys(const std::uint32_t* agents, const std::uint32_t* values,
                                std::size_t n, std::uint64_t* keys) const {
  for (std::size_t i = 0; i < n; ++i)
    keys[i] = std::uint64_t{words(agents[i])[0]} << 32 | values[i];
}

EDUSIM_PHILOX_CLONES
void RandomStream::all_words(const std::uint32_t* agents, std::size_t n, std::uint32_t* word0,
                             std::uint32_t* word1, std::uint32_t* word2,
                             std::uint32_t* word3) const {
  for (std::size_t i = 0; i < n; ++i) {
    const auto w = words(agents[i]);
    word0[i] = w[0], word1[i] = w[1], word2[i] = w[2], word3[i] = w[3];
  }
}

EDUSIM_PHILOX_CLONES
void RandomStream::normals(const std::uint32_t* agents, std::size_t n, double* z) const {
  if (n > kNormalsBlock) throw std::logic_error("RandomStream::normals: block too large");
  std::array<std::uint32_t, kNormalsBlock> word0, word1;
  for (std::size_t i = 0; i < n; ++i) {
    const auto w = words(agents[i]);
    word0[i] = w[0];
    word1[i] = w[1];
  }
  // The rectangle test of every draw, without branches (one table look-up
  // each), so that the loop vectorizes; about 2.8% of draws fall outside.
  const ziggurat::Tables& t = ziggurat::tables();
  std::array<std::uint8_t, kNormalsBlock> inside;
  for (std::size_t i = 0; i < n; ++i) {
    const auto hz = static_cast<std::int32_t>(word0[i]);
    const std::uint32_t iz = word1[i] & 127u;
    const std::uint32_t magnitude = hz < 0 ? 0u - word0[i] : word0[i];
    z[i] = hz * t.w[iz];
    inside[i] = magnitude < t.k[iz];
  }
  for (std::size_t i = 0; i < n; ++i)
    if (!inside[i]) z[i] = normal(agents[i]);
}

}  // namespace edusim

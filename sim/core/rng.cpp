#include "core/rng.hpp"

namespace edusim {

// Philox is pure integer arithmetic, so a vectorized clone returns exactly the
// words of the scalar code; the CPU picks the widest clone it supports at
// load time. (Bit-identical on every x86-64 CPU; other targets use the plain loop.)
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void RandomStream::first_words(const std::uint32_t* agents, std::size_t n, std::uint32_t* word0,
                               std::uint32_t* word1) const {
  for (std::size_t i = 0; i < n; ++i) {
    const auto w = words(agents[i]);
    word0[i] = w[0];
    word1[i] = w[1];
  }
}

}  // namespace edusim

#include "core/rng.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "core/cpu_features.hpp"

namespace edusim {

// Philox is pure integer arithmetic, so a vectorized clone returns exactly the
// words of the scalar code; the CPU picks the widest clone it supports at
// load time. (Bit-identical on every x86-64 CPU; other targets use the plain loop.)
// x86-64-v4 (AVX-512 F/BW/DQ/VL) rather than bare avx512f: with VL and DQ gcc
// vectorizes Philox's widening multiplies twice as fast (2.4 against 4.4 ns a
// counter, measured on the machine of docs/performance.md).
#define EDUSIM_PHILOX_CLONES EDUSIM_LOOP_CLONES

#if EDUSIM_X86_V4_KERNELS
namespace {

// Philox4x32-10 for 16 counters at once, by hand: GCC vectorizes the scalar code
// with 64-bit multiplies of zero-extended words; vpmuludq multiplies the even
// 32-bit lanes, and a shift brings in the odd ones. Integer arithmetic, so every
// word equals the scalar Philox's (Random123's philox.h; tested in test_rng).
struct Counters16 {
  __m512i c[4];
};

/// lo and hi words of m * x in every 32-bit lane.
EDUSIM_TARGET_X86_V4 inline __m512i mul_hi_lo(__m512i x, __m512i m, __m512i& hi) {
  const __m512i even = v4::mul_even(x, m);
  const __m512i odd = v4::mul_even(v4::shift_right64(x, 32), m);
  hi = _mm512_mask_blend_epi32(0xAAAA, v4::shift_right64(even, 32), odd);
  return _mm512_mask_blend_epi32(0xAAAA, even, v4::shift_left64(odd, 32));
}

EDUSIM_TARGET_X86_V4 inline Counters16 philox16(Counters16 x, std::uint32_t k0, std::uint32_t k1) {
  const __m512i m0 = _mm512_set1_epi64(0xD2511F53), m1 = _mm512_set1_epi64(0xCD9E8D57);
  for (int round = 0; round < 10; ++round) {
    if (round > 0) k0 += 0x9E3779B9u, k1 += 0xBB67AE85u;  // the key bump
    __m512i hi0, hi1;
    const __m512i lo0 = mul_hi_lo(x.c[0], m0, hi0), lo1 = mul_hi_lo(x.c[2], m1, hi1);
    // 0x96: a ^ b ^ c
    x = {{_mm512_ternarylogic_epi32(hi1, x.c[1], _mm512_set1_epi32(static_cast<int>(k0)), 0x96),
          lo1,
          _mm512_ternarylogic_epi32(hi0, x.c[3], _mm512_set1_epi32(static_cast<int>(k1)), 0x96),
          lo0}};
  }
  return x;
}

/// The words of counters (agents[i], c1, c2, c3) under key (k0, k1) for the n agents
/// (the last group of 16 masked); `words` are null where not wanted.
EDUSIM_TARGET_X86_V4 void philox_words_v4(std::uint32_t k0, std::uint32_t k1, std::uint32_t c1,
                                          std::uint32_t c2, std::uint32_t c3,
                                          const std::uint32_t* agents, std::size_t n,
                                          std::array<std::uint32_t*, 4> words) {
  for (std::size_t i = 0; i < n; i += 16) {
    const auto lanes = static_cast<__mmask16>(n - i >= 16 ? 0xFFFFu : (1u << (n - i)) - 1);
    const Counters16 out = philox16(
        {{_mm512_maskz_loadu_epi32(lanes, agents + i), _mm512_set1_epi32(static_cast<int>(c1)),
          _mm512_set1_epi32(static_cast<int>(c2)), _mm512_set1_epi32(static_cast<int>(c3))}},
        k0, k1);
    for (std::size_t w = 0; w < 4; ++w)
      if (words[w] != nullptr) _mm512_mask_storeu_epi32(words[w] + i, lanes, out.c[w]);
  }
}

/// The ziggurat's rectangle test (ziggurat::try_rectangle) for n draws (the last group
/// of 8 masked): z, and inside[i] = 1 for every draw inside, else 0.
EDUSIM_TARGET_X86_V4 void rectangles_v4(const ziggurat::Tables& t, const std::uint32_t* word0,
                                        const std::uint32_t* word1, std::size_t n, double* z,
                                        std::uint8_t* inside) {
  for (std::size_t i = 0; i < n; i += 8) {
    const auto lanes = static_cast<__mmask8>(n - i >= 8 ? 0xFFu : (1u << (n - i)) - 1);
    const __m256i hz = _mm256_maskz_loadu_epi32(lanes, word0 + i);
    const __m256i iz =
        _mm256_and_si256(_mm256_maskz_loadu_epi32(lanes, word1 + i), _mm256_set1_epi32(127));
    _mm512_mask_storeu_pd(z + i, lanes,
                          _mm512_mul_pd(v4::to_double(hz), v4::gather(t.w.data(), iz)));
    // |hz| as unsigned: INT32_MIN stays 2^31, as 0u - word does.
    const __m256i k = _mm256_mmask_i32gather_epi32(_mm256_setzero_si256(), 0xFF, iz, t.k.data(), 4);
    const __mmask8 in = _mm256_cmplt_epu32_mask(_mm256_abs_epi32(hz), k);
    _mm_mask_storeu_epi8(inside + i, lanes, _mm_maskz_set1_epi8(in, 1));
  }
}

}  // namespace
#endif

EDUSIM_PHILOX_CLONES
void RandomStream::shuffle_keys(const std::uint32_t* agents, const std::uint32_t* values,
                                std::size_t n, std::uint64_t* keys) const {
#if EDUSIM_X86_V4_KERNELS
  if (cpu_has_x86_v4()) {
    std::array<std::uint32_t, 256> word0;
    for (std::size_t i = 0; i < n; i += word0.size()) {
      const std::size_t m = std::min(word0.size(), n - i);
      philox_words_v4(key_[0], key_[1], year_, stream_ << 16, run_, agents + i, m,
                      {word0.data(), nullptr, nullptr, nullptr});
      for (std::size_t k = 0; k < m; ++k)
        keys[i + k] = std::uint64_t{word0[k]} << 32 | values[i + k];
    }
    return;
  }
#endif
  for (std::size_t i = 0; i < n; ++i)
    keys[i] = std::uint64_t{words(agents[i])[0]} << 32 | values[i];
}

EDUSIM_PHILOX_CLONES
void RandomStream::first_words(const std::uint32_t* agents, std::size_t n,
                               std::uint32_t* word0) const {
#if EDUSIM_X86_V4_KERNELS
  if (cpu_has_x86_v4())
    return philox_words_v4(key_[0], key_[1], year_, stream_ << 16, run_, agents, n,
                           {word0, nullptr, nullptr, nullptr});
#endif
  for (std::size_t i = 0; i < n; ++i) word0[i] = words(agents[i])[0];
}

EDUSIM_PHILOX_CLONES
void RandomStream::all_words(const std::uint32_t* agents, std::size_t n, std::uint32_t* word0,
                             std::uint32_t* word1, std::uint32_t* word2,
                             std::uint32_t* word3) const {
#if EDUSIM_X86_V4_KERNELS
  if (cpu_has_x86_v4())
    return philox_words_v4(key_[0], key_[1], year_, stream_ << 16, run_, agents, n,
                           {word0, word1, word2, word3});
#endif
  for (std::size_t i = 0; i < n; ++i) {
    const auto w = words(agents[i]);
    word0[i] = w[0], word1[i] = w[1], word2[i] = w[2], word3[i] = w[3];
  }
}

EDUSIM_PHILOX_CLONES
void RandomStream::normals(const std::uint32_t* agents, std::size_t n, double* z) const {
  if (n > kNormalsBlock) throw std::logic_error("RandomStream::normals: block too large");
  // All four words of each draw: the rare draws outside the rectangles go on with
  // words 2 and 3 of the same block, which need not be computed again.
  std::array<std::array<std::uint32_t, kNormalsBlock>, 4> word;
  const ziggurat::Tables& t = ziggurat::tables();
  std::array<std::uint8_t, kNormalsBlock> inside;
#if EDUSIM_X86_V4_KERNELS
  if (cpu_has_x86_v4()) {
    philox_words_v4(key_[0], key_[1], year_, stream_ << 16, run_, agents, n,
                    {word[0].data(), word[1].data(), word[2].data(), word[3].data()});
    rectangles_v4(t, word[0].data(), word[1].data(), n, z, inside.data());
  } else
#endif
  {
    for (std::size_t i = 0; i < n; ++i) {
      const auto w = words(agents[i]);
      word[0][i] = w[0], word[1][i] = w[1], word[2][i] = w[2], word[3][i] = w[3];
    }
    // The rectangle test of every draw, without branches (one table look-up
    // each); about 2.8% of draws fall outside.
    for (std::size_t i = 0; i < n; ++i) {
      const auto hz = static_cast<std::int32_t>(word[0][i]);
      const std::uint32_t iz = word[1][i] & 127u;
      const std::uint32_t magnitude = hz < 0 ? 0u - word[0][i] : word[0][i];
      z[i] = hz * t.w[iz];
      inside[i] = magnitude < t.k[iz];
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (inside[i]) continue;
    // normal(agents[i]), from the block already drawn.
    WordSequence next{*this, agents[i], 0, {{word[0][i], word[1][i], word[2][i], word[3][i]}}, 0};
    z[i] = ziggurat::normal(next);
  }
}

}  // namespace edusim

#include "core/rng.hpp"

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
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
#define EDUSIM_PHILOX_CLONES \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define EDUSIM_PHILOX_CLONES
#endif

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

/// The words of counters (agents[i], c1, c2, c3) under key (k0, k1) for the first
/// multiple of 16 of n agents (returned); `words` are null where not wanted.
EDUSIM_TARGET_X86_V4 std::size_t philox_words_v4(std::uint32_t k0, std::uint32_t k1,
                                                 std::uint32_t c1, std::uint32_t c2,
                                                 std::uint32_t c3, const std::uint32_t* agents,
                                                 std::size_t n,
                                                 std::array<std::uint32_t*, 4> words) {
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    const Counters16 out = philox16(
        {{_mm512_loadu_si512(agents + i), _mm512_set1_epi32(static_cast<int>(c1)),
          _mm512_set1_epi32(static_cast<int>(c2)), _mm512_set1_epi32(static_cast<int>(c3))}},
        k0, k1);
    for (std::size_t w = 0; w < 4; ++w)
      if (words[w] != nullptr) _mm512_storeu_si512(words[w] + i, out.c[w]);
  }
  return i;
}

/// The ziggurat's rectangle test (ziggurat::try_rectangle) for the first multiple of 8
/// of n draws (returned): z, and inside[i] = 1 for every draw inside, else 0.
EDUSIM_TARGET_X86_V4 std::size_t rectangles_v4(const ziggurat::Tables& t,
                                               const std::uint32_t* word0,
                                               const std::uint32_t* word1, std::size_t n, double* z,
                                               std::uint8_t* inside) {
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256i hz = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(word0 + i));
    const __m256i iz = _mm256_and_si256(
        _mm256_loadu_si256(reinterpret_cast<const __m256i*>(word1 + i)), _mm256_set1_epi32(127));
    _mm512_storeu_pd(z + i, _mm512_mul_pd(v4::to_double(hz), v4::gather(t.w.data(), iz)));
    // |hz| as unsigned: INT32_MIN stays 2^31, as 0u - word does.
    const __m256i k = _mm256_mmask_i32gather_epi32(_mm256_setzero_si256(), 0xFF, iz, t.k.data(), 4);
    const __mmask8 in = _mm256_cmplt_epu32_mask(_mm256_abs_epi32(hz), k);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(inside + i), _mm_maskz_set1_epi8(in, 1));
  }
  return i;
}

}  // namespace
#endif

EDUSIM_PHILOX_CLONES
void RandomStream::shuffle_keys(const std::uint32_t* agents, const std::uint32_t* values,
                                std::size_t n, std::uint64_t* keys) const {
  std::size_t i = 0;
#if EDUSIM_X86_V4_KERNELS
  if (cpu_has_x86_v4()) {
    std::array<std::uint32_t, 256> word0;
    for (; i + word0.size() <= n; i += word0.size()) {
      philox_words_v4(key_[0], key_[1], year_, stream_ << 16, run_, agents + i, word0.size(),
                      {word0.data(), nullptr, nullptr, nullptr});
      for (std::size_t k = 0; k < word0.size(); ++k)
        keys[i + k] = std::uint64_t{word0[k]} << 32 | values[i + k];
    }
  }
#endif
  for (; i < n; ++i) keys[i] = std::uint64_t{words(agents[i])[0]} << 32 | values[i];
}

EDUSIM_PHILOX_CLONES
void RandomStream::all_words(const std::uint32_t* agents, std::size_t n, std::uint32_t* word0,
                             std::uint32_t* word1, std::uint32_t* word2,
                             std::uint32_t* word3) const {
  std::size_t i = 0;
#if EDUSIM_X86_V4_KERNELS
  if (cpu_has_x86_v4())
    i = philox_words_v4(key_[0], key_[1], year_, stream_ << 16, run_, agents, n,
                        {word0, word1, word2, word3});
#endif
  for (; i < n; ++i) {
    const auto w = words(agents[i]);
    word0[i] = w[0], word1[i] = w[1], word2[i] = w[2], word3[i] = w[3];
  }
}

EDUSIM_PHILOX_CLONES
void RandomStream::normals(const std::uint32_t* agents, std::size_t n, double* z) const {
  if (n > kNormalsBlock) throw std::logic_error("RandomStream::normals: block too large");
  std::array<std::uint32_t, kNormalsBlock> word0, word1;
  const ziggurat::Tables& t = ziggurat::tables();
  std::array<std::uint8_t, kNormalsBlock> inside;
  std::size_t with_words = 0, tested = 0;  // the first draws done by the AVX-512 kernels
#if EDUSIM_X86_V4_KERNELS
  if (cpu_has_x86_v4())
    with_words = philox_words_v4(key_[0], key_[1], year_, stream_ << 16, run_, agents, n,
                                 {word0.data(), word1.data(), nullptr, nullptr});
#endif
  for (std::size_t i = with_words; i < n; ++i) {
    const auto w = words(agents[i]);
    word0[i] = w[0];
    word1[i] = w[1];
  }
#if EDUSIM_X86_V4_KERNELS
  if (cpu_has_x86_v4()) tested = rectangles_v4(t, word0.data(), word1.data(), n, z, inside.data());
#endif
  // The rectangle test of every draw, without branches (one table look-up
  // each); about 2.8% of draws fall outside.
  for (std::size_t i = tested; i < n; ++i) {
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

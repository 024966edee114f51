#pragma once
// Run-time choice of hand-vectorized kernels. The release build targets baseline
// x86-64 (one binary for every cluster node); a few per-student kernels also have
// an AVX-512 version, taken when the CPU has AVX-512 F, DQ, BW and VL (x86-64-v4).
// Every such kernel performs the same IEEE operations in the same order as its
// scalar twin (no fused multiply-add: -ffp-contract=off), so both return the same
// bits and results do not depend on the CPU.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_THREAD__) && !defined(__SANITIZE_ADDRESS__)
#define EDUSIM_X86_V4_KERNELS 1
#define EDUSIM_TARGET_X86_V4 __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,avx2")))
#else
#define EDUSIM_X86_V4_KERNELS 0
#define EDUSIM_TARGET_X86_V4
#endif

#if EDUSIM_X86_V4_KERNELS
#include <immintrin.h>
#endif

// Run-time clones of a plain loop for x86-64-v4 (AVX-512), v3 (AVX2) and baseline, the
// CPU picking the widest at load time: for loops GCC vectorizes without reordering any
// floating-point operation (element-wise work, no reductions), so each clone returns
// the same bits.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
#define EDUSIM_LOOP_CLONES \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define EDUSIM_LOOP_CLONES
#endif

namespace edusim {

/// True when the AVX-512 kernels may run (checked once).
inline bool cpu_has_x86_v4() {
#if EDUSIM_X86_V4_KERNELS
  static const bool has = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
                          __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl");
  return has;
#else
  return false;
#endif
}

#if EDUSIM_X86_V4_KERNELS
namespace v4 {
// The masked forms: GCC 12's unmasked ones start from _mm512_undefined_pd and warn
// (-Wmaybe-uninitialized, GCC bug 105593).

/// base[index[k]] for the eight 32-bit indices.
EDUSIM_TARGET_X86_V4 inline __m512d gather(const double* base, __m256i index) {
  return _mm512_mask_i32gather_pd(_mm512_setzero_pd(), 0xFF, index, base, 8);
}

/// The 64-bit products of the even 32-bit lanes of a and b (vpmuludq).
EDUSIM_TARGET_X86_V4 inline __m512i mul_even(__m512i a, __m512i b) {
  return _mm512_maskz_mul_epu32(0xFF, a, b);
}

/// Every 64-bit lane shifted right / left by `bits`.
EDUSIM_TARGET_X86_V4 inline __m512i shift_right64(__m512i x, unsigned bits) {
  return _mm512_maskz_srli_epi64(0xFF, x, bits);
}
EDUSIM_TARGET_X86_V4 inline __m512i shift_left64(__m512i x, unsigned bits) {
  return _mm512_maskz_slli_epi64(0xFF, x, bits);
}

/// The eight 32-bit integers as doubles (exact).
EDUSIM_TARGET_X86_V4 inline __m512d to_double(__m256i x) {
  return _mm512_maskz_cvtepi32_pd(0xFF, x);
}
}  // namespace v4
#endif

}  // namespace edusim

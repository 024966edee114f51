#include "metrics/inequality.hpp"

#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

#include "core/cpu_features.hpp"
#include "core/float_key.hpp"
#include "core/huge_pages.hpp"
#include "core/parallel_radix_sort.hpp"

namespace edusim {

namespace {

float from_sort_key(std::uint32_t key) {
  const std::uint32_t bits = key & 0x80000000u ? key & 0x7FFFFFFFu : ~key;
  float x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

}  // namespace

namespace {

/// Keys sorted, each less the smallest key (`offset`), so that a narrow range
/// of values sorts on fewer bits.
struct OffsetKeys {
  const std::vector<std::uint32_t>& keys;
  std::uint32_t offset;
  float value(std::size_t i) const { return from_sort_key(keys[i] + offset); }
};

/// The smallest and largest sort key of `values` (exact: any order, any threads).
std::pair<std::uint32_t, std::uint32_t> key_range(std::span<const float> values) {
  using Range = std::pair<std::uint32_t, std::uint32_t>;
  return tbb::parallel_reduce(
      tbb::blocked_range<std::size_t>(0, values.size(), 4096), Range{~0u, 0u},
      [&](const tbb::blocked_range<std::size_t>& r, Range m) {
        for (std::size_t i = r.begin(); i < r.end(); ++i) {
          const std::uint32_t k = float_key(values[i]);
          m = {std::min(m.first, k), std::max(m.second, k)};
        }
        return m;
      },
      [](Range a, Range b) {
        return Range{std::min(a.first, b.first), std::max(a.second, b.second)};
      });
}

/// Sorted keys of `values`, in buffers kept per thread across calls: the
/// metrics sort every student every year, and fresh buffers would cost more
/// in page faults than the sort itself.
OffsetKeys sorted_keys(std::span<const float> values) {
  thread_local std::vector<std::uint32_t> keys, scratch;
  const std::size_t n = values.size();
  // Headroom: a district that grows by a few students must not reallocate
  // (and fault in) both buffers every year.
  for (auto* buffer : {&keys, &scratch})
    if (buffer->capacity() < n) reserve_huge(*buffer, n + n / 8, n);
  keys.resize(n);
  if (n == 0) return {keys, 0};
  const auto range = key_range(values);  // no structured binding: the lambda captures it
  const std::uint32_t low = range.first, high = range.second;
  std::uint32_t* key = keys.data();  // not the thread_local itself inside the body
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 4096),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t i = r.begin(); i < r.end(); ++i)
                        key[i] = float_key(values[i]) - low;
                    });
  // Scale scores of a year span about 2^25-2^27 keys: offset keys sort on 26 or 27 bits,
  // in two passes of 13 bits while the keys fit in a core's caches (a county) and three
  // of 9 above, 1.2-1.7x faster than three passes of 11 bits over all 32. The sorted
  // sequence is the same whichever way (and for any thread count).
  const std::uint32_t span = high - low;
  if (span < (1u << 26) && n < (std::size_t{1} << 18))
    radix_sort<13, 0, 26>(keys, scratch);
  else if (span < (1u << 27))
    parallel_radix_sort<9, 0, 27>(keys, scratch);
  else
    parallel_radix_sort<11, 0, 32>(keys, scratch);
  return {keys, low};
}

}  // namespace

std::vector<float> radix_sorted(std::span<const float> values) {
  const OffsetKeys sorted_values = sorted_keys(values);
  std::vector<float> sorted(values.size());
  for (std::size_t i = 0; i < sorted.size(); ++i) sorted[i] = sorted_values.value(i);
  return sorted;
}

double gini(std::span<const float> values) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const OffsetKeys sorted = sorted_keys(values);
  double weighted = 0, total = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double x = sorted.value(i);
    weighted += static_cast<double>(i + 1) * x;
    total += x;
  }
  const auto n = static_cast<double>(values.size());
  return total > 0 ? 2.0 * weighted / (n * total) - (n + 1.0) / n
                   : std::numeric_limits<double>::quiet_NaN();
}

namespace {

/// ln(x) of a float in double precision, by table: x = 2^e m with m in [1, 2),
/// m = c_j (1 + u) where c_j is the centre of m's 1/1024-wide bin, and
/// ln(1 + u) by its series (|u| < 2^-11, five terms: error below 1e-18).
/// About three times faster than Eigen's SSE2 log of a double and as
/// accurate (within 2 units in the last place of std::log, or 2^-54 where the
/// result is near 0; test_inequality).
/// Zero, negative, subnormal and non-finite values go to std::log.
class FloatLog {
 public:
  FloatLog() {
    for (std::size_t j = 0; j < kBins; ++j) {
      const double centre = 1.0 + (static_cast<double>(j) + 0.5) / kBins;
      // The upper half of the bins reads m / 2 in [0.75, 1) with exponent e + 1,
      // so that x near 1 (from either side) has e = 0: no cancellation.
      log_centre_[j] = std::log(j < kBins / 2 ? centre : centre / 2);
      inverse_centre_[j] = 1.0 / centre;
    }
  }

  double operator()(float x) const {
    std::uint32_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    const std::uint32_t biased_exponent = bits >> 23;  // sign bit set: not positive
    if (biased_exponent == 0 || biased_exponent >= 255) return std::log(static_cast<double>(x));
    const std::uint32_t mantissa = bits & 0x7FFFFFu;
    const std::size_t j = mantissa >> (23 - kBinBits);
    // m - c_j is exact as an integer count of 2^-23 steps, so u carries no
    // rounding error of its own beyond the one of 1 / c_j.
    const auto centre_steps =
        static_cast<std::int32_t>((j << (23 - kBinBits)) + (1u << (22 - kBinBits)));
    const double u =
        (static_cast<std::int32_t>(mantissa) - centre_steps) * 0x1p-23 * inverse_centre_[j];
    const double series = u * (1.0 - u * (0.5 - u * (1.0 / 3 - u * (0.25 - u * 0.2))));
    const double e = static_cast<int>(biased_exponent) - 127 + (j >= kBins / 2 ? 1 : 0);
    // ln 2 in two parts (Cody & Waite): e * kLn2Hi is exact.
    return (e * kLn2Hi + log_centre_[j]) + (series + e * kLn2Lo);
  }

  /// out[i] = (*this)(x[i]) for n values: the same operations, eight at a time where
  /// the CPU has AVX-512 (the Theil sums then only add; this was their cost).
  void many(const float* x, std::size_t n, double* out) const {
    std::size_t i = 0;
#if EDUSIM_X86_V4_KERNELS
    if (cpu_has_x86_v4()) i = many_v4(x, n, out);
#endif
    for (; i < n; ++i) out[i] = (*this)(x[i]);
  }

 private:
  static constexpr int kBinBits = 10;
  static constexpr std::size_t kBins = std::size_t{1} << kBinBits;
  static constexpr double kLn2Hi = 6.93147180369123816490e-01;  // 33 significant bits
  static constexpr double kLn2Lo = 1.90821492927058770002e-10;
  std::array<double, kBins> log_centre_, inverse_centre_;

#if EDUSIM_X86_V4_KERNELS
  /// operator() on whole groups of eight (returns how many values it did); lanes
  /// that operator() hands to std::log are redone by it.
  EDUSIM_TARGET_X86_V4 std::size_t many_v4(const float* x, std::size_t n, double* out) const {
    const __m256i mantissa_mask = _mm256_set1_epi32(0x7FFFFF);
    const __m256i half_step = _mm256_set1_epi32(1 << (22 - kBinBits));
    const __m256i exponent_bias = _mm256_set1_epi32(127);
    const __m512d step = _mm512_set1_pd(0x1p-23);
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      const __m256i bits = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + i));
      const __m256i biased_exponent = _mm256_srli_epi32(bits, 23);
      const __mmask8 special = _mm256_cmpeq_epi32_mask(biased_exponent, _mm256_setzero_si256()) |
                               _mm256_cmpge_epu32_mask(biased_exponent, _mm256_set1_epi32(255));
      const __m256i mantissa = _mm256_and_si256(bits, mantissa_mask);
      const __m256i j = _mm256_srli_epi32(mantissa, 23 - kBinBits);
      const __m256i centre_steps = _mm256_add_epi32(_mm256_slli_epi32(j, 23 - kBinBits), half_step);
      const __m512d u = _mm512_mul_pd(
          _mm512_mul_pd(v4::to_double(_mm256_sub_epi32(mantissa, centre_steps)), step),
          v4::gather(inverse_centre_.data(), j));
      __m512d t = _mm512_sub_pd(_mm512_set1_pd(0.25), _mm512_mul_pd(u, _mm512_set1_pd(0.2)));
      t = _mm512_sub_pd(_mm512_set1_pd(1.0 / 3), _mm512_mul_pd(u, t));
      t = _mm512_sub_pd(_mm512_set1_pd(0.5), _mm512_mul_pd(u, t));
      t = _mm512_sub_pd(_mm512_set1_pd(1.0), _mm512_mul_pd(u, t));
      const __m512d series = _mm512_mul_pd(u, t);
      // e = biased exponent - 127, plus 1 in the upper half of the bins (j >> 9).
      const __m512d e = v4::to_double(_mm256_add_epi32(
          _mm256_sub_epi32(biased_exponent, exponent_bias), _mm256_srli_epi32(j, kBinBits - 1)));
      const __m512d high = _mm512_add_pd(_mm512_mul_pd(e, _mm512_set1_pd(kLn2Hi)),
                                         v4::gather(log_centre_.data(), j));
      const __m512d low = _mm512_add_pd(series, _mm512_mul_pd(e, _mm512_set1_pd(kLn2Lo)));
      _mm512_storeu_pd(out + i, _mm512_add_pd(high, low));
      for (unsigned lanes = special; lanes != 0; lanes &= lanes - 1) {
        const std::size_t k = i + static_cast<std::size_t>(__builtin_ctz(lanes));
        out[k] = std::log(static_cast<double>(x[k]));
      }
    }
    return i;
  }
#endif
};

const FloatLog& float_log() {
  static const FloatLog table;
  return table;
}

}  // namespace

double log_of_float(float x) {
  return float_log()(x);
}

void logs_of_floats(std::span<const float> x, std::span<double> out) {
  float_log().many(x.data(), std::min(x.size(), out.size()), out.data());
}

TheilIndex theil(std::span<const float> values, std::span<const std::int32_t> group_begin) {
  const std::size_t groups = group_begin.empty() ? 0 : group_begin.size() - 1;
  std::vector<double> mean(groups, 0.0), within_t(groups, 0.0), within_l(groups, 0.0);
  std::vector<std::int64_t> count(groups, 0);
  tbb::parallel_for(std::size_t{0}, groups, [&](std::size_t g) {
    const auto b = group_begin[g], e = group_begin[g + 1];
    if (e <= b) return;
    // With r = x / m: mean(r ln r) = mean(x ln x) / m - ln m and
    // -mean(ln r) = ln m - mean(ln x), so one log per value and no division.
    // The logs of a block first (vectorized), then the sums in value order.
    const FloatLog& ln = float_log();
    constexpr std::int32_t kBlock = 512;
    std::array<double, kBlock> logs;
    double sum = 0, sum_x_log_x = 0, sum_log_x = 0;
    for (auto first = b; first < e; first += kBlock) {
      const auto size = static_cast<std::size_t>(std::min(kBlock, e - first));
      const float* x = values.data() + first;
      ln.many(x, size, logs.data());
      for (std::size_t i = 0; i < size; ++i)
        sum += x[i], sum_x_log_x += x[i] * logs[i], sum_log_x += logs[i];
    }
    const double n_g = static_cast<double>(e - b), m = sum / n_g, log_m = std::log(m);
    mean[g] = m, count[g] = e - b;
    within_t[g] = sum_x_log_x / (n_g * m) - log_m;
    within_l[g] = log_m - sum_log_x / n_g;
  });
  double total_sum = 0;
  std::int64_t n = 0;
  for (std::size_t g = 0; g < groups; ++g) total_sum += mean[g] * count[g], n += count[g];
  if (n == 0) return {NAN, NAN, NAN, NAN, NAN, NAN};
  const double mu = total_sum / n;
  TheilIndex result;
  for (std::size_t g = 0; g < groups; ++g) {
    if (count[g] == 0) continue;
    const double share = count[g] * mean[g] / (n * mu);  // group's share of the total
    result.between += share * std::log(mean[g] / mu);
    result.within += share * within_t[g];
    const double population_share = static_cast<double>(count[g]) / static_cast<double>(n);
    result.l_between += population_share * std::log(mu / mean[g]);
    result.l_within += population_share * within_l[g];
  }
  result.total = result.between + result.within;
  result.l_total = result.l_between + result.l_within;
  return result;
}

double weighted_cv(std::span<const double> x, std::span<const double> w) {
  double sw = 0, swx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) sw += w[i], swx += w[i] * x[i];
  if (sw <= 0) return std::numeric_limits<double>::quiet_NaN();
  const double mean = swx / sw;
  double ss = 0;
  for (std::size_t i = 0; i < x.size(); ++i) ss += w[i] * (x[i] - mean) * (x[i] - mean);
  return std::sqrt(ss / sw) / mean;
}

double quartile_gap(std::span<const double> x, std::span<const double> w) {
  const std::size_t n = x.size();
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return x[a] < x[b]; });
  const std::size_t q = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(n / 4.0)));
  auto mean_of = [&](std::size_t first, std::size_t last) {
    double sw = 0, swx = 0;
    for (std::size_t k = first; k < last; ++k) sw += w[order[k]], swx += w[order[k]] * x[order[k]];
    return sw > 0 ? swx / sw : std::numeric_limits<double>::quiet_NaN();
  };
  return mean_of(n - q, n) - mean_of(0, q);
}

}  // namespace edusim

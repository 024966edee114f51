#include "metrics/inequality.hpp"

#include <tbb/parallel_for.h>

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

namespace edusim {

namespace {

/// Order-preserving map of a float to an unsigned key (negative values flip).
std::uint32_t sort_key(float x) {
  std::uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return bits & 0x80000000u ? ~bits : bits | 0x80000000u;
}

float from_sort_key(std::uint32_t key) {
  const std::uint32_t bits = key & 0x80000000u ? key & 0x7FFFFFFFu : ~key;
  float x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

}  // namespace

namespace {

/// LSD radix sort of keys on 11-bit digits: three linear passes instead of
/// n log n comparisons; stable and exact. The three digit histograms come from
/// one pass, and a digit that every key shares is skipped (scale scores share
/// their top bits).
void radix_sort(std::vector<std::uint32_t>& keys, std::vector<std::uint32_t>& scratch) {
  constexpr int kBits = 11, kBuckets = 1 << kBits, kDigits = 3;
  constexpr std::uint32_t kMask = kBuckets - 1;
  scratch.resize(keys.size());
  std::vector<std::size_t> start(kDigits * (kBuckets + 1), 0);
  for (auto k : keys)
    for (int d = 0; d < kDigits; ++d)
      ++start[static_cast<std::size_t>(d * (kBuckets + 1)) + ((k >> (d * kBits)) & kMask) + 1];
  for (int d = 0; d < kDigits; ++d) {
    std::size_t* begin = start.data() + d * (kBuckets + 1);
    const std::size_t* largest = std::max_element(begin + 1, begin + kBuckets + 1);
    if (*largest == keys.size()) continue;  // one bucket holds every key: already in order
    for (std::size_t b = 0; b < kBuckets; ++b) begin[b + 1] += begin[b];
    const int shift = d * kBits;
    for (auto k : keys) scratch[begin[(k >> shift) & kMask]++] = k;
    keys.swap(scratch);
  }
}

/// Sorted keys of `values`, in buffers kept per thread across calls: the
/// metrics sort every student every year, and fresh buffers would cost more
/// in page faults than the sort itself.
const std::vector<std::uint32_t>& sorted_keys(std::span<const float> values) {
  thread_local std::vector<std::uint32_t> keys, scratch;
  keys.resize(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) keys[i] = sort_key(values[i]);
  radix_sort(keys, scratch);
  return keys;
}

}  // namespace

std::vector<float> radix_sorted(std::span<const float> values) {
  const auto& keys = sorted_keys(values);
  std::vector<float> sorted(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) sorted[i] = from_sort_key(keys[i]);
  return sorted;
}

double gini(std::span<const float> values) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const auto& sorted = sorted_keys(values);
  double weighted = 0, total = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const double x = from_sort_key(sorted[i]);
    weighted += static_cast<double>(i + 1) * x;
    total += x;
  }
  const auto n = static_cast<double>(sorted.size());
  return total > 0 ? 2.0 * weighted / (n * total) - (n + 1.0) / n
                   : std::numeric_limits<double>::quiet_NaN();
}

namespace {

/// Sums of r log r and log r over r = x / mean for one group, with the log
/// taken by Eigen's vectorized kernel in blocks (double precision throughout).
std::pair<double, double> theil_sums(std::span<const float> x, double mean) {
  constexpr std::size_t kBlock = 256;
  Eigen::Array<double, Eigen::Dynamic, 1> r(static_cast<Eigen::Index>(kBlock)), log_r;
  double t = 0, l = 0;
  for (std::size_t first = 0; first < x.size(); first += kBlock) {
    const auto n = static_cast<Eigen::Index>(std::min(kBlock, x.size() - first));
    r.resize(n);
    for (Eigen::Index k = 0; k < n; ++k) r[k] = x[first + static_cast<std::size_t>(k)] / mean;
    log_r = r.log();
    for (Eigen::Index k = 0; k < n; ++k) t += r[k] * log_r[k], l -= log_r[k];
  }
  return {t, l};
}

}  // namespace

TheilIndex theil(std::span<const float> values, std::span<const std::int32_t> group_begin) {
  const std::size_t groups = group_begin.empty() ? 0 : group_begin.size() - 1;
  std::vector<double> mean(groups, 0.0), within_t(groups, 0.0), within_l(groups, 0.0);
  std::vector<std::int64_t> count(groups, 0);
  tbb::parallel_for(std::size_t{0}, groups, [&](std::size_t g) {
    const auto b = group_begin[g], e = group_begin[g + 1];
    if (e <= b) return;
    double sum = 0;
    for (auto i = b; i < e; ++i) sum += values[static_cast<std::size_t>(i)];
    const double m = sum / (e - b);
    const auto [t, l] =
        theil_sums(values.subspan(static_cast<std::size_t>(b), static_cast<std::size_t>(e - b)), m);
    mean[g] = m, count[g] = e - b, within_t[g] = t / (e - b), within_l[g] = l / (e - b);
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

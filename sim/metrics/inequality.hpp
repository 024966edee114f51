#pragma once
// Inequality measures on plain arrays. All sums run in a fixed order (or per
// group, then combined in group order) so results do not depend on threads.
#include <cstdint>
#include <span>
#include <vector>

namespace edusim {

/// Ascending copy of `values` by an exact, stable LSD radix sort (linear time).
std::vector<float> radix_sorted(std::span<const float> values);

/// Gini coefficient of positive values (sorted copy; exact).
double gini(std::span<const float> values);

/// Theil T index with its decomposition into between-group and within-group
/// parts; groups are contiguous ranges [begin[g], begin[g+1]) of `values`.
/// total == between + within (up to rounding).
struct TheilIndex {
  double total = 0;  ///< Theil T
  double between = 0;
  double within = 0;
  double l_total = 0;  ///< Theil L (mean log deviation), with the same decomposition
  double l_between = 0;
  double l_within = 0;
};
TheilIndex theil(std::span<const float> values, std::span<const std::int32_t> group_begin);

/// ln(x) in double precision for a float x (the Theil indices' logarithm, by
/// table; within 2 units in the last place of std::log, or 2^-54 absolute near ln x = 0;
/// std::log itself for
/// zero, negative, subnormal and non-finite x).
double log_of_float(float x);

/// out[i] = log_of_float(x[i]) for every i (the same bits; vectorized where the CPU
/// allows). Writes min(x.size(), out.size()) values.
void logs_of_floats(std::span<const float> x, std::span<double> out);

/// Coefficient of variation sqrt(sum w (x - X)^2 / sum w) / X with X the
/// weighted mean (the national standard's enrolment-weighted formula).
double weighted_cv(std::span<const double> values, std::span<const double> weights);

/// Difference between the weighted mean of the top and bottom quartile of
/// units ranked by value (max(1, round(n/4)) units each); NaN if no units.
double quartile_gap(std::span<const double> values, std::span<const double> weights);

}  // namespace edusim

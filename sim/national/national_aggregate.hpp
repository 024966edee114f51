#pragma once
// Aggregation of county metrics to provinces and the nation: one rule per district metric
// (sums for counts, ratios of sums for rates whose parts are metrics, student- or
// teacher-weighted means for means, shares and within-county inequality indices), and the
// between-county spread of achievement. Every sum runs in county order, so the result does
// not depend on which thread simulated which county.
#include <span>
#include <string>
#include <vector>

#include "metrics/year_metrics.hpp"

namespace edusim {

enum class AggregateRule : std::uint8_t {
  sum,            ///< counts, money, posts: the sum over counties
  ratio,          ///< sum of metric `a` / sum of metric `b`
  weighted_mean,  ///< mean weighted by metric `a` (students for achievement and inequality,
                  ///< teachers for workforce means and rates)
};

struct MetricRule {
  AggregateRule rule = AggregateRule::sum;
  int a = -1;        ///< ratio: the numerator metric; weighted_mean: the weight metric
  int b = -1;        ///< ratio: the denominator metric
  std::string text;  ///< the rule in words (written to the output)
};

/// The rule of each district metric, indexed by DistrictMetric.
const std::vector<MetricRule>& aggregate_rules();

/// One year of a set of counties: rows[i] points to county i's kDistrictMetrics values.
/// NaN values are left out of sums and means (a mean's weights are those of the counties
/// with a value); a mean or ratio with nothing to average is NaN.
std::vector<double> aggregate_year(std::span<const double* const> rows);

/// Between-county spread of achievement for one year: the counties' mean scale scores
/// m_k = 500 + 100 a_k (a_k = achievement_mean), weighted by students.
struct BetweenCounties {
  double cv = 0;             ///< weighted SD of m_k / weighted mean of m_k
  double theil_between = 0;  ///< sum_k (n_k / N) (m_k / m) ln(m_k / m)
};
BetweenCounties between_counties(std::span<const double* const> rows);

/// Names, units and descriptions of the between-county series (in BetweenCounties order).
std::vector<SeriesDef> between_series();

}  // namespace edusim

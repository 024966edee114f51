#include "national/national_aggregate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string_view>

namespace edusim {

namespace {

int metric_index(std::string_view name) {
  const auto series = district_series();
  for (std::size_t i = 0; i < series.size(); ++i)
    if (series[i].name == name) return static_cast<int>(i);
  throw std::logic_error("national aggregation: no district metric " + std::string(name));
}

/// Metrics that are a ratio of two other metrics, or a mean best weighted by another metric.
struct Special {
  std::string_view name;
  AggregateRule rule;
  std::string_view a, b;
};
constexpr std::array<Special, 5> kSpecial{{
    {"student_teacher_ratio", AggregateRule::ratio, "students", "teachers"},
    {"rotation_share_of_eligible", AggregateRule::ratio, "rotations", "rotation_eligible"},
    {"leader_rotation_share_of_eligible", AggregateRule::ratio, "leader_rotations",
     "leader_rotation_eligible"},
    {"rotation_backbone_share", AggregateRule::weighted_mean, "rotations", ""},
    {"transfer_share_to_rural", AggregateRule::ratio, "transfers_to_rural", "transfers"},
}};

/// Units of quantities that add up over counties.
constexpr std::array<std::string_view, 9> kCountUnits{"students", "teachers",  "schools",
                                                      "classes",  "places",    "posts",
                                                      "leaders",  "yuan/year", "teacher shares"};

/// Measures of students (achievement, its inequality, SES gradients) are weighted by
/// students; every other mean, share or rate describes the workforce and is weighted by
/// teachers.
bool about_students(std::string_view name) {
  return name.starts_with("achievement") || name.starts_with("below_proficiency") ||
         name.starts_with("ses_");
}

MetricRule rule_for(const SeriesDef& def) {
  for (const Special& s : kSpecial) {
    if (def.name != s.name) continue;
    if (s.rule == AggregateRule::ratio)
      return {s.rule, metric_index(s.a), metric_index(s.b),
              "sum of " + std::string(s.a) + " / sum of " + std::string(s.b)};
    return {s.rule, metric_index(s.a), -1, "mean weighted by the counties' " + std::string(s.a)};
  }
  if (std::find(kCountUnits.begin(), kCountUnits.end(), def.units) != kCountUnits.end())
    return {AggregateRule::sum, -1, -1, "sum over counties"};
  if (about_students(def.name))
    return {AggregateRule::weighted_mean, metric_index("students"), -1,
            "mean of the county values weighted by students"};
  return {AggregateRule::weighted_mean, metric_index("teachers"), -1,
          "mean of the county values weighted by teachers"};
}

}  // namespace

const std::vector<MetricRule>& aggregate_rules() {
  static const std::vector<MetricRule> rules = [] {
    std::vector<MetricRule> r;
    for (const SeriesDef& def : district_series()) r.push_back(rule_for(def));
    return r;
  }();
  return rules;
}

std::vector<double> aggregate_year(std::span<const double* const> rows) {
  const auto& rules = aggregate_rules();
  std::vector<double> out(rules.size(), kNaN);
  const auto sum_of = [&rows](int m) {
    double s = 0;
    for (const double* row : rows)
      if (!std::isnan(row[m])) s += row[m];
    return s;
  };
  for (std::size_t m = 0; m < rules.size(); ++m) {
    const MetricRule& r = rules[m];
    switch (r.rule) {
      case AggregateRule::sum:
        out[m] = sum_of(static_cast<int>(m));
        break;
      case AggregateRule::ratio: {
        const double below = sum_of(r.b);
        out[m] = below > 0 ? sum_of(r.a) / below : kNaN;
        break;
      }
      case AggregateRule::weighted_mean: {
        double weighted = 0, weights = 0;
        for (const double* row : rows) {
          const double v = row[m], w = row[r.a];
          if (std::isnan(v) || std::isnan(w) || !(w > 0)) continue;
          weighted += w * v;
          weights += w;
        }
        out[m] = weights > 0 ? weighted / weights : kNaN;
        break;
      }
    }
  }
  return out;
}

BetweenCounties between_counties(std::span<const double* const> rows) {
  const auto students = static_cast<int>(DistrictMetric::students);
  const auto achievement = static_cast<int>(DistrictMetric::achievement_mean);
  double n = 0, total = 0;
  for (const double* row : rows) {
    if (std::isnan(row[achievement]) || !(row[students] > 0)) continue;
    n += row[students];
    total += row[students] * (500.0 + 100.0 * row[achievement]);
  }
  if (!(n > 0)) return {kNaN, kNaN};
  const double mean = total / n;
  double variance = 0, theil = 0;
  for (const double* row : rows) {
    if (std::isnan(row[achievement]) || !(row[students] > 0)) continue;
    const double m = 500.0 + 100.0 * row[achievement], share = row[students] / n;
    variance += share * (m - mean) * (m - mean);
    if (m > 0) theil += share * (m / mean) * std::log(m / mean);
  }
  return {std::sqrt(variance) / mean, theil};
}

std::vector<SeriesDef> between_series() {
  return {{"achievement_county_cv", "1",
           "coefficient of variation of the counties' mean scale scores 500 + 100 "
           "achievement_mean, weighted by students"},
          {"achievement_county_theil", "1",
           "between-county Theil T index of the counties' mean scale scores, weighted by "
           "students (the between-county part of a national Theil index)"}};
}

}  // namespace edusim

// Emergent effects of the workforce policies on whole districts, each against
// the same seeds with the policy off (paired replicates, fixed seeds):
//  * rotating backbone teachers from strong to weak schools lowers the
//    inter-school CV of mean teacher effectiveness;
//  * a high burnout cost of rotation raises teacher turnover, and a large
//    enough rotation allowance removes that rise.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <numeric>
#include <vector>

#include "build/world_source.hpp"
#include "engine/simulation.hpp"
#include "io/scenario_io.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

/// A county of 24 primaries and 8 middle schools, strong urban and weak rural
/// schools, about 9,000 students.
Scenario county(std::int64_t seed, int years) {
  Scenario s;
  s.run.seed = seed;
  s.run.years = years;
  const auto type = [](Level level, Zone zone, int count, double per_grade, double shift) {
    return edusim::testing::school_type("", level, zone, count, per_grade, shift);
  };
  s.district.schools = {type(Level::Primary, Zone::Urban, 8, 90, 0.06),
                        type(Level::Primary, Zone::Town, 8, 50, 0.0),
                        type(Level::Primary, Zone::Rural, 8, 25, -0.06),
                        type(Level::Middle, Zone::Urban, 3, 160, 0.06),
                        type(Level::Middle, Zone::Town, 3, 100, 0.0),
                        type(Level::Middle, Zone::Rural, 2, 60, -0.06)};
  return s;
}

/// Runs the scenario and returns `metric` averaged over the simulated years.
double mean_over_years(const Scenario& s, DistrictMetric metric) {
  Simulation sim(s, build_world(s));
  double sum = 0;
  for (int y = 0; y < s.run.years; ++y) {
    sim.step();
    sum += sim.measure()[metric];
  }
  return sum / s.run.years;
}

/// Paired differences f(policy) - f(baseline) over `replicates` seeds.
std::vector<double> paired_differences(int replicates, const std::function<void(Scenario&)>& policy,
                                       const std::function<void(Scenario&)>& baseline,
                                       DistrictMetric metric, int years) {
  std::vector<double> d;
  for (int r = 0; r < replicates; ++r) {
    Scenario on = county(1000 + r, years), off = county(1000 + r, years);
    policy(on);
    baseline(off);
    d.push_back(mean_over_years(on, metric) - mean_over_years(off, metric));
  }
  return d;
}

/// t statistic of the mean of `d` against 0.
double t_statistic(const std::vector<double>& d) {
  const double n = static_cast<double>(d.size());
  const double mean = std::accumulate(d.begin(), d.end(), 0.0) / n;
  double ss = 0;
  for (double x : d) ss += (x - mean) * (x - mean);
  return mean / std::sqrt(ss / (n - 1) / n);
}

void backbone_rotation(Scenario& s) {
  s.rotation.enabled = true;
  s.rotation.scope = RotationScope::District;
  s.rotation.quota_share = 0.3;
  s.rotation.backbone_first = true;
}

/// Rotation of half the eligible teachers from urban to town and rural schools
/// with a high burnout cost: a shock at the move and more every year away.
void costly_rotation(Scenario& s) {
  s.rotation.enabled = true;
  s.rotation.scope = RotationScope::UrbanRural;
  s.rotation.quota_share = 0.5;
  s.rotation.max_share_per_school = 0.5;
  s.rotation.burnout_shock = 0.3;
  s.rotation.burnout_per_year = 0.1;
}

void nothing(Scenario&) {}

}  // namespace

TEST(WorkforceScenario, BackboneRotationLowersTheSchoolCvOfTeacherEffectiveness) {
  const auto d =
      paired_differences(8, backbone_rotation, nothing, DistrictMetric::effectiveness_school_cv, 8);
  // One-sided paired t test at about the 0.1% level (t < -4.8 with 7 df).
  EXPECT_LT(t_statistic(d), -4.8) << "mean difference "
                                  << std::accumulate(d.begin(), d.end(), 0.0) / d.size();
}

TEST(WorkforceScenario, CostlyRotationRaisesTurnover) {
  const auto d = paired_differences(8, costly_rotation, nothing, DistrictMetric::turnover_rate, 6);
  EXPECT_GT(t_statistic(d), 4.8) << "mean difference "
                                 << std::accumulate(d.begin(), d.end(), 0.0) / d.size();
}

TEST(WorkforceScenario, RotationAllowanceRemovesTheTurnoverRise) {
  const auto compensated = [](Scenario& s) {
    costly_rotation(s);
    s.pay.rotation_allowance = 60000;
  };
  const auto costly =
      paired_differences(8, costly_rotation, nothing, DistrictMetric::turnover_rate, 6);
  const auto d = paired_differences(8, compensated, nothing, DistrictMetric::turnover_rate, 6);
  const double rise = std::accumulate(costly.begin(), costly.end(), 0.0) / costly.size();
  const double left = std::accumulate(d.begin(), d.end(), 0.0) / d.size();
  // Without the allowance turnover rises clearly; with it, at most a quarter of that rise
  // is left and it is not significant at the 1% level (|t| < 3.5 with 7 df).
  EXPECT_GT(t_statistic(costly), 4.8) << "rise " << rise;
  EXPECT_LT(left, 0.25 * rise) << "rise " << rise << ", left " << left;
  EXPECT_LT(t_statistic(d), 3.5) << "left " << left;
}

TEST(WorkforceScenario, ShippedScenarioDiffersFromTheBaselineOnlyInPolicies) {
  const Scenario baseline = load_scenario(EDUSIM_SOURCE_DIR "/scenarios/baseline.yaml");
  Scenario workforce = load_scenario(EDUSIM_SOURCE_DIR "/scenarios/workforce.yaml");
  EXPECT_TRUE(workforce.rotation.enabled);
  EXPECT_TRUE(workforce.low_title_high_hire.enabled);
  // With the policy sections reset to the baseline's, the two are the same scenario.
  workforce.rotation = baseline.rotation;
  workforce.low_title_high_hire = baseline.low_title_high_hire;
  workforce.promotion = baseline.promotion;
  workforce.hiring = baseline.hiring;
  workforce.mentoring = baseline.mentoring;
  workforce.pay = baseline.pay;
  EXPECT_EQ(scenario_to_yaml(workforce), scenario_to_yaml(baseline));
}

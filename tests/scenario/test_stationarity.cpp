// A stationary start (run.spin_up_years, engine/spin_up.hpp): with every policy off, the
// baseline and the county scenario do not drift. Over 20 replicates each, every series
// below has a 10-year trend (OLS slope per replicate, years 1-10, times 10) whose mean is
// within a stated bound; the test prints each trend with its 95% interval (t, 19 df).
//
// Bounds (per decade): 0.03 SD for the achievement gaps (the brief's example was 0.02; the
// interval's half-width over 20 replicates is about 0.02 for the quartile gap of a county of
// 40 schools, so a 0.02 bound would fail by chance about as often as it passes; 0.03 is
// about 1.5 half-widths); 0.01 for the between-school share and 0.02 SD/SD for the SES
// slope (both about 1.5 half-widths); 0.005 a year for the quit and turnover rates; 0.01
// for mean morale and burnout. A drifting start fails them: without a spin-up the quartile
// gaps rise about 0.33 SD in the first decade; after 15 years of spin-up still 0.02-0.04; with
// teachers' ages drawn from a normal instead of the stationary mix, even 30 years of spin-up
// left trends of -0.03 to +0.05 (retirement waves).
#include <gtest/gtest.h>
#include <tbb/parallel_for.h>

#include <cmath>
#include <vector>

#include "engine/simulation.hpp"
#include "engine/spin_up.hpp"
#include "io/scenario_io.hpp"
#include "metrics/year_metrics.hpp"
#include "scenario/spin_up_rules.hpp"

using namespace edusim;

namespace {

constexpr int kReplicates = 20, kYears = 10;
constexpr double kT19 = 2.093;  // two-sided 95% t quantile, 19 degrees of freedom

struct Bound {
  DistrictMetric metric;
  const char* name;
  double per_decade;
};

const std::vector<Bound> kBounds = {
    {DistrictMetric::achievement_gap_top_bottom_quartile, "gap top-bottom quartile", 0.03},
    {DistrictMetric::achievement_gap_urban_rural, "gap urban-rural", 0.03},
    {DistrictMetric::achievement_between_school_share, "between-school share", 0.01},
    {DistrictMetric::ses_gradient_slope, "SES slope", 0.02},
    {DistrictMetric::quit_rate, "quit rate", 0.005},
    {DistrictMetric::turnover_rate, "turnover rate", 0.005},
    {DistrictMetric::morale_mean, "morale", 0.01},
    {DistrictMetric::burnout_mean, "burnout", 0.01},
};

/// The scenario with every policy off for the recorded years too (the spin-up's rules),
/// its own seed for replicate r, and the default spin-up.
Scenario no_policy(const Scenario& s, int r) {
  Scenario off = spin_up_rules(s);
  off.run.seed = 9100 + r;
  off.run.world_seed = -1;
  off.run.years = kYears;
  off.run.spin_up_years = s.run.spin_up_years;
  return off;
}

/// series[r][m][y]: metric m of replicate r in simulated year y (1..kYears).
std::vector<std::vector<std::vector<double>>> replicate_series(const Scenario& s) {
  std::vector<std::vector<std::vector<double>>> out(kReplicates);
  tbb::parallel_for(0, kReplicates, [&](int r) {
    const Scenario run = no_policy(s, r);
    Simulation sim(run, start_world(run));
    out[static_cast<std::size_t>(r)].assign(kBounds.size(), {});
    for (int y = 0; y < kYears; ++y) {
      sim.step();
      const YearMetrics m = sim.measure();
      for (std::size_t b = 0; b < kBounds.size(); ++b)
        out[static_cast<std::size_t>(r)][b].push_back(m[kBounds[b].metric]);
    }
  });
  return out;
}

/// OLS slope of `v` on 1..n, times 10 (per decade).
double trend_per_decade(const std::vector<double>& v) {
  const double n = static_cast<double>(v.size()), mean_x = (n + 1) / 2;
  double mean_y = 0;
  for (double y : v) mean_y += y / n;
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double dx = static_cast<double>(i + 1) - mean_x;
    sxy += dx * (v[i] - mean_y), sxx += dx * dx;
  }
  return 10 * sxy / sxx;
}

void expect_stationary(const char* file) {
  const Scenario s = load_scenario(std::string(EDUSIM_SOURCE_DIR "/scenarios/") + file);
  ASSERT_GE(s.run.spin_up_years, 40) << "the test measures the default spin-up";
  const auto series = replicate_series(s);
  for (std::size_t b = 0; b < kBounds.size(); ++b) {
    double mean = 0, sq = 0;
    for (const auto& r : series) mean += trend_per_decade(r[b]) / kReplicates;
    for (const auto& r : series) sq += std::pow(trend_per_decade(r[b]) - mean, 2);
    const double half = kT19 * std::sqrt(sq / (kReplicates - 1) / kReplicates);
    std::printf("%-14s %-24s trend per decade %+.4f, 95%% interval [%+.4f, %+.4f], bound %.3f\n",
                file, kBounds[b].name, mean, mean - half, mean + half, kBounds[b].per_decade);
    EXPECT_LE(std::abs(mean), kBounds[b].per_decade)
        << file << ": " << kBounds[b].name << " drifts " << mean << " per decade (95% interval +-"
        << half << ")";
  }
}

}  // namespace

TEST(Stationarity, BaselineWithEveryPolicyOffDoesNotDrift) {
  expect_stationary("baseline.yaml");
}

TEST(Stationarity, CountyWithEveryPolicyOffDoesNotDrift) {
  expect_stationary("county.yaml");
}

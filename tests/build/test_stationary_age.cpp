// The stationary age mix of a generated district's teachers (build/stationary_age.hpp).
#include <gtest/gtest.h>

#include <cmath>

#include "build/generator.hpp"
#include "build/stationary_age.hpp"
#include "test_helpers.hpp"

using namespace edusim;

TEST(StationaryAges, SharesFollowSurvivalFromEntryToRetirement) {
  const DemographyParams p;
  const StationaryAges ages(p, 22);
  for (const Zone z : {Zone::Urban, Zone::Town, Zone::Rural}) {
    double total = 0;
    for (int a = 0; a < 100; ++a) total += ages.share(z, a);
    EXPECT_NEAR(total, 1.0, 1e-12);
    EXPECT_EQ(ages.share(z, 21), 0.0);
    EXPECT_EQ(ages.share(z, p.retirement_age), 0.0);
    EXPECT_GT(ages.share(z, p.retirement_age - 1), 0.0);
    // Each age's share is the last one's times the survival of the year between.
    for (int a = 23; a < p.retirement_age; ++a) {
      const double h = quit_hazard(p, a - 1 - 22, a - 1, z, p.reference_morale, 0, 0);
      EXPECT_NEAR(ages.share(z, a), ages.share(z, a - 1) * (1 - h), 1e-12) << a;
    }
  }
  // Rural teachers quit more (quit_zone_multiplier), so they are younger.
  EXPECT_GT(ages.share(Zone::Rural, 22), ages.share(Zone::Urban, 22));
  EXPECT_LT(ages.share(Zone::Rural, 55), ages.share(Zone::Urban, 55));
}

TEST(StationaryAges, QuantilesInvertTheCumulativeShares) {
  const StationaryAges ages(DemographyParams{}, 22);
  EXPECT_EQ(ages.age(Zone::Urban, 0.0), 22);
  EXPECT_EQ(ages.age(Zone::Urban, 0.999999999), 59);
  EXPECT_EQ(ages.age(Zone::Urban, ages.share(Zone::Urban, 22) * 0.5), 22);
  EXPECT_EQ(ages.age(Zone::Urban, ages.share(Zone::Urban, 22) * 1.0001), 23);
}

TEST(StationaryAges, AGeneratedDistrictHasTheStationaryMixAndTheNormalOnRequest) {
  Scenario s = edusim::testing::small_scenario();
  const World w = generate_district(s);
  const StationaryAges ages(s.demography, s.district.teachers.entry_age);
  double expected = 0, observed = 0;
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    const Zone z = w.schools.zone[static_cast<std::size_t>(w.teachers.school[i])];
    double mean = 0;
    for (int a = 22; a < 60; ++a) mean += a * ages.share(z, a);
    expected += mean, observed += w.teachers.age[i];
  }
  const double n = static_cast<double>(w.teachers.size());
  // The age SD is about 11 years: the mean of n draws is within 4 SE of its expectation.
  EXPECT_NEAR(observed / n, expected / n, 4 * 11 / std::sqrt(n));
  s.district.teachers.age_distribution = AgeDistribution::Normal;
  const World normal = generate_district(s);
  double sum = 0;
  for (auto a : normal.teachers.age) sum += a;
  EXPECT_NEAR(sum / n, s.district.teachers.age.mean, 4 * s.district.teachers.age.sd / std::sqrt(n));
}

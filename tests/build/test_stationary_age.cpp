// The stationary age mix of a generated district's teachers (build/stationary_age.hpp).
#include <gtest/gtest.h>

#include <cmath>

#include "build/generator.hpp"
#include "build/stationary_age.hpp"
#include "test_helpers.hpp"

using namespace edusim;

TEST(StationaryAges, SharesFollowSurvivalFromEntryToRetirement) {
  const DemographyParams p;
  const double senior = 0.4;
  const StationaryAges ages(p, 22, senior);
  // Men serve to 60; women to 55, or to 60 with a senior title (a share `senior` of them).
  for (const bool female : {false, true}) {
    const int last_age = p.retirement_age - 1;  // 59 for both
    auto staying = [&](int a) { return female && a >= p.retirement_age_women ? senior : 1.0; };
    for (const Zone z : {Zone::Urban, Zone::Town, Zone::Rural}) {
      double total = 0;
      for (int a = 0; a < 100; ++a) total += ages.share(z, female, a);
      EXPECT_NEAR(total, 1.0, 1e-12);
      EXPECT_EQ(ages.share(z, female, 21), 0.0);
      EXPECT_EQ(ages.share(z, female, last_age + 1), 0.0);
      EXPECT_GT(ages.share(z, female, last_age), 0.0);
      // Each age's share is the last one's times the survival of the year between (and,
      // for women, the share that stays past 54).
      for (int a = 23; a <= last_age; ++a) {
        const double h = quit_hazard(p, a - 1 - 22, a - 1, z, p.reference_morale, 0, 0);
        EXPECT_NEAR(ages.share(z, female, a),
                    ages.share(z, female, a - 1) * (1 - h) * staying(a) / staying(a - 1), 1e-12)
            << a;
      }
    }
  }
  // Rural teachers quit more (quit_zone_multiplier), so they are younger.
  EXPECT_GT(ages.share(Zone::Rural, false, 22), ages.share(Zone::Urban, false, 22));
  EXPECT_LT(ages.share(Zone::Rural, false, 55), ages.share(Zone::Urban, false, 55));
  // Women retire 5 years earlier (at 55), so they are younger, with the same hazards.
  EXPECT_GT(ages.share(Zone::Urban, true, 22), ages.share(Zone::Urban, false, 22));
  EXPECT_NEAR(ages.share(Zone::Urban, true, 30) / ages.share(Zone::Urban, true, 22),
              ages.share(Zone::Urban, false, 30) / ages.share(Zone::Urban, false, 22), 1e-12);
}

TEST(StationaryAges, QuantilesInvertTheCumulativeShares) {
  const StationaryAges ages(DemographyParams{}, 22, 0.4);
  for (const bool female : {false, true}) {
    EXPECT_EQ(ages.age(Zone::Urban, female, 0.0), 22);
    EXPECT_EQ(ages.age(Zone::Urban, female, ages.share(Zone::Urban, female, 22) * 0.5), 22);
    EXPECT_EQ(ages.age(Zone::Urban, female, ages.share(Zone::Urban, female, 22) * 1.0001), 23);
  }
  EXPECT_EQ(ages.age(Zone::Urban, false, 0.999999999), 59);
  EXPECT_EQ(ages.age(Zone::Urban, true, 0.999999999), 59);  // a senior woman
  // Without senior women past 54, the oldest woman is 54.
  EXPECT_EQ(StationaryAges(DemographyParams{}, 22, 0.0).age(Zone::Urban, true, 0.999999999), 54);
}

TEST(StationaryAges, AGeneratedDistrictHasTheStationaryMixAndTheNormalOnRequest) {
  Scenario s = edusim::testing::small_scenario();
  const World w = generate_district(s);
  const StationaryAges ages(s.demography, s.district.teachers.entry_age,
                            s.district.teachers.older_women_senior_share);
  double expected = 0, observed = 0;
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    const Zone z = w.schools.zone[static_cast<std::size_t>(w.teachers.school[i])];
    const bool female = w.teachers.female[i] != 0;
    double mean = 0;
    for (int a = 22; a < 60; ++a) mean += a * ages.share(z, female, a);
    expected += mean, observed += w.teachers.age[i];
  }
  const double n = static_cast<double>(w.teachers.size());
  // The age SD is about 11 years: the mean of n draws is within 4 SE of its expectation.
  EXPECT_NEAR(observed / n, expected / n, 4 * 11 / std::sqrt(n));
  s.district.teachers.age_distribution = AgeDistribution::Normal;
  s.district.teachers.female_share = {0, 0};  // men only: the normal is not cut at 55
  const World normal = generate_district(s);
  double sum = 0;
  for (auto a : normal.teachers.age) sum += a;
  EXPECT_NEAR(sum / n, s.district.teachers.age.mean, 4 * s.district.teachers.age.sd / std::sqrt(n));
}

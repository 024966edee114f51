// Residential sorting at generation (district.students.school_ses_sd): the schools of one
// zone get mean SES spread around the zone's mean; off, nothing changes.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "build/generator.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

Scenario many_rural_schools(double school_ses_sd) {
  Scenario s = edusim::testing::small_scenario();
  s.district.schools[1].count = 400;  // rural primaries: enough schools to measure an SD
  s.district.students.school_ses_sd = school_ses_sd;
  return s;
}

}  // namespace

TEST(ResidentialSorting, OffGivesEverySchoolItsZoneMean) {
  const Scenario s = many_rural_schools(0.0);
  const World w = generate_district(s);
  for (std::size_t i = 0; i < w.schools.size(); ++i)
    EXPECT_FLOAT_EQ(w.schools.ses_mean[i],
                    static_cast<float>(s.district.students.ses_mean[index(w.schools.zone[i])]));
}

TEST(ResidentialSorting, SpreadsTheSchoolMeansOfAZoneBySchoolSesSd) {
  const double sd = 0.4;
  const Scenario s = many_rural_schools(sd);
  const World w = generate_district(s), off = generate_district(many_rural_schools(0.0));
  const double zone_mean = s.district.students.ses_mean[index(Zone::Rural)];
  std::vector<double> dev;
  for (std::size_t i = 0; i < w.schools.size(); ++i)
    if (w.schools.zone[i] == Zone::Rural && w.schools.level[i] == Level::Primary)
      dev.push_back(w.schools.ses_mean[i] - zone_mean);
  ASSERT_EQ(dev.size(), 400u);
  double mean = 0, ss = 0;
  for (const double d : dev) mean += d;
  mean /= static_cast<double>(dev.size());
  for (const double d : dev) ss += (d - mean) * (d - mean);
  const double n = static_cast<double>(dev.size());
  // 4 standard errors: the mean's sd / sqrt(n); the SD's about sd / sqrt(2n).
  EXPECT_NEAR(mean, 0.0, 4 * sd / std::sqrt(n));
  EXPECT_NEAR(std::sqrt(ss / (n - 1)), sd, 4 * sd / std::sqrt(2 * n));
  // Its own draw: every other school attribute is what it was without sorting.
  EXPECT_EQ(w.schools.talent_shift, off.schools.talent_shift);
  EXPECT_EQ(w.schools.base_intake, off.schools.base_intake);
  EXPECT_EQ(w.schools.x_km, off.schools.x_km);
  // Entrants follow their school's mean: the SES of a school's students tracks it.
  double high = 0, low = 0;
  std::size_t nh = 0, nl = 0;
  for (std::size_t c = 0; c < w.classes.size(); ++c) {
    const auto school = static_cast<std::size_t>(w.classes.school[c]);
    if (w.schools.zone[school] != Zone::Rural) continue;
    const bool up = w.schools.ses_mean[school] > zone_mean;
    for (auto i = w.classes.student_begin[c]; i < w.classes.student_begin[c + 1]; ++i)
      (up ? high : low) += w.students.ses[static_cast<std::size_t>(i)], ++(up ? nh : nl);
  }
  EXPECT_GT(high / static_cast<double>(nh) - low / static_cast<double>(nl), sd);
}

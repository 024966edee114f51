// District metrics on a hand-built world: between-school variance share, SES
// gradient and proficiency shares against values worked by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "metrics/year_metrics.hpp"

using namespace edusim;

namespace {

/// Two schools (urban, rural), one class each, no teachers.
World two_school_world(const std::vector<float>& a0, const std::vector<float>& a1,
                       const std::vector<float>& ses0, const std::vector<float>& ses1) {
  World w;
  w.schools.name = {"u", "r"};
  w.schools.level = {Level::Primary, Level::Primary};
  w.schools.zone = {Zone::Urban, Zone::Rural};
  w.schools.open = {1, 1};
  w.schools.strength = {Strength::Ordinary, Strength::Ordinary};
  w.classes.school = {0, 1};
  w.classes.grade = {1, 1};
  w.classes.class_teacher = {-1, -1};
  const auto n0 = static_cast<std::int32_t>(a0.size());
  w.classes.student_begin = {0, n0, n0 + static_cast<std::int32_t>(a1.size())};
  w.school_class_begin = {0, 1, 2};
  auto add = [&w](const std::vector<float>& a, const std::vector<float>& ses, Zone z) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      w.students.id.push_back(static_cast<std::uint32_t>(w.students.id.size()));
      w.students.achievement.push_back(a[i]);
      w.students.teacher_value_added.push_back(0);
      w.students.ses.push_back(ses[i]);
      w.students.residence.push_back(z);
    }
  };
  add(a0, ses0, Zone::Urban);
  add(a1, ses1, Zone::Rural);
  index_teachers(w);
  return w;
}

}  // namespace

TEST(YearMetrics, BetweenSchoolShareSesGradientAndProficiency) {
  // Urban {1, 3}, rural {-1, -3}: grand mean 0, total SS = 1+9+1+9 = 20,
  // between SS = 2*4 + 2*4 = 16 -> share 0.8.
  // SES = achievement / 2 exactly: slope 2, R^2 1.
  const World w = two_school_world({1, 3}, {-1, -3}, {0.5f, 1.5f}, {-0.5f, -1.5f});
  YearFlows flows;
  flows.reset(2);
  MetricsParams p;
  p.proficiency_threshold = -2;
  const YearMetrics m = measure(w, flows, p);
  EXPECT_NEAR(m[DistrictMetric::achievement_between_school_share], 0.8, 1e-12);
  EXPECT_NEAR(m[DistrictMetric::ses_gradient_slope], 2.0, 1e-9);
  EXPECT_NEAR(m[DistrictMetric::ses_gradient_r2], 1.0, 1e-9);
  EXPECT_NEAR(m[DistrictMetric::below_proficiency_share], 0.25, 1e-12);
  EXPECT_NEAR(m[DistrictMetric::below_proficiency_share_urban], 0.0, 1e-12);
  EXPECT_NEAR(m[DistrictMetric::below_proficiency_share_rural], 0.5, 1e-12);
  EXPECT_TRUE(std::isnan(m[DistrictMetric::below_proficiency_share_town]));
  EXPECT_NEAR(m[DistrictMetric::achievement_gap_urban_rural], 4.0, 1e-12);
  EXPECT_TRUE(std::isnan(m[DistrictMetric::achievement_gap_urban_town]));  // no town schools
}

TEST(YearMetrics, SesUnrelatedToAchievementHasNoGradient) {
  // SES symmetric within each school, achievement constant within school.
  const World w = two_school_world({1, 1}, {1, 1}, {1, -1}, {2, -2});
  YearFlows flows;
  flows.reset(2);
  const YearMetrics m = measure(w, flows);
  EXPECT_NEAR(m[DistrictMetric::ses_gradient_slope], 0.0, 1e-12);
  EXPECT_TRUE(std::isnan(m[DistrictMetric::achievement_between_school_share]));  // no variance
}

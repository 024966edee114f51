// The spin-up (engine/spin_up.hpp, scenario/spin_up_rules.hpp): the world a run starts from.
#include <gtest/gtest.h>

#include "build/world_source.hpp"
#include "engine/spin_up.hpp"
#include "scenario/spin_up_rules.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

Scenario spun(int years) {
  Scenario s = edusim::testing::small_scenario();
  s.run.spin_up_years = years;
  return s;
}

bool same_students(const World& a, const World& b) {
  return a.students.id == b.students.id && a.students.achievement == b.students.achievement &&
         a.students.teacher_value_added == b.students.teacher_value_added;
}

bool same_teachers(const World& a, const World& b) {
  return a.teachers.id == b.teachers.id && a.teachers.school == b.teachers.school &&
         a.teachers.effectiveness == b.teachers.effectiveness &&
         a.teachers.morale == b.teachers.morale;
}

}  // namespace

TEST(SpinUp, ZeroYearsIsTheBuiltWorld) {
  const Scenario s = spun(0);
  const World built = build_world(s), start = start_world(s);
  EXPECT_TRUE(same_students(built, start));
  EXPECT_TRUE(same_teachers(built, start));
}

TEST(SpinUp, StepsTheWorldAndIsNotCountedAsAYear) {
  const Scenario s = spun(4);
  const World built = build_world(s), start = start_world(s);
  EXPECT_EQ(start.year, 0);
  EXPECT_FALSE(same_students(built, start));
  // Four years of entrants: the youngest students are new.
  EXPECT_GT(start.next_student_id, built.next_student_id);
}

TEST(SpinUp, PoliciesOfTheScenarioDoNotReachTheStart) {
  // Paired runs with and without a policy start from the same world.
  Scenario off = spun(5), on = spun(5);
  on.rotation.enabled = true;
  on.rotation.quota_share = 0.3;
  on.low_title_high_hire.enabled = true;
  on.hiring.placement = HiringPlacement::WeakRuralFirst;
  on.pay.zone_allowance = {0, 3000, 6000};
  const World a = start_world(off), b = start_world(on);
  EXPECT_TRUE(same_students(a, b));
  EXPECT_TRUE(same_teachers(a, b));
}

TEST(SpinUp, TheDistrictSeedFixesTheStartAndTheRunSeedDoesNot) {
  Scenario a = spun(3), b = spun(3), c = spun(3);
  a.run.seed = 11, b.run.seed = 12, c.run.seed = 11;
  a.run.world_seed = b.run.world_seed = 5;
  c.run.world_seed = 6;
  EXPECT_TRUE(same_students(start_world(a), start_world(b)));
  EXPECT_FALSE(same_students(start_world(a), start_world(c)));
}

TEST(SpinUp, RulesTurnEveryPolicyOffAndUseTheirOwnSeed) {
  Scenario s = spun(30);
  s.rotation.enabled = s.mentoring.enabled = s.online_classroom.enabled = true;
  s.drift.enabled = s.group_evaluation.enabled = true;
  s.enrolment.intake_growth = 0.03;
  const Scenario r = spin_up_rules(s);
  EXPECT_FALSE(r.rotation.enabled || r.mentoring.enabled || r.online_classroom.enabled ||
               r.drift.enabled || r.group_evaluation.enabled || r.group_spillover.enabled);
  EXPECT_EQ(r.enrolment.intake_growth, 0.0);
  EXPECT_EQ(r.run.spin_up_years, 0);
  EXPECT_NE(static_cast<std::uint64_t>(r.run.seed), world_seed(s));
  EXPECT_EQ(world_seed(r), world_seed(s));
  // The district and the base mechanisms are untouched.
  EXPECT_EQ(r.learning.prior_persistence, s.learning.prior_persistence);
  EXPECT_EQ(r.demography.quit_rate_early, s.demography.quit_rate_early);
}

TEST(SpinUp, IsCheckedPhaseByPhaseWhenAsked) {
  EXPECT_NO_THROW(start_world(spun(3), /*check=*/true));
}

// Kindergarten teachers as agents: generated to the class norms around each kindergarten's
// mean effectiveness with titles within the posts; over the years they age, retire, quit,
// are replaced to the norm (unless hiring.include_kindergartens is false), promoted and
// appointed heads and deputy heads (the flows balance every phase); a kindergarten's mean
// effectiveness is its teachers' mean; pay follows the title and the ownership (the cadre
// rotation scopes are tested in test_kindergartens.cpp).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "build/world_source.hpp"
#include "engine/simulation.hpp"
#include "phases/kindergarten_teachers.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

using edusim::testing::kindergarten_scenario;

std::vector<double> agent_means(const World& w) {
  std::vector<double> sum(w.kindergartens.size(), 0.0), n(w.kindergartens.size(), 0.0);
  const KindergartenTeachers& t = w.kindergarten_teachers;
  for (std::size_t i = 0; i < t.size(); ++i) {
    sum[static_cast<std::size_t>(t.kindergarten[i])] += t.effectiveness[i];
    n[static_cast<std::size_t>(t.kindergarten[i])] += 1;
  }
  for (std::size_t k = 0; k < sum.size(); ++k) sum[k] = n[k] > 0 ? sum[k] / n[k] : NAN;
  return sum;
}

}  // namespace

TEST(KindergartenTeachers, GeneratedToTheNormAroundEachKindergartensMeanWithinThePosts) {
  const Scenario s = kindergarten_scenario();
  const World w = build_world(s);
  const Kindergartens& kg = w.kindergartens;
  const KindergartenTeachers& t = w.kindergarten_teachers;
  const auto staff = kindergarten_staff(w);
  const std::vector<double> mean = agent_means(w);
  ASSERT_GT(t.size(), 0u);
  for (std::size_t k = 0; k < kg.size(); ++k) {
    EXPECT_EQ(static_cast<std::int32_t>(staff[k].size()), kg.teachers[k]);
    EXPECT_EQ(kg.teachers[k], 2 * kg.classes[k]);
    EXPECT_NEAR(mean[k], kg.teacher_effectiveness[k], 1e-5) << "kindergarten " << k;
    const auto& shares = s.district.kindergartens.teachers.post_shares;
    for (int g = 1; g < kTitleGrades; ++g) {
      std::size_t held = 0;
      for (const std::size_t i : staff[k]) held += t.title[i] == g;
      EXPECT_LE(held, std::floor(shares[static_cast<std::size_t>(g)] * staff[k].size() + 1e-9));
    }
  }
  const KindergartenTeacherSpec& spec = s.district.kindergartens.teachers;
  for (std::size_t i = 0; i < t.size(); ++i) {
    EXPECT_GE(t.age[i], spec.entry_age);
    EXPECT_LT(t.age[i], spec.retirement_age);
    EXPECT_EQ(t.experience[i], t.age[i] - spec.entry_age);
  }
  std::size_t titled = 0;
  for (const auto title : t.title) titled += title > 0;
  EXPECT_GT(titled, 0u);
}

TEST(KindergartenTeachers, CareersBalanceAndHeadsComeFromTheStaff) {
  Scenario s = kindergarten_scenario(3);
  s.run.years = 20;
  Simulation sim(s, build_world(s), {.check = true});  // invariants and flows every phase
  std::int64_t hires = 0, left = 0, to_leaders = 0, appointed = 0, promotions = 0;
  for (int y = 0; y < s.run.years; ++y) {
    sim.step();
    const YearFlows& f = sim.flows();
    hires += f.kindergarten_teacher_hires, promotions += f.kindergarten_teacher_promotions;
    left += f.kindergarten_teacher_retirements + f.kindergarten_teacher_quits;
    to_leaders += f.kindergarten_teachers_to_leaders;
    appointed += f.kindergarten_leader_appointments;
    const World& w = sim.world();
    const std::vector<double> mean = agent_means(w);
    for (std::size_t k = 0; k < w.kindergartens.size(); ++k) {
      EXPECT_GE(w.kindergartens.teachers[k], 2 * w.kindergartens.classes[k]) << "year " << y;
      if (w.kindergartens.teachers[k] > 0) {
        EXPECT_NEAR(mean[k], w.kindergartens.teacher_effectiveness[k], 1e-5);
      }
    }
    for (const auto age : w.kindergarten_leaders.age)
      EXPECT_LT(age, s.district.kindergartens.teachers.retirement_age);
  }
  EXPECT_GT(hires, 0);
  EXPECT_GT(left, 0);
  EXPECT_GT(promotions, 0);
  ASSERT_GT(appointed, 0);
  // Outside appointments only where no teacher qualifies: most come from the staff.
  EXPECT_GE(2 * to_leaders, appointed);
}

TEST(KindergartenTeachers, HiringScopeCanExcludeKindergartens) {
  Scenario s = kindergarten_scenario(5);
  s.hiring.include_kindergartens = false;
  s.run.years = 6;
  const World start = build_world(s);
  Simulation sim(s, start, {.check = true});
  std::int64_t hires = 0;
  for (int y = 0; y < s.run.years; ++y) sim.step(), hires += sim.flows().kindergarten_teacher_hires;
  EXPECT_EQ(hires, 0);
  EXPECT_LT(sim.world().kindergarten_teachers.size(), start.kindergarten_teachers.size());
}

TEST(KindergartenTeachers, PayFollowsTheTitleAndTheOwnership) {
  Scenario s = kindergarten_scenario();
  s.district.kindergartens.teachers.private_pay_ratio = 0.5;
  const World w = build_world(s);
  const KindergartenTeachers& t = w.kindergarten_teachers;
  bool seen_private = false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const bool is_private = w.kindergartens.is_private[static_cast<std::size_t>(t.kindergarten[i])];
    seen_private = seen_private || is_private;
    const double scale = s.pay.title_salary[static_cast<std::size_t>(t.title[i])];
    EXPECT_DOUBLE_EQ(kindergarten_teacher_pay(w, s.district.kindergartens, s.pay, i),
                     is_private ? 0.5 * scale : scale);
  }
  EXPECT_TRUE(seen_private);
}

TEST(KindergartenTeachers, NoneWithoutKindergartens) {
  const World w = build_world(edusim::testing::small_scenario());
  EXPECT_EQ(w.kindergarten_teachers.size(), 0u);
  EXPECT_EQ(w.next_kindergarten_teacher_id, 0u);
}

// Learning: the update equation on a hand-built class, and class teachers.
#include <gtest/gtest.h>

#include <cmath>

#include "build/generator.hpp"
#include "phases/class_assignment.hpp"
#include "phases/growth.hpp"
#include "phases/learning.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

/// One school with one class of two students and one core teacher.
World one_class_world() {
  World w;
  w.schools.name = {"school"};
  w.schools.level = {Level::Primary};
  w.schools.zone = {Zone::Urban};
  w.schools.open = {1};
  w.schools.floor_area_m2 = {2 * 4.5f};
  w.schools.sports_area_m2 = {2 * 7.5f};
  w.schools.equipment_value_yuan = {2 * 2000.0f};
  w.schools.multimedia_classrooms = {0};
  const auto t = add_teacher(w.teachers, 0, 0);
  w.teachers.effectiveness[t] = 0.4f;
  index_teachers(w);
  w.students.id = {0, 1};
  w.students.achievement = {1.0f, -1.0f};
  w.students.teacher_value_added = {0.5f, 0.0f};
  w.students.ses = {0.5f, -0.5f};
  w.students.residence = {Zone::Urban, Zone::Urban};
  w.classes.school = {0};
  w.classes.grade = {3};
  w.classes.student_begin = {0, 2};
  w.classes.class_teacher = {0};
  w.school_class_begin = {0, 1};
  return w;
}

}  // namespace

TEST(Learning, UpdateEquationWithoutNoise) {
  World w = one_class_world();
  LearningParams p;
  p.noise_sd = 0;
  p.resource_effect = 0;
  learning(w, p, {}, {1, 0, 1});
  // e_class = 0.5*0.4 + 0.5*0.4 = 0.4; class mean = grade mean, so no peer term.
  const double v0 = p.teacher_persistence * 0.5 + 0.4;
  EXPECT_NEAR(w.students.teacher_value_added[0], v0, 1e-6);
  EXPECT_NEAR(w.students.achievement[0], p.prior_persistence * 0.5 + v0 + p.ses_effect * 0.5, 1e-6);
  EXPECT_NEAR(w.students.achievement[1], p.prior_persistence * -1.0 + 0.4 + p.ses_effect * -0.5,
              1e-6);
}

TEST(Learning, AClassWithoutTeacherGetsTheSubstitute) {
  World w = one_class_world();
  w.classes.class_teacher = {-1};
  w.teachers = Teachers{};
  index_teachers(w);
  LearningParams p;
  const SchoolLearningInputs in = school_learning_inputs(w, p);
  EXPECT_FLOAT_EQ(class_effectiveness(w, p, in, 0), static_cast<float>(p.substitute_effectiveness));
}

TEST(Learning, ResourceIndexIsZeroAtTheNationalThresholds) {
  World w = one_class_world();
  w.schools.multimedia_classrooms = {0};
  const SchoolLearningInputs in = school_learning_inputs(w, LearningParams{});
  // Three facilities exactly at threshold (log 0) and one at 0 (clamped at -2).
  EXPECT_NEAR(in.resource_index[0], -2.0 / 4, 1e-6);
}

TEST(Learning, AchievementSpreadStaysNearOneOverTheYears) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  for (std::uint32_t y = 1; y <= 10; ++y)
    learning(w, s.learning, s.online_classroom, year_context(s, y));
  double sum = 0, sum_sq = 0;
  for (float a : w.students.achievement) sum += a, sum_sq += a * a;
  const double n = static_cast<double>(w.students.size());
  const double sd = std::sqrt(sum_sq / n - (sum / n) * (sum / n));
  EXPECT_GT(sd, 0.7);
  EXPECT_LT(sd, 1.4);
}

TEST(ClassAssignment, EveryClassGetsACoreTeacherOfItsOwnSchool) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  assign_class_teachers(w, year_context(s, 1));
  for (std::size_t c = 0; c < w.classes.size(); ++c) {
    const auto t = w.classes.class_teacher[c];
    ASSERT_GE(t, 0);
    EXPECT_EQ(w.teachers.school[static_cast<std::size_t>(t)], w.classes.school[c]);
    EXPECT_EQ(w.teachers.subject[static_cast<std::size_t>(t)], Subject::Core);
  }
}

TEST(Growth, ConcaveCurveWithHalfTheGainInFiveYears) {
  const GrowthParams p;
  EXPECT_NEAR(experience_gain(p, 5) / p.experience_gain, 0.5, 0.01);
  EXPECT_GT(experience_gain(p, 1) - experience_gain(p, 0),
            experience_gain(p, 11) - experience_gain(p, 10));
  EXPECT_LT(experience_gain(p, 40), p.experience_gain);
}

TEST(Growth, BurnoutSlowsGrowth) {
  World w;
  w.schools.name = {"school"};
  w.schools.level = {Level::Primary};
  for (std::uint32_t i = 0; i < 2; ++i) {
    const auto t = add_teacher(w.teachers, i, 0);
    w.teachers.experience[t] = 3;
    w.teachers.effectiveness[t] = 0.3f;
  }
  w.teachers.burnout[1] = 1.0f;
  const GrowthParams p;
  growth(w, p, {1, 0, 1});
  const double full = experience_gain(p, 3) - experience_gain(p, 2);
  EXPECT_NEAR(w.teachers.effectiveness[0] - 0.3, full, 1e-6);
  EXPECT_NEAR(w.teachers.effectiveness[1] - 0.3, full * (1 - p.burnout_penalty), 1e-6);
}

// Learning: the update equation on a hand-built class, and class teachers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

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
  // e_class = 0.8*0.4 + 0.2*0.4 = 0.4; grade mean 0; each student's peers are the other one.
  const double e = 0.4, ds = p.teacher_durable_share;
  const double v0 = p.teacher_persistence * 0.5 + (1 - ds) * e;
  const double v1 = (1 - ds) * e;
  EXPECT_NEAR(w.students.teacher_value_added[0], v0, 1e-6);
  EXPECT_NEAR(w.students.teacher_value_added[1], v1, 1e-6);
  EXPECT_NEAR(w.students.achievement[0],
              p.prior_persistence * 0.5 + ds * e + v0 + p.peer_effect * -1.0 + p.ses_effect * 0.5,
              1e-6);
  EXPECT_NEAR(w.students.achievement[1],
              p.prior_persistence * -1.0 + ds * e + v1 + p.peer_effect * 1.0 + p.ses_effect * -0.5,
              1e-6);
}

namespace {

/// One school, two classes of `n` identical students (achievement 0, SES 0), two core
/// teachers: the first class's teacher `delta` more effective than the second's.
World two_class_world(double delta, int n = 30) {
  World w = one_class_world();
  w.teachers = Teachers{};
  for (std::uint32_t i = 0; i < 2; ++i) add_teacher(w.teachers, i, 0);
  w.teachers.effectiveness = {static_cast<float>(0.3 + delta), 0.3f};
  index_teachers(w);
  const auto size = static_cast<std::size_t>(2 * n);
  w.students = Students{};
  for (std::size_t i = 0; i < size; ++i) {
    w.students.id.push_back(static_cast<std::uint32_t>(i));
    w.students.achievement.push_back(0.0f);
    w.students.teacher_value_added.push_back(0.0f);
    w.students.ses.push_back(0.0f);
    w.students.residence.push_back(Zone::Urban);
  }
  w.classes.school = {0, 0};
  w.classes.grade = {3, 3};
  w.classes.student_begin = {0, n, 2 * n};
  w.classes.class_teacher = {0, 1};
  w.school_class_begin = {0, 2};
  return w;
}

double class_mean(const World& w, std::size_t c) {
  double sum = 0;
  for (auto i = w.classes.student_begin[c]; i < w.classes.student_begin[c + 1]; ++i)
    sum += w.students.achievement[static_cast<std::size_t>(i)];
  return sum / (w.classes.student_begin[c + 1] - w.classes.student_begin[c]);
}

LearningParams without_noise_or_peers() {
  LearningParams p;
  p.noise_sd = 0, p.resource_effect = 0, p.peer_effect = 0;
  return p;
}

}  // namespace

TEST(Learning, AOneSdTeacherRaisesHerClassByTheConfiguredAmountInAYear) {
  const double sd = DistrictSpec{}.teachers.talent.sd;
  World w = two_class_world(sd);
  const LearningParams p = without_noise_or_peers();
  learning(w, p, {}, {1, 0, 1});
  // Both classes share the school's core-teacher mean: only the class teacher's weight differs.
  EXPECT_NEAR(class_mean(w, 0) - class_mean(w, 1), p.class_teacher_weight * sd, 1e-6);
  // The configured amount is a realised class-teacher effect of 0.10-0.20 student SD.
  EXPECT_GE(p.class_teacher_weight * sd, 0.10);
  EXPECT_LE(p.class_teacher_weight * sd, 0.20);
}

TEST(Learning, ATeachersGainDecaysAlongTheConfiguredPath) {
  LearningParams p = without_noise_or_peers();
  p.teacher_persistence = 0.3;  // a transient part that lingers, to see both terms
  World w = two_class_world(0.15);
  learning(w, p, {}, {1, 0, 1});
  const double gain = class_mean(w, 0) - class_mean(w, 1);
  w.teachers.effectiveness[0] = w.teachers.effectiveness[1];  // the same teaching from now on
  const double ds = p.teacher_durable_share;
  for (int k = 1; k <= 6; ++k) {
    learning(w, p, {}, {1, 0, static_cast<std::uint32_t>(k + 1)});
    const double expected = gain * (ds * std::pow(p.prior_persistence, k) +
                                    (1 - ds) * std::pow(p.teacher_persistence, k));
    EXPECT_NEAR(class_mean(w, 0) - class_mean(w, 1), expected, 1e-5) << "year " << k;
  }
  // The defaults: about a quarter persists a year later (0.2-0.33 in the literature).
  const LearningParams d;
  const double one_year = d.teacher_durable_share * d.prior_persistence +
                          (1 - d.teacher_durable_share) * d.teacher_persistence;
  EXPECT_GE(one_year, 0.2);
  EXPECT_LE(one_year, 0.33);
}

TEST(Learning, WithoutTeacherVariationTeachersDoNotMoveTheGaps) {
  // The same district twice, every teacher equally effective, at two levels: the school
  // means differ by the same amount everywhere, so every gap between schools is unchanged.
  const Scenario s = edusim::testing::small_scenario();
  std::vector<std::vector<double>> means;
  for (const float level : {0.2f, 0.6f}) {
    World w = generate_district(s);
    std::fill(w.teachers.effectiveness.begin(), w.teachers.effectiveness.end(), level);
    LearningParams p = s.learning;
    p.substitute_effectiveness = level;
    for (std::uint32_t y = 1; y <= 5; ++y) learning(w, p, s.online_classroom, year_context(s, y));
    std::vector<double> m;
    for (std::size_t c = 0; c < w.classes.size(); ++c) m.push_back(class_mean(w, c));
    means.push_back(m);
  }
  ASSERT_EQ(means[0].size(), means[1].size());
  const double shift = means[1][0] - means[0][0];
  EXPECT_GT(shift, 0.1);                             // teachers matter for the level...
  for (std::size_t c = 1; c < means[0].size(); ++c)  // ...and not for any gap
    EXPECT_NEAR(means[1][c] - means[0][c], shift, 1e-4) << "class " << c;
}

TEST(Learning, ThePeerMeanLeavesTheStudentOut) {
  World w = two_class_world(0.0, 3);
  w.students.achievement = {3.0f, 0.0f, 0.0f, 1.0f, 1.0f, 1.0f};  // grade mean 1
  LearningParams p = without_noise_or_peers();
  p.peer_effect = 0.2;
  std::vector<float> before = w.students.achievement;
  learning(w, p, {}, {1, 0, 1});
  LearningParams no_peers = without_noise_or_peers();
  World plain = two_class_world(0.0, 3);
  plain.students.achievement = before;
  learning(plain, no_peers, {}, {1, 0, 1});
  // Student 0's peers (0, 0) average 0; students 1 and 2 see (3, 0): 1.5. Grade mean 1.
  EXPECT_NEAR(w.students.achievement[0] - plain.students.achievement[0], 0.2 * (0.0 - 1.0), 1e-6);
  EXPECT_NEAR(w.students.achievement[1] - plain.students.achievement[1], 0.2 * (1.5 - 1.0), 1e-6);
  EXPECT_NEAR(w.students.achievement[3] - plain.students.achievement[3], 0.0, 1e-6);
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

// Subject guidance (学科指导): backbone teachers of strong schools guide weak schools.
#include <gtest/gtest.h>

#include <numeric>

#include "build/generator.hpp"
#include "phases/learning.hpp"
#include "phases/subject_guidance.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

/// Urban schools strong, rural weak; a few urban core teachers district backbone.
World guidance_world(const Scenario& s) {
  World w = generate_district(s);
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc)
    w.schools.strength[sc] = w.schools.zone[sc] == Zone::Urban ? Strength::Strong : Strength::Weak;
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (w.schools.zone[static_cast<std::size_t>(w.teachers.school[i])] == Zone::Urban &&
        w.teachers.subject[i] == Subject::Core && w.teachers.id[i] % 5 == 0)
      w.teachers.backbone[i] = 2;
  return w;
}

GuidanceParams enabled_params(std::int32_t guides) {
  GuidanceParams p;
  p.enabled = true;
  p.guides = guides;
  return p;
}

}  // namespace

TEST(SubjectGuidance, GuidesAreStrongSchoolBackboneAndSharesConsistent) {
  const Scenario s = edusim::testing::small_scenario();
  World w = guidance_world(s);
  w.teachers.part_time_share.assign(w.teachers.size(), 0.95f);  // leaves 0.05 to guide
  YearFlows f;
  f.reset(w.schools.size());
  const std::vector<double> received = assign_guides(w, enabled_params(6), f);
  EXPECT_EQ(f.guidance_teachers, 6);
  int guides = 0;
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    EXPECT_LE(w.teachers.guidance_share[i] + w.teachers.part_time_share[i], 1.0f + 1e-6f);
    if (w.teachers.guidance_school[i] < 0) continue;
    ++guides;
    EXPECT_GE(w.teachers.backbone[i], 2);
    EXPECT_EQ(w.schools.strength[static_cast<std::size_t>(w.teachers.school[i])], Strength::Strong);
    const auto to = static_cast<std::size_t>(w.teachers.guidance_school[i]);
    EXPECT_EQ(w.schools.strength[to], Strength::Weak);
    EXPECT_EQ(w.schools.level[to], w.schools.level[static_cast<std::size_t>(w.teachers.school[i])]);
    EXPECT_NEAR(w.teachers.guidance_share[i], 0.05f, 1e-6);
  }
  EXPECT_EQ(guides, 6);
  const SharesBySchool shares = guidance_shares(w);
  EXPECT_NEAR(std::accumulate(shares.sent.begin(), shares.sent.end(), 0.0),
              std::accumulate(shares.received.begin(), shares.received.end(), 0.0), 1e-9);
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc)
    EXPECT_NEAR(shares.received[sc], received[sc], 1e-9);
}

TEST(SubjectGuidance, GuidedCoreTeachersGrowByTheDocumentedAmount) {
  const Scenario s = edusim::testing::small_scenario();
  World w = guidance_world(s);
  const std::vector<float> before = w.teachers.effectiveness;
  const GuidanceParams p = enabled_params(3);
  YearFlows f;
  f.reset(w.schools.size());
  subject_guidance(w, p, {7, 0, 1}, f);
  const SharesBySchool shares = guidance_shares(w);
  int grown = 0;
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    const auto sc = static_cast<std::size_t>(w.teachers.school[i]);
    std::int32_t core = 0;
    for (auto k = w.school_teacher_begin[sc]; k < w.school_teacher_begin[sc + 1]; ++k)
      core += w.teachers.subject[static_cast<std::size_t>(
                  w.teachers_by_school[static_cast<std::size_t>(k)])] == Subject::Core;
    const double expected =
        w.teachers.subject[i] == Subject::Core
            ? p.growth_gain * std::min(1.0, p.reach * shares.received[sc] / core)
            : 0.0;
    EXPECT_NEAR(w.teachers.effectiveness[i] - before[i], expected, 1e-6) << "teacher " << i;
    grown += expected > 0;
  }
  EXPECT_GT(grown, 0);
  EXPECT_DOUBLE_EQ(guidance_coverage(p, 0.1, 4), 1.0);
  EXPECT_DOUBLE_EQ(guidance_coverage(p, 0.1, 16), 0.5);
  EXPECT_DOUBLE_EQ(guidance_coverage(p, 0.0, 16), 0.0);
}

TEST(SubjectGuidance, GuidesOwnClassLosesTheDocumentedShare) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  const std::size_t c = 0;
  const auto t = static_cast<std::size_t>(w.classes.class_teacher[c]);
  w.teachers.settling_years_left[t] = 0;
  LearningParams lp;
  const SchoolLearningInputs in = school_learning_inputs(w, lp);
  const float plain = class_effectiveness(w, lp, in, c, 0.5);
  w.teachers.guidance_share[t] = 0.2f;
  const float guided = class_effectiveness(w, lp, in, c, 0.5);
  const double e = w.teachers.effectiveness[t];
  EXPECT_NEAR(plain - guided, lp.class_teacher_weight * e * 0.2 * 0.5, 1e-6);
  EXPECT_EQ(class_effectiveness(w, lp, in, c, 0.0), plain);  // guidance off: no loss
}

TEST(SubjectGuidance, DisabledOrZeroShareIsBitIdentical) {
  const Scenario s = edusim::testing::small_scenario();
  World a = guidance_world(s), b = guidance_world(s), c = guidance_world(s);
  YearFlows f;
  f.reset(a.schools.size());
  subject_guidance(b, GuidanceParams{}, {7, 0, 1}, f);
  GuidanceParams zero = enabled_params(6);
  zero.share = 0;
  subject_guidance(c, zero, {7, 0, 1}, f);
  EXPECT_EQ(f.guidance_teachers, 0);
  for (World* w : {&b, &c}) {
    EXPECT_EQ(w->teachers.effectiveness, a.teachers.effectiveness);
    EXPECT_EQ(w->teachers.guidance_share, a.teachers.guidance_share);
  }
  learning(a, s.learning, s.online_classroom, {7, 0, 1});
  learning(c, s.learning, s.online_classroom, zero, LeaderParams{false}, {7, 0, 1});
  EXPECT_EQ(a.students.achievement, c.students.achievement);
}

TEST(SubjectGuidance, LossLowersTheGuidesStudentsOnly) {
  const Scenario s = edusim::testing::small_scenario();
  World a = guidance_world(s);
  YearFlows f;
  f.reset(a.schools.size());
  const GuidanceParams p = enabled_params(6);
  assign_guides(a, p, f);  // shares only, no growth
  World b = a;
  learning(a, s.learning, s.online_classroom, {7, 0, 1});
  learning(b, s.learning, s.online_classroom, p, LeaderParams{false}, {7, 0, 1});
  int lower = 0;
  for (std::size_t c = 0; c < a.classes.size(); ++c) {
    const auto t = a.classes.class_teacher[c];
    const bool guide = t >= 0 && a.teachers.guidance_share[static_cast<std::size_t>(t)] > 0;
    for (auto i = a.classes.student_begin[c]; i < a.classes.student_begin[c + 1]; ++i) {
      const auto k = static_cast<std::size_t>(i);
      if (!guide)
        EXPECT_EQ(a.students.achievement[k], b.students.achievement[k]);
      else
        lower += b.students.achievement[k] < a.students.achievement[k];
    }
  }
  EXPECT_GT(lower, 0);
}

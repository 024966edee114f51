// Bundled group evaluation: a group is rewarded only when its lead-member gap in
// mean teacher effectiveness narrows, and the reward goes to its member schools'
// equipment in proportion to their students.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "build/generator.hpp"
#include "phases/group_evaluation.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

constexpr std::size_t kLead = 0, kMemberA = 2, kMemberB = 3;

/// The small district with one group: school 0 leads schools 2 and 3.
World grouped_world() {
  World w = generate_district(edusim::testing::small_scenario());
  for (std::size_t s : {kLead, kMemberA, kMemberB}) {
    w.schools.group[s] = 0;
    w.schools.group_type[s] = GroupType::CollaborativeSupport;
    w.schools.group_role[s] = s == kLead ? GroupRole::Lead : GroupRole::Member;
  }
  return w;
}

/// Adds `delta` to the effectiveness of every teacher teaching at a member school.
void lift_members(World& w, float delta) {
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (w.schools.group_role[static_cast<std::size_t>(w.teachers.school[i])] == GroupRole::Member)
      w.teachers.effectiveness[i] += delta;
}

double evaluate(World& w, const GroupEvaluationParams& p, GroupEvaluationState& state) {
  YearFlows f;
  f.reset(w.schools.size());
  return group_evaluation(w, p, state, {7, 0, 1}, f);
}

}  // namespace

TEST(GroupEvaluation, RewardOnlyWhenTheGapNarrows) {
  World w = grouped_world();
  GroupEvaluationParams p;
  p.enabled = true, p.reward_per_point = 1000;
  GroupEvaluationState state = start_group_evaluation(w);
  ASSERT_EQ(state.last_gap.size(), 1u);
  ASSERT_FALSE(std::isnan(state.last_gap[0]));
  const std::vector<float> equipment = w.schools.equipment_value_yuan;

  lift_members(w, -0.03f);  // the gap widens: nothing
  EXPECT_EQ(evaluate(w, p, state), 0.0);
  EXPECT_EQ(w.schools.equipment_value_yuan, equipment);

  evaluate(w, p, state);  // unchanged: nothing
  EXPECT_EQ(w.schools.equipment_value_yuan, equipment);

  lift_members(w, 0.05f);  // narrows by 0.05 SD = 5 points
  const double paid = evaluate(w, p, state);
  EXPECT_NEAR(paid, 5 * 1000, 1.0);
  EXPECT_EQ(w.schools.equipment_value_yuan[kLead], equipment[kLead]);
  const double gained = (w.schools.equipment_value_yuan[kMemberA] - equipment[kMemberA]) +
                        (w.schools.equipment_value_yuan[kMemberB] - equipment[kMemberB]);
  EXPECT_NEAR(gained, paid, 0.1);
  EXPECT_EQ(evaluate(w, p, state), 0.0);  // a narrowing is paid once
}

TEST(GroupEvaluation, RewardSplitByStudents) {
  World w = grouped_world();
  GroupEvaluationParams p;
  p.enabled = true, p.reward_per_point = 20000;
  GroupEvaluationState state = start_group_evaluation(w);
  state.last_gap[0] += 0.02;  // as if the gap was 0.02 SD wider a year ago
  const std::vector<float> equipment = w.schools.equipment_value_yuan;
  const double paid = evaluate(w, p, state);
  EXPECT_NEAR(paid, 0.02 * 100 * 20000, 1e-6);
  const double a = w.school_students(kMemberA), b = w.school_students(kMemberB);
  EXPECT_NEAR(w.schools.equipment_value_yuan[kMemberA] - equipment[kMemberA], paid * a / (a + b),
              0.1);
  EXPECT_NEAR(w.schools.equipment_value_yuan[kMemberB] - equipment[kMemberB], paid * b / (a + b),
              0.1);
}

TEST(GroupEvaluation, FreshStateOnlyRecords) {
  World w = grouped_world();
  GroupEvaluationParams p;
  p.enabled = true;
  GroupEvaluationState state;
  const std::vector<float> equipment = w.schools.equipment_value_yuan;
  EXPECT_EQ(evaluate(w, p, state), 0.0);
  EXPECT_EQ(state.last_gap.size(), 1u);
  EXPECT_EQ(w.schools.equipment_value_yuan, equipment);
}

TEST(GroupEvaluation, NoGroupsOrDisabledIsANoOp) {
  World w = generate_district(edusim::testing::small_scenario());
  const World before = w;
  GroupEvaluationParams p;
  p.enabled = true;
  GroupEvaluationState state = start_group_evaluation(w);
  EXPECT_TRUE(state.last_gap.empty());
  lift_members(w, 0.0f);
  EXPECT_EQ(evaluate(w, p, state), 0.0);
  EXPECT_EQ(
      std::memcmp(w.schools.equipment_value_yuan.data(), before.schools.equipment_value_yuan.data(),
                  w.schools.size() * sizeof(float)),
      0);

  World g = grouped_world();
  state = start_group_evaluation(g);
  state.last_gap[0] += 1.0;
  p.enabled = false;
  const std::vector<float> equipment = g.schools.equipment_value_yuan;
  EXPECT_EQ(evaluate(g, p, state), 0.0);
  EXPECT_EQ(g.schools.equipment_value_yuan, equipment);
}

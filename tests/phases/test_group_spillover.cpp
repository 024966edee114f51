// Group spillover: member schools' teachers are pulled toward the lead school.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "build/generator.hpp"
#include "phases/group_spillover.hpp"
#include "phases/school_strength.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

/// The small district; primary-urban 1 (school 0) leads primary-rural 1
/// (school 2) in a group of `type` (none: no group).
World grouped_world(GroupType type) {
  World w = generate_district(edusim::testing::small_scenario());
  // Put the lead clearly ahead, as a lead school is.
  for (auto k = w.school_teacher_begin[0]; k < w.school_teacher_begin[1]; ++k)
    w.teachers.effectiveness[static_cast<std::size_t>(
        w.teachers_by_school[static_cast<std::size_t>(k)])] += 0.1f;
  if (type != GroupType::None) {
    w.schools.group[0] = w.schools.group[2] = 0;
    w.schools.group_role[0] = GroupRole::Lead;
    w.schools.group_role[2] = GroupRole::Member;
    w.schools.group_type[0] = w.schools.group_type[2] = type;
  }
  return w;
}

double gap_after_one_year(GroupType type) {
  World w = grouped_world(type);
  YearFlows flows;
  flows.reset(w.schools.size());
  group_spillover(w, SpilloverParams{}, YearContext{}, flows);
  const auto mean = school_mean_effectiveness(w);
  return mean[0] - mean[2];
}

}  // namespace

TEST(GroupSpillover, TightNarrowsFasterThanCollaborativeWhichBeatsNone) {
  const double none = gap_after_one_year(GroupType::None);
  const double tight = gap_after_one_year(GroupType::TightIntegration);
  const double collab = gap_after_one_year(GroupType::CollaborativeSupport);
  ASSERT_GT(none, 0.01);  // the urban lead is ahead in this world
  EXPECT_LT(tight, collab);
  EXPECT_LT(collab, none);
  // The gap shrinks by exactly the type's rate (float rounding aside).
  EXPECT_NEAR(tight, none * (1 - 0.15), 1e-5);
  EXPECT_NEAR(collab, none * (1 - 0.08), 1e-5);
}

TEST(GroupSpillover, NeverLowersAnyoneAndOnlyMembersMove) {
  for (auto type : {GroupType::TightIntegration, GroupType::StrongStrong}) {
    World w = grouped_world(type);
    // Also a member ahead of its lead: school 3 in a group led by weaker school 4.
    w.schools.group[3] = w.schools.group[4] = 1;
    w.schools.group_role[4] = GroupRole::Lead;
    w.schools.group_role[3] = GroupRole::Member;
    w.schools.group_type[3] = w.schools.group_type[4] = type;
    for (auto k = w.school_teacher_begin[3]; k < w.school_teacher_begin[4]; ++k)
      w.teachers.effectiveness[static_cast<std::size_t>(
          w.teachers_by_school[static_cast<std::size_t>(k)])] += 1.0f;
    const std::vector<float> before = w.teachers.effectiveness;
    YearFlows flows;
    flows.reset(w.schools.size());
    group_spillover(w, SpilloverParams{}, YearContext{}, flows);
    for (std::size_t i = 0; i < before.size(); ++i) {
      EXPECT_GE(w.teachers.effectiveness[i], before[i]);
      if (w.teachers.school[i] != 2) {
        EXPECT_EQ(w.teachers.effectiveness[i], before[i]) << i;
      }
    }
  }
}

TEST(GroupSpillover, NoOpWithoutGroupsOrWhenDisabled) {
  World w = grouped_world(GroupType::None);
  const std::vector<float> before = w.teachers.effectiveness;
  YearFlows flows;
  flows.reset(w.schools.size());
  group_spillover(w, SpilloverParams{}, YearContext{}, flows);
  EXPECT_EQ(w.teachers.effectiveness, before);
  World g = grouped_world(GroupType::TightIntegration);
  SpilloverParams off;
  off.enabled = false;
  group_spillover(g, off, YearContext{}, flows);
  EXPECT_EQ(g.teachers.effectiveness, before);
}

TEST(GroupSpillover, AlliancePullsMembersTowardTheCore) {
  World w = grouped_world(GroupType::None);
  w.schools.alliance[0] = w.schools.alliance[3] = 0;
  w.schools.alliance_core[0] = 1;
  const auto before = school_mean_effectiveness(w);
  ASSERT_GT(before[0], before[3]);
  YearFlows flows;
  flows.reset(w.schools.size());
  group_spillover(w, SpilloverParams{}, YearContext{}, flows);
  const auto after = school_mean_effectiveness(w);
  EXPECT_NEAR(after[0] - after[3], (before[0] - before[3]) * (1 - 0.03), 1e-5);
  EXPECT_EQ(after[0], before[0]);
}

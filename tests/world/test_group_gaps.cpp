// Lead-member gaps inside education groups, on a generated world with groups
// set by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "build/generator.hpp"
#include "test_helpers.hpp"
#include "world/group_gaps.hpp"

using namespace edusim;

TEST(GroupGaps, LeadMinusMembersByHand) {
  World w = generate_district(edusim::testing::small_scenario());
  // Group 0: school 0 leads schools 2 and 3. School 1 is in no group.
  w.schools.group = {0, -1, 0, 0, -1, -1, -1, -1};
  w.schools.group_role = {GroupRole::Lead, GroupRole::None, GroupRole::Member, GroupRole::Member,
                          GroupRole::None, GroupRole::None, GroupRole::None,   GroupRole::None};
  ASSERT_EQ(group_count(w), 1u);
  auto school_sum = [&w](std::size_t s, double& n) {
    double sum = 0;
    const auto b = w.classes.student_begin[static_cast<std::size_t>(w.school_class_begin[s])];
    const auto e = w.classes.student_begin[static_cast<std::size_t>(w.school_class_begin[s + 1])];
    for (auto i = b; i < e; ++i) sum += w.students.achievement[static_cast<std::size_t>(i)];
    n = e - b;
    return sum;
  };
  double n0, n2, n3;
  const double s0 = school_sum(0, n0), s2 = school_sum(2, n2), s3 = school_sum(3, n3);
  const auto rows = group_gap_rows(w, 1);
  EXPECT_NEAR(rows[0], s0 / n0 - (s2 + s3) / (n2 + n3), 1e-9);
  EXPECT_TRUE(std::isfinite(rows[1]));
  const SeriesGroup series = group_series(1);
  EXPECT_EQ(series.path, "groups");
  EXPECT_EQ(rows.size(), series.series.size());
}

TEST(GroupGaps, GroupWithoutMembersIsNaN) {
  World w = generate_district(edusim::testing::small_scenario());
  w.schools.group[0] = 0;
  w.schools.group_role[0] = GroupRole::Lead;
  const auto rows = group_gap_rows(w, 1);
  EXPECT_TRUE(std::isnan(rows[0]));
}

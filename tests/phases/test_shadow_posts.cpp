// Shadow posts (跟岗): young member-school teachers spend a year at the lead school.
#include <gtest/gtest.h>

#include <map>

#include "build/generator.hpp"
#include "phases/growth.hpp"
#include "phases/shadow_posts.hpp"
#include "test_helpers.hpp"
#include "world/invariants.hpp"

using namespace edusim;

namespace {

/// One group of the primaries: the first urban primary leads, the rural ones
/// are members; every teacher young enough to shadow is made young.
World group_world(const Scenario& s, std::size_t& lead) {
  World w = generate_district(s);
  lead = w.schools.size();
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc) {
    if (w.schools.level[sc] != Level::Primary) continue;
    if (w.schools.zone[sc] == Zone::Urban && lead == w.schools.size()) {
      lead = sc;
      w.schools.group[sc] = 0, w.schools.group_role[sc] = GroupRole::Lead;
    } else if (w.schools.zone[sc] == Zone::Rural) {
      w.schools.group[sc] = 0, w.schools.group_role[sc] = GroupRole::Member;
    }
  }
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (w.teachers.id[i] % 3 == 0) w.teachers.experience[i] = static_cast<std::int16_t>(i % 4);
  return w;
}

ShadowParams enabled_params() {
  ShadowParams p;
  p.enabled = true;
  return p;
}

double mean_young_member_effectiveness(const World& w, const std::vector<std::uint32_t>& ids) {
  std::map<std::uint32_t, float> e;
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    e[w.teachers.id[i]] = w.teachers.effectiveness[i];
  double sum = 0;
  for (auto id : ids) sum += e.at(id);
  return sum / static_cast<double>(ids.size());
}

}  // namespace

TEST(ShadowPosts, HostsAreTheLeadOrTheNearestStrongSchool) {
  const Scenario s = edusim::testing::small_scenario();
  std::size_t lead = 0;
  World w = group_world(s, lead);
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc) w.schools.strength[sc] = Strength::Ordinary;
  std::size_t middle_strong = w.schools.size(), middle_rural = w.schools.size();
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc)
    if (w.schools.level[sc] == Level::Middle)
      (w.schools.zone[sc] == Zone::Urban ? middle_strong : middle_rural) = sc;
  w.schools.strength[middle_strong] = Strength::Strong;
  const auto host = shadow_hosts(w);
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc) {
    if (w.schools.group_role[sc] == GroupRole::Member)
      EXPECT_EQ(host[sc], static_cast<std::int32_t>(lead));
    else if (sc == middle_rural)
      EXPECT_EQ(host[sc], static_cast<std::int32_t>(middle_strong));
    else
      EXPECT_EQ(host[sc], -1) << "school " << sc;
  }
}

TEST(ShadowPosts, YoungMembersGoToTheLeadAndReturnWithTheBoost) {
  const Scenario s = edusim::testing::small_scenario();
  std::size_t lead = 0;
  World w = group_world(s, lead);
  std::vector<std::int32_t> heads(w.schools.size());
  for (std::size_t sc = 0; sc < heads.size(); ++sc) heads[sc] = w.school_teachers(sc);
  const ShadowParams p = enabled_params();
  YearFlows f1;
  f1.reset(w.schools.size());
  shadow_posts(w, p, {7, 0, 1}, f1);
  EXPECT_EQ(f1.shadow_posts, 4);  // one per rural member primary
  ASSERT_EQ(f1.rotation_events.size(), 4u);
  std::map<std::uint32_t, float> sent;
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    if (w.teachers.rotation_kind[i] != RotationKind::Shadow) continue;
    EXPECT_EQ(w.teachers.school[i], static_cast<std::int32_t>(lead));
    EXPECT_EQ(w.teachers.rotation_destination[i], static_cast<std::int32_t>(lead));
    EXPECT_EQ(w.teachers.rotation_years_left[i], 1);
    EXPECT_LE(w.teachers.experience[i], p.max_experience);
    EXPECT_EQ(w.schools.group_role[static_cast<std::size_t>(w.teachers.home_school[i])],
              GroupRole::Member);
    sent[w.teachers.id[i]] = w.teachers.effectiveness[i];
  }
  EXPECT_EQ(sent.size(), 4u);
  EXPECT_EQ(w.school_teachers(lead), heads[lead] + 4);
  w.classes.class_teacher.assign(w.classes.size(), -1);  // class assignment comes later
  check_invariants(w, "after shadow posts", ClassTeachers::MayBeMissing);

  ShadowParams no_new = p;
  no_new.posts_per_school = 0;
  YearFlows f2;
  f2.reset(w.schools.size());
  shadow_posts(w, no_new, {7, 0, 2}, f2);
  int returned = 0;
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    const auto it = sent.find(w.teachers.id[i]);
    if (it == sent.end()) continue;
    ++returned;
    EXPECT_EQ(w.teachers.school[i], w.teachers.home_school[i]);
    EXPECT_EQ(w.teachers.rotation_kind[i], RotationKind::None);
    EXPECT_FLOAT_EQ(w.teachers.effectiveness[i], it->second + static_cast<float>(p.growth_boost));
  }
  EXPECT_EQ(returned, 4);
  for (const auto& e : f2.rotation_events) EXPECT_EQ(e.kind, RotationKind::Return);
  for (std::size_t sc = 0; sc < heads.size(); ++sc) EXPECT_EQ(w.school_teachers(sc), heads[sc]);
  check_invariants(w, "after the return", ClassTeachers::MayBeMissing);
}

TEST(ShadowPosts, ReturnersAreNotResentAndTheCapHolds) {
  const Scenario s = edusim::testing::small_scenario();
  std::size_t lead = 0;
  World w = group_world(s, lead);
  ShadowParams p = enabled_params();
  p.max_posts = 3;
  YearFlows f1, f2;
  f1.reset(w.schools.size()), f2.reset(w.schools.size());
  shadow_posts(w, p, {7, 0, 1}, f1);
  EXPECT_EQ(f1.shadow_posts, 3);
  std::vector<std::uint32_t> first;
  for (const auto& e : f1.rotation_events) first.push_back(e.teacher);
  shadow_posts(w, p, {7, 0, 2}, f2);
  EXPECT_EQ(f2.shadow_posts, 3);
  for (const auto& e : f2.rotation_events)
    if (e.kind == RotationKind::Shadow) {
      EXPECT_EQ(std::count(first.begin(), first.end(), e.teacher), 0);
    }
}

TEST(ShadowPosts, RaiseYoungMemberTeachersAgainstTheSameSeedWithout) {
  const Scenario s = edusim::testing::small_scenario();
  std::size_t lead = 0;
  World with = group_world(s, lead), without = with;
  std::vector<std::uint32_t> young;
  for (std::size_t i = 0; i < with.teachers.size(); ++i)
    if (with.schools.group_role[static_cast<std::size_t>(with.teachers.school[i])] ==
            GroupRole::Member &&
        with.teachers.experience[i] <= 5)
      young.push_back(with.teachers.id[i]);
  ASSERT_FALSE(young.empty());
  for (std::uint32_t y = 1; y <= 4; ++y) {
    YearFlows f;
    f.reset(with.schools.size());
    shadow_posts(with, enabled_params(), {7, 0, y}, f);
    growth(with, s.growth, {7, 0, y});
    growth(without, s.growth, {7, 0, y});
  }
  const double gain = mean_young_member_effectiveness(with, young) -
                      mean_young_member_effectiveness(without, young);
  // Three cohorts of 4 returned with 0.02 each, spread over the young teachers.
  EXPECT_NEAR(gain, 12 * 0.02 / static_cast<double>(young.size()), 1e-5);
  EXPECT_GT(gain, 0.0);
}

TEST(ShadowPosts, DisabledIsBitIdentical) {
  const Scenario s = edusim::testing::small_scenario();
  std::size_t lead = 0;
  World w = group_world(s, lead);
  const Teachers before = w.teachers;
  YearFlows f;
  f.reset(w.schools.size());
  shadow_posts(w, ShadowParams{}, {7, 0, 1}, f);
  EXPECT_EQ(w.teachers.school, before.school);
  EXPECT_EQ(w.teachers.effectiveness, before.effectiveness);
  EXPECT_EQ(w.teachers.rotation_kind, before.rotation_kind);
  EXPECT_TRUE(f.rotation_events.empty());
}

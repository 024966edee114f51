// Kindergartens in the reforms: kindergarten groups (a public lead paired with private
// members, 结对帮扶), kindergarten communities and cross-level school groups with
// kindergarten members, written by name in the scenario's structure; the pairing spillover
// narrows every paired private member's gap to its lead, in every seed of a fixed set,
// against the same run without it (the teachers' careers move the means in both).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "build/world_source.hpp"
#include "core/error.hpp"
#include "engine/simulation.hpp"
#include "phases/group_spillover.hpp"
#include "phases/school_strength.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

/// The small district with a public lead ("public 1"), three paired private kindergartens
/// ("private 1-3", a weaker staff) and two rural public ones ("village 1-2") in a community.
Scenario paired_scenario(std::int64_t seed) {
  Scenario s = edusim::testing::small_scenario(3, seed);
  KindergartenSpec& k = s.district.kindergartens;
  using edusim::testing::kindergarten_type;
  k.types = {kindergarten_type("public", Zone::Urban, false, 1),
             kindergarten_type("private", Zone::Urban, true, 3),
             kindergarten_type("village", Zone::Rural, false, 2)};
  k.private_effectiveness_shift = -0.3;
  s.structure.kindergarten_groups = {{"pairing", "public 1", "private 1, private 2, private 3"}};
  s.structure.kindergarten_communities = {{"community", "village 1", "village 2"}};
  return s;
}

std::size_t kindergarten(const World& w, const std::string& name) {
  for (std::size_t k = 0; k < w.kindergartens.size(); ++k)
    if (w.kindergartens.name[k] == name) return k;
  throw std::runtime_error("no kindergarten " + name);
}

/// The kindergartens' mean teacher effectiveness after `years` simulated years.
std::vector<float> effectiveness_after(const Scenario& s, int years) {
  Simulation sim(s, build_world(s));
  for (int y = 0; y < years; ++y) sim.step();
  return sim.world().kindergartens.teacher_effectiveness;
}

std::string refusal(Scenario s) {
  try {
    build_world(s);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(KindergartenGroups, StructureWritesGroupsCommunitiesAndCrossLevelMembers) {
  Scenario s = paired_scenario(7);
  s.structure.groups = {
      {"cross", GroupType::CollaborativeSupport, "middle-urban 1", "primary-rural 1", "village 1"}};
  const World w = build_world(s);
  const Kindergartens& kg = w.kindergartens;
  const std::size_t lead = kindergarten(w, "public 1");
  EXPECT_EQ(kg.group_role[lead], GroupRole::Lead);
  for (const char* m : {"private 1", "private 2", "private 3"}) {
    EXPECT_EQ(kg.group[kindergarten(w, m)], kg.group[lead]);
    EXPECT_EQ(kg.group_role[kindergarten(w, m)], GroupRole::Member);
  }
  EXPECT_EQ(kg.alliance[kindergarten(w, "village 2")], kg.alliance[kindergarten(w, "village 1")]);
  EXPECT_TRUE(kg.alliance_core[kindergarten(w, "village 1")]);
  EXPECT_FALSE(kg.alliance_core[kindergarten(w, "village 2")]);
  EXPECT_EQ(kg.school_group[kindergarten(w, "village 1")], 0);
  EXPECT_EQ(kg.school_group[kindergarten(w, "village 2")], -1);
}

TEST(KindergartenGroups, PairingSpilloverNarrowsEveryPrivateMembersGapInEverySeed) {
  constexpr int kYears = 3;
  for (std::int64_t seed = 1; seed <= 10; ++seed) {
    const Scenario s = paired_scenario(seed);
    Scenario off = s;
    off.group_spillover.kindergarten_group_rate = 0;
    const World start = build_world(s);
    const std::vector<float> with = effectiveness_after(s, kYears);
    const std::vector<float> without = effectiveness_after(off, kYears);
    const std::size_t lead = kindergarten(start, "public 1");
    EXPECT_NEAR(with[lead], without[lead], 1e-6) << "seed " << seed << ": the lead gains nothing";
    const auto& before = start.kindergartens.teacher_effectiveness;
    for (const char* m : {"private 1", "private 2", "private 3"}) {
      const std::size_t k = kindergarten(start, m);
      const double gap0 = before[lead] - before[k];
      const double gap_with = with[lead] - with[k], gap_without = without[lead] - without[k];
      ASSERT_GT(gap0, 0.0) << "seed " << seed << " " << m;
      EXPECT_LT(gap_with, gap_without) << "seed " << seed << " " << m;
      EXPECT_GT(gap_with, 0.0) << "seed " << seed << " " << m << ": no overshoot";
    }
  }
}

TEST(KindergartenGroups, NoPullWithoutTheRateOrTheMechanism) {
  Scenario s = paired_scenario(3);
  s.group_spillover.enabled = false;
  const std::vector<float> off = effectiveness_after(s, 2);
  s = paired_scenario(3);
  s.group_spillover.kindergarten_group_rate = 0;
  s.group_spillover.kindergarten_community_rate = 0;
  EXPECT_EQ(effectiveness_after(s, 2), off);
}

TEST(KindergartenGroups, CommunityAndCrossLevelGainsFollowTheirRates) {
  Scenario s = paired_scenario(5);
  s.structure.groups = {
      {"cross", GroupType::TightIntegration, "middle-urban 1", "primary-rural 1", "private 1"}};
  World w = build_world(s);
  const std::vector<double> school_mean = school_mean_effectiveness(w);
  const std::vector<double> gain = kindergarten_spillover_gain(w, s.group_spillover, school_mean);
  const auto& e = w.kindergartens.teacher_effectiveness;
  const std::size_t core = kindergarten(w, "village 1"), member = kindergarten(w, "village 2");
  EXPECT_DOUBLE_EQ(gain[member], std::max(0.0, 0.03 * (double{e[core]} - e[member])));
  EXPECT_EQ(gain[core], 0.0);
  const std::size_t lead = kindergarten(w, "public 1"), p1 = kindergarten(w, "private 1");
  std::size_t middle = 0;
  while (w.schools.name[middle] != "middle-urban 1") ++middle;
  const double expected = std::max(0.0, 0.08 * (double{e[lead]} - e[p1])) +
                          std::max(0.0, 0.15 * (school_mean[middle] - e[p1]));
  EXPECT_NEAR(gain[p1], expected, 1e-12);
}

TEST(KindergartenGroups, RefusesBadNamesWithTheKeyPath) {
  Scenario s = paired_scenario(7);
  s.structure.kindergarten_groups[0].members = "private 1, privat 2";
  EXPECT_NE(refusal(s).find("key 'structure.kindergarten_groups[0].members[1]' names no "
                            "kindergarten 'privat 2'; did you mean 'private 2'?"),
            std::string::npos)
      << refusal(s);
  s = paired_scenario(7);
  s.structure.kindergarten_communities.push_back({"again", "private 1", "village 2"});
  EXPECT_NE(refusal(s).find("key 'structure.kindergarten_communities[1].members[0]' "
                            "kindergarten 'village 2' is already in another kindergarten "
                            "community"),
            std::string::npos)
      << refusal(s);
  s = paired_scenario(7);
  s.structure.groups = {
      {"cross", GroupType::CollaborativeSupport, "middle-urban 1", "primary-rural 1", "nowhere"}};
  EXPECT_NE(refusal(s).find("key 'structure.groups[0].kindergartens[0]' names no kindergarten "
                            "'nowhere'"),
            std::string::npos)
      << refusal(s);
}

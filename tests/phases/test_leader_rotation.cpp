// Cadre rotation swaps leaders between strong and weak schools within the quota,
// the eligibility rules and "teachers before cadres", keeping one principal per school.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "build/generator.hpp"
#include "phases/leader_rotation.hpp"
#include "phases/leaders.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

constexpr std::int32_t kRetirement = 60;

std::size_t add_leader(World& w, std::int32_t school, LeaderRole role, float quality) {
  Leaders& l = w.leaders;
  l.for_each_column([](auto& column) { column.emplace_back(); });
  const std::size_t i = l.size() - 1;
  l.id[i] = w.next_leader_id++;
  l.school[i] = l.home_school[i] = school;
  l.role[i] = role;
  l.age[i] = 45;
  l.experience[i] = 10;
  l.years_in_post[i] = 8;
  l.quality[i] = quality;
  l.rotation_destination[i] = -1;
  return i;
}

/// A district of `pairs` urban primaries (strong) and `pairs` rural primaries
/// (weak), and as many urban and rural middle schools (strong, weak); each
/// school has one principal and one vice-principal, all eligible. Strong
/// schools' leaders are better, and quality falls with the school index.
World leader_world(int pairs, int middle_pairs = 1) {
  Scenario s = edusim::testing::small_scenario();
  s.district.schools[0].count = s.district.schools[1].count = pairs;
  s.district.schools[2].count = s.district.schools[3].count = middle_pairs;
  World w = generate_district(s);
  w.leaders = Leaders{};  // built here, whatever the generator does
  w.next_leader_id = 0;
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc) {
    const bool urban = w.schools.zone[sc] == Zone::Urban;
    w.schools.strength[sc] = urban ? Strength::Strong : Strength::Weak;
    const float base = (urban ? 0.2f : -0.2f) - 0.001f * static_cast<float>(sc);
    add_leader(w, static_cast<std::int32_t>(sc), LeaderRole::Principal, base);
    add_leader(w, static_cast<std::int32_t>(sc), LeaderRole::VicePrincipal, base - 0.05f);
  }
  return w;
}

LeaderRotationParams on() {
  LeaderRotationParams p;
  p.enabled = true;
  p.teachers_first = false;
  return p;
}

YearFlows run_year(World& w, const LeaderRotationParams& p, std::uint32_t year,
                   std::int64_t teacher_movers = 0) {
  YearFlows f;
  f.reset(w.schools.size());
  f.rotations = teacher_movers;
  leader_rotation(w, p, kRetirement, kRetirement, {5, 0, year}, f);
  return f;
}

/// The invariants the lead's checker tests.
void expect_posts_balanced(const World& w) {
  const Leaders& l = w.leaders;
  std::vector<int> principals(w.schools.size(), 0);
  for (std::size_t i = 0; i < l.size(); ++i) {
    if (l.role[i] == LeaderRole::Principal) ++principals[static_cast<std::size_t>(l.school[i])];
    if (l.rotation_destination[i] >= 0) {
      EXPECT_EQ(l.school[i], l.rotation_destination[i]) << "leader " << l.id[i];
      EXPECT_NE(l.school[i], l.home_school[i]) << "leader " << l.id[i];
      EXPECT_GT(l.rotation_years_left[i], 0) << "leader " << l.id[i];
    } else {
      EXPECT_EQ(l.school[i], l.home_school[i]) << "leader " << l.id[i];
    }
  }
  for (std::size_t s = 0; s < w.schools.size(); ++s)
    if (w.schools.open[s]) {
      EXPECT_EQ(principals[s], 1) << "school " << s;
    }
}

std::int64_t rotating(const World& w) {
  const auto& d = w.leaders.rotation_destination;
  return std::count_if(d.begin(), d.end(), [](std::int32_t x) { return x >= 0; });
}

}  // namespace

TEST(LeaderRotation, MiyunMoves55PercentOfEligible) {
  // 46 schools, 92 leaders, one near retirement: 91 eligible, as many pairs as
  // needed. Miyun 2021: 50 rotated = 55% of those eligible.
  World w = leader_world(20, 3);
  ASSERT_EQ(w.leaders.size(), 92u);
  w.leaders.age[5] = kRetirement - 2;
  const YearFlows f = run_year(w, on(), 1);
  EXPECT_EQ(f.leader_rotation_eligible, 91);
  EXPECT_EQ(f.leader_rotations, 50);
  EXPECT_NEAR(static_cast<double>(f.leader_rotations) / f.leader_rotation_eligible, 0.55, 0.01);
  EXPECT_EQ(rotating(w), 50);
  EXPECT_EQ(w.leaders.rotation_destination[5], -1);
  expect_posts_balanced(w);
}

TEST(LeaderRotation, QuotaAndEligibilityRespected) {
  World w = leader_world(6);
  Leaders& l = w.leaders;
  LeaderRotationParams p = on();
  p.quota_share = 0.3;
  p.roles = LeaderRotationRoles::Principals;
  std::vector<std::uint8_t> eligible(l.size(), 1);
  for (std::size_t i = 0; i < l.size(); ++i) {
    if (l.role[i] != LeaderRole::Principal) eligible[i] = 0;
    if (i % 5 == 0) l.years_in_post[i] = 5, eligible[i] = 0;      // too short in post
    if (i % 7 == 0) l.age[i] = kRetirement - 3, eligible[i] = 0;  // near retirement
  }
  std::int64_t n_eligible = 0;
  for (auto e : eligible) n_eligible += e;
  const YearFlows f = run_year(w, p, 1);
  EXPECT_EQ(f.leader_rotation_eligible, n_eligible);
  EXPECT_LE(f.leader_rotations, std::llround(0.3 * static_cast<double>(n_eligible)));
  EXPECT_GE(f.leader_rotations, std::llround(0.3 * static_cast<double>(n_eligible)) - 1);
  for (std::size_t i = 0; i < l.size(); ++i)
    if (l.has_rotated[i]) {
      EXPECT_TRUE(eligible[i]) << "leader " << i;
    }
  expect_posts_balanced(w);
}

TEST(LeaderRotation, TeachersBeforeCadresCapsMoves) {
  LeaderRotationParams p = on();
  p.teachers_first = true;
  World a = leader_world(10);
  EXPECT_EQ(run_year(a, p, 1, 5).leader_rotations, 4);  // pairs: at most 5 moves
  World b = leader_world(10);
  EXPECT_EQ(run_year(b, p, 1, 0).leader_rotations, 0);
  p.teachers_first_ratio = 2.0;
  World c = leader_world(10);
  EXPECT_EQ(run_year(c, p, 1, 5).leader_rotations, 10);
  p.teachers_first = false;
  World d = leader_world(10);
  const YearFlows f = run_year(d, p, 1, 5);
  EXPECT_EQ(f.leader_rotations, 24);  // round(0.55 * 44)
  expect_posts_balanced(d);
}

TEST(LeaderRotation, StrongestGoToNeediestAndEventsMatch) {
  World w = leader_world(6);
  const World before = w;
  LeaderRotationParams p = on();
  p.roles = LeaderRotationRoles::Principals;
  p.quota_share = 0.15;  // 14 eligible principals: 2 moves, 1 pair
  const YearFlows f = run_year(w, p, 1);
  ASSERT_EQ(f.leader_rotations, 2);
  ASSERT_EQ(f.leader_rotation_events.size(), 2u);
  // The largest gap: a strong-school and a weak-school principal of one level.
  const Leaders& l0 = before.leaders;
  const auto strength = [&](std::size_t i) {
    return before.schools.strength[static_cast<std::size_t>(l0.school[i])];
  };
  const auto level = [&](std::size_t i) {
    return before.schools.level[static_cast<std::size_t>(l0.school[i])];
  };
  std::size_t best = 0, worst = 0;
  float gap = -1;
  for (std::size_t i = 0; i < l0.size(); ++i)
    for (std::size_t j = 0; j < l0.size(); ++j)
      if (l0.role[i] == LeaderRole::Principal && l0.role[j] == LeaderRole::Principal &&
          strength(i) == Strength::Strong && strength(j) == Strength::Weak &&
          level(i) == level(j) && l0.quality[i] - l0.quality[j] > gap)
        gap = l0.quality[i] - l0.quality[j], best = i, worst = j;
  const RotationEvent& out = f.leader_rotation_events[0];
  const RotationEvent& in = f.leader_rotation_events[1];
  EXPECT_EQ(out.teacher, l0.id[best]);
  EXPECT_EQ(out.kind, RotationKind::BackboneOut);
  EXPECT_EQ(out.from, l0.school[best]);
  EXPECT_EQ(out.to, l0.school[worst]);
  EXPECT_EQ(in.teacher, l0.id[worst]);
  EXPECT_EQ(in.kind, RotationKind::ExchangeIn);
  EXPECT_EQ(in.from, l0.school[worst]);
  EXPECT_EQ(in.to, l0.school[best]);
  EXPECT_EQ(w.leaders.school[best], l0.school[worst]);
  EXPECT_EQ(w.leaders.school[worst], l0.school[best]);
}

TEST(LeaderRotation, EveryMoveIsAStrongWeakSwapOfOneRole) {
  World w = leader_world(8);
  const World before = w;
  const YearFlows f = run_year(w, on(), 1);
  ASSERT_GT(f.leader_rotations, 0);
  ASSERT_EQ(f.leader_rotation_events.size(), static_cast<std::size_t>(f.leader_rotations));
  for (std::size_t e = 0; e < f.leader_rotation_events.size(); e += 2) {
    const RotationEvent& out = f.leader_rotation_events[e];
    const RotationEvent& in = f.leader_rotation_events[e + 1];
    EXPECT_EQ(before.schools.strength[static_cast<std::size_t>(out.from)], Strength::Strong);
    EXPECT_EQ(before.schools.strength[static_cast<std::size_t>(out.to)], Strength::Weak);
    EXPECT_EQ(out.from, in.to);
    EXPECT_EQ(out.to, in.from);
    EXPECT_EQ(before.schools.level[static_cast<std::size_t>(out.from)],
              before.schools.level[static_cast<std::size_t>(out.to)]);
    EXPECT_EQ(w.leaders.role[out.teacher], w.leaders.role[in.teacher]);  // id == index here
  }
  expect_posts_balanced(w);
}

TEST(LeaderRotation, ExchangeFormLeavesOrdinarySchoolsOut) {
  World w = leader_world(6);
  for (std::size_t s = 0; s < w.schools.size(); s += 3) w.schools.strength[s] = Strength::Ordinary;
  LeaderRotationParams p = on();
  p.form = LeaderRotationForm::Exchange;
  const YearFlows f = run_year(w, p, 1);
  ASSERT_GT(f.leader_rotations, 0);
  for (const RotationEvent& e : f.leader_rotation_events) {
    EXPECT_NE(w.schools.strength[static_cast<std::size_t>(e.from)], Strength::Ordinary);
    EXPECT_NE(w.schools.strength[static_cast<std::size_t>(e.to)], Strength::Ordinary);
  }
  expect_posts_balanced(w);
}

TEST(LeaderRotation, CooperativeFormStaysInsideGroups) {
  World w = leader_world(4);
  Schools& s = w.schools;
  // Group 0: urban primary 0 leads rural primaries 4 and 5; nobody else is grouped.
  std::fill(s.group.begin(), s.group.end(), -1);
  std::fill(s.alliance.begin(), s.alliance.end(), -1);
  std::fill(s.group_role.begin(), s.group_role.end(), GroupRole::None);
  ASSERT_EQ(s.zone[0], Zone::Urban);
  ASSERT_EQ(s.zone[4], Zone::Rural);
  s.group[0] = s.group[4] = s.group[5] = 0;
  s.group_role[0] = GroupRole::Lead;
  s.group_role[4] = s.group_role[5] = GroupRole::Member;
  LeaderRotationParams p = on();
  p.form = LeaderRotationForm::Cooperative;
  const YearFlows f = run_year(w, p, 1);
  EXPECT_EQ(f.leader_rotations, 4);  // one swap per role: the lead has one leader of each
  for (const RotationEvent& e : f.leader_rotation_events) {
    EXPECT_EQ(s.group[static_cast<std::size_t>(e.from)], 0);
    EXPECT_EQ(s.group[static_cast<std::size_t>(e.to)], 0);
  }
  expect_posts_balanced(w);
}

TEST(LeaderRotation, ReturnAfterTerm) {
  World w = leader_world(6);
  LeaderRotationParams p = on();
  p.term_years = 3;
  run_year(w, p, 1);
  std::vector<std::size_t> movers;
  for (std::size_t i = 0; i < w.leaders.size(); ++i)
    if (w.leaders.rotation_destination[i] >= 0) movers.push_back(i);
  ASSERT_FALSE(movers.empty());
  for (std::uint32_t year = 2; year <= 3; ++year) {
    const YearFlows f = run_year(w, p, year);
    EXPECT_EQ(f.leader_rotations_ended, 0);
    for (std::size_t i : movers) EXPECT_GE(w.leaders.rotation_destination[i], 0);
    expect_posts_balanced(w);
  }
  const YearFlows f = run_year(w, p, 4);
  EXPECT_EQ(f.leader_rotations_ended, static_cast<std::int64_t>(movers.size()));
  std::int64_t returns = 0;
  for (const RotationEvent& e : f.leader_rotation_events) returns += e.kind == RotationKind::Return;
  EXPECT_EQ(returns, static_cast<std::int64_t>(movers.size()));
  for (std::size_t i : movers) {
    EXPECT_EQ(w.leaders.school[i], w.leaders.home_school[i]);
    EXPECT_EQ(w.leaders.rotation_destination[i], -1);  // not sent again the year it returns
    EXPECT_EQ(w.leaders.years_in_post[i], 0);
  }
  expect_posts_balanced(w);
}

TEST(LeaderRotation, StayOption) {
  World w = leader_world(6);
  LeaderRotationParams p = on();
  p.term_years = 1;
  p.on_term_end = TermEnd::Stay;
  run_year(w, p, 1);
  std::vector<std::pair<std::size_t, std::int32_t>> movers;
  for (std::size_t i = 0; i < w.leaders.size(); ++i)
    if (w.leaders.rotation_destination[i] >= 0) movers.push_back({i, w.leaders.school[i]});
  ASSERT_FALSE(movers.empty());
  p.enabled = false;
  const YearFlows f = run_year(w, p, 2);
  EXPECT_EQ(f.leader_rotations_ended, static_cast<std::int64_t>(movers.size()));
  for (auto [i, dest] : movers) {
    EXPECT_EQ(w.leaders.school[i], dest);
    EXPECT_EQ(w.leaders.home_school[i], dest);
  }
  for (const RotationEvent& e : f.leader_rotation_events) EXPECT_EQ(e.kind, RotationKind::Stay);
  expect_posts_balanced(w);
}

TEST(LeaderRotation, PartnerGoneMeansStay) {
  // A leader whose swap partner left the post (here: retired, its post filled
  // by a new principal) keeps the post it holds instead of doubling its home post.
  World w = leader_world(2);
  LeaderRotationParams p = on();
  p.term_years = 1;
  p.roles = LeaderRotationRoles::Principals;
  p.quota_share = 0.34;  // 6 eligible principals: 2 moves, 1 pair
  const YearFlows f1 = run_year(w, p, 1);
  ASSERT_EQ(f1.leader_rotations, 2);
  const std::uint32_t out_id = f1.leader_rotation_events[0].teacher;
  const std::uint32_t in_id = f1.leader_rotation_events[1].teacher;
  const std::int32_t strong = f1.leader_rotation_events[0].from;
  // The partner (now at the strong school) retires; a new principal takes the post.
  std::vector<std::uint8_t> keep(w.leaders.size(), 1);
  keep[in_id] = 0;
  Leaders kept;
  for (std::size_t i = 0; i < w.leaders.size(); ++i)
    if (keep[i]) {
      kept.for_each_column([](auto& c) { c.emplace_back(); });
      const std::size_t k = kept.size() - 1;
      kept.id[k] = w.leaders.id[i], kept.school[k] = w.leaders.school[i];
      kept.home_school[k] = w.leaders.home_school[i], kept.role[k] = w.leaders.role[i];
      kept.age[k] = w.leaders.age[i], kept.years_in_post[k] = w.leaders.years_in_post[i];
      kept.quality[k] = w.leaders.quality[i];
      kept.rotation_destination[k] = w.leaders.rotation_destination[i];
      kept.rotation_years_left[k] = w.leaders.rotation_years_left[i];
      kept.has_rotated[k] = w.leaders.has_rotated[i];
    }
  w.leaders = kept;
  add_leader(w, strong, LeaderRole::Principal, 0.0f);
  p.enabled = false;
  const YearFlows f2 = run_year(w, p, 2);
  ASSERT_EQ(f2.leader_rotation_events.size(), 1u);
  EXPECT_EQ(f2.leader_rotation_events[0].teacher, out_id);
  EXPECT_EQ(f2.leader_rotation_events[0].kind, RotationKind::Stay);
  expect_posts_balanced(w);
}

TEST(LeaderRotation, DisabledSendsNobodyButEndsTerms) {
  World w = leader_world(6);
  LeaderRotationParams p = on();
  p.term_years = 2;
  const std::int64_t moved = run_year(w, p, 1).leader_rotations;
  ASSERT_GT(moved, 0);
  p.enabled = false;
  const YearFlows f2 = run_year(w, p, 2);
  EXPECT_EQ(f2.leader_rotations, 0);
  EXPECT_EQ(f2.leader_rotation_eligible, 0);
  EXPECT_EQ(f2.leader_rotations_ended, 0);
  EXPECT_EQ(rotating(w), moved);
  const YearFlows f3 = run_year(w, p, 3);
  EXPECT_EQ(f3.leader_rotations, 0);
  EXPECT_EQ(f3.leader_rotations_ended, moved);
  EXPECT_EQ(rotating(w), 0);
  expect_posts_balanced(w);
  World fresh = leader_world(6);
  EXPECT_EQ(run_year(fresh, p, 1).leader_rotations, 0);
  EXPECT_EQ(rotating(fresh), 0);
}

TEST(LeaderRotation, DeterministicAcrossThreadsAndRuns) {
  const auto simulate = [](int threads) {
    tbb::global_control gc(tbb::global_control::max_allowed_parallelism,
                           static_cast<std::size_t>(threads));
    World w = leader_world(10);
    for (std::size_t i = 0; i < w.leaders.size(); ++i)
      w.leaders.quality[i] = static_cast<float>((i * 37) % 11) * 0.01f;  // many ties
    LeaderRotationParams p = on();
    p.term_years = 2;
    std::vector<RotationEvent> events;
    for (std::uint32_t year = 1; year <= 5; ++year) {
      const YearFlows f = run_year(w, p, year);
      events.insert(events.end(), f.leader_rotation_events.begin(), f.leader_rotation_events.end());
      expect_posts_balanced(w);
    }
    return std::pair(w.leaders.school, events);
  };
  const auto a = simulate(1), b = simulate(2), c = simulate(2);
  EXPECT_EQ(a.first, b.first);
  EXPECT_EQ(b.first, c.first);
  ASSERT_EQ(a.second.size(), b.second.size());
  ASSERT_EQ(b.second.size(), c.second.size());
  for (std::size_t e = 0; e < a.second.size(); ++e) {
    EXPECT_EQ(a.second[e].teacher, b.second[e].teacher);
    EXPECT_EQ(a.second[e].to, b.second[e].to);
    EXPECT_EQ(c.second[e].teacher, b.second[e].teacher);
    EXPECT_EQ(c.second[e].kind, b.second[e].kind);
  }
}

// --- the generated leaders' years in post (the pool eligible at the start) ----------

namespace {

World generated_leaders(const LeaderParams& p, int schools_per_type = 50) {
  Scenario s = edusim::testing::small_scenario();
  for (auto& type : s.district.schools) type.count = schools_per_type;
  World w = generate_district(s);
  generate_leaders(w, p, {11, 0, 0});
  return w;
}

}  // namespace

TEST(LeaderRotationPool, GeneratedLeadersServedTheirLeadershipAtTheirSchool) {
  // A leader changes school only by cadre rotation, so without a rotation history
  // its years in post are its years as a leader, bounded by max_years_in_post.
  for (std::int32_t bound : {40, 3}) {
    LeaderParams p;
    p.max_years_in_post = bound;
    const World w = generated_leaders(p, 4);
    ASSERT_GT(w.leaders.size(), 20u);
    for (std::size_t i = 0; i < w.leaders.size(); ++i)
      EXPECT_EQ(w.leaders.years_in_post[i], std::min<int>(w.leaders.experience[i], bound));
  }
}

TEST(LeaderRotationPool, EligibleAreThoseSixYearsInPostAndNotNearRetirement) {
  World w = generated_leaders(LeaderParams{});
  LeaderRotationParams p = on();
  p.quota_share = 0.0;  // count only
  std::int64_t expected = 0;
  for (std::size_t i = 0; i < w.leaders.size(); ++i)
    expected += w.leaders.years_in_post[i] >= p.eligibility_years &&
                w.leaders.age[i] < kRetirement - p.years_before_retirement;
  YearFlows f;
  f.reset(w.schools.size());
  leader_rotation(w, p, kRetirement, kRetirement, {7, 0, 1}, f);
  EXPECT_EQ(f.leader_rotation_eligible, expected);
  EXPECT_EQ(f.leader_rotations, 0);
  // Ages uniform on 40..58, years as a leader uniform on 0..age-35: the eligible
  // share is the sum over ages 40..56 of (age-40)/(age-34), over 19 ages: 0.450
  // (about 3 binomial SD of tolerance for the ~500 leaders of 200 schools).
  const double share = static_cast<double>(expected) / static_cast<double>(w.leaders.size());
  EXPECT_NEAR(share, 0.450, 0.06) << w.leaders.size() << " leaders";
}

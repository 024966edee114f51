// Rotation (交流轮岗): quota, eligibility, backbone floor, directions, terms, determinism.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "build/generator.hpp"
#include "phases/rotation.hpp"
#include "phases/school_strength.hpp"
#include "test_helpers.hpp"
#include "world/invariants.hpp"

using namespace edusim;

namespace {

/// A district of 18 primaries (6 urban, 12 rural) and 6 middle schools (3 + 3).
Scenario district_scenario() {
  Scenario s = edusim::testing::small_scenario();
  s.district.schools[0].count = 6;
  s.district.schools[1].count = 12;
  s.district.schools[2].count = 3;
  s.district.schools[3].count = 3;
  return s;
}

/// The district generated from district_scenario; `men_only` draws every teacher a man (as
/// before the women's retirement rules), for a precondition that needs the older staff.
World district_world(bool men_only = false) {
  Scenario s = district_scenario();
  if (men_only) s.district.teachers.female_share = {0, 0};
  World w = generate_district(s);
  school_strength(w, StrengthParams{}, {7, 0, 1});
  // As in the schedule: demography has left every class without a class teacher.
  std::fill(w.classes.class_teacher.begin(), w.classes.class_teacher.end(), -1);
  return w;
}

RotationParams on(double quota = 0.3) {
  RotationParams p;
  p.enabled = true;
  p.quota_share = quota;
  return p;
}

YearFlows run_year(World& w, const RotationParams& p, std::uint32_t year = 1, bool check = true) {
  YearFlows f;
  f.reset(w.schools.size());
  rotation(w, p, DemographyParams{}, {7, 0, year}, f);
  if (check) check_invariants(w, "after rotation", ClassTeachers::MayBeMissing);
  return f;
}

bool is_start(RotationKind k) {
  return k != RotationKind::Return && k != RotationKind::Stay && k != RotationKind::None;
}
bool is_out(RotationKind k) {
  return k == RotationKind::BackboneOut || k == RotationKind::OrdinaryOut;
}

std::map<std::uint32_t, std::size_t> by_id(const World& w) {
  std::map<std::uint32_t, std::size_t> m;
  for (std::size_t i = 0; i < w.teachers.size(); ++i) m[w.teachers.id[i]] = i;
  return m;
}

/// Below rotation's age limit: years_before_retirement short of the teacher's own retirement
/// age (by sex and title).
bool below_age_limit(const Teachers& t, std::size_t i, const RotationParams& p,
                     const DemographyParams& d) {
  return t.age[i] < d.retirement_age_of(t.female[i] != 0, t.title[i]) - p.years_before_retirement;
}

std::int64_t count_eligible(const World& w, const RotationParams& p, const DemographyParams& d) {
  std::int64_t n = 0;
  const Teachers& t = w.teachers;
  for (std::size_t i = 0; i < t.size(); ++i)
    n += t.contract[i] == Contract::Regular && t.rotation_destination[i] < 0 &&
         t.years_at_school[i] >= p.eligibility_years && below_age_limit(t, i, p, d);
  return n;
}

/// Two groups: urban primary 0 (2) leads rural primaries 6..11 (12..17), the
/// first urban middle school leads the first rural middle school.
World grouped_world() {
  World w = district_world();
  auto& s = w.schools;
  std::vector<std::size_t> urban_p, rural_p, urban_m, rural_m;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto& list = s.level[i] == Level::Primary ? (s.zone[i] == Zone::Urban ? urban_p : rural_p)
                                              : (s.zone[i] == Zone::Urban ? urban_m : rural_m);
    list.push_back(i);
  }
  for (int g = 0; g < 2; ++g) {
    s.group[urban_p[static_cast<std::size_t>(g)]] = g;
    s.group_role[urban_p[static_cast<std::size_t>(g)]] = GroupRole::Lead;
    for (std::size_t k = 0; k < 6; ++k) {
      s.group[rural_p[6 * static_cast<std::size_t>(g) + k]] = g;
      s.group_role[rural_p[6 * static_cast<std::size_t>(g) + k]] = GroupRole::Member;
    }
  }
  s.group[urban_m[0]] = s.group[rural_m[0]] = 0;
  s.group_role[urban_m[0]] = GroupRole::Lead;
  s.group_role[rural_m[0]] = GroupRole::Member;
  return w;
}

}  // namespace

TEST(Rotation, MoversNeverExceedTheQuota) {
  const DemographyParams d;
  for (double q : {0.05, 0.1, 0.3, 1.0})
    for (auto ex : {RotationExchange::Paired, RotationExchange::OneWay})
      for (auto scope : {RotationScope::District, RotationScope::UrbanRural}) {
        World w = district_world();
        RotationParams p = on(q);
        p.exchange = ex;
        p.scope = scope;
        p.max_share_per_school = 1.0;
        const std::int64_t eligible = count_eligible(w, p, d);
        const YearFlows f = run_year(w, p);
        EXPECT_EQ(f.rotation_eligible, eligible);
        EXPECT_LE(f.rotations, std::llround(q * static_cast<double>(eligible)));
        EXPECT_GT(f.rotations, 0) << "q " << q;
        if (ex == RotationExchange::Paired) {
          EXPECT_EQ(f.rotations % 2, 0);
        }
      }
}

TEST(Rotation, QuotaIsFilledWhenReceiversHaveRoom) {
  World w = district_world();
  RotationParams p = on(0.1);
  p.exchange = RotationExchange::OneWay;
  p.max_share_per_school = 1.0;
  const YearFlows f = run_year(w, p);
  EXPECT_EQ(f.rotations, std::llround(0.1 * static_cast<double>(f.rotation_eligible)));
}

TEST(Rotation, OnlyEligibleTeachersAreSentAndPartnersAreRegular) {
  World w = district_world();
  const DemographyParams d;
  RotationParams p = on(1.0);
  p.max_share_per_school = 1.0;
  // Long-serving interns and teachers near retirement must never move.
  Teachers& t = w.teachers;
  for (std::size_t i = 0; i < t.size(); i += 5) t.contract[i] = Contract::Substitute;
  for (std::size_t i = 1; i < t.size(); i += 7) t.age[i] = 56, t.years_at_school[i] = 20;
  const World before = w;
  const YearFlows f = run_year(w, p);
  ASSERT_GT(f.rotations, 10);
  const auto index = by_id(before);
  int partners = 0;
  for (const RotationEvent& e : f.rotation_events) {
    const std::size_t i = index.at(e.teacher);
    EXPECT_EQ(before.teachers.contract[i], Contract::Regular);
    EXPECT_LT(before.teachers.rotation_destination[i], 0);
    EXPECT_TRUE(below_age_limit(before.teachers, i, p, d));
    if (is_out(e.kind)) {
      EXPECT_GE(before.teachers.years_at_school[i], p.eligibility_years);
    } else {
      ++partners;
      const bool young = before.teachers.experience[i] <= p.young_max_experience;
      EXPECT_EQ(e.kind, young ? RotationKind::TrainingIn : RotationKind::ExchangeIn);
      if (!young) {
        EXPECT_GE(before.teachers.years_at_school[i], p.eligibility_years);
      }
    }
  }
  EXPECT_EQ(2 * partners, f.rotations);
}

TEST(Rotation, BackboneShareMeetsTheFloor) {
  const DemographyParams d;
  for (bool backbone_first : {true, false})
    for (bool primary_first : {true, false})
      for (double floor : {0.2, 0.3}) {
        // Men only: with women the fixture's strong schools are short of the eligible
        // backbone teachers that the precondition asks for.
        World w = district_world(true);
        RotationParams p = on(0.3);
        p.exchange = RotationExchange::OneWay;
        p.max_share_per_school = 1.0;
        p.backbone_first = backbone_first;
        p.primary_first = primary_first;
        p.backbone_min_share = floor;
        // Precondition: enough eligible backbone teachers in strong schools.
        const std::int64_t quota =
            std::llround(p.quota_share * static_cast<double>(count_eligible(w, p, d)));
        std::int64_t backbone_eligible = 0;
        const Teachers& t = w.teachers;
        for (std::size_t i = 0; i < t.size(); ++i)
          backbone_eligible +=
              district_backbone(t.backbone[i]) && t.years_at_school[i] >= p.eligibility_years &&
              below_age_limit(t, i, p, d) &&
              w.schools.strength[static_cast<std::size_t>(t.school[i])] == Strength::Strong;
        ASSERT_GE(backbone_eligible, std::ceil(floor * static_cast<double>(quota)));
        const YearFlows f = run_year(w, p);
        ASSERT_GT(f.rotations, 0);
        EXPECT_GE(static_cast<double>(f.rotations_backbone),
                  floor * static_cast<double>(f.rotations) - 1e-9)
            << "backbone_first " << backbone_first << " primary_first " << primary_first;
      }
}

TEST(Rotation, BackboneFloorBindsWhenBackboneTeachersAreTheWeakest) {
  World w = district_world();
  // Backbone status on the least effective third: effectiveness order alone
  // would send almost no backbone teacher.
  Teachers& t = w.teachers;
  std::vector<float> sorted = t.effectiveness;
  std::sort(sorted.begin(), sorted.end());
  const float third = sorted[sorted.size() / 3];
  for (std::size_t i = 0; i < t.size(); ++i)
    t.backbone[i] = static_cast<std::int8_t>(t.effectiveness[i] < third ? 2 : 0);
  RotationParams p = on(0.3);
  p.exchange = RotationExchange::OneWay;
  p.max_share_per_school = 1.0;
  p.backbone_first = false;
  World without_floor = w;
  p.backbone_min_share = 0.0;
  const YearFlows f0 = run_year(without_floor, p);
  ASSERT_GT(f0.rotations, 0);
  EXPECT_LT(static_cast<double>(f0.rotations_backbone), 0.2 * f0.rotations);
  p.backbone_min_share = 0.2;
  const YearFlows f = run_year(w, p);
  ASSERT_GT(f.rotations, 0);
  EXPECT_GE(static_cast<double>(f.rotations_backbone),
            std::ceil(0.2 * std::llround(0.3 * f.rotation_eligible)));
}

TEST(Rotation, BackboneFirstSendsBackboneBeforeOrdinary) {
  World w = district_world();
  RotationParams p = on(0.3);
  p.exchange = RotationExchange::OneWay;
  p.max_share_per_school = 1.0;
  p.primary_first = false;
  p.backbone_min_share = 0.0;
  const World before = w;
  const YearFlows f = run_year(w, p);
  // Backbone movers come first in the events, then ordinary ones.
  bool seen_ordinary = false;
  for (const RotationEvent& e : f.rotation_events) {
    if (e.kind == RotationKind::OrdinaryOut) seen_ordinary = true;
    if (e.kind == RotationKind::BackboneOut) {
      EXPECT_FALSE(seen_ordinary);
    }
  }
  // Without backbone_first and without a floor the order is by effectiveness only.
  World w2 = before;
  p.backbone_first = false;
  const YearFlows f2 = run_year(w2, p);
  const auto index = by_id(before);
  float last = 1e9f;
  for (const RotationEvent& e : f2.rotation_events) {
    const float eff = before.teachers.effectiveness[index.at(e.teacher)];
    EXPECT_LE(eff, last);
    last = eff;
  }
}

TEST(Rotation, NoTeacherMovesTwiceAtOnce) {
  World w = district_world();
  RotationParams p = on(0.5);
  p.max_share_per_school = 1.0;
  for (std::uint32_t year = 1; year <= 5; ++year) {
    std::set<std::uint32_t> away;
    for (std::size_t i = 0; i < w.teachers.size(); ++i)
      if (w.teachers.rotation_destination[i] >= 0 && w.teachers.rotation_years_left[i] > 1)
        away.insert(w.teachers.id[i]);
    const YearFlows f = run_year(w, p, year);
    std::set<std::uint32_t> moved;
    for (const RotationEvent& e : f.rotation_events) {
      if (!is_start(e.kind)) continue;
      EXPECT_TRUE(moved.insert(e.teacher).second) << "teacher " << e.teacher << " moved twice";
      EXPECT_EQ(away.count(e.teacher), 0u) << "rotating teacher " << e.teacher << " picked";
    }
  }
}

TEST(Rotation, TeachersReturnHomeAfterTheTerm) {
  World w = district_world();
  RotationParams p = on(0.2);
  p.term_years = 2;
  const YearFlows first = run_year(w, p, 1);
  ASSERT_GT(first.rotations, 0);
  std::map<std::uint32_t, std::int32_t> home;
  for (const RotationEvent& e : first.rotation_events) home[e.teacher] = e.from;
  // Year 2: still away.
  const YearFlows second = run_year(w, p, 2);
  EXPECT_EQ(second.rotations_ended, 0);
  auto index = by_id(w);
  for (const auto& [id, h] : home) {
    EXPECT_NE(w.teachers.school[index.at(id)], h);
    EXPECT_EQ(w.teachers.rotation_years_left[index.at(id)], 1);
  }
  // Year 3: home again, the event says so.
  const YearFlows third = run_year(w, p, 3);
  EXPECT_EQ(third.rotations_ended, first.rotations);
  index = by_id(w);
  std::set<std::uint32_t> returned;
  for (const RotationEvent& e : third.rotation_events)
    if (e.kind == RotationKind::Return) {
      returned.insert(e.teacher);
      EXPECT_EQ(e.to, home.at(e.teacher));
    }
  EXPECT_EQ(returned.size(), home.size());
  for (const auto& [id, h] : home) {
    const std::size_t i = index.at(id);
    EXPECT_EQ(w.teachers.school[i], h);
    EXPECT_EQ(w.teachers.home_school[i], h);
    EXPECT_EQ(w.teachers.rotation_kind[i], RotationKind::None);
    EXPECT_EQ(w.teachers.has_rotated[i], 1);
    EXPECT_EQ(w.teachers.years_at_school[i], 0);
  }
}

TEST(Rotation, TeachersStayUnderOnTermEndStay) {
  World w = district_world();
  RotationParams p = on(0.2);
  p.term_years = 1;
  p.on_term_end = TermEnd::Stay;
  const YearFlows first = run_year(w, p, 1);
  ASSERT_GT(first.rotations, 0);
  std::map<std::uint32_t, std::int32_t> destination;
  for (const RotationEvent& e : first.rotation_events) destination[e.teacher] = e.to;
  const YearFlows second = run_year(w, p, 2);
  EXPECT_EQ(second.rotations_ended, first.rotations);
  const auto index = by_id(w);
  for (const auto& [id, to] : destination) {
    const std::size_t i = index.at(id);
    EXPECT_EQ(w.teachers.school[i], to);
    EXPECT_EQ(w.teachers.home_school[i], to);
    EXPECT_LT(w.teachers.rotation_destination[i], 0);
  }
  int stays = 0;
  for (const RotationEvent& e : second.rotation_events) stays += e.kind == RotationKind::Stay;
  EXPECT_EQ(stays, first.rotations);
}

TEST(Rotation, ClosedHomeSchoolMeansStay) {
  World w = district_world();
  RotationParams p = on(0.2);
  p.term_years = 1;
  const YearFlows first = run_year(w, p, 1);
  ASSERT_GT(first.rotations, 0);
  const RotationEvent e = first.rotation_events.front();
  // Close the first mover's home school (its other teachers leave with it).
  const auto closed = static_cast<std::size_t>(e.from);
  w.schools.open[closed] = 0;
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (w.teachers.school[i] == e.from) w.teachers.school[i] = w.teachers.home_school[i] = e.to;
  index_teachers(w);
  // (The closed school keeps its students here, so the full check does not apply.)
  const YearFlows second = run_year(w, p, 2, false);
  const std::size_t i = by_id(w).at(e.teacher);
  EXPECT_EQ(w.teachers.school[i], e.to);
  EXPECT_EQ(w.teachers.home_school[i], e.to);
  bool stayed = false;
  for (const RotationEvent& x : second.rotation_events)
    stayed |= x.teacher == e.teacher && x.kind == RotationKind::Stay;
  EXPECT_TRUE(stayed);
}

TEST(Rotation, PairedExchangeKeepsHeadCounts) {
  for (auto scope : {RotationScope::District, RotationScope::UrbanRural, RotationScope::Alliance}) {
    World w = district_world();
    if (scope == RotationScope::Alliance)
      for (std::size_t s = 0; s < w.schools.size(); ++s)
        w.schools.alliance[s] = static_cast<std::int32_t>(s % 3);
    const World before = w;
    RotationParams p = on(0.5);
    p.scope = scope;
    const YearFlows f = run_year(w, p);
    EXPECT_GT(f.rotations, 0);
    for (std::size_t s = 0; s < w.schools.size(); ++s) {
      EXPECT_EQ(w.school_teachers(s), before.school_teachers(s)) << "school " << s;
      EXPECT_EQ(f.school_rotations_in[s], f.school_rotations_out[s]) << "school " << s;
    }
  }
}

TEST(Rotation, OneWayMovesHeadCounts) {
  World w = district_world();
  const World before = w;
  RotationParams p = on(0.3);
  p.exchange = RotationExchange::OneWay;
  const YearFlows f = run_year(w, p);
  ASSERT_GT(f.rotations, 0);
  for (std::size_t s = 0; s < w.schools.size(); ++s)
    EXPECT_EQ(w.school_teachers(s),
              before.school_teachers(s) + f.school_rotations_in[s] - f.school_rotations_out[s]);
}

TEST(Rotation, GroupScopeKeepsMovesInsideGroups) {
  World w = grouped_world();
  const World before = w;
  RotationParams p = on(1.0);
  p.scope = RotationScope::Group;
  p.max_share_per_school = 1.0;
  const YearFlows f = run_year(w, p);
  ASSERT_GT(f.rotations, 0);
  const Schools& s = w.schools;
  bool middle = false;
  for (const RotationEvent& e : f.rotation_events) {
    const auto from = static_cast<std::size_t>(e.from), to = static_cast<std::size_t>(e.to);
    EXPECT_GE(s.group[from], 0);
    EXPECT_EQ(s.group[from], s.group[to]);
    EXPECT_EQ(s.level[from], s.level[to]);
    middle |= s.level[from] == Level::Middle;
    EXPECT_EQ(s.group_role[from], is_out(e.kind) ? GroupRole::Lead : GroupRole::Member);
    EXPECT_EQ(s.group_role[to], is_out(e.kind) ? GroupRole::Member : GroupRole::Lead);
  }
  EXPECT_TRUE(middle);
}

TEST(Rotation, DistrictScopeSendsFromStrongToWeak) {
  World w = district_world();
  RotationParams p = on(0.5);
  const YearFlows f = run_year(w, p);
  int backbone = 0;
  for (const RotationEvent& e : f.rotation_events) {
    const Strength from = w.schools.strength[static_cast<std::size_t>(e.from)];
    const Strength to = w.schools.strength[static_cast<std::size_t>(e.to)];
    EXPECT_EQ(w.schools.level[static_cast<std::size_t>(e.from)],
              w.schools.level[static_cast<std::size_t>(e.to)]);
    EXPECT_EQ(from, is_out(e.kind) ? Strength::Strong : Strength::Weak);
    EXPECT_EQ(to, is_out(e.kind) ? Strength::Weak : Strength::Strong);
    backbone += e.kind == RotationKind::BackboneOut;
  }
  EXPECT_GT(backbone, 0);
}

TEST(Rotation, UrbanRuralScopeSendsFromUrban) {
  World w = district_world();
  RotationParams p = on(0.5);
  p.scope = RotationScope::UrbanRural;
  const YearFlows f = run_year(w, p);
  ASSERT_GT(f.rotations, 0);
  for (const RotationEvent& e : f.rotation_events) {
    const Zone from = w.schools.zone[static_cast<std::size_t>(e.from)];
    EXPECT_EQ(from == Zone::Urban, is_out(e.kind));
  }
}

TEST(Rotation, NeediestReceiverGetsTheBestCandidate) {
  World w = district_world();
  const DemographyParams d;
  RotationParams p = on(0.3);
  const std::vector<double> mean = school_mean_effectiveness(w);
  const World before = w;
  const YearFlows f = run_year(w, p);
  ASSERT_GT(f.rotations, 0);
  // primary_first and backbone_first: the best eligible primary backbone teacher
  // of a strong school goes first, to the weak primary with the lowest mean.
  const Teachers& t = before.teachers;
  std::ptrdiff_t best = -1;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto s = static_cast<std::size_t>(t.school[i]);
    if (before.schools.level[s] != Level::Primary ||
        before.schools.strength[s] != Strength::Strong || !district_backbone(t.backbone[i]) ||
        t.years_at_school[i] < p.eligibility_years || !below_age_limit(t, i, p, d))
      continue;
    if (best < 0 || t.effectiveness[i] > t.effectiveness[static_cast<std::size_t>(best)]) best = i;
  }
  ASSERT_GE(best, 0);
  std::ptrdiff_t neediest = -1;
  for (std::size_t s = 0; s < before.schools.size(); ++s)
    if (before.schools.level[s] == Level::Primary && before.schools.strength[s] == Strength::Weak &&
        (neediest < 0 || mean[s] < mean[static_cast<std::size_t>(neediest)]))
      neediest = static_cast<std::ptrdiff_t>(s);
  const RotationEvent& first = f.rotation_events.front();
  EXPECT_EQ(first.teacher, t.id[static_cast<std::size_t>(best)]);
  EXPECT_EQ(first.kind, RotationKind::BackboneOut);
  EXPECT_EQ(first.to, neediest);
  // Its partner comes back from the same school.
  EXPECT_EQ(f.rotation_events[1].from, neediest);
  EXPECT_EQ(f.rotation_events[1].to, first.from);
}

TEST(Rotation, ReceiverCapIsHonoured) {
  World w = district_world();
  const World before = w;
  RotationParams p = on(1.0);
  p.max_share_per_school = 0.1;
  p.exchange = RotationExchange::OneWay;
  const YearFlows f = run_year(w, p);
  ASSERT_GT(f.rotations, 0);
  for (std::size_t s = 0; s < w.schools.size(); ++s) {
    const int cap = std::max(1, static_cast<int>(std::floor(0.1 * before.school_teachers(s))));
    EXPECT_LE(f.school_rotations_in[s], cap) << "school " << s;
  }
}

TEST(Rotation, MoveSetsTheTeacherState) {
  World w = district_world();
  RotationParams p = on(0.3);
  p.settling_years = 2;
  p.morale_shock = 0.1;
  p.burnout_shock = 0.2;
  const World before = w;
  const YearFlows f = run_year(w, p);
  ASSERT_GT(f.rotations, 0);
  const auto old_index = by_id(before), index = by_id(w);
  for (const RotationEvent& e : f.rotation_events) {
    const std::size_t i = index.at(e.teacher), j = old_index.at(e.teacher);
    EXPECT_EQ(w.teachers.school[i], e.to);
    EXPECT_EQ(w.teachers.rotation_destination[i], e.to);
    EXPECT_EQ(w.teachers.home_school[i], e.from);
    EXPECT_EQ(w.teachers.rotation_kind[i], e.kind);
    EXPECT_EQ(w.teachers.rotation_years_left[i], p.term_years);
    EXPECT_EQ(w.teachers.settling_years_left[i], 2);
    EXPECT_EQ(w.teachers.years_at_school[i], 0);
    EXPECT_FLOAT_EQ(w.teachers.morale[i], std::max(0.f, before.teachers.morale[j] - 0.1f));
    EXPECT_FLOAT_EQ(w.teachers.burnout[i], std::min(1.f, before.teachers.burnout[j] + 0.2f));
  }
  // Next year: settling and the term count down, burnout_per_year accrues.
  p.burnout_per_year = 0.1;
  const World mid = w;
  run_year(w, p, 2);
  const auto mid_index = by_id(mid);
  const auto new_index = by_id(w);
  for (const RotationEvent& e : f.rotation_events) {
    const std::size_t i = new_index.at(e.teacher), j = mid_index.at(e.teacher);
    EXPECT_EQ(w.teachers.settling_years_left[i], 1);
    EXPECT_EQ(w.teachers.rotation_years_left[i], p.term_years - 1);
    EXPECT_FLOAT_EQ(w.teachers.burnout[i], std::min(1.f, mid.teachers.burnout[j] + 0.1f));
  }
}

TEST(Rotation, EventsMatchTheMovesAndTallies) {
  World w = district_world();
  RotationParams p = on(0.4);
  p.term_years = 1;
  for (std::uint32_t year = 1; year <= 3; ++year) {
    const World before = w;
    const YearFlows f = run_year(w, p, year);
    std::int64_t started = 0, backbone = 0, ended = 0;
    std::vector<std::int32_t> in(w.schools.size(), 0), out(w.schools.size(), 0);
    const auto old_index = by_id(before), index = by_id(w);
    std::set<std::uint32_t> in_events;
    for (const RotationEvent& e : f.rotation_events) {
      in_events.insert(e.teacher);
      EXPECT_EQ(before.teachers.school[old_index.at(e.teacher)], e.from);
      EXPECT_EQ(w.teachers.school[index.at(e.teacher)], e.to);
      if (!is_start(e.kind)) {
        ++ended;
        continue;
      }
      ++started, ++in[static_cast<std::size_t>(e.to)], ++out[static_cast<std::size_t>(e.from)];
      backbone += district_backbone(before.teachers.backbone[old_index.at(e.teacher)]);
    }
    EXPECT_EQ(started, f.rotations);
    EXPECT_EQ(backbone, f.rotations_backbone);
    EXPECT_EQ(ended, f.rotations_ended);
    EXPECT_EQ(in, f.school_rotations_in);
    EXPECT_EQ(out, f.school_rotations_out);
    // Every teacher whose school changed has an event.
    for (std::size_t i = 0; i < w.teachers.size(); ++i) {
      if (w.teachers.school[i] != before.teachers.school[old_index.at(w.teachers.id[i])]) {
        EXPECT_EQ(in_events.count(w.teachers.id[i]), 1u);
      }
    }
  }
}

TEST(Rotation, SameResultForOneAndTwoThreadsAndOnRerun) {
  auto simulate = [](int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(threads));
    World w = district_world();
    RotationParams p = on(0.3);
    p.burnout_per_year = 0.05;
    std::vector<RotationEvent> events;
    for (std::uint32_t year = 1; year <= 4; ++year) {
      const YearFlows f = run_year(w, p, year);
      events.insert(events.end(), f.rotation_events.begin(), f.rotation_events.end());
    }
    return std::pair(std::move(w), std::move(events));
  };
  const auto [w1, e1] = simulate(1);
  const auto [w2, e2] = simulate(2);
  const auto [w3, e3] = simulate(2);
  ASSERT_GT(e1.size(), 0u);
  auto same = [](const World& a, const std::vector<RotationEvent>& ea, const World& b,
                 const std::vector<RotationEvent>& eb) {
    ASSERT_EQ(ea.size(), eb.size());
    for (std::size_t k = 0; k < ea.size(); ++k) {
      EXPECT_EQ(ea[k].teacher, eb[k].teacher);
      EXPECT_EQ(ea[k].from, eb[k].from);
      EXPECT_EQ(ea[k].to, eb[k].to);
      EXPECT_EQ(ea[k].kind, eb[k].kind);
    }
    EXPECT_EQ(a.teachers.school, b.teachers.school);
    EXPECT_EQ(a.teachers.home_school, b.teachers.home_school);
    EXPECT_EQ(a.teachers.burnout, b.teachers.burnout);
    EXPECT_EQ(a.teachers.morale, b.teachers.morale);
    EXPECT_EQ(a.teachers.rotation_years_left, b.teachers.rotation_years_left);
    EXPECT_EQ(a.teachers_by_school, b.teachers_by_school);
  };
  same(w1, e1, w2, e2);
  same(w2, e2, w3, e3);
}

TEST(Rotation, DisabledSendsNobodyButTermsStillRunOut) {
  World w = district_world();
  RotationParams p = on(0.5);
  p.term_years = 2;
  run_year(w, p, 1);  // some teachers are away
  const World before = w;
  std::int64_t away = 0;
  for (auto d : before.teachers.rotation_destination) away += d >= 0;
  ASSERT_GT(away, 0);
  p.enabled = false;
  YearFlows f = run_year(w, p, 2);  // one year of the term left: nobody moves
  EXPECT_EQ(f.rotation_eligible, 0);
  EXPECT_EQ(f.rotations + f.rotations_ended, 0);
  EXPECT_TRUE(f.rotation_events.empty());
  EXPECT_EQ(w.teachers.school, before.teachers.school);
  f = run_year(w, p, 3);  // the term is over: everyone is home, nobody is sent
  EXPECT_EQ(f.rotations, 0);
  EXPECT_EQ(f.rotations_ended, away);
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    EXPECT_EQ(w.teachers.rotation_destination[i], -1);
    EXPECT_EQ(w.teachers.school[i], w.teachers.home_school[i]);
  }
  check_invariants(w, "after the terms ran out", ClassTeachers::MayBeMissing);
}

TEST(Rotation, DisabledWithNobodyAwayChangesNothing) {
  World w = district_world();
  const World before = w;
  RotationParams p = on(0.5);
  p.enabled = false;
  const YearFlows f = run_year(w, p, 1);
  EXPECT_EQ(f.rotation_eligible + f.rotations + f.rotations_ended, 0);
  EXPECT_EQ(w.teachers.school, before.teachers.school);
  EXPECT_EQ(w.teachers.burnout, before.teachers.burnout);
  EXPECT_EQ(w.teachers_by_school, before.teachers_by_school);
}

TEST(Rotation, ChoiceNamesMatchTheEnums) {
  EXPECT_EQ(enum_names(static_cast<const RotationScope*>(nullptr))[3], "urban_rural");
  EXPECT_EQ(enum_names(static_cast<const RotationExchange*>(nullptr))[1], "one_way");
  EXPECT_EQ(enum_names(static_cast<const TermEnd*>(nullptr))[1], "stay");
}

// --- coverage mode (全覆盖) ------------------------------------------------------------

namespace {

/// Coverage of every regular teacher: no years-at-school or age condition.
RotationParams coverage(double quota, std::int32_t term_years) {
  RotationParams p = on(quota);
  p.mode = RotationMode::Coverage;
  p.eligibility_years = 0;
  p.years_before_retirement = 0;
  p.term_years = term_years;
  p.max_share_per_school = 1.0;
  return p;
}

/// Ids of the teachers who started a term in these flows.
std::set<std::uint32_t> starters(const YearFlows& f) {
  std::set<std::uint32_t> out;
  for (const RotationEvent& e : f.rotation_events)
    if (is_start(e.kind)) out.insert(e.teacher);
  return out;
}

/// The teachers that can take part: regular and below the retirement age.
std::set<std::uint32_t> programme(const World& w, const RotationParams& p) {
  const DemographyParams d;
  std::set<std::uint32_t> out;
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (w.teachers.contract[i] == Contract::Regular && below_age_limit(w.teachers, i, p, d))
      out.insert(w.teachers.id[i]);
  return out;
}

}  // namespace

TEST(RotationCoverage, EveryoneRotatesWithinCeilOfOneOverTheQuota) {
  // Swaps need a partner in another school of the pool: at the end of a cycle the
  // last teachers waiting may all be in one school (here: at most one swap's worth,
  // 2 teachers, per level pool); with one-year terms they go as soon as teachers of
  // other schools are home and not just back (at the latest two years later).
  for (double q : {0.34, 0.25, 0.5})
    for (std::int32_t term : {1, 2, 3}) {
      World w = district_world();
      const RotationParams p = coverage(q, term);
      const std::set<std::uint32_t> all = programme(w, p);
      ASSERT_GT(all.size(), 100u);
      const auto cycle = static_cast<std::uint32_t>(std::ceil(1.0 / q - 1e-9));
      std::set<std::uint32_t> rotated;
      const auto missing = [&] {
        std::size_t n = 0;
        for (auto id : all) n += rotated.count(id) == 0;
        return n;
      };
      for (std::uint32_t year = 1; year <= cycle; ++year) {
        const std::set<std::uint32_t> s = starters(run_year(w, p, year));
        rotated.insert(s.begin(), s.end());
      }
      EXPECT_LE(missing(), 2u * kLevels)
          << "quota " << q << " term " << term << ": " << missing() << " of " << all.size()
          << " never rotated in " << cycle << " years";
      if (term == 1) {
        for (std::uint32_t year = cycle + 1; year <= cycle + 2; ++year) {
          const std::set<std::uint32_t> s = starters(run_year(w, p, year));
          rotated.insert(s.begin(), s.end());
        }
        EXPECT_EQ(missing(), 0u) << "quota " << q << " two years after the cycle";
      }
    }
}

TEST(RotationCoverage, MoversAreTheQuotaOfTheProgrammeInWholeSwaps) {
  World w = district_world();
  const RotationParams p = coverage(0.34, 3);
  const auto base = static_cast<std::int64_t>(programme(w, p).size());
  const YearFlows f = run_year(w, p, 1);
  const auto movers = static_cast<std::int64_t>(std::ceil(0.34 * static_cast<double>(base)));
  EXPECT_EQ(f.rotations, movers + movers % 2);
  EXPECT_EQ(f.rotations % 2, 0);
}

TEST(RotationCoverage, SwapsKeepHeadCountsAndNobodyIsInTwoSchools) {
  World w = district_world();
  const RotationParams p = coverage(0.34, 2);
  for (std::uint32_t year = 1; year <= 4; ++year) {
    std::vector<std::int32_t> before(w.schools.size());
    for (std::size_t s = 0; s < before.size(); ++s) before[s] = w.school_teachers(s);
    const auto ended = [&] {
      std::int64_t n = 0;
      for (std::size_t i = 0; i < w.teachers.size(); ++i)
        n += w.teachers.rotation_destination[i] >= 0 && w.teachers.rotation_years_left[i] == 1;
      return n;
    }();
    const YearFlows f = run_year(w, p, year);  // also checks the world's invariants
    ASSERT_GT(f.rotations, 0);
    for (std::size_t s = 0; s < before.size(); ++s) {
      EXPECT_EQ(f.school_rotations_in[s], f.school_rotations_out[s]) << "school " << s;
      if (ended == 0) {
        EXPECT_EQ(w.school_teachers(s), before[s]) << "school " << s;
      }
    }
    std::set<std::uint32_t> moved;
    for (const RotationEvent& e : f.rotation_events)
      if (is_start(e.kind)) {
        EXPECT_TRUE(moved.insert(e.teacher).second) << "teacher " << e.teacher << " moved twice";
        EXPECT_NE(e.from, e.to);
      }
    // Every teacher sits in exactly one school's index slice, the one it teaches at.
    std::vector<int> seen(w.teachers.size(), 0);
    for (std::size_t s = 0; s < w.schools.size(); ++s)
      for (auto k = w.school_teacher_begin[s]; k < w.school_teacher_begin[s + 1]; ++k) {
        const auto i = static_cast<std::size_t>(w.teachers_by_school[static_cast<std::size_t>(k)]);
        ++seen[i];
        EXPECT_EQ(w.teachers.school[i], static_cast<std::int32_t>(s));
      }
    for (int n : seen) EXPECT_EQ(n, 1);
  }
}

TEST(RotationCoverage, NeverRotatedTeachersGoBeforeTheRotated) {
  // One-year terms and a quarter a year: in year 3 the first quarter is back and
  // available, half the staff has never moved: only never-rotated teachers move.
  World w = district_world();
  const RotationParams p = coverage(0.25, 1);
  std::set<std::uint32_t> earlier;
  for (std::uint32_t year = 1; year <= 2; ++year) {
    const std::set<std::uint32_t> s = starters(run_year(w, p, year));
    earlier.insert(s.begin(), s.end());
  }
  const std::set<std::uint32_t> third = starters(run_year(w, p, 3));
  ASSERT_GT(third.size(), 50u);
  for (auto id : third) EXPECT_EQ(earlier.count(id), 0u) << "teacher " << id << " again";
}

TEST(RotationCoverage, ReceiversRoomIsHonoured) {
  World w = district_world();
  RotationParams p = coverage(0.34, 3);
  p.max_share_per_school = 0.2;
  std::vector<std::int32_t> room(w.schools.size());
  for (std::size_t s = 0; s < room.size(); ++s)
    room[s] = std::max(1, static_cast<std::int32_t>(std::floor(0.2 * w.school_teachers(s) + 1e-9)));
  const YearFlows f = run_year(w, p, 1);
  ASSERT_GT(f.rotations, 0);
  for (std::size_t s = 0; s < room.size(); ++s) EXPECT_LE(f.school_rotations_in[s], room[s]);
}

TEST(RotationCoverage, PartnersComeFromTheSchoolWithTheLargestShareWaiting) {
  // In the first round everyone is waiting for a turn: the first candidate's
  // partner school is the other school of its level with the largest share of its
  // teachers waiting (ties: the lower mean effectiveness, the neediest).
  World w = district_world();
  const RotationParams p = coverage(0.34, 3);
  const std::vector<double> mean = school_mean_effectiveness(w);
  const DemographyParams d;
  std::vector<double> share(w.schools.size(), 0.0);
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    share[static_cast<std::size_t>(w.teachers.school[i])] +=
        w.teachers.contract[i] == Contract::Regular &&
        w.teachers.age[i] < d.retirement_age_of(w.teachers.female[i] != 0, w.teachers.title[i]);
  for (std::size_t s = 0; s < share.size(); ++s)
    if (w.school_teachers(s) > 0) share[s] /= w.school_teachers(s);
  const YearFlows f = run_year(w, p, 1);
  ASSERT_FALSE(f.rotation_events.empty());
  const RotationEvent& first = f.rotation_events.front();
  const auto from = static_cast<std::size_t>(first.from);
  std::size_t best = from;
  for (std::size_t s = 0; s < w.schools.size(); ++s) {
    if (s == from || w.schools.level[s] != w.schools.level[from]) continue;
    if (best == from || share[s] > share[best] || (share[s] == share[best] && mean[s] < mean[best]))
      best = s;
  }
  EXPECT_EQ(static_cast<std::size_t>(first.to), best);
}

TEST(RotationCoverage, ChoiceNamesAndYamlKey) {
  EXPECT_EQ(enum_names(static_cast<const RotationMode*>(nullptr))[0], "need");
  EXPECT_EQ(enum_names(static_cast<const RotationMode*>(nullptr))[1], "coverage");
  const Scenario s = edusim::testing::scenario_from_text(R"(district:
  schools:
    - {level: primary, zone: rural, count: 2}
    - {level: middle, zone: rural, count: 1}
rotation: {enabled: true, mode: coverage}
)");
  EXPECT_EQ(s.rotation.mode, RotationMode::Coverage);
  EXPECT_EQ(RotationParams{}.mode, RotationMode::Need);
}

// The kindergarten level: generated kindergartens enrol each zone's cohort at the attendance
// rate and staff their classes by the norms; heads balance over the years (one per open
// kindergarten, leaders = start + appointed - retired - quits); cadre rotation moves kindergarten
// heads only between public kindergartens, not at all when the key excludes them, and
// alone when leader_rotation.include_schools excludes the schools' leaders; a
// district without kindergartens is untouched; kindergarten quality shifts the grade-1
// entrants of the zone only when district.kindergartens.entry_effect asks for it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "build/world_source.hpp"
#include "engine/simulation.hpp"
#include "phases/kindergartens.hpp"
#include "phases/leader_rotation.hpp"
#include "phases/progression.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

using edusim::testing::kindergarten_scenario;

std::vector<int> heads_per_kindergarten(const World& w) {
  std::vector<int> heads(w.kindergartens.size(), 0);
  const Leaders& l = w.kindergarten_leaders;
  for (std::size_t i = 0; i < l.size(); ++i)
    if (l.role[i] == LeaderRole::Principal) ++heads[static_cast<std::size_t>(l.school[i])];
  return heads;
}

}  // namespace

TEST(Kindergartens, NoneUnlessTheScenarioAsks) {
  const Scenario s = edusim::testing::small_scenario();
  const World w = build_world(s);
  EXPECT_EQ(w.kindergartens.size(), 0u);
  EXPECT_EQ(w.kindergarten_leaders.size(), 0u);
}

TEST(Kindergartens, EnrolTheZoneCohortAtTheAttendanceRateAndStaffByTheNorms) {
  Scenario s = kindergarten_scenario();
  s.district.kindergartens.attendance_rate = {0.9, 0.9, 0.6};
  const World w = build_world(s);
  ASSERT_EQ(w.kindergartens.size(), 8u);
  std::array<double, kZones> cohort{};
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc)
    if (w.schools.level[sc] == Level::Primary)
      cohort[static_cast<std::size_t>(index(w.schools.zone[sc]))] += w.schools.base_intake[sc];
  const Kindergartens& kg = w.kindergartens;
  for (int g = 0; g < kYearGroups; ++g) {
    std::array<std::int64_t, kZones> enrolled{};
    for (std::size_t k = 0; k < kg.size(); ++k)
      enrolled[static_cast<std::size_t>(index(kg.zone[k]))] +=
          kg.children[k][static_cast<std::size_t>(g)];
    EXPECT_EQ(enrolled[0], std::lround(0.9 * cohort[0])) << "urban, year group " << g;
    EXPECT_EQ(enrolled[2], std::lround(0.6 * cohort[2])) << "rural, year group " << g;
  }
  for (std::size_t k = 0; k < kg.size(); ++k) {
    const auto& c = kg.children[k];
    const int classes =
        static_cast<int>(std::ceil(c[0] / 25.0) + std::ceil(c[1] / 30.0) + std::ceil(c[2] / 35.0));
    EXPECT_EQ(kg.classes[k], classes);
    EXPECT_EQ(kg.teachers[k], 2 * classes);
    EXPECT_EQ(kg.care_staff[k], classes);
  }
}

TEST(Kindergartens, HeadCountsBalanceOverTheYears) {
  Scenario s = kindergarten_scenario();
  s.run.years = 25;  // long enough for every generated head to retire
  const World start = build_world(s);
  const std::vector<int> heads = heads_per_kindergarten(start);
  for (std::size_t k = 0; k < heads.size(); ++k) EXPECT_EQ(heads[k], 1) << "kindergarten " << k;
  Simulation sim(s, start, {.check = true});  // check_invariants and check_flows every phase
  std::int64_t retired = 0, appointed = 0;
  const auto n0 = static_cast<std::int64_t>(sim.world().kindergarten_leaders.size());
  for (int y = 0; y < s.run.years; ++y) {
    sim.step();
    retired += sim.flows().kindergarten_leader_retirements + sim.flows().kindergarten_leader_quits;
    appointed += sim.flows().kindergarten_leader_appointments;
    for (const int h : heads_per_kindergarten(sim.world())) EXPECT_EQ(h, 1) << "year " << y;
  }
  EXPECT_GT(retired, 0);
  EXPECT_EQ(static_cast<std::int64_t>(sim.world().kindergarten_leaders.size()),
            n0 + appointed - retired);
  const Kindergartens& kg = sim.world().kindergartens;
  for (std::size_t k = 0; k < kg.size(); ++k) {
    std::int32_t deputies = 0;
    const Leaders& l = sim.world().kindergarten_leaders;
    for (std::size_t i = 0; i < l.size(); ++i)
      deputies += l.school[i] == static_cast<std::int32_t>(k) && l.role[i] != LeaderRole::Principal;
    EXPECT_GE(deputies, deputy_head_posts(s.district.kindergartens, kg.classes[k]));
  }
}

TEST(Kindergartens, CadreRotationMovesKindergartenHeadsOnlyBetweenPublicKindergartens) {
  Scenario s = kindergarten_scenario(11);
  s.leader_rotation.enabled = true;
  s.leader_rotation.teachers_first = false;
  s.leader_rotation.eligibility_years = 0;  // everyone eligible: many moves
  s.leaders.max_years_in_post = 40;
  World w = build_world(s);
  YearFlows f;
  f.reset(w.schools.size());
  leader_rotation(w, s.leader_rotation, s.leaders.retirement_age,
                  s.district.kindergartens.teachers.retirement_age, {7, 0, 1}, f);
  ASSERT_GT(f.kindergarten_leader_rotations, 0);
  EXPECT_GT(f.leader_rotations, f.kindergarten_leader_rotations);  // schools' leaders move too
  EXPECT_EQ(f.leader_rotation_eligible - f.kindergarten_leader_rotation_eligible > 0, true);
  const auto n_kg = static_cast<std::int32_t>(w.kindergartens.size());
  for (const RotationEvent& e : f.kindergarten_leader_rotation_events) {
    ASSERT_TRUE(e.from >= 0 && e.from < n_kg && e.to >= 0 && e.to < n_kg);
    EXPECT_FALSE(w.kindergartens.is_private[static_cast<std::size_t>(e.from)]);
    EXPECT_FALSE(w.kindergartens.is_private[static_cast<std::size_t>(e.to)]);
  }
  // No school leader event names a kindergarten leader's id.
  std::vector<std::uint32_t> kg_ids(w.kindergarten_leaders.id);
  for (const RotationEvent& e : f.leader_rotation_events)
    EXPECT_EQ(std::count(kg_ids.begin(), kg_ids.end(), e.teacher), 0);
  for (const int h : heads_per_kindergarten(w)) EXPECT_EQ(h, 1);

  // One year of cadre rotation of the built world under s's keys.
  const auto rotated = [](const Scenario& sc) {
    World wr = build_world(sc);
    YearFlows fr;
    fr.reset(wr.schools.size());
    leader_rotation(wr, sc.leader_rotation, sc.leaders.retirement_age,
                    sc.district.kindergartens.teachers.retirement_age, {7, 0, 1}, fr);
    return fr;
  };
  // Excluded by the key: no kindergarten head moves or counts.
  s.leader_rotation.include_kindergartens = false;
  const YearFlows f2 = rotated(s);
  EXPECT_EQ(f2.kindergarten_leader_rotations, 0);
  EXPECT_EQ(f2.kindergarten_leader_rotation_eligible, 0);
  EXPECT_TRUE(f2.kindergarten_leader_rotation_events.empty());

  // A rotation of kindergarten heads alone (include_schools false): no school leader moves.
  s.leader_rotation.include_kindergartens = true;
  s.leader_rotation.include_schools = false;
  const YearFlows f3 = rotated(s);
  EXPECT_GT(f3.kindergarten_leader_rotations, 0);
  EXPECT_EQ(f3.leader_rotations, f3.kindergarten_leader_rotations);
  EXPECT_EQ(f3.leader_rotation_eligible, f3.kindergarten_leader_rotation_eligible);
  EXPECT_TRUE(f3.leader_rotation_events.empty());
}

namespace {

/// Runs the kindergartens and progression phases of year 1 on `s`'s world.
World after_entry(const Scenario& s, YearFlows& f) {
  World w = build_world(s);
  f.reset(w.schools.size());
  const YearContext ctx{static_cast<std::uint64_t>(s.run.seed), 0, 1};
  kindergartens(w, kindergarten_rules(s), s.enrolment, s.leaders, ctx, f);
  student_progression(w, s.enrolment, s.district.students, ctx, f);
  return w;
}

}  // namespace

TEST(Kindergartens, EntryEffectShiftsTheZonesGrade1EntrantsOnlyAndIsOffByDefault) {
  Scenario off = kindergarten_scenario(5);
  off.district.kindergartens.private_effectiveness_shift = -0.3;  // urban leavers weaker
  Scenario on = off;
  on.district.kindergartens.entry_effect = 0.5;
  YearFlows f_off, f_on;
  const World a = after_entry(off, f_off), b = after_entry(on, f_on);
  for (const float shift : f_off.kindergarten_entry_shift) EXPECT_EQ(shift, 0.0f);
  const auto& shift = f_on.kindergarten_entry_shift;
  EXPECT_LT(shift[0], 0.0f);  // urban: private kindergartens with weaker teachers
  EXPECT_GT(shift[2], 0.0f);  // rural: public only
  ASSERT_EQ(a.students.size(), b.students.size());
  ASSERT_EQ(a.students.id, b.students.id);
  std::int64_t entrants = 0;
  for (std::size_t c = 0; c < a.classes.size(); ++c) {
    const auto school = static_cast<std::size_t>(a.classes.school[c]);
    const float expected = a.classes.grade[c] == 1
                               ? shift[static_cast<std::size_t>(index(a.schools.zone[school]))]
                               : 0.0f;
    for (auto i = a.classes.student_begin[c]; i < a.classes.student_begin[c + 1]; ++i) {
      const auto si = static_cast<std::size_t>(i);
      EXPECT_FLOAT_EQ(b.students.achievement[si], a.students.achievement[si] + expected);
      entrants += a.classes.grade[c] == 1;
    }
  }
  EXPECT_GT(entrants, 0);
}

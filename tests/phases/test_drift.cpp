// Family drift (城挤): rural students move to better town and urban schools,
// at the stated rate, within reach, never beyond a school's capacity.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "build/generator.hpp"
#include "build/plan_checks.hpp"
#include "core/error.hpp"
#include "phases/drift.hpp"
#include "phases/progression.hpp"
#include "test_helpers.hpp"
#include "world/invariants.hpp"

using namespace edusim;

namespace {

using edusim::testing::places;

/// A district with many rural students, so the rate can be measured.
Scenario big_rural() {
  Scenario s = edusim::testing::small_scenario();
  s.district.schools[1].count = 20;  // rural primaries
  return s;
}

DriftParams on(double rate) {
  DriftParams p;
  p.enabled = true;
  p.rate = rate;
  p.quality_sensitivity = 0;
  p.max_distance_km = 1e6;
  return p;
}

void unlimited_capacity(World& w) {
  for (auto& c : w.schools.capacity) c = 100000000;
}

}  // namespace

TEST(Drift, OffChangesNothing) {
  const Scenario s = edusim::testing::small_scenario();
  World a = generate_district(s), b = generate_district(s);
  const DriftOutcome out = drift(a, DriftParams{}, 2020, year_context(s, 1));
  EXPECT_EQ(out.moved, 0);
  EXPECT_EQ(a.students.id, b.students.id);
  EXPECT_EQ(a.students.achievement, b.students.achievement);
  EXPECT_EQ(a.classes.student_begin, b.classes.student_begin);
  EXPECT_EQ(a.schools.capacity, b.schools.capacity);
  // And progression afterwards is the same as without the phase.
  YearFlows fa, fb;
  fa.reset(a.schools.size()), fb.reset(b.schools.size());
  student_progression(a, s.enrolment, s.district.students, year_context(s, 1), fa);
  student_progression(b, s.enrolment, s.district.students, year_context(s, 1), fb);
  EXPECT_EQ(a.students.id, b.students.id);
  EXPECT_EQ(a.students.ses, b.students.ses);
  EXPECT_EQ(a.classes.student_begin, b.classes.student_begin);
}

TEST(Drift, MovesOnlyRuralToTownOrUrbanOfTheSameLevelWithinReachKeepingTheGrade) {
  const Scenario s = big_rural();
  World w = generate_district(s);
  unlimited_capacity(w);
  // Reach: the median distance from a rural school to a town or urban one of its level.
  std::vector<double> d;
  for (std::size_t a = 0; a < w.schools.size(); ++a)
    for (std::size_t b = 0; b < w.schools.size(); ++b)
      if (w.schools.zone[a] == Zone::Rural && w.schools.zone[b] != Zone::Rural &&
          w.schools.level[a] == w.schools.level[b])
        d.push_back(std::hypot(w.schools.x_km[a] - w.schools.x_km[b],
                               w.schools.y_km[a] - w.schools.y_km[b]));
  std::sort(d.begin(), d.end());
  DriftParams p = on(0.3);
  p.max_distance_km = d[d.size() / 2];
  const World before_world = w;
  const auto before = places(w);
  const DriftOutcome out = drift(w, p, 2020, year_context(s, 1));
  ASSERT_GT(out.moved, 0);
  std::int64_t moved = 0;
  const auto after = places(w);
  ASSERT_EQ(after.size(), before.size());
  for (const auto& [id, place] : before) {
    const auto& now = after.at(id);
    EXPECT_EQ(now.second, place.second);
    if (now.first == place.first) continue;
    ++moved;
    const auto from = static_cast<std::size_t>(place.first),
               to = static_cast<std::size_t>(now.first);
    EXPECT_EQ(w.schools.zone[from], Zone::Rural);
    EXPECT_NE(w.schools.zone[to], Zone::Rural);
    EXPECT_EQ(w.schools.level[to], w.schools.level[from]);
    EXPECT_LE(std::hypot(w.schools.x_km[to] - w.schools.x_km[from],
                         w.schools.y_km[to] - w.schools.y_km[from]),
              p.max_distance_km);
    EXPECT_NE(place.second, last_grade(w.schools.level[from]));
  }
  EXPECT_EQ(moved, out.moved);
  // Some rural schools are out of reach of every town or urban one: nobody left them.
  std::int64_t out_of_reach = 0;
  for (const auto& [id, place] : before) {
    const auto from = static_cast<std::size_t>(place.first);
    if (w.schools.zone[from] != Zone::Rural) continue;
    bool reach = false;
    for (std::size_t b = 0; b < w.schools.size(); ++b)
      reach |= w.schools.zone[b] != Zone::Rural && w.schools.level[b] == w.schools.level[from] &&
               std::hypot(w.schools.x_km[b] - w.schools.x_km[from],
                          w.schools.y_km[b] - w.schools.y_km[from]) <= p.max_distance_km;
    if (reach) continue;
    ++out_of_reach;
    EXPECT_EQ(after.at(id).first, place.first);
  }
  EXPECT_GT(out_of_reach, 0);
  check_invariants(w, "after drift", ClassTeachers::MayBeMissing);
  YearFlows f;
  f.reset(w.schools.size());
  student_progression(w, s.enrolment, s.district.students, year_context(s, 1), f);
  check_invariants(w, "after progression", ClassTeachers::MayBeMissing);
}

TEST(Drift, NeverExceedsCapacity) {
  const Scenario s = big_rural();
  World w = generate_district(s);
  for (std::size_t t = 0; t < w.schools.size(); ++t)
    w.schools.capacity[t] = w.school_students(t) + 7;  // a little room everywhere
  const DriftOutcome out = drift(w, on(0.5), 2020, year_context(s, 1));
  EXPECT_GT(out.blocked, 0);
  std::int64_t room = 0;
  for (std::size_t t = 0; t < w.schools.size(); ++t) {
    EXPECT_LE(w.school_students(t), w.schools.capacity[t]) << w.schools.name[t];
    if (w.schools.zone[t] != Zone::Rural) room += 7;
  }
  EXPECT_EQ(out.moved, room);  // every free place taken, no more
}

TEST(Drift, RateIsRightWithAFixedSeed) {
  const Scenario s = big_rural();
  World w = generate_district(s);
  unlimited_capacity(w);
  std::int64_t eligible = 0;
  for (std::size_t c = 0; c < w.classes.size(); ++c) {
    const auto school = static_cast<std::size_t>(w.classes.school[c]);
    if (w.schools.zone[school] == Zone::Rural &&
        w.classes.grade[c] != last_grade(w.schools.level[school]))
      eligible += w.classes.student_begin[c + 1] - w.classes.student_begin[c];
  }
  ASSERT_GT(eligible, 1000);
  const double rate = 0.1;
  const DriftOutcome out = drift(w, on(rate), 2020, year_context(s, 1));
  // Binomial: 4 standard deviations.
  const double sd = std::sqrt(eligible * rate * (1 - rate));
  EXPECT_NEAR(static_cast<double>(out.moved), eligible * rate, 4 * sd) << eligible;
}

TEST(Drift, ProbabilityRisesWithTheQualityGap) {
  DriftParams p = on(0.02);
  p.quality_sensitivity = 10;
  EXPECT_DOUBLE_EQ(drift_probability(p, -0.1), 0.02);  // a worse school does not attract more
  EXPECT_DOUBLE_EQ(drift_probability(p, 0), 0.02);
  EXPECT_NEAR(drift_probability(p, std::log(2.0) / 10), 0.04, 1e-12);
  EXPECT_DOUBLE_EQ(drift_probability(p, 10), 1.0);
}

TEST(Drift, DeterministicForAFixedSeed) {
  const Scenario s = big_rural();
  World a = generate_district(s), b = generate_district(s);
  unlimited_capacity(a), unlimited_capacity(b);
  drift(a, on(0.1), 2020, year_context(s, 1));
  drift(b, on(0.1), 2020, year_context(s, 1));
  EXPECT_EQ(a.students.id, b.students.id);
  EXPECT_EQ(a.classes.student_begin, b.classes.student_begin);
}

TEST(Drift, CapacityExpansionRaisesCapacityInItsYear) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  DriftParams p;  // drift itself off: expansion still applies
  p.capacity_expansion.push_back({w.schools.name[0], 2021, 500});
  const auto capacity = w.schools.capacity;
  EXPECT_EQ(drift(w, p, 2020, year_context(s, 1)).places_added, 0);
  EXPECT_EQ(w.schools.capacity, capacity);
  EXPECT_EQ(drift(w, p, 2021, year_context(s, 2)).places_added, 500);
  EXPECT_EQ(w.schools.capacity[0], capacity[0] + 500);
  for (std::size_t t = 1; t < w.schools.size(); ++t) EXPECT_EQ(w.schools.capacity[t], capacity[t]);
  // The yearly share grows town and urban schools only.
  DriftParams q;
  q.expansion_rate = 0.1;
  const auto c2 = w.schools.capacity;
  expand_capacity(w, q, 2022);
  for (std::size_t t = 0; t < w.schools.size(); ++t) {
    if (w.schools.zone[t] == Zone::Rural)
      EXPECT_EQ(w.schools.capacity[t], c2[t]);
    else
      EXPECT_EQ(w.schools.capacity[t], c2[t] + std::lround(c2[t] * 0.1));
  }
}

TEST(Drift, UnknownSchoolInTheExpansionIsRefusedWithTheKeyPath) {
  const Scenario s = edusim::testing::small_scenario();
  const World w = generate_district(s);
  DriftParams p;
  p.capacity_expansion.push_back({w.schools.name[0], 2021, 10});
  EXPECT_NO_THROW(validate_drift(p, w));
  p.capacity_expansion.push_back({"Nowhere", 2021, 10});
  try {
    validate_drift(p, w);
    FAIL() << "an unknown school was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("drift.capacity_expansion[1].school"), std::string::npos)
        << e.what();
  }
}

TEST(Drift, FamiliesChooseTheBestSchoolAndMoveMoreOftenForALargerGap) {
  const Scenario s = big_rural();
  World w = generate_district(s);
  unlimited_capacity(w);
  std::size_t best = w.schools.size();
  for (std::size_t t = 0; t < w.schools.size(); ++t)
    if (w.schools.level[t] == Level::Primary && w.schools.zone[t] != Zone::Rural) best = t;
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (w.teachers.school[i] == static_cast<std::int32_t>(best)) w.teachers.effectiveness[i] += 1;
  World flat = w;
  DriftParams p = on(0.05);
  const DriftOutcome without = drift(flat, p, 2020, year_context(s, 1));
  p.quality_sensitivity = 1;  // a gap of about 1 SD: e times the rate
  const auto before = places(w);
  const DriftOutcome with = drift(w, p, 2020, year_context(s, 1));
  EXPECT_GT(with.moved, without.moved * 2);
  for (const auto& [id, place] : places(w)) {
    const bool moved = place.first != before.at(id).first;
    if (moved && w.schools.level[static_cast<std::size_t>(place.first)] == Level::Primary) {
      EXPECT_EQ(place.first, static_cast<std::int32_t>(best)) << "student " << id;
    }
  }
}

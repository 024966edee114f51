// Voluntary transfers (调动): the application rate, the service-years rule, moves only
// upward and into vacancies, the county pool, rates by zone, events and flows, and
// results that do not depend on the thread count.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <map>
#include <utility>
#include <vector>

#include "build/generator.hpp"
#include "phases/hiring.hpp"
#include "phases/school_strength.hpp"
#include "phases/transfers.hpp"
#include "test_helpers.hpp"
#include "world/invariants.hpp"

using namespace edusim;
using edusim::testing::school_type;

namespace {

/// Primaries: 4 urban, 6 town, 10 rural; middle schools: 2 urban, 2 town, 3 rural.
Scenario district_scenario() {
  Scenario s = edusim::testing::small_scenario();
  s.district.schools = {school_type("urban primary", Level::Primary, Zone::Urban, 4, 70, 0.04),
                        school_type("town primary", Level::Primary, Zone::Town, 6, 45, 0.0),
                        school_type("rural primary", Level::Primary, Zone::Rural, 10, 25, -0.04),
                        school_type("urban middle", Level::Middle, Zone::Urban, 2, 150, 0.04),
                        school_type("town middle", Level::Middle, Zone::Town, 2, 90, 0.0),
                        school_type("rural middle", Level::Middle, Zone::Rural, 3, 50, -0.04)};
  return s;
}

/// The generated district with this year's strength classes, every teacher long at its
/// school, and (as after demography) no class teachers.
World district_world() {
  World w = generate_district(district_scenario());
  school_strength(w, StrengthParams{}, {7, 0, 1});
  for (auto& y : w.teachers.years_at_school) y = std::max<std::int16_t>(y, 10);
  std::fill(w.classes.class_teacher.begin(), w.classes.class_teacher.end(), -1);
  return w;
}

TransferParams on(double base_rate = 0.2) {
  TransferParams p;
  p.enabled = true;
  p.base_rate = base_rate;
  return p;
}

/// The staffing norm of the scenario, or one so tight that every school has vacancies.
TeacherSpec norm(bool ample = false) {
  TeacherSpec spec = district_scenario().district.teachers;
  if (ample) spec.student_teacher_ratio = {0.5, 0.5};
  return spec;
}

YearFlows run_year(World& w, const TransferParams& p, const TeacherSpec& spec,
                   std::uint32_t year = 1) {
  YearFlows f;
  f.reset(w.schools.size());
  transfers(w, p, spec, {7, 0, year}, f);
  check_invariants(w, "after transfers", ClassTeachers::MayBeMissing);
  return f;
}

std::map<std::uint32_t, std::size_t> by_id(const World& w) {
  std::map<std::uint32_t, std::size_t> m;
  for (std::size_t i = 0; i < w.teachers.size(); ++i) m[w.teachers.id[i]] = i;
  return m;
}

std::vector<std::int32_t> staff(const World& w) {
  std::vector<std::int32_t> n(w.schools.size());
  for (std::size_t s = 0; s < n.size(); ++s) n[s] = w.school_teachers(s);
  return n;
}

std::int32_t target(const World& w, const TeacherSpec& spec, std::size_t s) {
  return staffing_target(w.school_students(s),
                         spec.student_teacher_ratio[index(w.schools.level[s])]);
}

}  // namespace

TEST(Transfers, ProbabilityMultipliesTheFactorsAndIsCapped) {
  TransferParams p = on(0.04);
  p.max_rate = 1;
  // Rural, mid career (6-10 years), entry title, as effective as the colleagues: the base.
  EXPECT_DOUBLE_EQ(transfer_probability(p, Zone::Rural, 8, 0, 0.0), 0.04);
  EXPECT_DOUBLE_EQ(transfer_probability(p, Zone::Town, 8, 0, 0.0), 0.02);
  EXPECT_DOUBLE_EQ(transfer_probability(p, Zone::Urban, 8, 0, 0.0), 0.01);
  EXPECT_DOUBLE_EQ(transfer_probability(p, Zone::Rural, 3, 0, 0.0), 0.04 * 1.08);
  EXPECT_DOUBLE_EQ(transfer_probability(p, Zone::Rural, 20, 0, 0.0), 0.04 * 0.84);
  EXPECT_DOUBLE_EQ(transfer_probability(p, Zone::Rural, 31, 0, 0.0), 0.04 * 0.59);
  EXPECT_NEAR(transfer_probability(p, Zone::Rural, 8, 2, 0.0), 0.04 * 1.21, 1e-15);
  EXPECT_NEAR(transfer_probability(p, Zone::Rural, 8, 0, 0.1), 0.04 * std::exp(0.3), 1e-15);
  // Less effective than the colleagues: less likely to apply.
  EXPECT_LT(transfer_probability(p, Zone::Rural, 8, 0, -0.1), 0.04);
  p.max_rate = 0.05;
  EXPECT_DOUBLE_EQ(transfer_probability(p, Zone::Rural, 3, 4, 0.5), 0.05);
}

TEST(Transfers, UpwardIsAHigherZoneOrAStrongerSchoolOfTheSameZone) {
  Schools s;
  s.zone = {Zone::Rural, Zone::Rural, Zone::Town, Zone::Urban, Zone::Urban};
  s.strength = {Strength::Weak, Strength::Strong, Strength::Weak, Strength::Ordinary,
                Strength::Strong};
  EXPECT_TRUE(transfer_upward(s, 0, 1));   // rural weak -> rural strong
  EXPECT_FALSE(transfer_upward(s, 1, 0));  // rural strong -> rural weak
  EXPECT_TRUE(transfer_upward(s, 1, 2));   // rural strong -> town weak: the zone first
  EXPECT_TRUE(transfer_upward(s, 2, 3));
  EXPECT_TRUE(transfer_upward(s, 3, 4));
  EXPECT_FALSE(transfer_upward(s, 4, 3));
  EXPECT_FALSE(transfer_upward(s, 3, 2));  // never down a zone
  EXPECT_FALSE(transfer_upward(s, 3, 3));
}

TEST(Transfers, DisabledMovesNobody) {
  World w = district_world();
  const World before = w;
  TransferParams p = on(0.5);
  p.enabled = false;
  const YearFlows f = run_year(w, p, norm(true));
  EXPECT_EQ(f.transfer_applicants + f.transfers, 0);
  EXPECT_TRUE(f.rotation_events.empty());
  EXPECT_EQ(w.teachers.school, before.teachers.school);
  EXPECT_EQ(w.teachers_by_school, before.teachers_by_school);
}

TEST(Transfers, NobodyAppliesBeforeTheServiceYears) {
  World w = district_world();
  TransferParams p = on(0.5);
  p.min_service_years = 4;
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    w.teachers.years_at_school[i] = static_cast<std::int16_t>(i % 4);  // 0..3 < 4
  YearFlows f = run_year(w, p, norm(true));
  EXPECT_EQ(f.transfer_applicants, 0);
  EXPECT_EQ(f.transfers, 0);
  // At the rule's threshold they may: only those with 3 years when the rule is 3.
  p.min_service_years = 3;
  const World before = w;
  f = run_year(w, p, norm(true));
  ASSERT_GT(f.transfers, 0);
  const auto old = by_id(before);
  for (const RotationEvent& e : f.rotation_events)
    EXPECT_EQ(before.teachers.years_at_school[old.at(e.teacher)], 3);
  // Rotating teachers and interns never apply; a rule of 0 still needs a year at the school.
  World x = district_world();
  for (std::size_t i = 0; i < x.teachers.size(); ++i) {
    if (i % 3 == 0) x.teachers.contract[i] = Contract::Intern;
    if (i % 3 == 1) x.teachers.years_at_school[i] = 0;
  }
  p.min_service_years = 0;
  const World x_before = x;
  f = run_year(x, p, norm(true));
  ASSERT_GT(f.transfers, 0);
  const auto x_old = by_id(x_before);
  for (const RotationEvent& e : f.rotation_events) {
    const std::size_t i = x_old.at(e.teacher);
    EXPECT_EQ(x_before.teachers.contract[i], Contract::Regular);
    EXPECT_GE(x_before.teachers.years_at_school[i], 1);
  }
}

TEST(Transfers, MovesGoOnlyUpwardIntoVacanciesOfTheSameLevel) {
  World w = district_world();
  const TeacherSpec spec = norm();
  // Vacancies in some town and urban schools: a third of their teachers leave.
  std::vector<std::uint8_t> keep(w.teachers.size(), 1);
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (w.schools.zone[static_cast<std::size_t>(w.teachers.school[i])] != Zone::Rural && i % 3 == 0)
      keep[i] = 0;
  compact_teachers(w.teachers, keep);
  index_teachers(w);
  school_strength(w, StrengthParams{}, {7, 0, 1});
  const World before = w;
  const std::vector<std::int32_t> staff_before = staff(w);
  const YearFlows f = run_year(w, on(0.5), spec);
  ASSERT_GT(f.transfers, 0);
  EXPECT_EQ(static_cast<std::int64_t>(f.rotation_events.size()), f.transfers);
  EXPECT_GE(f.transfer_applicants, f.transfers);
  const auto now = by_id(w);
  std::vector<std::int32_t> arrived(w.schools.size(), 0);
  for (const RotationEvent& e : f.rotation_events) {
    EXPECT_EQ(e.kind, RotationKind::Transfer);
    const auto from = static_cast<std::size_t>(e.from), to = static_cast<std::size_t>(e.to);
    EXPECT_TRUE(transfer_upward(before.schools, from, to));
    EXPECT_EQ(before.schools.level[from], before.schools.level[to]);
    const std::size_t i = now.at(e.teacher);
    EXPECT_EQ(w.teachers.school[i], e.to);
    EXPECT_EQ(w.teachers.home_school[i], e.to);
    EXPECT_EQ(w.teachers.years_at_school[i], 0);
    ++arrived[to];
  }
  // A school takes transfers only while it is below its norm, and never beyond it.
  for (std::size_t s = 0; s < w.schools.size(); ++s) {
    EXPECT_EQ(arrived[s], f.school_transfers_in[s]);
    if (arrived[s] > 0) {
      EXPECT_LE(w.school_teachers(s), target(w, spec, s));
    }
    EXPECT_EQ(w.school_teachers(s),
              staff_before[s] + f.school_transfers_in[s] - f.school_transfers_out[s]);
  }
  std::int64_t rural_up = 0, to_rural = 0;
  for (const RotationEvent& e : f.rotation_events) {
    rural_up += before.schools.zone[static_cast<std::size_t>(e.from)] == Zone::Rural &&
                before.schools.zone[static_cast<std::size_t>(e.to)] != Zone::Rural;
    to_rural += before.schools.zone[static_cast<std::size_t>(e.to)] == Zone::Rural;
  }
  EXPECT_EQ(rural_up, f.transfers_rural_to_town_urban);
  EXPECT_EQ(to_rural, f.transfers_to_rural);
}

TEST(Transfers, WithoutVacanciesNobodyMoves) {
  World w = district_world();
  TeacherSpec spec = norm();
  spec.student_teacher_ratio = {1000, 1000};  // one post per school: all are full
  const YearFlows f = run_year(w, on(0.5), spec);
  EXPECT_GT(f.transfer_applicants, 0);
  EXPECT_EQ(f.transfers, 0);
}

TEST(Transfers, TheCountyPoolMovesTeachersOnlyOutOfSchoolsAboveTheirNorm) {
  TransferParams p = on(0.5);
  p.county_pool = true;
  {  // Every school below its norm: nobody may leave.
    World w = district_world();
    EXPECT_EQ(run_year(w, p, norm(true)).transfers, 0);
  }
  // Town and urban schools lose a third of their teachers; rural schools get 3 more each.
  World w = district_world();
  std::vector<std::uint8_t> keep(w.teachers.size(), 1);
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (w.schools.zone[static_cast<std::size_t>(w.teachers.school[i])] != Zone::Rural && i % 3 == 0)
      keep[i] = 0;
  compact_teachers(w.teachers, keep);
  for (std::size_t s = 0; s < w.schools.size(); ++s)
    for (int k = 0; w.schools.zone[s] == Zone::Rural && k < 3; ++k) {
      const std::size_t i =
          add_teacher(w.teachers, w.next_teacher_id++, static_cast<std::int32_t>(s));
      w.teachers.years_at_school[i] = 10, w.teachers.experience[i] = 8;
      w.teachers.effectiveness[i] = 0.3f;
    }
  index_teachers(w);
  school_strength(w, StrengthParams{}, {7, 0, 1});
  const TeacherSpec spec = norm();
  World free = w;
  const std::vector<std::int32_t> before = staff(w);
  const YearFlows f_free = run_year(free, on(0.5), spec);
  const YearFlows f = run_year(w, p, spec);
  ASSERT_GT(f.transfers, 0);
  EXPECT_LT(f.transfers, f_free.transfers);
  for (std::size_t s = 0; s < w.schools.size(); ++s)
    if (f.school_transfers_out[s] > 0) {
      EXPECT_GE(w.school_teachers(s), target(w, spec, s)) << "school " << s;
      EXPECT_GT(before[s], target(w, spec, s));
    }
  // Without the pool some school is left below its norm by the moves.
  bool below = false;
  for (std::size_t s = 0; s < free.schools.size(); ++s)
    below |= f_free.school_transfers_out[s] > 0 && free.school_teachers(s) < target(free, spec, s);
  EXPECT_TRUE(below);
}

TEST(Transfers, ApplicationRatesByZoneMatchTheParameters) {
  // Every teacher alike (mid career, entry title, as effective as the colleagues) and room
  // everywhere: each applicant from a rural or town school moves, so the moves by origin
  // zone count the applications. Binomial bounds of 4 sd around n * p.
  World w = district_world();
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    w.teachers.experience[i] = 8;
    w.teachers.title[i] = w.teachers.post_title[i] = 0;
    w.teachers.effectiveness[i] = 0.3f;
  }
  school_strength(w, StrengthParams{}, {7, 0, 1});
  TransferParams p = on(0.2);
  p.zone_multiplier = {0.5, 1.5, 3.0};
  std::array<std::int64_t, kZones> n{};
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    ++n[index(w.schools.zone[static_cast<std::size_t>(w.teachers.school[i])])];
  const World before = w;
  const YearFlows f = run_year(w, p, norm(true));
  std::array<std::int64_t, kZones> moved{};
  for (const RotationEvent& e : f.rotation_events)
    ++moved[index(before.schools.zone[static_cast<std::size_t>(e.from)])];
  double expected_all = 0, var_all = 0;
  for (int z = 0; z < kZones; ++z) {
    const double prob = std::min(p.max_rate, p.base_rate * p.zone_multiplier[z]);
    const double mean = static_cast<double>(n[z]) * prob, sd = std::sqrt(mean * (1 - prob));
    expected_all += mean, var_all += sd * sd;
    if (z == index(Zone::Urban)) continue;  // urban applicants move only to stronger schools
    ASSERT_GT(n[z], 100);
    EXPECT_NEAR(static_cast<double>(moved[z]), mean, 4 * sd) << kZoneNames[z];
  }
  EXPECT_NEAR(static_cast<double>(f.transfer_applicants), expected_all, 4 * std::sqrt(var_all));
  // The rural rate is capped at max_rate.
  EXPECT_LT(moved[index(Zone::Rural)], n[index(Zone::Rural)]);
}

TEST(Transfers, TheMostEffectiveApplicantGetsThePost) {
  // Every teacher applies; every school but one urban primary is full (a norm of one post).
  World w = district_world();
  std::size_t urban = 0;
  while (w.schools.zone[urban] != Zone::Urban || w.schools.level[urban] != Level::Primary) ++urban;
  std::vector<std::uint8_t> keep(w.teachers.size(), 1);
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    keep[i] = w.teachers.school[i] != static_cast<std::int32_t>(urban);
  compact_teachers(w.teachers, keep);
  index_teachers(w);
  school_strength(w, StrengthParams{}, {7, 0, 1});
  TeacherSpec spec = norm();
  spec.student_teacher_ratio = {1e6, 1e6};
  TransferParams p = on(1.0);
  p.max_rate = 1;
  p.zone_multiplier = {1, 1, 1};
  p.career_multiplier = {1, 1, 1, 1};
  p.title_multiplier = 1;
  p.effectiveness_slope = 0;
  const World before = w;
  const YearFlows f = run_year(w, p, spec);
  EXPECT_EQ(f.transfer_applicants, static_cast<std::int64_t>(before.teachers.size()));
  ASSERT_EQ(f.transfers, 1);
  const RotationEvent& e = f.rotation_events.front();
  EXPECT_EQ(e.to, static_cast<std::int32_t>(urban));
  float best = -kInf;
  for (std::size_t i = 0; i < before.teachers.size(); ++i) {
    const auto s = static_cast<std::size_t>(before.teachers.school[i]);
    if (before.schools.level[s] == Level::Primary && transfer_upward(before.schools, s, urban))
      best = std::max(best, before.teachers.effectiveness[i]);
  }
  EXPECT_EQ(before.teachers.effectiveness[by_id(before).at(e.teacher)], best);
}

TEST(Transfers, ApplicantsAreServedBestFirst) {
  World w = district_world();
  const World before = w;
  const YearFlows f = run_year(w, on(0.5), norm(true));
  ASSERT_GT(f.transfers, 1);
  const auto old = by_id(before);
  for (std::size_t k = 1; k < f.rotation_events.size(); ++k)
    EXPECT_GE(before.teachers.effectiveness[old.at(f.rotation_events[k - 1].teacher)],
              before.teachers.effectiveness[old.at(f.rotation_events[k].teacher)]);
}

TEST(Transfers, SameResultForOneAndTwoThreads) {
  auto simulate = [](int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(threads));
    World w = district_world();
    std::vector<RotationEvent> events;
    std::int64_t applicants = 0;
    for (std::uint32_t year = 1; year <= 4; ++year) {
      for (auto& y : w.teachers.years_at_school) ++y;
      school_strength(w, StrengthParams{}, {7, 0, year});
      const YearFlows f = run_year(w, on(0.1), norm(true), year);
      events.insert(events.end(), f.rotation_events.begin(), f.rotation_events.end());
      applicants += f.transfer_applicants;
    }
    return std::tuple(std::move(w), std::move(events), applicants);
  };
  const auto [w1, e1, a1] = simulate(1);
  const auto [w2, e2, a2] = simulate(2);
  ASSERT_GT(e1.size(), 0u);
  EXPECT_EQ(a1, a2);
  ASSERT_EQ(e1.size(), e2.size());
  for (std::size_t k = 0; k < e1.size(); ++k) {
    EXPECT_EQ(e1[k].teacher, e2[k].teacher);
    EXPECT_EQ(e1[k].from, e2[k].from);
    EXPECT_EQ(e1[k].to, e2[k].to);
  }
  EXPECT_EQ(w1.teachers.school, w2.teachers.school);
  EXPECT_EQ(w1.teachers.home_school, w2.teachers.home_school);
  EXPECT_EQ(w1.teachers_by_school, w2.teachers_by_school);
}

TEST(Transfers, AnyDestinationMovesDownAsWellAsUpInProportionToVacancies) {
  // Every school has many vacancies (a norm of 2 students per teacher), every teacher is
  // alike and applies at the same rate in every zone. Upward moves never go to a rural
  // school; under `any` the destinations follow the vacant posts, so most go to the schools
  // with the most vacant posts whatever their zone, rural ones included.
  auto alike = [] {
    World w = district_world();
    for (std::size_t i = 0; i < w.teachers.size(); ++i) {
      w.teachers.experience[i] = 8;
      w.teachers.title[i] = w.teachers.post_title[i] = 0;
      w.teachers.effectiveness[i] = 0.3f;
    }
    school_strength(w, StrengthParams{}, {7, 0, 1});
    return w;
  };
  TransferParams p = on(0.3);
  p.zone_multiplier = {1, 1, 1};
  TeacherSpec spec = norm();
  spec.student_teacher_ratio = {2, 2};
  World up = alike(), any = alike();
  const World before = up;
  const YearFlows f_up = run_year(up, p, spec);
  p.destination = TransferDestination::Any;
  const YearFlows f_any = run_year(any, p, spec);
  EXPECT_EQ(f_up.transfer_applicants, f_any.transfer_applicants);  // same draws apply
  ASSERT_GT(f_any.transfers, 50);
  std::int64_t down = 0, to_rural = 0;
  std::array<std::int64_t, kZones> vacant{};
  std::int64_t vacant_all = 0;
  for (std::size_t s = 0; s < before.schools.size(); ++s) {
    const std::int64_t v = std::max(0, target(before, spec, s) - before.school_teachers(s));
    vacant[index(before.schools.zone[s])] += v;
    vacant_all += v;
  }
  for (const RotationEvent& e : f_any.rotation_events) {
    const auto from = static_cast<std::size_t>(e.from), to = static_cast<std::size_t>(e.to);
    EXPECT_NE(from, to);
    EXPECT_EQ(before.schools.level[from], before.schools.level[to]);
    down += transfer_upward(before.schools, to, from);
    to_rural += before.schools.zone[to] == Zone::Rural;
  }
  EXPECT_GT(down, 0);
  for (const RotationEvent& e : f_up.rotation_events)
    EXPECT_NE(before.schools.zone[static_cast<std::size_t>(e.to)], Zone::Rural);
  // The rural share of the destinations is near the rural share of the vacant posts
  // (binomial bound of 4 sd; vacancies barely change, as there are far more than movers).
  const double share = static_cast<double>(vacant[index(Zone::Rural)]) / vacant_all;
  const double n = static_cast<double>(f_any.transfers);
  EXPECT_NEAR(static_cast<double>(to_rural), n * share, 4 * std::sqrt(n * share * (1 - share)));
  // Never beyond a school's norm.
  for (std::size_t s = 0; s < any.schools.size(); ++s)
    if (f_any.school_transfers_in[s] > 0) {
      EXPECT_LE(any.school_teachers(s), target(any, spec, s));
    }
}

TEST(Transfers, DestinationKeyDefaultsToUpward) {
  EXPECT_EQ(TransferParams{}.destination, TransferDestination::Upward);
  const Scenario s = edusim::testing::scenario_from_text(R"(district:
  schools:
    - {level: primary, zone: rural, count: 2}
    - {level: middle, zone: town, count: 1}
transfers: {destination: any}
)");
  EXPECT_EQ(s.transfers.destination, TransferDestination::Any);
}

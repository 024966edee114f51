// Morale and burnout: the yearly step toward the target worked by hand for
// workload, relative pay, zone and rotation hardship and burnout; burnout's
// accumulation and recovery; fixed points, monotonicity and the 0..1 bounds.
// Defaults used by hand: base 0.6, adjustment 0.5, pay slope 0.5, workload slope
// 0.3, zone penalty urban 0 / town 0.02 / rural 0.06, burnout slope 0.3, workload
// burnout 0.1, recovery 0.3, rotation hardship 0.03; staffing norm 19 students per
// teacher in primaries, 13.5 in middle schools; a new teacher's morale is 0.5.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "build/generator.hpp"
#include "hand_world.hpp"
#include "phases/morale.hpp"
#include "phases/staffing_norm.hpp"
#include "test_helpers.hpp"

using namespace edusim;
using edusim::testing::add_regular;
using edusim::testing::HandSchool;

namespace {

/// Hand schools with one regular 一级 teacher each (so relative pay is 1 everywhere).
World one_teacher_each(const std::vector<HandSchool>& schools) {
  World w = edusim::testing::hand_world(schools);
  for (std::size_t s = 0; s < schools.size(); ++s) add_regular(w, static_cast<std::int32_t>(s), 2);
  return w;
}

void run_morale(World& w, const MoraleParams& p = {}, const PayParams& pay = {}, int years = 1) {
  for (int y = 1; y <= years; ++y)
    morale(w, p, pay, HousingParams{}, TeacherSpec{}, {1, 0, static_cast<std::uint32_t>(y)});
}

/// One year's morale from `start` toward `target` at the default adjustment rate.
double step(double start, double target) {
  return start + 0.5 * (target - start);
}

constexpr double kTolerance = 1e-6;  // morale and burnout are stored as float

}  // namespace

TEST(Morale, RelativeLoadIsStudentsPerTeacherOverTheNorm) {
  EXPECT_EQ(relative_load(38, 2, 19), 1.0);
  EXPECT_EQ(relative_load(27, 1, 13.5), 2.0);
  EXPECT_EQ(relative_load(19, 2, 19), 0.5);
  EXPECT_EQ(relative_load(5, 0, 19), 2.0);  // students without teachers: double load
  EXPECT_EQ(relative_load(0, 0, 19), 0.0);
}

TEST(Morale, AVillageSchoolIsLoadedAgainstItsClassNorm) {
  // Rural primaries of 10 pupils in one class, staffed by classes at 3 teachers a class:
  // their target is 3 teachers (by pupils alone, 1). School 0 has 1 teacher: load 3
  // (excess 2), where by pupils it would be 10/19; school 1 has its 3 (load 1). The urban
  // primary (school 2) is loaded by pupils as before.
  World w = edusim::testing::hand_world({{Zone::Rural, Level::Primary, 10},
                                         {Zone::Rural, Level::Primary, 10},
                                         {Zone::Urban, Level::Primary, 10}});
  for (const std::int32_t s : {0, 1, 1, 1, 2}) add_regular(w, s, 2);
  TeacherSpec spec;
  spec.rural_teachers_per_class = {3.0, 3.0};
  EXPECT_DOUBLE_EQ(school_norm_ratio(w, 0, spec), 10.0 / 3);
  EXPECT_DOUBLE_EQ(relative_load(10, 1, school_norm_ratio(w, 0, spec)), 3.0);
  EXPECT_DOUBLE_EQ(relative_load(10, 3, school_norm_ratio(w, 1, spec)), 1.0);
  EXPECT_EQ(school_norm_ratio(w, 2, spec), 19.0);
  for (std::size_t s = 0; s < 3; ++s)  // off (the default): every school by its pupils
    EXPECT_EQ(school_norm_ratio(w, s, TeacherSpec{}), 19.0) << "school " << s;
  // Morale under each spec from the same start: only school 0's teacher differs, by the
  // workload terms of an excess of 2.
  World plain = w;
  const MoraleParams p;
  morale(w, p, {}, HousingParams{}, spec, {1, 0, 1});
  morale(plain, p, {}, HousingParams{}, TeacherSpec{}, {1, 0, 1});
  EXPECT_NEAR(w.teachers.burnout[0] - plain.teachers.burnout[0], p.workload_burnout * 2,
              kTolerance);
  EXPECT_NEAR(plain.teachers.morale[0] - w.teachers.morale[0],
              p.adjustment_rate * p.workload_slope * 2, kTolerance);
  for (std::size_t i = 1; i < w.teachers.size(); ++i) {
    EXPECT_EQ(w.teachers.morale[i], plain.teachers.morale[i]) << "teacher " << i;
    EXPECT_EQ(w.teachers.burnout[i], plain.teachers.burnout[i]) << "teacher " << i;
  }
}

TEST(Morale, MovesPartWayTowardTheTargetAndStaysAtItsFixedPoint) {
  // Urban primary at the norm, mean pay, no burnout: target = base = 0.6.
  World w = one_teacher_each({{Zone::Urban, Level::Primary, 19}});
  run_morale(w);
  EXPECT_NEAR(w.teachers.morale[0], 0.55, kTolerance);
  run_morale(w);
  EXPECT_NEAR(w.teachers.morale[0], 0.575, kTolerance);
  EXPECT_EQ(w.teachers.burnout[0], 0.0f);
  w.teachers.morale[0] = 0.6f;  // at the target: no change
  run_morale(w, {}, {}, 5);
  EXPECT_NEAR(w.teachers.morale[0], 0.6, kTolerance);
  MoraleParams p;
  p.adjustment_rate = 1;  // the whole gap in one year
  w.teachers.morale[0] = 0.1f;
  run_morale(w, p);
  EXPECT_NEAR(w.teachers.morale[0], 0.6, kTolerance);
  p.adjustment_rate = 0;  // never moves
  w.teachers.morale[0] = 0.1f;
  run_morale(w, p);
  EXPECT_NEAR(w.teachers.morale[0], 0.1, kTolerance);
}

TEST(Morale, LoadAboveTheNormLowersMoraleAndAddsBurnoutMonotonically) {
  // Loads 10/19, 1, 2 and 3 (one teacher each): excess 0, 0, 1 and 2;
  // targets 0.6, 0.6, 0.3 and 0.0; burnout 0, 0, 0.1 and 0.2.
  World w = one_teacher_each({{Zone::Urban, Level::Primary, 10},
                              {Zone::Urban, Level::Primary, 19},
                              {Zone::Urban, Level::Primary, 38},
                              {Zone::Urban, Level::Primary, 57}});
  run_morale(w);
  const double target[] = {0.6, 0.6, 0.3, 0.0}, burnout[] = {0, 0, 0.1, 0.2};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(w.teachers.morale[i], step(0.5, target[i]), kTolerance) << "school " << i;
    EXPECT_NEAR(w.teachers.burnout[i], burnout[i], kTolerance) << "school " << i;
  }
  EXPECT_EQ(w.teachers.morale[0], w.teachers.morale[1]);  // a light load earns nothing
  EXPECT_GT(w.teachers.morale[1], w.teachers.morale[2]);
  EXPECT_GT(w.teachers.morale[2], w.teachers.morale[3]);
}

TEST(Morale, MiddleSchoolsAreLoadedAgainstTheirOwnNorm) {
  // 27 students per teacher: load 27/13.5 = 2 in a middle school (target 0.3),
  // 27/19 in a primary (target 0.6 - 0.3 * 8/19).
  World w = one_teacher_each({{Zone::Urban, Level::Middle, 27}, {Zone::Urban, Level::Primary, 27}});
  run_morale(w);
  EXPECT_NEAR(w.teachers.morale[0], step(0.5, 0.3), kTolerance);
  EXPECT_NEAR(w.teachers.morale[1], step(0.5, 0.6 - 0.3 * 8.0 / 19.0), kTolerance);
}

TEST(Morale, RelativePayIsAgainstTheMeanSalaryOfRegularTeachers) {
  // Urban school at the norm with a 三级 (72,000) and a 正高级 (130,000): the mean
  // regular salary is 101,000. A rural intern (18,000 + a 9,000 rural allowance) is
  // compared with it but is not part of it.
  World w = edusim::testing::hand_world(
      {{Zone::Urban, Level::Primary, 38}, {Zone::Rural, Level::Primary, 19}});
  const std::size_t third = add_regular(w, 0, 0), professor = add_regular(w, 0, 4);
  const std::size_t intern = edusim::testing::add_temporary(w, 1, Contract::Intern);
  PayParams pay;
  pay.zone_allowance = {0, 0, 9000};
  run_morale(w, {}, pay);
  EXPECT_NEAR(w.teachers.morale[third], step(0.5, 0.6 + 0.5 * std::log(72000.0 / 101000.0)),
              kTolerance);
  EXPECT_NEAR(w.teachers.morale[professor], step(0.5, 0.6 + 0.5 * std::log(130000.0 / 101000.0)),
              kTolerance);
  EXPECT_NEAR(w.teachers.morale[intern], step(0.5, 0.6 + 0.5 * std::log(27000.0 / 101000.0) - 0.06),
              kTolerance);
}

TEST(Morale, WithoutRegularTeachersPayIsComparedWithOneYuan) {
  // Documents an edge case (docs/odd.md section 3.30: pbar = 1 yuan without regular
  // teachers): an intern's relative pay is then 18,000 and its morale jumps to 1.
  // Real districts always have regular teachers; the fallback only avoids dividing by 0.
  World w = edusim::testing::hand_world({{Zone::Urban, Level::Primary, 19}});
  edusim::testing::add_temporary(w, 0, Contract::Intern);
  run_morale(w);
  EXPECT_NEAR(w.teachers.morale[0], 1.0, kTolerance);  // step(0.5, 0.6 + 0.5 ln 18000) > 1
}

TEST(Morale, ZoneAndRotationHardshipLowerTheTarget) {
  World w = one_teacher_each({{Zone::Urban, Level::Primary, 19},
                              {Zone::Town, Level::Primary, 19},
                              {Zone::Rural, Level::Primary, 19}});
  run_morale(w);
  EXPECT_NEAR(w.teachers.morale[0], step(0.5, 0.6), kTolerance);
  EXPECT_NEAR(w.teachers.morale[1], step(0.5, 0.58), kTolerance);
  EXPECT_NEAR(w.teachers.morale[2], step(0.5, 0.54), kTolerance);
  // The rural teacher rotates to the urban school: two teachers for 19 students
  // there (no excess), the urban zone, and the rotation hardship of 0.03.
  World away =
      one_teacher_each({{Zone::Urban, Level::Primary, 19}, {Zone::Rural, Level::Primary, 0}});
  edusim::testing::send_on_rotation(away, 1, 0);
  run_morale(away);
  EXPECT_NEAR(away.teachers.morale[0], step(0.5, 0.6), kTolerance);
  EXPECT_NEAR(away.teachers.morale[1], step(0.5, 0.57), kTolerance);
}

TEST(Morale, BurnoutRecoversGeometricallyAndWeighsOnTheTarget) {
  // At the norm: burnout 0.5 -> 0.35 -> 0.245 -> 0.1715 (30% recovered a year);
  // the first year's target is 0.6 - 0.3 * 0.5 = 0.45.
  World w = one_teacher_each({{Zone::Urban, Level::Primary, 19}});
  w.teachers.burnout[0] = 0.5f;
  run_morale(w);
  EXPECT_NEAR(w.teachers.burnout[0], 0.35, kTolerance);
  EXPECT_NEAR(w.teachers.morale[0], step(0.5, 0.45), kTolerance);
  run_morale(w, {}, {}, 2);
  EXPECT_NEAR(w.teachers.burnout[0], 0.1715, kTolerance);
  // More burnout, lower morale (same load and pay).
  World a = one_teacher_each({{Zone::Urban, Level::Primary, 19}}), b = a;
  a.teachers.burnout[0] = 0.2f, b.teachers.burnout[0] = 0.6f;
  run_morale(a);
  run_morale(b);
  EXPECT_GT(a.teachers.morale[0], b.teachers.morale[0]);
}

TEST(Morale, ConstantOverloadConvergesToTheFixedPoint) {
  // Excess load 1 every year: burnout b* = 0.1 / 0.3 = 1/3 (reached from below,
  // rising every year); morale m* = 0.6 - 0.3 * 1 - 0.3 * b* = 0.2.
  World w = one_teacher_each({{Zone::Urban, Level::Primary, 38}});
  float last = w.teachers.burnout[0];
  for (int y = 0; y < 60; ++y) {
    run_morale(w);
    EXPECT_GT(w.teachers.burnout[0], last) << "year " << y;
    EXPECT_LE(w.teachers.burnout[0], 1.0 / 3.0 + kTolerance);
    last = w.teachers.burnout[0];
    if (last >= 1.0 / 3.0 - 1e-7) break;  // float resolution reached
  }
  run_morale(w, {}, {}, 40);
  EXPECT_NEAR(w.teachers.burnout[0], 1.0 / 3.0, 1e-5);
  EXPECT_NEAR(w.teachers.morale[0], 0.2, 1e-5);
}

TEST(Morale, StaysWithinZeroAndOne) {
  // Load 20 (excess 19): target 0.6 - 5.7 < 0 and burnout 1.9 are clamped to 0 and 1.
  World crushed = one_teacher_each({{Zone::Rural, Level::Primary, 380}});
  run_morale(crushed);
  EXPECT_EQ(crushed.teachers.morale[0], 0.0f);
  EXPECT_EQ(crushed.teachers.burnout[0], 1.0f);
  // A steep pay slope: the 正高级's target 1 + 10 ln(130/101) > 1 is clamped to 1.
  World rich = edusim::testing::hand_world({{Zone::Urban, Level::Primary, 38}});
  add_regular(rich, 0, 0);
  add_regular(rich, 0, 4);
  MoraleParams steep;
  steep.base = 1, steep.pay_slope = 10, steep.adjustment_rate = 1;
  run_morale(rich, steep);
  EXPECT_EQ(rich.teachers.morale[1], 1.0f);
  EXPECT_EQ(rich.teachers.morale[0], 0.0f);  // 1 + 10 ln(72/101) < 0
  // A generated district under extreme parameters for 20 years stays in range.
  World district = generate_district(edusim::testing::small_scenario());
  MoraleParams extreme;
  extreme.workload_slope = 10, extreme.workload_burnout = 10, extreme.pay_slope = 10;
  extreme.burnout_recovery = 0, extreme.zone_penalty = {-1, 1, 1};
  run_morale(district, extreme, {}, 20);
  for (std::size_t i = 0; i < district.teachers.size(); ++i) {
    EXPECT_GE(district.teachers.morale[i], 0.0f);
    EXPECT_LE(district.teachers.morale[i], 1.0f);
    EXPECT_GE(district.teachers.burnout[i], 0.0f);
    EXPECT_LE(district.teachers.burnout[i], 1.0f);
  }
}

TEST(Morale, DisabledLeavesMoraleAndBurnoutAlone) {
  World w = one_teacher_each({{Zone::Rural, Level::Primary, 57}});
  w.teachers.burnout[0] = 0.4f;
  MoraleParams off;
  off.enabled = false;
  run_morale(w, off, {}, 3);
  EXPECT_EQ(w.teachers.morale[0], 0.5f);
  EXPECT_EQ(w.teachers.burnout[0], 0.4f);
}

// ---- Burnout from working conditions (zone, weak school, a second school) ----
// Defaults: zone_burnout urban 0 / town 0.01 / rural 0.02, weak_school_burnout 0.01,
// exchange_burnout 0.05 per unit of load at a second school.

TEST(MoraleConditions, BurnoutAddsZoneWeakSchoolAndSecondSchoolTerms) {
  // Four schools at the norm (no workload term), burnout 0: one year adds exactly the
  // conditions' burnout. School 3 is rural and weak: 0.02 + 0.01.
  World w = one_teacher_each({{Zone::Urban, Level::Primary, 19},
                              {Zone::Town, Level::Primary, 19},
                              {Zone::Rural, Level::Primary, 19},
                              {Zone::Rural, Level::Primary, 19}});
  w.schools.strength[3] = Strength::Weak;
  // The urban teacher teaches half its load at school 1 and guides school 2 a fifth of its
  // time: 0.05 * (0.5 + 0.2) = 0.035.
  w.teachers.part_time_school[0] = 1, w.teachers.part_time_share[0] = 0.5f;
  w.teachers.guidance_school[0] = 2, w.teachers.guidance_share[0] = 0.2f;
  const MoraleParams p;
  const double expected[] = {0.05 * (0.5 + static_cast<double>(0.2f)), 0.01, 0.02, 0.03};
  for (std::size_t i = 0; i < 4; ++i)
    EXPECT_NEAR(condition_burnout(w, p, i), expected[i], 1e-12) << "teacher " << i;
  run_morale(w);
  for (std::size_t i = 0; i < 4; ++i)
    EXPECT_NEAR(w.teachers.burnout[i], expected[i], kTolerance) << "teacher " << i;
  // A share without a second school (school -1) adds nothing.
  w.teachers.part_time_school[0] = -1, w.teachers.guidance_school[0] = -1;
  EXPECT_EQ(condition_burnout(w, p, 0), 0.0);
}

TEST(MoraleConditions, RuralBurnoutConvergesToInflowOverRecovery) {
  // Rural school at the norm: b* = 0.02 / 0.3 = 1/15; morale m* = 0.6 - 0.06 - 0.3 b* = 0.52.
  World w = one_teacher_each({{Zone::Rural, Level::Primary, 19}});
  run_morale(w, {}, {}, 80);
  EXPECT_NEAR(w.teachers.burnout[0], 1.0 / 15.0, 1e-5);
  EXPECT_NEAR(w.teachers.morale[0], 0.52, 1e-5);
}

TEST(MoraleConditions, ConditionBurnoutStaysWithinZeroAndOne) {
  World w = one_teacher_each({{Zone::Rural, Level::Primary, 19}});
  w.schools.strength[0] = Strength::Weak;
  MoraleParams p;
  p.zone_burnout = {1, 1, 1}, p.weak_school_burnout = 1, p.exchange_burnout = 1;
  run_morale(w, p, {}, 3);
  EXPECT_EQ(w.teachers.burnout[0], 1.0f);
  EXPECT_GE(w.teachers.morale[0], 0.0f);
}

namespace {

/// The morale rule before the condition terms and the relative-pay key (edusim 0.4.0),
/// written out again: relative pay against the district's mean salary with uplifts,
/// burnout from workload only. Without leaders and housing.
void old_morale(World& world, const MoraleParams& p, const PayParams& pay) {
  Teachers& t = world.teachers;
  std::vector<double> pay_of(t.size()), salary_of(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    const PayComponents c = teacher_pay(world, pay, i);
    pay_of[i] = c.total(), salary_of[i] = c.base + c.uplift;
  }
  double salary_sum = 0, regular = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t.contract[i] != Contract::Regular) continue;
    salary_sum += salary_of[i];
    ++regular;
  }
  const double mean_pay = regular > 0 ? salary_sum / regular : 1.0;
  const TeacherSpec spec;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto s = static_cast<std::size_t>(t.school[i]);
    const double load = relative_load(world.school_students(s), world.school_teachers(s),
                                      spec.student_teacher_ratio[index(world.schools.level[s])]);
    const double excess = std::max(0.0, load - 1.0);
    const double relative_pay = pay_of[i] / mean_pay;
    const double away = t.rotation_destination[i] >= 0 ? p.rotation_hardship : 0.0;
    const double target = p.base + p.pay_slope * std::log(relative_pay) -
                          p.workload_slope * excess - p.zone_penalty[index(world.schools.zone[s])] -
                          p.burnout_slope * t.burnout[i] - away + 0.0 + 0.0;
    const double m = t.morale[i] + p.adjustment_rate * (target - t.morale[i]);
    const double b = t.burnout[i] * (1.0 - p.burnout_recovery) + p.workload_burnout * excess;
    t.morale[i] = static_cast<float>(std::clamp(m, 0.0, 1.0));
    t.burnout[i] = static_cast<float>(std::clamp(b, 0.0, 1.0));
  }
}

/// The settings that switch the new rules off.
MoraleParams old_settings() {
  MoraleParams p;
  p.zone_burnout = {0, 0, 0}, p.weak_school_burnout = 0, p.exchange_burnout = 0;
  p.relative_pay = RelativePay::Symmetric, p.pay_reference = PayReference::District;
  return p;
}

}  // namespace

TEST(MoraleConditions, WithTheNewTermsOffTheOldRuleIsReproducedExactly) {
  // A generated district with overloaded, weak and exchanging teachers and some uplifts:
  // morale and burnout agree bit for bit with the old rule over 5 years.
  World w = generate_district(edusim::testing::small_scenario());
  for (std::size_t s = 0; s < w.schools.size(); s += 2) w.schools.strength[s] = Strength::Weak;
  for (std::size_t i = 0; i < w.teachers.size(); i += 7)
    if (w.teachers.title[i] < 4)
      w.teachers.post_title[i] = static_cast<std::int8_t>(w.teachers.title[i] + 1);
  for (std::size_t i = 0; i < w.teachers.size(); i += 11)
    w.teachers.part_time_school[i] = 0, w.teachers.part_time_share[i] = 0.5f;
  for (std::size_t i = 0; i < w.teachers.size(); i += 5) w.teachers.burnout[i] = 0.3f;
  World old = w;
  PayParams pay;
  pay.zone_allowance = {0, 3000, 9000};
  for (int y = 1; y <= 5; ++y) {
    morale(w, old_settings(), pay, HousingParams{}, TeacherSpec{},
           {1, 0, static_cast<std::uint32_t>(y)});
    old_morale(old, old_settings(), pay);
  }
  ASSERT_EQ(w.teachers.size(), old.teachers.size());
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    ASSERT_EQ(w.teachers.morale[i], old.teachers.morale[i]) << "teacher " << i;
    ASSERT_EQ(w.teachers.burnout[i], old.teachers.burnout[i]) << "teacher " << i;
  }
}

TEST(MoraleConditions, WithoutUpliftsEveryRelativePayRuleIsTheOldOne) {
  // No teacher above its title: the reference is the district's mean salary for every rule
  // and reference group (within rounding for symmetric against the school).
  World w = generate_district(edusim::testing::small_scenario());
  const PayParams pay;
  MoraleParams p;
  p.relative_pay = RelativePay::Symmetric, p.pay_reference = PayReference::District;
  const std::vector<double> old = reference_pay(w, p, pay);
  for (RelativePay rule : {RelativePay::BelowReference, RelativePay::Symmetric, RelativePay::None})
    for (PayReference group : {PayReference::District, PayReference::School}) {
      p.relative_pay = rule, p.pay_reference = group;
      const std::vector<double> ref = reference_pay(w, p, pay);
      for (std::size_t i = 0; i < ref.size(); ++i) {
        if (rule == RelativePay::Symmetric && group == PayReference::School)
          EXPECT_NEAR(ref[i], old[i], 1e-9 * old[i]);
        else
          EXPECT_EQ(ref[i], old[i]);
      }
    }
}

// ---- Relative pay under low-title high-hire ----
// One urban primary of 76 students and 4 teachers (at the norm), pay scale with 一级 at
// 85,000: A 二级 in a 高级 post (salary 92,000, base 80,000), B 二级 (80,000), E 一级
// (85,000), D 高级 (92,000). Mean base salary a = 337,000 / 4 = 84,250; mean salary with the
// uplift r = 349,000 / 4 = 87,250.

namespace {

struct UpliftSchool {
  World world;
  std::size_t a, b, e, d;
};

UpliftSchool uplift_school(bool raise) {
  UpliftSchool u{edusim::testing::hand_world({{Zone::Urban, Level::Primary, 76}}), 0, 0, 0, 0};
  u.a = add_regular(u.world, 0, 1, raise ? 3 : 1);
  u.b = add_regular(u.world, 0, 1);
  u.e = add_regular(u.world, 0, 2);
  u.d = add_regular(u.world, 0, 3);
  return u;
}

PayParams uplift_pay() {
  PayParams pay;
  pay.title_salary = {72000, 80000, 85000, 92000, 130000};
  return pay;
}

/// Target morale of every teacher (adjustment rate 1, nothing else off the base).
std::vector<double> targets(World w, RelativePay rule, PayReference group) {
  MoraleParams p;
  p.adjustment_rate = 1, p.relative_pay = rule, p.pay_reference = group;
  morale(w, p, uplift_pay(), HousingParams{}, TeacherSpec{}, {1, 0, 1});
  return {w.teachers.morale.begin(), w.teachers.morale.end()};
}

constexpr double kA = 84250, kR = 87250;

}  // namespace

TEST(MoraleRelativePay, ReferencePayByRuleWorkedByHand) {
  const UpliftSchool u = uplift_school(true);
  MoraleParams p;
  const auto ref = [&](RelativePay rule, std::size_t i) {
    p.relative_pay = rule;
    return reference_pay(u.world, p, uplift_pay())[i];
  };
  // symmetric: the group's mean salary for all.
  for (std::size_t i : {u.a, u.b, u.e, u.d}) EXPECT_DOUBLE_EQ(ref(RelativePay::Symmetric, i), kR);
  // none: the mean salary without uplifts for all.
  for (std::size_t i : {u.a, u.b, u.e, u.d}) EXPECT_DOUBLE_EQ(ref(RelativePay::None, i), kA);
  // below_reference: B (80,000 <= a) feels the whole rise, E (a < 85,000 < r) the part of
  // the gap above its own salary, A and D (92,000 >= r) none.
  EXPECT_DOUBLE_EQ(ref(RelativePay::BelowReference, u.b), kR);
  EXPECT_DOUBLE_EQ(ref(RelativePay::BelowReference, u.e), kA * kR / 85000);
  EXPECT_DOUBLE_EQ(ref(RelativePay::BelowReference, u.a), kA);
  EXPECT_DOUBLE_EQ(ref(RelativePay::BelowReference, u.d), kA);
}

TEST(MoraleRelativePay, ARaiseForOneLowersTheOthersMoraleAsTheRuleSays) {
  // Target morale 0.6 + 0.5 ln(salary / reference). The raise for A changes the others'
  // targets by 0.5 ln(reference before / reference after); before it a = r = 84,250.
  const UpliftSchool before = uplift_school(false), after = uplift_school(true);
  for (PayReference group : {PayReference::District, PayReference::School}) {
    const auto change = [&](RelativePay rule, std::size_t i) {
      return targets(after.world, rule, group)[i] - targets(before.world, rule, group)[i];
    };
    // below_reference (the default): B, below the mean, loses; D, above it, does not.
    EXPECT_NEAR(change(RelativePay::BelowReference, before.b), 0.5 * std::log(kA / kR), kTolerance);
    EXPECT_NEAR(change(RelativePay::BelowReference, before.e), 0.5 * std::log(85000 / kR),
                kTolerance);
    EXPECT_NEAR(change(RelativePay::BelowReference, before.d), 0.0, kTolerance);
    // symmetric: everyone else loses the same.
    for (std::size_t i : {before.b, before.e, before.d})
      EXPECT_NEAR(change(RelativePay::Symmetric, i), 0.5 * std::log(kA / kR), kTolerance);
    // none: nobody else is moved.
    for (std::size_t i : {before.b, before.e, before.d})
      EXPECT_NEAR(change(RelativePay::None, i), 0.0, kTolerance);
    // The holder gains in every rule: 0.5 ln(92,000 / 80,000) less what the rule takes.
    EXPECT_NEAR(change(RelativePay::None, before.a), 0.5 * std::log(92000.0 / 80000.0), kTolerance);
    EXPECT_GT(change(RelativePay::BelowReference, before.a), 0);
    EXPECT_GT(change(RelativePay::Symmetric, before.a), 0);
  }
}

TEST(MoraleRelativePay, TheSchoolReferenceKeepsARaiseInItsSchool) {
  // Two urban primaries, a 二级 and a 一级 in each (one post raised to 一级 in school 0).
  // Against the school, school 1's 二级 does not see the raise; against the district it does.
  World w = edusim::testing::hand_world(
      {{Zone::Urban, Level::Primary, 38}, {Zone::Urban, Level::Primary, 38}});
  const std::size_t holder = add_regular(w, 0, 1, 2);
  add_regular(w, 0, 2);
  const std::size_t other = add_regular(w, 1, 1);
  add_regular(w, 1, 2);
  const PayParams pay;                                          // 二级 80,000, 一级 92,000
  MoraleParams p;                                               // the default below_reference
  const double anchor = (80000.0 + 92000 + 80000 + 92000) / 4;  // 86,000
  p.pay_reference = PayReference::School;
  EXPECT_DOUBLE_EQ(reference_pay(w, p, pay)[other], anchor);
  EXPECT_DOUBLE_EQ(reference_pay(w, p, pay)[holder], anchor);  // 92,000 >= its school's 92,000
  p.pay_reference = PayReference::District;
  const double r = (92000.0 + 92000 + 80000 + 92000) / 4;  // 89,000
  EXPECT_DOUBLE_EQ(reference_pay(w, p, pay)[other], anchor * (r / anchor));
}

TEST(MoraleRelativePay, DefaultsFollowTheEvidenceAndReadFromYaml) {
  const MoraleParams p;
  EXPECT_EQ(p.relative_pay, RelativePay::BelowReference);
  EXPECT_EQ(p.pay_reference, PayReference::School);
  const std::string district =
      "district: {schools: [{level: primary, zone: rural, count: 1},\n"
      "                     {level: middle, zone: town, count: 1}]}\n";
  const Scenario s = edusim::testing::scenario_from_text(
      district + "morale: {relative_pay: symmetric, pay_reference: district}\n");
  EXPECT_EQ(s.morale.relative_pay, RelativePay::Symmetric);
  EXPECT_EQ(s.morale.pay_reference, PayReference::District);
  EXPECT_THROW(edusim::testing::scenario_from_text(district + "morale: {relative_pay: upward}\n"),
               std::exception);
}

TEST(MoraleRelativePay, ReferencePayIsPositiveAndMoraleStaysInRange) {
  // Every rule and group on a generated district with a tenth of posts raised, and a
  // school without regular teachers (an intern alone): references finite and positive.
  World w = generate_district(edusim::testing::small_scenario());
  for (std::size_t i = 0; i < w.teachers.size(); i += 10)
    if (w.teachers.title[i] < 4)
      w.teachers.post_title[i] = static_cast<std::int8_t>(w.teachers.title[i] + 1);
  for (RelativePay rule : {RelativePay::BelowReference, RelativePay::Symmetric, RelativePay::None})
    for (PayReference group : {PayReference::District, PayReference::School}) {
      MoraleParams p;
      p.relative_pay = rule, p.pay_reference = group, p.pay_slope = 10;
      for (double r : reference_pay(w, p, PayParams{})) {
        EXPECT_TRUE(std::isfinite(r));
        EXPECT_GT(r, 0);
      }
      World copy = w;
      run_morale(copy, p, {}, 3);
      for (std::size_t i = 0; i < copy.teachers.size(); ++i) {
        EXPECT_GE(copy.teachers.morale[i], 0.0f);
        EXPECT_LE(copy.teachers.morale[i], 1.0f);
      }
    }
  World lone = edusim::testing::hand_world({{Zone::Urban, Level::Primary, 19}});
  edusim::testing::add_temporary(lone, 0, Contract::Intern);
  MoraleParams p;
  EXPECT_EQ(reference_pay(lone, p, PayParams{})[0], 1.0);  // no regular teacher: 1 yuan
}

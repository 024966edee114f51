// Morale and burnout: the yearly step toward the target worked by hand for
// workload, relative pay, zone and rotation hardship and burnout; burnout's
// accumulation and recovery; fixed points, monotonicity and the 0..1 bounds.
// Defaults used by hand: base 0.6, adjustment 0.5, pay slope 0.5, workload slope
// 0.3, zone penalty urban 0 / town 0.03 / rural 0.08, burnout slope 0.3, workload
// burnout 0.1, recovery 0.3, rotation hardship 0.03; staffing norm 19 students per
// teacher in primaries, 13.5 in middle schools; a new teacher's morale is 0.5.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "build/generator.hpp"
#include "hand_world.hpp"
#include "phases/morale.hpp"
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
  EXPECT_NEAR(w.teachers.morale[intern], step(0.5, 0.6 + 0.5 * std::log(27000.0 / 101000.0) - 0.08),
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
  EXPECT_NEAR(w.teachers.morale[1], step(0.5, 0.57), kTolerance);
  EXPECT_NEAR(w.teachers.morale[2], step(0.5, 0.52), kTolerance);
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

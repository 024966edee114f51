// Pay: each teacher's salary by component against salaries worked by hand from the
// documented parameters (pay.title_salary, zone and rotation allowances, intern and
// substitute pay), the low-title high-hire uplift and the housed share.
#include <gtest/gtest.h>

#include "hand_world.hpp"
#include "phases/low_title_high_hire.hpp"
#include "phases/pay.hpp"
#include "test_helpers.hpp"

using namespace edusim;
using edusim::testing::add_regular;
using edusim::testing::add_temporary;
using edusim::testing::hand_world;
using edusim::testing::HandSchool;

namespace {

/// Pay with allowances that differ by zone and a rotation allowance.
PayParams with_allowances() {
  PayParams pay;
  pay.zone_allowance = {1000, 3000, 8600};
  pay.rotation_allowance = 5000;
  return pay;
}

void expect_pay(const PayComponents& p, double base, double uplift, double allowance) {
  EXPECT_EQ(p.base, base);
  EXPECT_EQ(p.uplift, uplift);
  EXPECT_EQ(p.allowance, allowance);
  EXPECT_EQ(p.total(), base + uplift + allowance);
}

}  // namespace

TEST(Pay, RegularTeacherIsPaidTheDocumentedScaleOfItsTitle) {
  // The documented defaults: 三级 72,000, 二级 80,000, 一级 92,000, 高级 108,000,
  // 正高级 130,000 yuan a year; an urban school has no allowance by default.
  const double scale[kTitleGrades] = {72000, 80000, 92000, 108000, 130000};
  World w = hand_world({{}});
  for (std::int8_t g = 0; g < kTitleGrades; ++g) add_regular(w, 0, g);
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    SCOPED_TRACE(::testing::Message() << "title " << int{w.teachers.title[i]});
    expect_pay(teacher_pay(w, PayParams{}, i), scale[i], 0, 0);
  }
}

TEST(Pay, ExperienceAndAgeDoNotChangePay) {
  // Pay follows the title grade only: seniority is paid through promotion.
  World w = hand_world({{}});
  const std::size_t novice = add_regular(w, 0, 1), veteran = add_regular(w, 0, 1);
  w.teachers.experience[novice] = 0, w.teachers.age[novice] = 22;
  w.teachers.experience[veteran] = 35, w.teachers.age[veteran] = 58;
  expect_pay(teacher_pay(w, PayParams{}, novice), 80000, 0, 0);
  expect_pay(teacher_pay(w, PayParams{}, veteran), 80000, 0, 0);
}

TEST(Pay, UpliftIsThePostSalaryMinusTheTitleSalary) {
  World w = hand_world({{}});
  const std::size_t second_in_first = add_regular(w, 0, 1, 2);
  const std::size_t senior_in_professor = add_regular(w, 0, 3, 4);
  // 二级 in a 一级 post: 80,000 + (92,000 - 80,000); 高级 in 正高级: 108,000 + 22,000.
  expect_pay(teacher_pay(w, PayParams{}, second_in_first), 80000, 12000, 0);
  expect_pay(teacher_pay(w, PayParams{}, senior_in_professor), 108000, 22000, 0);
}

TEST(Pay, TitleUpliftPhaseRaisesTheChosenTeachersPayToTheNextGrade) {
  // Two eligible regular teachers (experience >= 3), one rural: a quota of
  // round(0.5 * 2) = 1 post under the rural priority goes to the rural teacher,
  // whose pay becomes that of the grade above (一级 92,000 for a 二级 teacher).
  World w = hand_world({{Zone::Urban}, {Zone::Rural}});
  const std::size_t urban = add_regular(w, 0, 1), rural = add_regular(w, 1, 1);
  w.teachers.experience[urban] = w.teachers.experience[rural] = 10;
  LowTitleHighHireParams uplift;
  uplift.enabled = true;
  uplift.quota_share = 0.5;
  uplift.priority = LowTitleHighHirePriority::Rural;
  YearFlows flows;
  flows.reset(w.schools.size());
  low_title_high_hire(w, uplift, {1, 0, 1}, flows);
  expect_pay(teacher_pay(w, PayParams{}, rural), 80000, 12000, 0);
  expect_pay(teacher_pay(w, PayParams{}, urban), 80000, 0, 0);
  // Re-evaluation with the quota gone ends the uplift and its pay.
  uplift.quota_share = 0;
  low_title_high_hire(w, uplift, {1, 0, 2}, flows);
  expect_pay(teacher_pay(w, PayParams{}, rural), 80000, 0, 0);
}

TEST(Pay, ZoneAllowanceFollowsTheSchoolTaughtAt) {
  World w = hand_world({{Zone::Urban}, {Zone::Town}, {Zone::Rural}});
  for (std::int32_t s = 0; s < 3; ++s) add_regular(w, s, 2);
  const PayParams pay = with_allowances();
  expect_pay(teacher_pay(w, pay, 0), 92000, 0, 1000);
  expect_pay(teacher_pay(w, pay, 1), 92000, 0, 3000);
  expect_pay(teacher_pay(w, pay, 2), 92000, 0, 8600);
}

TEST(Pay, RotatingTeacherGetsTheDestinationsAllowancePlusTheRotationAllowance) {
  // Home rural, away at the urban school: the urban zone allowance (1,000) plus the
  // rotation allowance (5,000), not the rural 8,600.
  World w = hand_world({{Zone::Urban}, {Zone::Rural}});
  const std::size_t away = add_regular(w, 1, 0);
  edusim::testing::send_on_rotation(w, away, 0);
  expect_pay(teacher_pay(w, with_allowances(), away), 72000, 0, 1000 + 5000);
}

TEST(Pay, InternsAndSubstitutesGetTheirFixedPayWhateverTheirTitleOrPost) {
  World w = hand_world({{Zone::Urban}, {Zone::Rural}});
  const std::size_t intern = add_temporary(w, 1, Contract::Intern);
  const std::size_t substitute = add_temporary(w, 0, Contract::Substitute);
  for (std::size_t i : {intern, substitute}) w.teachers.title[i] = 3, w.teachers.post_title[i] = 4;
  // Default stipend 18,000 and substitute salary 42,000; no uplift; the zone allowance
  // is paid to them too (rural 8,600, urban 1,000).
  expect_pay(teacher_pay(w, PayParams{}, intern), 18000, 0, 0);
  expect_pay(teacher_pay(w, PayParams{}, substitute), 42000, 0, 0);
  expect_pay(teacher_pay(w, with_allowances(), intern), 18000, 0, 8600);
  expect_pay(teacher_pay(w, with_allowances(), substitute), 42000, 0, 1000);
}

TEST(Pay, HousedShareIsUnitsOverTeachersCappedAtOne) {
  World w = hand_world({{}, {}, {}});
  for (int k = 0; k < 4; ++k) add_regular(w, 0, 0);
  add_regular(w, 1, 0);
  w.schools.housing_units = {3, 10, 5};  // school 2 has no teachers
  EXPECT_EQ(housed_share(w, 0), 0.75);
  EXPECT_EQ(housed_share(w, 1), 1.0);
  EXPECT_EQ(housed_share(w, 2), 0.0);
  // Housing is a benefit in kind: it is not part of anyone's pay.
  expect_pay(teacher_pay(w, PayParams{}, 0), 72000, 0, 0);
}

TEST(Pay, ScenarioPaySectionSetsTheScaleByTitleName) {
  const PayParams pay =
      edusim::testing::scenario_from_text(
          "district: {schools: [{level: primary, zone: rural, count: 1},\n"
          "                     {level: middle, zone: town, count: 1}]}\n"
          "pay:\n"
          "  title_salary: {third: 1, second: 2, first: 3, senior: 4, professor: 5}\n"
          "  zone_allowance: {urban: 10, town: 20, rural: 30}\n"
          "  rotation_allowance: 7\n  intern_stipend: 8\n  substitute_salary: 9\n")
          .pay;
  World w = hand_world({{Zone::Rural}});
  const std::size_t senior_in_professor = add_regular(w, 0, 3, 4);
  const std::size_t intern = add_temporary(w, 0, Contract::Intern);
  const std::size_t substitute = add_temporary(w, 0, Contract::Substitute);
  expect_pay(teacher_pay(w, pay, senior_in_professor), 4, 1, 30);
  expect_pay(teacher_pay(w, pay, intern), 8, 0, 30);
  expect_pay(teacher_pay(w, pay, substitute), 9, 0, 30);
  edusim::testing::send_on_rotation(w, senior_in_professor, 0);  // rotation flag only
  expect_pay(teacher_pay(w, pay, senior_in_professor), 4, 1, 37);
}

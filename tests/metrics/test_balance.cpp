// The national quality-balanced standard: indicators, weighted CVs, the
// per-school rule and the verdict, on small hand-built districts.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "metrics/assessed_staff.hpp"
#include "metrics/balance.hpp"

using namespace edusim;

namespace {

/// Adds one open primary school with `students` students (one class) and
/// facilities at `scale` times the primary thresholds, staffed to meet the
/// teacher indicators.
void add_school(World& w, int students, double scale) {
  const auto s = static_cast<std::int32_t>(w.schools.size());
  Schools& sc = w.schools;
  sc.name.push_back("school");
  sc.level.push_back(Level::Primary);
  sc.zone.push_back(Zone::Urban);
  sc.open.push_back(1);
  sc.floor_area_m2.push_back(static_cast<float>(students * 4.5 * scale));
  sc.sports_area_m2.push_back(static_cast<float>(students * 7.5 * scale));
  sc.equipment_value_yuan.push_back(static_cast<float>(students * 2000 * scale));
  sc.multimedia_classrooms.push_back(
      static_cast<std::int32_t>(std::ceil(students * 2.3 / 100 * scale)));
  // 5 qualified teachers per 100 students, 1.2 backbone, 1 PE/art.
  const int teachers = students * 5 / 100;
  for (int k = 0; k < teachers; ++k) {
    const auto t = add_teacher(w.teachers, static_cast<std::uint32_t>(w.teachers.size()), s);
    w.teachers.degree[t] = Degree::Bachelor;
    w.teachers.backbone[t] = k < students * 12 / 1000 ? 2 : 0;
    w.teachers.subject[t] = k >= teachers - students / 100 ? Subject::PeArt : Subject::Core;
    w.teachers.post_title[t] =
        static_cast<std::int8_t>(k % 2 ? TitleGrade::First : TitleGrade::Second);
  }
  if (w.school_class_begin.empty())
    w.school_class_begin.push_back(0), w.classes.student_begin.push_back(0);
  w.classes.school.push_back(s);
  w.classes.grade.push_back(1);
  w.classes.class_teacher.push_back(-1);
  w.classes.student_begin.push_back(w.classes.student_begin.back() + students);
  w.school_class_begin.push_back(static_cast<std::int32_t>(w.classes.size()));
  for (int i = 0; i < students; ++i)
    w.students.id.push_back(static_cast<std::uint32_t>(w.students.id.size()));
}

World district_meeting_every_threshold() {
  World w;
  add_school(w, 500, 1.2);
  add_school(w, 1000, 1.1);
  add_school(w, 700, 1.3);
  index_teachers(w);
  return w;
}

}  // namespace

TEST(Balance, ADistrictMeetingEveryThresholdPasses) {
  const BalanceAssessment a = assess_balance(district_meeting_every_threshold(), {});
  EXPECT_EQ(a.schools_assessed[0], 3);
  EXPECT_EQ(a.schools_passing[0], 3);
  EXPECT_EQ(a.quality_verdict, 1) << a.reasons;
  EXPECT_EQ(a.basic_verdict, 1);
  EXPECT_TRUE(a.reasons.empty());
  EXPECT_TRUE(std::isnan(a.quality_pass[1]));  // no middle schools
}

TEST(Balance, HalvingOneSchoolsFloorAreaFailsWithThatReason) {
  World w = district_meeting_every_threshold();
  w.schools.floor_area_m2[1] *= 0.5f;  // 1.1 x 4.5 -> 2.475 m2/student: below 85% of 4.5
  const BalanceAssessment a = assess_balance(w, {});
  EXPECT_EQ(a.school_passes[1], 0);
  EXPECT_EQ(a.indicators_met[1], 6);
  EXPECT_EQ(a.quality_verdict, 0);
  EXPECT_NE(a.reasons.find("1 of 3 primary schools miss the per-school rule"), std::string::npos)
      << a.reasons;
  // The failing school is counted under the indicator it misses, and under its floor.
  const auto floor = static_cast<std::size_t>(Indicator::FloorArea);
  for (std::size_t i = 0; i < kIndicators; ++i) {
    EXPECT_EQ(a.failing_below[0][i], i == floor ? 1 : 0) << "indicator " << i;
    EXPECT_EQ(a.failing_under_floor[0][i], i == floor ? 1 : 0) << "indicator " << i;
    EXPECT_EQ(a.failing_below[1][i], 0) << "no middle school";
  }
}

TEST(Balance, OneIndicatorJustShortStillPasses) {
  World w = district_meeting_every_threshold();
  w.schools.floor_area_m2[1] = static_cast<float>(1000 * 4.5 * 0.9);  // 90% of the threshold
  const BalanceAssessment a = assess_balance(w, {});
  EXPECT_EQ(a.indicators_met[1], 6);
  EXPECT_EQ(a.school_passes[1], 1);
  // A school meeting the rule is nobody's miss, though one indicator is under its threshold.
  for (std::size_t i = 0; i < kIndicators; ++i) EXPECT_EQ(a.failing_below[0][i], 0);
}

TEST(Balance, WeightedCvOfFloorAreaByHand) {
  const World w = district_meeting_every_threshold();
  const BalanceAssessment a = assess_balance(w, {});
  // x = 4.5 * {1.2, 1.1, 1.3} m2/student, weights {500, 1000, 700}.
  const double x[] = {4.5 * 1.2, 4.5 * 1.1, 4.5 * 1.3}, p[] = {500, 1000, 700};
  const double mean = (x[0] * p[0] + x[1] * p[1] + x[2] * p[2]) / 2200;
  double ss = 0;
  for (int i = 0; i < 3; ++i) ss += p[i] * (x[i] - mean) * (x[i] - mean);
  EXPECT_NEAR(a.cv[0][static_cast<int>(Indicator::FloorArea)], std::sqrt(ss / 2200) / mean, 1e-6);
}

TEST(Balance, SmallTeachingPointsAreLeftOut) {
  World w = district_meeting_every_threshold();
  BalanceStandardParams p;
  p.min_students = 600;
  const BalanceAssessment a = assess_balance(w, p);
  EXPECT_EQ(a.schools_assessed[0], 2);
  EXPECT_TRUE(std::isnan(a.school_passes[0]));
}

TEST(Balance, AWideSpreadFailsTheCvLimit) {
  World w;
  add_school(w, 500, 1.0);
  add_school(w, 500, 4.0);
  index_teachers(w);
  const BalanceAssessment a = assess_balance(w, {});
  EXPECT_GT(a.cv[0][static_cast<int>(Indicator::SportsArea)], 0.5);
  EXPECT_EQ(a.quality_verdict, 0);
  EXPECT_NE(a.reasons.find("primary CV of sports_area_per_student"), std::string::npos)
      << a.reasons;
}

// The 2012 basic-balance standard: the composite CV, the mean of the indicators' CVs,
// against 0.65 (primary).

TEST(BasicBalance, TheCompositeIsTheMeanOfTheSixIndicatorCvs) {
  World w = district_meeting_every_threshold();
  w.schools.sports_area_m2[2] *= 3.0f;
  const BalanceAssessment a = assess_balance(w, {});
  const auto& cv = a.basic.cv[0];
  double sum = 0;
  for (int i = 0; i < kBasicIndicators; ++i) sum += cv[static_cast<std::size_t>(i)];
  EXPECT_DOUBLE_EQ(cv[kBasicIndicators], sum / kBasicIndicators);
  // The facility indicators are those of the 2017 standard, CV for CV.
  EXPECT_DOUBLE_EQ(cv[static_cast<int>(BasicIndicator::SportsArea)],
                   a.cv[0][static_cast<int>(Indicator::SportsArea)]);
  EXPECT_DOUBLE_EQ(cv[static_cast<int>(BasicIndicator::QualifiedTeachers)],
                   a.cv[0][static_cast<int>(Indicator::QualifiedTeachers)]);
  EXPECT_TRUE(std::isnan(a.basic.cv[1][kBasicIndicators]));  // no middle schools
  EXPECT_TRUE(std::isnan(a.basic.pass[1]));
}

TEST(BasicBalance, TeachersAndIntermediatePostsPer100ByHand) {
  World w = district_meeting_every_threshold();
  const AssessedStaff staff(w, RotatingTeachers::Destination);
  const auto x = basic_school_indicators(w, staff, 0);  // 500 students, 25 teachers
  EXPECT_DOUBLE_EQ(x[static_cast<int>(BasicIndicator::Teachers)], 5.0);
  EXPECT_DOUBLE_EQ(x[static_cast<int>(BasicIndicator::IntermediateTitleTeachers)], 2.4);  // 12
  // 低职高聘: the post counts, not the title held.
  const auto t = static_cast<std::size_t>(w.teachers_by_school[0]);
  ASSERT_EQ(w.teachers.post_title[t], static_cast<std::int8_t>(TitleGrade::Second));
  w.teachers.post_title[t] = static_cast<std::int8_t>(TitleGrade::First);
  EXPECT_DOUBLE_EQ(basic_school_indicators(
                       w, staff, 0)[static_cast<int>(BasicIndicator::IntermediateTitleTeachers)],
                   2.6);
}

TEST(BasicBalance, OneIndicatorOverTheLimitPassesWhileTheCompositeIsUnder) {
  // As in the Ministry's tables of recognised districts: a sports-area CV over 1 beside a
  // composite under 0.65.
  World w;
  add_school(w, 500, 1.0);
  add_school(w, 500, 1.0);
  add_school(w, 500, 1.0);
  w.schools.sports_area_m2[2] *= 8.0f;
  index_teachers(w);
  const BalanceAssessment a = assess_balance(w, {});
  EXPECT_GT(a.basic.cv[0][static_cast<int>(BasicIndicator::SportsArea)], 0.65);
  EXPECT_LT(a.basic.cv[0][kBasicIndicators], 0.65);
  EXPECT_EQ(a.basic_verdict, 1);
  EXPECT_EQ(a.quality_verdict, 0);  // the 2017 standard limits every CV
}

TEST(BasicBalance, ACompositeOverTheLimitFails) {
  World w;
  add_school(w, 500, 1.0);
  add_school(w, 500, 8.0);  // every facility eight times as large
  index_teachers(w);
  BalanceStandardParams p;
  const BalanceAssessment a = assess_balance(w, p);
  const double composite = a.basic.cv[0][kBasicIndicators];
  EXPECT_GT(composite, 0.3);
  EXPECT_EQ(a.basic_verdict, composite <= 0.65 ? 1 : 0);
  p.basic_cv_limit[0] = composite - 1e-9;
  EXPECT_EQ(assess_balance(w, p).basic_verdict, 0);
  p.basic_cv_limit[0] = composite + 1e-9;
  EXPECT_EQ(assess_balance(w, p).basic_verdict, 1);
}

TEST(BasicBalance, NoIntermediatePostAnywhereIsNoSpreadNotAnUndefinedCv) {
  World w = district_meeting_every_threshold();
  for (auto& title : w.teachers.post_title) title = static_cast<std::int8_t>(TitleGrade::Second);
  const BalanceAssessment a = assess_balance(w, {});
  EXPECT_EQ(a.basic.cv[0][static_cast<int>(BasicIndicator::IntermediateTitleTeachers)], 0.0);
  EXPECT_EQ(a.basic_verdict, 1);
}

TEST(Balance, ATeacherAwayOnRotationCountsWhereTheRuleSays) {
  // Four of school 0's six backbone teachers teach at school 1 this year (交流轮岗).
  World w = district_meeting_every_threshold();
  const AssessedStaff before(w, RotatingTeachers::Home);
  for (std::size_t s = 0; s < w.schools.size(); ++s) {  // nobody away: the same teachers
    const auto home = before.of(s);
    const std::vector<std::int32_t> by_home(home.begin(), home.end());
    const std::vector<std::int32_t> taught(
        w.teachers_by_school.begin() + w.school_teacher_begin[s],
        w.teachers_by_school.begin() + w.school_teacher_begin[s + 1]);
    EXPECT_EQ(by_home, taught) << "school " << s;
  }
  int moved = 0;
  for (std::size_t t = 0; t < w.teachers.size() && moved < 4; ++t)
    if (w.teachers.school[t] == 0 && w.teachers.backbone[t] == 2)
      w.teachers.school[t] = w.teachers.rotation_destination[t] = 1, ++moved;
  ASSERT_EQ(moved, 4);
  index_teachers(w);
  const std::size_t n = w.schools.size();
  const auto backbone = static_cast<std::size_t>(Indicator::BackboneTeachers);
  BalanceStandardParams p;  // destination, the default
  const BalanceAssessment there = assess_balance(w, p);
  EXPECT_DOUBLE_EQ(there.indicator[backbone * n + 0], 100.0 * 2 / 500);  // under 85% of 1
  EXPECT_DOUBLE_EQ(there.indicator[backbone * n + 1], 100.0 * 16 / 1000);
  EXPECT_EQ(there.school_passes[0], 0);
  p.rotating_teachers = RotatingTeachers::Home;
  const BalanceAssessment home = assess_balance(w, p);
  EXPECT_DOUBLE_EQ(home.indicator[backbone * n + 0], 100.0 * 6 / 500);
  EXPECT_DOUBLE_EQ(home.indicator[backbone * n + 1], 100.0 * 12 / 1000);
  EXPECT_EQ(home.school_passes[0], 1);
  EXPECT_EQ(home.quality_verdict, 1) << home.reasons;
  // The 2012 standard counts the same way: teachers per 100 students at school 0.
  const auto teachers = static_cast<std::size_t>(BasicIndicator::Teachers);
  EXPECT_DOUBLE_EQ(
      basic_school_indicators(w, AssessedStaff(w, RotatingTeachers::Destination), 0)[teachers],
      100.0 * 21 / 500);
  EXPECT_DOUBLE_EQ(
      basic_school_indicators(w, AssessedStaff(w, RotatingTeachers::Home), 0)[teachers], 5.0);
}

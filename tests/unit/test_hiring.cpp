// Hiring fills vacancies up to the staffing norm, within the cap.
#include <gtest/gtest.h>

#include "phases/demography.hpp"
#include "phases/hiring.hpp"
#include "test_helpers.hpp"
#include "world/generator.hpp"

using namespace edusim;

TEST(Hiring, StaffingTarget) {
  EXPECT_EQ(staffing_target(0, 19), 0);
  EXPECT_EQ(staffing_target(1, 19), 1);
  EXPECT_EQ(staffing_target(38, 19), 2);
  EXPECT_EQ(staffing_target(39, 19), 3);
}

namespace {
World world_with_vacancies(const Scenario& s) {
  World w = generate_district(s);
  DemographyParams heavy;
  heavy.quit_rate_early = heavy.quit_rate_mid = heavy.quit_rate_late = 0.3;
  YearFlows f;
  f.reset(w.schools.size());
  teacher_demography(w, heavy, {5, 0, 1}, f);
  return w;
}
}  // namespace

TEST(Hiring, FillsEverySchoolToItsTarget) {
  const Scenario s = edusim::testing::small_scenario();
  World w = world_with_vacancies(s);
  YearFlows f;
  f.reset(w.schools.size());
  hiring(w, s.hiring, s.district.teachers, {5, 0, 1}, f);
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc) {
    const auto target =
        staffing_target(w.school_students(sc),
                        s.district.teachers.student_teacher_ratio[index(w.schools.level[sc])]);
    EXPECT_GE(w.school_teachers(sc), target) << "school " << sc;
  }
  EXPECT_GT(YearFlows::total(f.hires), 0);
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (w.teachers.experience[i] == 0) {
      EXPECT_EQ(w.teachers.title[i], s.hiring.entry_title);
      EXPECT_GE(w.teachers.age[i], s.hiring.age.min);
    }
}

TEST(Hiring, CapIsHonouredAndNeediestSchoolsGoFirst) {
  Scenario s = edusim::testing::small_scenario();
  World w = world_with_vacancies(s);
  s.hiring.max_hires_per_year = 3;
  YearFlows f;
  f.reset(w.schools.size());
  hiring(w, s.hiring, s.district.teachers, {5, 0, 1}, f);
  EXPECT_EQ(YearFlows::total(f.hires), 3);
}

TEST(Hiring, DisabledHiresNobody) {
  Scenario s = edusim::testing::small_scenario();
  World w = world_with_vacancies(s);
  s.hiring.enabled = false;
  const auto before = w.teachers.size();
  YearFlows f;
  f.reset(w.schools.size());
  hiring(w, s.hiring, s.district.teachers, {5, 0, 1}, f);
  EXPECT_EQ(w.teachers.size(), before);
}

// Teachers' sex and the retirement rules it brings: drawn by level (district.teachers.
// female_share) at generation and hiring, and read from teachers.csv.
#include <gtest/gtest.h>

#include <cmath>

#include "build/generator.hpp"
#include "phases/hiring.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

/// Women and teachers of each level.
struct SexCounts {
  std::array<int, kLevels> women{}, teachers{};
  double share(Level l) const { return static_cast<double>(women[index(l)]) / teachers[index(l)]; }
};

SexCounts count_sexes(const World& w, std::size_t first = 0) {
  SexCounts c;
  for (std::size_t i = first; i < w.teachers.size(); ++i) {
    const Level l = w.schools.level[static_cast<std::size_t>(w.teachers.school[i])];
    c.women[index(l)] += w.teachers.female[i];
    ++c.teachers[index(l)];
  }
  return c;
}

/// Independent draws: within 4 binomial SDs of p (fails by chance about once in 16,000).
void expect_share(const SexCounts& c, Level l, double p) {
  const int n = c.teachers[index(l)];
  ASSERT_GT(n, 0);
  EXPECT_NEAR(c.share(l), p, 4 * std::sqrt(p * (1 - p) / n)) << kLevelNames[index(l)];
}

}  // namespace

TEST(TeacherSex, GeneratedTeachersAreWomenByTheirLevelsShareAndBelowTheirRetirementAge) {
  Scenario s = edusim::testing::small_scenario();
  for (auto& type : s.district.schools) type.count *= 8;  // about 700 teachers a level
  const World w = generate_district(s);
  const SexCounts c = count_sexes(w);
  const LevelValues& share = s.district.teachers.female_share;
  expect_share(c, Level::Primary, share[index(Level::Primary)]);
  expect_share(c, Level::Middle, share[index(Level::Middle)]);
  EXPECT_NEAR(share[index(Level::Primary)], 0.733, 1e-12);  // MoE 2022
  EXPECT_NEAR(share[index(Level::Middle)], 0.608, 1e-12);
  int oldest_woman = 0, oldest_man = 0;
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    (w.teachers.female[i] ? oldest_woman : oldest_man) =
        std::max<int>(w.teachers.female[i] ? oldest_woman : oldest_man, w.teachers.age[i]);
  EXPECT_EQ(oldest_woman, s.demography.retirement_age_senior_women - 1);
  EXPECT_EQ(oldest_man, s.demography.retirement_age - 1);
  // Titles go to the oldest first: every woman past the women's age holds a senior title.
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    if (w.teachers.female[i] && w.teachers.age[i] >= s.demography.retirement_age_women) {
      EXPECT_GE(w.teachers.title[i], kSeniorTitle) << w.teachers.age[i];
    }
  }
}

TEST(TeacherSex, HiresAreWomenByTheirSchoolsLevelShare) {
  Scenario s = edusim::testing::small_scenario();
  s.district.teachers.female_share = {0.9, 0.2};
  World w = generate_district(s);
  const std::size_t first = w.teachers.size();
  const RandomStream stream = YearContext{7, 0, 1}.stream(Stream::Hiring);
  std::array<std::int32_t, kLevels> school_of{-1, -1};
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc)
    school_of[index(w.schools.level[sc])] = static_cast<std::int32_t>(sc);
  for (int k = 0; k < 4000; ++k) {
    const std::size_t i = add_teacher(w.teachers, w.next_teacher_id++, school_of[k % 2]);
    draw_new_teacher(w, i, s.hiring, s.district.teachers, stream);
  }
  const SexCounts c = count_sexes(w, first);
  expect_share(c, w.schools.level[static_cast<std::size_t>(school_of[0])], 0.9);
  expect_share(c, w.schools.level[static_cast<std::size_t>(school_of[1])], 0.2);
}

TEST(TeacherSex, RetirementAgeFollowsSexAndTitle) {
  const DemographyParams p;
  EXPECT_EQ(p.retirement_age_of(false, 0), 60);  // 国发〔1978〕104号
  EXPECT_EQ(p.retirement_age_of(true, 2), 55);
  EXPECT_EQ(p.retirement_age_of(true, kSeniorTitle), 60);  // 组通字〔2015〕14号
  EXPECT_EQ(p.retirement_age_of(true, 4), 60);
  EXPECT_EQ(p.latest_retirement_age(), 60);
}

TEST(TeacherSex, ADrawnSexIsAPureFunctionOfTheScenarioLevelAndId) {
  const Scenario s = edusim::testing::small_scenario();
  // The draw is a pure function of the scenario, the level and the id.
  int women = 0;
  for (std::uint32_t id = 0; id < 4000; ++id) {
    EXPECT_EQ(drawn_female(s, Level::Middle, id), drawn_female(s, Level::Middle, id));
    women += drawn_female(s, Level::Middle, id);
  }
  const double p = s.district.teachers.female_share[index(Level::Middle)];
  EXPECT_NEAR(women / 4000.0, p, 4 * std::sqrt(p * (1 - p) / 4000));
}

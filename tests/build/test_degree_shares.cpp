// Teachers' highest degrees at the start, by level (district.teachers.degree_shares for
// primary schools, middle_degree_shares for middle schools).
#include <gtest/gtest.h>

#include <cmath>

#include "build/generator.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

struct DegreeCounts {
  std::array<std::array<int, kDegrees>, kLevels> n{};
  int total(Level l) const {
    int sum = 0;
    for (int c : n[index(l)]) sum += c;
    return sum;
  }
};

DegreeCounts count_degrees(const World& w) {
  DegreeCounts c;
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    const Level l = w.schools.level[static_cast<std::size_t>(w.teachers.school[i])];
    ++c.n[index(l)][static_cast<std::size_t>(w.teachers.degree[i])];
  }
  return c;
}

}  // namespace

TEST(DegreeShares, EachLevelDrawsFromItsOwnShares) {
  Scenario s = edusim::testing::small_scenario();
  s.district.teachers.degree_shares = {0, 0, 1, 0};
  s.district.teachers.middle_degree_shares = {0, 0, 0, 1};
  const DegreeCounts c = count_degrees(generate_district(s));
  ASSERT_GT(c.total(Level::Primary), 0);
  ASSERT_GT(c.total(Level::Middle), 0);
  EXPECT_EQ(c.n[index(Level::Primary)][static_cast<std::size_t>(Degree::Bachelor)],
            c.total(Level::Primary));
  EXPECT_EQ(c.n[index(Level::Middle)][static_cast<std::size_t>(Degree::Graduate)],
            c.total(Level::Middle));
}

TEST(DegreeShares, DefaultsGiveEachLevelItsNationalShareOfBachelorsOrMore) {
  Scenario s = edusim::testing::small_scenario();
  for (auto& type : s.district.schools) type.count *= 8;  // about 700 teachers a level
  const DegreeCounts c = count_degrees(generate_district(s));
  for (const Level l : {Level::Primary, Level::Middle}) {
    const auto& shares = s.district.teachers.degree_shares_of(l);
    const double expected = shares[static_cast<std::size_t>(Degree::Bachelor)] +
                            shares[static_cast<std::size_t>(Degree::Graduate)];
    const int n = c.total(l);
    const auto& counts = c.n[index(l)];
    const double drawn = static_cast<double>(counts[static_cast<std::size_t>(Degree::Bachelor)] +
                                             counts[static_cast<std::size_t>(Degree::Graduate)]) /
                         n;
    // Independent draws: within 4 binomial SDs (fails by chance about once in 16,000).
    EXPECT_NEAR(drawn, expected, 4 * std::sqrt(expected * (1 - expected) / n))
        << kLevelNames[index(l)] << " n=" << n;
  }
  EXPECT_NEAR(s.district.teachers.degree_shares_of(Level::Primary)[2] +
                  s.district.teachers.degree_shares_of(Level::Primary)[3],
              0.745, 1e-12);  // MoE 2022 bulletin: 74.53%
  EXPECT_NEAR(s.district.teachers.degree_shares_of(Level::Middle)[2] +
                  s.district.teachers.degree_shares_of(Level::Middle)[3],
              0.917, 1e-12);  // MoE 2022 bulletin: 91.71%
}

TEST(DegreeShares, AScenarioSettingOnlyDegreeSharesGivesThemToMiddleSchoolsToo) {
  const std::string head =
      "district:\n"
      "  schools:\n"
      "    - {name: p, level: primary, zone: town, count: 1,\n"
      "       students_per_grade: {mean: 30, sd: 5, min: 10, max: 60}}\n"
      "    - {name: m, level: middle, zone: town, count: 1,\n"
      "       students_per_grade: {mean: 60, sd: 10, min: 20, max: 120}}\n"
      "  teachers:\n";
  const std::string primary =
      "    degree_shares: {secondary_normal: 0.5, associate: 0.5, bachelor: 0, graduate: 0}\n";
  const std::string middle =
      "    middle_degree_shares: {secondary_normal: 0, associate: 0, bachelor: 0, graduate: 1}\n";
  const TeacherSpec only_primary =
      edusim::testing::scenario_from_text(head + primary).district.teachers;
  EXPECT_EQ(only_primary.middle_degree_shares, only_primary.degree_shares);
  const TeacherSpec both =
      edusim::testing::scenario_from_text(head + primary + middle).district.teachers;
  EXPECT_EQ(both.degree_shares, (std::array<double, kDegrees>{0.5, 0.5, 0, 0}));
  EXPECT_EQ(both.middle_degree_shares, (std::array<double, kDegrees>{0, 0, 0, 1}));
  const TeacherSpec only_middle =
      edusim::testing::scenario_from_text(head + middle).district.teachers;
  EXPECT_EQ(only_middle.degree_shares, TeacherSpec{}.degree_shares);
  EXPECT_NE(TeacherSpec{}.degree_shares, TeacherSpec{}.middle_degree_shares);
}

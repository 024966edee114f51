// School strength (强校 / 薄弱校): the classes of hand-built schools by the mean
// effectiveness of their teachers; round(share * n) schools of each level at each
// end, ties by school index, closed and empty schools ordinary.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <ostream>
#include <vector>

#include "hand_world.hpp"
#include "phases/school_strength.hpp"

using namespace edusim;
using edusim::testing::HandSchool;

namespace edusim {
/// Readable failures: "weak", "ordinary", "strong".
static void PrintTo(Strength s, std::ostream* os) {
  *os << (s == Strength::Weak ? "weak" : s == Strength::Strong ? "strong" : "ordinary");
}
}  // namespace edusim

namespace {

constexpr Strength W = Strength::Weak, O = Strength::Ordinary, S = Strength::Strong;

/// Schools of the given levels, each with one regular teacher of the given
/// effectiveness (a NaN: no teacher).
World schools_with_means(const std::vector<double>& means, const std::vector<Level>& levels = {}) {
  std::vector<HandSchool> schools(means.size());
  for (std::size_t s = 0; s < levels.size(); ++s) schools[s].level = levels[s];
  World w = edusim::testing::hand_world(schools);
  for (std::size_t s = 0; s < means.size(); ++s) {
    if (std::isnan(means[s])) continue;
    const std::size_t i = edusim::testing::add_regular(w, static_cast<std::int32_t>(s), 2);
    w.teachers.effectiveness[i] = static_cast<float>(means[s]);
  }
  return w;
}

std::vector<Strength> classify(World& w, double weak_share = 0.25, double strong_share = 0.25) {
  school_strength(w, {weak_share, strong_share}, {1, 0, 1});
  return w.schools.strength;
}

}  // namespace

TEST(SchoolStrength, MeanEffectivenessOfTheTeachersTeachingThere) {
  World w = schools_with_means({0.1, kNaN, 0.4});
  const std::size_t second = edusim::testing::add_regular(w, 0, 1);
  w.teachers.effectiveness[second] = 0.5f;
  // A teacher of school 2 away at school 1 counts at school 1.
  edusim::testing::send_on_rotation(w, 1, 1);
  const std::vector<double> mean = school_mean_effectiveness(w);
  EXPECT_NEAR(mean[0], 0.3, 1e-7);
  EXPECT_NEAR(mean[1], 0.4, 1e-7);
  EXPECT_TRUE(std::isnan(mean[2]));
}

TEST(SchoolStrength, LowestQuarterWeakHighestQuarterStrongByMeanNotIndex) {
  World w = schools_with_means({0.3, 0.1, 0.4, 0.2});
  EXPECT_EQ(classify(w), (std::vector{O, W, S, O}));
}

TEST(SchoolStrength, EachLevelIsRankedOnItsOwn) {
  // The middle schools are all better than every primary, yet one of the two is
  // weak: round(0.25 * 2) = round(0.5) = 1 (halves round away from zero).
  const Level P = Level::Primary, M = Level::Middle;
  World w = schools_with_means({0.9, 0.1, 0.2, 0.8, 0.3, 0.4}, {M, P, P, M, P, P});
  EXPECT_EQ(classify(w), (std::vector{S, W, O, W, O, S}));
}

TEST(SchoolStrength, TiesGoByIndexLowestWeakHighestStrong) {
  World w = schools_with_means({0.3, 0.3, 0.3, 0.3});
  EXPECT_EQ(classify(w), (std::vector{W, O, O, S}));
  // Ties at the boundary only: the first of the tied schools is the weak one.
  World boundary = schools_with_means({0.5, 0.2, 0.2, 0.9});
  EXPECT_EQ(classify(boundary), (std::vector{O, W, O, S}));
  // Enough tied schools that an unstable sort would reorder them: 10 of 40 at each end.
  World many = schools_with_means(std::vector<double>(40, 0.3));
  std::vector<Strength> expected(40, O);
  std::fill(expected.begin(), expected.begin() + 10, W);
  std::fill(expected.end() - 10, expected.end(), S);
  EXPECT_EQ(classify(many), expected);
}

TEST(SchoolStrength, ClosedAndEmptySchoolsAreOrdinaryAndNotCounted) {
  // Five schools; the closed one (lowest mean) and the one without teachers are left
  // out: of the three ranked, round(0.75) = 1 weak and 1 strong. Last year's class
  // of the closed school is cleared.
  World w = schools_with_means({0.0, 0.2, kNaN, 0.3, 0.4});
  w.schools.open[0] = 0;
  w.schools.strength[0] = W;
  w.schools.strength[2] = S;
  EXPECT_EQ(classify(w), (std::vector{O, W, O, O, S}));
}

TEST(SchoolStrength, SharesRoundToWholeSchools) {
  // n = 6, share 0.25: round(1.5) = 2 at each end.
  World six = schools_with_means({0.1, 0.2, 0.3, 0.4, 0.5, 0.6});
  EXPECT_EQ(classify(six), (std::vector{W, W, O, O, S, S}));
  // n = 1, share 0.25: round(0.25) = 0: a lone school is ordinary.
  World one = schools_with_means({0.5});
  EXPECT_EQ(classify(one), (std::vector{O}));
  // Shares 0: nobody weak or strong.
  EXPECT_EQ(classify(six, 0, 0), (std::vector{O, O, O, O, O, O}));
}

TEST(SchoolStrength, WeakTakesPrecedenceWhenTheSharesOverlap) {
  // n = 5, shares 0.6 and 0.6: 3 weak, then strong capped at the 2 left.
  World w = schools_with_means({0.5, 0.4, 0.3, 0.2, 0.1});
  EXPECT_EQ(classify(w, 0.6, 0.6), (std::vector{S, S, W, W, W}));
  // Every school weak: none left to be strong.
  EXPECT_EQ(classify(w, 1, 1), (std::vector{W, W, W, W, W}));
  EXPECT_EQ(classify(w, 0, 1), (std::vector{S, S, S, S, S}));
}

TEST(SchoolStrength, NoSchoolsNoTeachers) {
  World empty = schools_with_means({});
  EXPECT_TRUE(classify(empty).empty());
  World bare = schools_with_means({kNaN, kNaN});
  EXPECT_EQ(classify(bare), (std::vector{O, O}));
}

// Backbone recognition tops each level up to its target share, one level at a time.
#include <gtest/gtest.h>

#include "build/generator.hpp"
#include "io/yaml_reader.hpp"
#include "phases/backbone_recognition.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

using LevelCounts = std::array<std::int32_t, kBackboneLevels>;

LevelCounts holders(const World& w, std::int32_t* staff = nullptr) {
  LevelCounts c{};
  std::int32_t n = 0;
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (w.teachers.contract[i] == Contract::Regular) {
      ++n;
      ++c[static_cast<std::size_t>(w.teachers.backbone[i])];
    }
  if (staff) *staff = n;
  return c;
}

World fresh_world() {
  return generate_district(edusim::testing::small_scenario());
}

std::int64_t review(World& w, const BackboneParams& p, std::uint32_t year = 1) {
  YearFlows f;
  f.reset(w.schools.size());
  backbone_recognition(w, p, {5, 0, year}, f);
  return f.backbone_recognitions;
}

}  // namespace

TEST(BackboneRecognition, SharesRestoredAfterHoldersLeave) {
  World w = fresh_world();
  // Every second teacher of each backbone level leaves (retires or quits).
  std::vector<std::uint8_t> keep(w.teachers.size(), 1);
  LevelCounts seen{};
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    const auto level = static_cast<std::size_t>(w.teachers.backbone[i]);
    if (level > 0 && seen[level]++ % 2 == 0) keep[i] = 0;
  }
  compact_teachers(w.teachers, keep);
  index_teachers(w);
  BackboneParams p;
  std::int32_t staff = 0;
  const LevelCounts before = holders(w, &staff);
  for (int l = 1; l < kBackboneLevels; ++l)
    ASSERT_LT(before[static_cast<std::size_t>(l)], backbone_target(p, l, staff)) << "level " << l;
  const std::int64_t recognised = review(w, p);
  const LevelCounts after = holders(w);
  for (int l = 1; l < kBackboneLevels; ++l)
    EXPECT_EQ(after[static_cast<std::size_t>(l)], backbone_target(p, l, staff)) << "level " << l;
  // Each recognition raises one teacher one level, so the levels gained add up to the count.
  std::int64_t levels_gained = 0;
  for (int l = 1; l < kBackboneLevels; ++l)
    levels_gained += l * (after[static_cast<std::size_t>(l)] - before[static_cast<std::size_t>(l)]);
  EXPECT_EQ(recognised, levels_gained);
}

TEST(BackboneRecognition, OneLevelAtATime) {
  World w = fresh_world();
  for (auto& b : w.teachers.backbone) b = 0;
  BackboneParams p;
  std::int32_t staff = 0;
  holders(w, &staff);
  for (std::uint32_t year = 1; year <= 3; ++year) {
    const auto before = w.teachers.backbone;
    review(w, p, year);
    for (std::size_t i = 0; i < before.size(); ++i) {
      EXPECT_GE(w.teachers.backbone[i], before[i]);  // never withdrawn
      EXPECT_LE(w.teachers.backbone[i], before[i] + 1) << "teacher " << w.teachers.id[i];
    }
    // Level L can only be reached in the L-th review from nothing.
    const LevelCounts c = holders(w);
    for (int l = 1; l < kBackboneLevels; ++l)
      EXPECT_EQ(c[static_cast<std::size_t>(l)],
                l <= static_cast<int>(year) ? backbone_target(p, l, staff) : 0)
          << "year " << year << " level " << l;
  }
}

TEST(BackboneRecognition, MinExperienceRespected) {
  World w = fresh_world();
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    w.teachers.backbone[i] = 0;
    w.teachers.experience[i] = static_cast<std::int16_t>(i % 10);
  }
  BackboneParams p;
  p.min_experience = 7;
  std::int32_t staff = 0;
  holders(w, &staff);
  const std::int64_t recognised = review(w, p);
  std::int32_t eligible = 0;
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    eligible += w.teachers.experience[i] >= 7;
    if (w.teachers.backbone[i] > 0) {
      EXPECT_GE(w.teachers.experience[i], 7);
    }
  }
  EXPECT_EQ(recognised, std::min(eligible, backbone_target(p, 1, staff)));
}

TEST(BackboneRecognition, NeverExceedsTargetNorWithdraws) {
  World w = fresh_world();
  BackboneParams p;
  for (std::size_t l = 1; l < kBackboneLevels; ++l) p.target_shares[l] *= 0.5;  // already above
  const auto before = w.teachers.backbone;
  EXPECT_EQ(review(w, p), 0);
  EXPECT_EQ(w.teachers.backbone, before);
  // From nothing, the holders of every level stay within target at every review.
  for (auto& b : w.teachers.backbone) b = 0;
  std::int32_t staff = 0;
  holders(w, &staff);
  for (std::uint32_t year = 1; year <= 5; ++year) {
    review(w, p, year);
    const LevelCounts c = holders(w);
    for (int l = 1; l < kBackboneLevels; ++l)
      EXPECT_LE(c[static_cast<std::size_t>(l)], backbone_target(p, l, staff));
  }
}

TEST(BackboneRecognition, BestTeachersFirstAndInternsNever) {
  World w = fresh_world();
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    w.teachers.backbone[i] = 0;
    w.teachers.experience[i] = 10;
    if (i % 3 == 0) w.teachers.contract[i] = Contract::Substitute;
  }
  BackboneParams p;
  review(w, p);
  float worst_recognised = 1e9f, best_passed_over = -1e9f;
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    if (w.teachers.contract[i] != Contract::Regular) {
      EXPECT_EQ(w.teachers.backbone[i], 0);
      continue;
    }
    if (w.teachers.backbone[i] > 0)
      worst_recognised = std::min(worst_recognised, w.teachers.effectiveness[i]);
    else
      best_passed_over = std::max(best_passed_over, w.teachers.effectiveness[i]);
  }
  EXPECT_GE(worst_recognised, best_passed_over);
}

TEST(BackboneRecognition, ReviewCycleAndDisabled) {
  World w = fresh_world();
  for (auto& b : w.teachers.backbone) b = 0;
  BackboneParams p;
  p.review_every_years = 3;
  EXPECT_EQ(review(w, p, 4), 0);
  EXPECT_GT(review(w, p, 6), 0);
  for (auto& b : w.teachers.backbone) b = 0;
  p.enabled = false;
  EXPECT_EQ(review(w, p, 6), 0);
}

TEST(BackboneRecognition, ParamsReadFromYaml) {
  const YAML::Node yaml = YAML::Load("target_shares: {city: 0.05}\nreview_every_years: 2\n");
  schema::SourceMap sources;
  schema::YamlReader reader(yaml, "backbone", sources);
  BackboneParams p;
  p.visit(reader);
  reader.reject_unknown_keys();
  EXPECT_DOUBLE_EQ(p.target_shares[3], 0.05);
  EXPECT_DOUBLE_EQ(p.target_shares[1], 0.15);
  EXPECT_EQ(p.review_every_years, 2);
  EXPECT_EQ(p.min_experience, 5);
}

namespace {

/// A fresh world with every backbone level withdrawn, every teacher regular and eligible, and
/// the schools' staff ordered by effectiveness: school 0's teachers best, the last school's
/// worst (the district's best all teach in one school).
World sorted_world() {
  World w = fresh_world();
  Teachers& t = w.teachers;
  for (std::size_t i = 0; i < t.size(); ++i) {
    t.backbone[i] = 0;
    t.contract[i] = Contract::Regular;
    t.experience[i] = 20;
    t.effectiveness[i] =
        1.0f - 0.1f * static_cast<float>(t.home_school[i]) - 0.001f * static_cast<float>(i % 7);
  }
  return w;
}

std::vector<std::int32_t> holders_by_school(const World& w) {
  std::vector<std::int32_t> n(w.schools.size(), 0);
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    n[static_cast<std::size_t>(w.teachers.home_school[i])] += w.teachers.backbone[i] > 0;
  return n;
}

}  // namespace

TEST(BackboneRecognition, SchoolAllocationGivesEverySchoolItsOwnShare) {
  BackboneParams p;
  p.target_shares = {0.0, 0.2, 0.0, 0.0};
  World district = sorted_world(), by_school = sorted_world();
  review(district, p);
  p.allocation = BackboneAllocation::School;
  review(by_school, p);
  std::vector<std::int32_t> staff(by_school.schools.size(), 0);
  for (const auto s : by_school.teachers.home_school) ++staff[static_cast<std::size_t>(s)];
  const auto spread = holders_by_school(district), shared = holders_by_school(by_school);
  ASSERT_GE(staff.size(), 3u);
  // By district the places go to the best teachers, who all teach in the first schools; by
  // school every school gets round(0.2 x its staff), filled with its own best.
  EXPECT_EQ(spread.back(), 0);
  for (std::size_t s = 0; s < staff.size(); ++s)
    EXPECT_EQ(shared[s], std::lround(0.2 * staff[s])) << "school " << s;
}

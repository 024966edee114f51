// Promotion fills vacant posts within the post quotas, best performers first.
#include <gtest/gtest.h>

#include <map>

#include "build/generator.hpp"
#include "io/yaml_reader.hpp"
#include "phases/promotion.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

using GradeCounts = std::array<std::int32_t, kTitleGrades>;

/// Key of a teacher's pool: the home school, or the home school's level (district pool).
std::int32_t pool_key(const World& w, PromotionPool pool, std::size_t i) {
  const auto home = w.teachers.home_school[i];
  return pool == PromotionPool::School ? home
                                       : index(w.schools.level[static_cast<std::size_t>(home)]);
}

Level pool_level(const World& w, PromotionPool pool, std::int32_t key) {
  return pool == PromotionPool::School ? w.schools.level[static_cast<std::size_t>(key)]
                                       : static_cast<Level>(key);
}

/// Regular staff and holders of each grade, per pool.
struct PoolCounts {
  std::map<std::int32_t, std::int32_t> staff;
  std::map<std::int32_t, GradeCounts> holders;
};

PoolCounts count_pools(const World& w, PromotionPool pool) {
  PoolCounts c;
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    if (w.teachers.contract[i] != Contract::Regular) continue;
    const auto key = pool_key(w, pool, i);
    ++c.staff[key];
    ++c.holders[key][static_cast<std::size_t>(w.teachers.title[i])];
  }
  return c;
}

World fresh_world() {
  return generate_district(edusim::testing::small_scenario());
}

/// Everyone at 三级 with long enough in grade: quotas are the only limit.
void all_third_grade(World& w, std::int16_t years = 20) {
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    w.teachers.title[i] = w.teachers.post_title[i] = 0;
    w.teachers.years_in_title[i] = years;
  }
}

YearFlows flows_for(const World& w) {
  YearFlows f;
  f.reset(w.schools.size());
  return f;
}

const YearContext kCtx{5, 0, 1};

}  // namespace

TEST(Promotion, QuotaIsFloorOfShareTimesStaff) {
  PromotionParams p;
  p.post_shares[index(Level::Middle)][3] = 0.25;
  EXPECT_EQ(post_quota(p, Level::Middle, 3, 40), 10);
  EXPECT_EQ(post_quota(p, Level::Middle, 3, 39), 9);
  EXPECT_EQ(post_quota(p, Level::Middle, 0, 39), 39);  // 三级 is unlimited
}

TEST(Promotion, QuotasNeverExceededInEitherPool) {
  for (PromotionPool pool : {PromotionPool::School, PromotionPool::District}) {
    World w = fresh_world();
    all_third_grade(w);
    PromotionParams p;
    p.pool = pool;
    p.min_years_in_grade = {0, 0, 0, 0, 0};  // every round can climb one more grade
    for (int round = 0; round < 6; ++round) {
      YearFlows f = flows_for(w);
      promotion(w, p, kCtx, f);
      const PoolCounts c = count_pools(w, pool);
      for (const auto& [key, staff] : c.staff)
        for (int g = 1; g < kTitleGrades; ++g)
          EXPECT_LE(c.holders.at(key)[static_cast<std::size_t>(g)],
                    post_quota(p, pool_level(w, pool, key), g, staff))
              << "pool " << key << " grade " << g << " round " << round;
      if (round == 0) {  // all eligible at 三级: the 二级 posts are filled exactly
        for (const auto& [key, staff] : c.staff)
          EXPECT_EQ(c.holders.at(key)[1], post_quota(p, pool_level(w, pool, key), 1, staff));
      }
    }
    // After enough rounds the cascade has filled every post of 一级 and above.
    const PoolCounts c = count_pools(w, pool);
    std::int32_t seniors = 0;
    for (const auto& [key, staff] : c.staff) {
      seniors += c.holders.at(key)[3];
      for (int g = 2; g < kTitleGrades; ++g)
        EXPECT_EQ(c.holders.at(key)[static_cast<std::size_t>(g)],
                  post_quota(p, pool_level(w, pool, key), g, staff))
            << "pool " << key << " grade " << g;
    }
    EXPECT_GT(seniors, 0);
  }
}

TEST(Promotion, NobodyPromotedIntoAGradeAlreadyOverQuota) {
  World w = fresh_world();
  PromotionParams p;
  for (auto& level : p.post_shares) level[3] = level[4] = 0.0;  // start state is over quota
  for (auto& y : w.teachers.years_in_title) y = 20;
  const auto before = count_pools(w, PromotionPool::School);
  YearFlows f = flows_for(w);
  promotion(w, p, kCtx, f);
  EXPECT_EQ(f.promotions[3], 0);
  EXPECT_EQ(f.promotions[4], 0);
  const auto after = count_pools(w, PromotionPool::School);
  for (const auto& [key, grades] : after.holders) EXPECT_EQ(grades[3], before.holders.at(key)[3]);
}

TEST(Promotion, YearsInGradeRespected) {
  World w = fresh_world();
  all_third_grade(w);
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    w.teachers.years_in_title[i] = static_cast<std::int16_t>(i % 3);
  const auto years_before = w.teachers.years_in_title;
  PromotionParams p;
  p.min_years_in_grade[1] = 2;
  YearFlows f = flows_for(w);
  promotion(w, p, kCtx, f);
  EXPECT_GT(f.promotions[1], 0);
  std::int64_t promoted = 0;
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (w.teachers.title[i] == 1) {
      ++promoted;
      EXPECT_GE(years_before[i], 2) << "teacher " << w.teachers.id[i];
      EXPECT_EQ(w.teachers.years_in_title[i], 0);
      EXPECT_EQ(w.teachers.post_title[i], 1);
    }
  EXPECT_EQ(promoted, f.promotions[1]);
}

TEST(Promotion, BestPerformersPromotedFirst) {
  World w = fresh_world();
  all_third_grade(w);
  PromotionParams p;
  YearFlows f = flows_for(w);
  promotion(w, p, kCtx, f);
  // Within each school, every promoted teacher is at least as effective as every one left behind.
  std::map<std::int32_t, float> worst_promoted, best_left;
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    const auto s = w.teachers.home_school[i];
    const float e = w.teachers.effectiveness[i];
    if (w.teachers.title[i] == 1) {
      auto [it, fresh] = worst_promoted.try_emplace(s, e);
      if (!fresh) it->second = std::min(it->second, e);
    } else {
      auto [it, fresh] = best_left.try_emplace(s, e);
      if (!fresh) it->second = std::max(it->second, e);
    }
  }
  ASSERT_FALSE(worst_promoted.empty());
  for (const auto& [s, e] : worst_promoted)
    if (best_left.count(s)) {
      EXPECT_GE(e, best_left.at(s)) << "school " << s;
    }
}

TEST(Promotion, EffectivenessPercentileFloor) {
  World w = fresh_world();
  all_third_grade(w);
  PromotionParams p;
  p.pool = PromotionPool::District;
  p.post_shares = {{{1, 1, 1, 1, 1}, {1, 1, 1, 1, 1}}};  // quotas out of the way
  p.min_effectiveness_percentile = 75;
  YearFlows f = flows_for(w);
  promotion(w, p, kCtx, f);
  // Only the top quarter of each level's 三级 teachers is promoted.
  for (int l = 0; l < kLevels; ++l) {
    std::int32_t staff = 0, promoted = 0;
    for (std::size_t i = 0; i < w.teachers.size(); ++i)
      if (pool_key(w, PromotionPool::District, i) == l) staff += 1, promoted += w.teachers.title[i];
    EXPECT_GT(promoted, 0);
    EXPECT_LE(promoted, staff / 4 + 1) << "level " << l;
  }
}

TEST(Promotion, SeniorServiceRuleBlocksAndAdmits) {
  World w = fresh_world();
  Teachers& t = w.teachers;
  for (std::size_t i = 0; i < t.size(); ++i) {
    t.title[i] = t.post_title[i] = 2;  // everyone 一级, long in grade
    t.years_in_title[i] = 20;
    t.rural_service_years[i] = i % 4 == 0 ? 3 : (i % 4 == 2 ? 1 : 0);
    t.has_rotated[i] = i % 4 == 1;
  }
  PromotionParams p;
  p.pool = PromotionPool::District;
  p.senior_service_years = 2;
  YearFlows f = flows_for(w);
  promotion(w, p, kCtx, f);
  std::array<std::int32_t, kLevels> staff{}, served{}, promoted{};
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto l = static_cast<std::size_t>(pool_key(w, PromotionPool::District, i));
    ++staff[l];
    served[l] += i % 4 <= 1;
    if (t.title[i] == 3) {
      ++promoted[l];
      EXPECT_LE(i % 4, 1u) << "teacher " << t.id[i] << " promoted without service";
    }
  }
  // Those with service (3 rural years, or rotated) fill the posts up to the quota.
  for (std::size_t l = 0; l < kLevels; ++l)
    EXPECT_EQ(promoted[l], std::min(served[l], post_quota(p, static_cast<Level>(l), 3, staff[l])));
  EXPECT_GT(f.promotions[3], 0);
}

TEST(Promotion, CascadeFreesAPostBelow) {
  World w = fresh_world();
  Teachers& t = w.teachers;
  const std::size_t s = 0;  // an urban primary
  const auto begin = w.school_teacher_begin[s], end = w.school_teacher_begin[s + 1];
  const auto staff = end - begin;
  ASSERT_GE(staff, 6);
  PromotionParams p;
  auto& shares = p.post_shares[index(w.schools.level[s])];
  shares = {1, 1, 1, 3.5 / staff, 1.5 / staff};  // 3 senior posts, 1 professor post
  for (auto k = begin; k < end; ++k) {
    const auto i = static_cast<std::size_t>(w.teachers_by_school[static_cast<std::size_t>(k)]);
    const auto rank = k - begin;
    t.title[i] = t.post_title[i] = rank < 3 ? 3 : 2;        // senior posts full
    t.years_in_title[i] = rank == 1 || rank == 2 ? 0 : 20;  // one senior is eligible upwards
  }
  YearFlows f = flows_for(w);
  promotion(w, p, kCtx, f);
  GradeCounts after{};
  for (auto k = begin; k < end; ++k)
    ++after[static_cast<std::size_t>(
        t.title[static_cast<std::size_t>(w.teachers_by_school[static_cast<std::size_t>(k)])])];
  EXPECT_EQ(after[4], 1);  // the senior was promoted ...
  EXPECT_EQ(after[3], 3);  // ... and the post it freed was filled from 一级
  EXPECT_EQ(after[2], staff - 4);
}

TEST(Promotion, InternsNeitherPromotedNorCounted) {
  World w = fresh_world();
  all_third_grade(w);
  for (std::size_t i = 0; i < w.teachers.size(); i += 2) w.teachers.contract[i] = Contract::Intern;
  PromotionParams p;
  YearFlows f = flows_for(w);
  promotion(w, p, kCtx, f);
  for (std::size_t i = 0; i < w.teachers.size(); i += 2) EXPECT_EQ(w.teachers.title[i], 0);
  const PoolCounts c = count_pools(w, PromotionPool::School);  // regular teachers only
  for (const auto& [key, staff] : c.staff)
    EXPECT_EQ(c.holders.at(key)[1],
              post_quota(p, pool_level(w, PromotionPool::School, key), 1, staff));
}

TEST(Promotion, DisabledDoesNothing) {
  World w = fresh_world();
  all_third_grade(w);
  const auto titles = w.teachers.title;
  PromotionParams p;
  p.enabled = false;
  YearFlows f = flows_for(w);
  promotion(w, p, kCtx, f);
  EXPECT_EQ(w.teachers.title, titles);
  for (auto n : f.promotions) EXPECT_EQ(n, 0);
}

TEST(Promotion, ParamsReadFromYaml) {
  const YAML::Node yaml = YAML::Load(
      "pool: district\n"
      "post_shares: {middle: {senior: 0.3}}\n"
      "min_years_in_grade: {first: 3}\n"
      "senior_service_years: 1\n");
  schema::SourceMap sources;
  schema::YamlReader reader(yaml, "promotion", sources);
  PromotionParams p;
  p.visit(reader);
  reader.reject_unknown_keys();
  EXPECT_EQ(p.pool, PromotionPool::District);
  EXPECT_DOUBLE_EQ(p.post_shares[index(Level::Middle)][3], 0.3);
  EXPECT_DOUBLE_EQ(p.post_shares[index(Level::Primary)][3], PromotionParams{}.post_shares[0][3]);
  EXPECT_EQ(p.min_years_in_grade[2], 3);
  EXPECT_EQ(p.min_years_in_grade[3], 5);
  EXPECT_EQ(p.senior_service_years, 1);
}

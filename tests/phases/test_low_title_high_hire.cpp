// Low-title high-hire: a quota of posts one grade above the title, re-evaluated yearly.
#include <gtest/gtest.h>

#include "build/generator.hpp"
#include "io/yaml_reader.hpp"
#include "phases/backbone_recognition.hpp"
#include "phases/low_title_high_hire.hpp"
#include "phases/promotion.hpp"
#include "test_helpers.hpp"
#include "world/invariants.hpp"

using namespace edusim;

namespace {

World fresh_world() {
  return generate_district(edusim::testing::small_scenario());
}

LowTitleHighHireParams enabled_params(
    LowTitleHighHirePriority priority = LowTitleHighHirePriority::Weighted) {
  LowTitleHighHireParams p;
  p.enabled = true;
  p.priority = priority;
  return p;
}

void uplift(World& w, const LowTitleHighHireParams& p) {
  YearFlows f;
  f.reset(w.schools.size());
  low_title_high_hire(w, p, {5, 0, 1}, f);
}

std::int32_t regular_staff(const World& w) {
  std::int32_t n = 0;
  for (auto c : w.teachers.contract) n += c == Contract::Regular;
  return n;
}

std::vector<std::size_t> uplift_holders(const World& w) {
  std::vector<std::size_t> h;
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (w.teachers.post_title[i] != w.teachers.title[i]) h.push_back(i);
  return h;
}

}  // namespace

TEST(LowTitleHighHire, HoldersEqualRoundedQuota) {
  World w = fresh_world();
  const std::int32_t staff = regular_staff(w);
  LowTitleHighHireParams p = enabled_params();
  uplift(w, p);
  EXPECT_EQ(uplift_holders(w).size(),
            static_cast<std::size_t>(low_title_high_hire_quota(p, staff)));
  // Quotas of k + 0.6 and k + 0.4 posts round to the nearest whole post.
  const int k = staff / 10;
  p.quota_share = (k + 0.6) / staff;
  uplift(w, p);
  EXPECT_EQ(uplift_holders(w).size(), static_cast<std::size_t>(k + 1));
  p.quota_share = (k + 0.4) / staff;
  uplift(w, p);
  EXPECT_EQ(uplift_holders(w).size(), static_cast<std::size_t>(k));
}

TEST(LowTitleHighHire, OneGradeAboveNeverProfessorsInternsOrNovices) {
  World w = fresh_world();
  Teachers& t = w.teachers;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (i % 5 == 0) t.title[i] = t.post_title[i] = 4;
    if (i % 7 == 0) t.contract[i] = Contract::Intern;
    if (i % 11 == 0) t.experience[i] = 2;
  }
  LowTitleHighHireParams p = enabled_params();
  p.quota_share = 1.0;  // more posts than eligible teachers
  uplift(w, p);
  std::size_t eligible = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const bool ok = t.contract[i] == Contract::Regular && t.title[i] < 4 && t.experience[i] >= 3;
    eligible += ok;
    EXPECT_EQ(t.post_title[i], ok ? t.title[i] + 1 : t.title[i]) << "teacher " << t.id[i];
  }
  EXPECT_EQ(uplift_holders(w).size(), eligible);
}

TEST(LowTitleHighHire, RuralPriorityGivesAllPostsToRuralTeachers) {
  World w = fresh_world();
  LowTitleHighHireParams p = enabled_params(LowTitleHighHirePriority::Rural);
  std::int32_t rural_eligible = 0;
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    rural_eligible +=
        w.schools.zone[static_cast<std::size_t>(w.teachers.school[i])] == Zone::Rural &&
        w.teachers.experience[i] >= p.min_experience && w.teachers.title[i] < 4;
  const auto n = static_cast<std::size_t>(low_title_high_hire_quota(p, regular_staff(w)));
  ASSERT_GE(static_cast<std::size_t>(rural_eligible), n);
  uplift(w, p);
  const auto h = uplift_holders(w);
  EXPECT_EQ(h.size(), n);
  for (auto i : h)
    EXPECT_EQ(w.schools.zone[static_cast<std::size_t>(w.teachers.school[i])], Zone::Rural);
}

TEST(LowTitleHighHire, WeightedWithOnlyRuralWeightMatchesRuralPriority) {
  World a = fresh_world(), b = fresh_world();
  LowTitleHighHireParams rural = enabled_params(LowTitleHighHirePriority::Rural);
  LowTitleHighHireParams weighted = enabled_params(LowTitleHighHirePriority::Weighted);
  weighted.weights = {1.0, 0.0, 0.0, 0.0, 0.0};
  uplift(a, rural);
  uplift(b, weighted);
  EXPECT_EQ(a.teachers.post_title, b.teachers.post_title);
}

TEST(LowTitleHighHire, RotationPriorityCountsCurrentAndPastRotation) {
  World w = fresh_world();
  Teachers& t = w.teachers;
  LowTitleHighHireParams p = enabled_params(LowTitleHighHirePriority::Rotation);
  const auto n = static_cast<std::size_t>(low_title_high_hire_quota(p, regular_staff(w)));
  // The n least effective eligible teachers have rotated (half of them still away).
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t.experience[i] >= p.min_experience && t.title[i] < 4) order.push_back(i);
  std::sort(order.begin(), order.end(),
            [&](auto a, auto b) { return t.effectiveness[a] < t.effectiveness[b]; });
  ASSERT_GE(order.size(), n);
  for (std::size_t k = 0; k < n; ++k) {
    if (k % 2)
      t.has_rotated[order[k]] = 1;
    else
      t.rotation_destination[order[k]] = t.school[order[k]];  // only the flag matters here
  }
  uplift(w, p);
  for (std::size_t k = 0; k < n; ++k) EXPECT_GT(t.post_title[order[k]], t.title[order[k]]);
  EXPECT_EQ(uplift_holders(w).size(), n);
}

TEST(LowTitleHighHire, ReevaluationRemovesAHolderWhoseScoreFell) {
  World w = fresh_world();
  LowTitleHighHireParams p = enabled_params(LowTitleHighHirePriority::Effectiveness);
  uplift(w, p);
  const auto first = uplift_holders(w);
  ASSERT_FALSE(first.empty());
  const std::size_t fallen = first.front();
  w.teachers.effectiveness[fallen] = -1.0f;
  World kept = w;
  uplift(w, p);
  EXPECT_EQ(w.teachers.post_title[fallen], w.teachers.title[fallen]);
  EXPECT_EQ(uplift_holders(w).size(), first.size());
  // A large incumbency bonus keeps the post instead.
  p.incumbency_bonus = 100;
  uplift(kept, p);
  EXPECT_EQ(kept.teachers.post_title[fallen], kept.teachers.title[fallen] + 1);
  EXPECT_EQ(uplift_holders(kept), first);
}

TEST(LowTitleHighHire, DeterministicAndStableWithoutChange) {
  World a = fresh_world(), b = fresh_world();
  const LowTitleHighHireParams p = enabled_params();
  uplift(a, p);
  uplift(b, p);
  EXPECT_EQ(a.teachers.post_title, b.teachers.post_title);
  const auto once = a.teachers.post_title;
  uplift(a, p);  // nothing changed: the same teachers are chosen again
  EXPECT_EQ(a.teachers.post_title, once);
}

TEST(LowTitleHighHire, DisabledLeavesPostsAlone) {
  World w = fresh_world();
  LowTitleHighHireParams p = enabled_params();
  uplift(w, p);
  const auto posts = w.teachers.post_title;
  p.enabled = false;
  uplift(w, p);
  EXPECT_EQ(w.teachers.post_title, posts);
}

TEST(LowTitleHighHire, TitlePhasesKeepWorldInvariants) {
  World w = fresh_world();
  for (auto& y : w.teachers.years_in_title) y = 10;
  for (auto& b : w.teachers.backbone) b = 0;
  YearFlows f;
  f.reset(w.schools.size());
  const YearContext ctx{5, 0, 1};
  for (PromotionPool pool : {PromotionPool::School, PromotionPool::District}) {
    PromotionParams promo;
    promo.pool = pool;
    promotion(w, promo, ctx, f);
    backbone_recognition(w, BackboneParams{}, ctx, f);
    low_title_high_hire(w, enabled_params(), ctx, f);
    EXPECT_NO_THROW(check_invariants(w, "after the title phases", ClassTeachers::Required));
  }
  EXPECT_GT(f.backbone_recognitions, 0);
  EXPECT_FALSE(uplift_holders(w).empty());
}

TEST(LowTitleHighHire, ParamsReadFromYaml) {
  const YAML::Node yaml = YAML::Load(
      "enabled: true\n"
      "priority: rotation\n"
      "weights: {weak: 2.5}\n"
      "incumbency_bonus: 0.5\n");
  schema::SourceMap sources;
  schema::YamlReader reader(yaml, "low_title_high_hire", sources);
  LowTitleHighHireParams p;
  p.visit(reader);
  reader.reject_unknown_keys();
  EXPECT_TRUE(p.enabled);
  EXPECT_EQ(p.priority, LowTitleHighHirePriority::Rotation);
  EXPECT_DOUBLE_EQ(p.weights.weak, 2.5);
  EXPECT_DOUBLE_EQ(p.weights.rural, 1.0);
  EXPECT_DOUBLE_EQ(p.incumbency_bonus, 0.5);
  EXPECT_DOUBLE_EQ(p.quota_share, 0.10);
}

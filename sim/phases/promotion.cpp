#include "phases/promotion.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

namespace edusim {

namespace {

constexpr std::string_view kPostShareSource =
    "assumption: caps a little above the initial title mix (district.teachers.title_shares "
    "0.08/0.32/0.42/0.17/0.01), middle schools richer in senior posts; structure ratios "
    "(岗位结构比例) are set by provinces under the 2015 title reform (人社部发〔2015〕79号)";

void visit_post_shares(schema::Visitor& v, PostShares& shares) {
  v.section(
      "post_shares",
      schema::SectionSpec{{"maximum share of a pool's regular staff holding each title "
                           "grade (岗位结构比例), by school level; 三级 is unlimited",
                           "1", kPostShareSource}},
      [&shares](schema::Visitor& levels) {
        for (int l = 0; l < kLevels; ++l) {
          auto& row = shares[static_cast<std::size_t>(l)];
          levels.section(
              kLevelNames[static_cast<std::size_t>(l)],
              schema::SectionSpec{{"post shares of this school level", "1"}},
              [&row](schema::Visitor& grades) {
                for (int g = 1; g < kTitleGrades; ++g)
                  grades.real(
                      kTitleNames[static_cast<std::size_t>(g)], row[static_cast<std::size_t>(g)],
                      {0, 1, {"maximum share of posts at this grade", "1", kPostShareSource}});
              });
        }
      });
}

void visit_min_years(schema::Visitor& v, std::array<std::int32_t, kTitleGrades>& years) {
  v.section(
      "min_years_in_grade",
      schema::SectionSpec{
          {"years in the grade below required for promotion into each grade", "years",
           "basic standards annexed to 人社部发〔2015〕79号, bachelor graduates: 二级 after the "
           "1-year probation, 一级 after 4 years as 二级, 高级 after 5 years as 一级, 正高级 "
           "generally after 5 years as 高级"}},
      [&years](schema::Visitor& grades) {
        for (int g = 1; g < kTitleGrades; ++g)
          grades.field(kTitleNames[static_cast<std::size_t>(g)], years[static_cast<std::size_t>(g)],
                       schema::IntegerSpec{0, 50, {"years in the grade below", "years"}});
      });
}

/// The pool whose posts teacher i competes for, or -1 for interns and substitutes.
std::int32_t pool_of(const World& w, PromotionPool pool, std::size_t i) {
  const Teachers& t = w.teachers;
  if (t.contract[i] != Contract::Regular) return -1;
  const std::int32_t home = t.home_school[i];
  if (pool == PromotionPool::School) return home;
  return index(w.schools.level[static_cast<std::size_t>(home)]);
}

/// Regular teachers grouped by pool (counting sort, stable in teacher order).
struct PoolMembers {
  std::vector<std::int32_t> begin;  ///< size pools + 1
  std::vector<std::int32_t> teachers;

  std::span<const std::int32_t> of(std::size_t p) const {
    return std::span(teachers).subspan(static_cast<std::size_t>(begin[p]),
                                       static_cast<std::size_t>(begin[p + 1] - begin[p]));
  }
};

PoolMembers group_by_pool(const World& w, PromotionPool pool, std::size_t n_pools) {
  std::vector<std::int32_t> key(w.teachers.size());
  PoolMembers m;
  m.begin.assign(n_pools + 1, 0);
  for (std::size_t i = 0; i < key.size(); ++i) {
    key[i] = pool_of(w, pool, i);
    if (key[i] >= 0) ++m.begin[static_cast<std::size_t>(key[i]) + 1];
  }
  for (std::size_t p = 0; p < n_pools; ++p) m.begin[p + 1] += m.begin[p];
  m.teachers.resize(static_cast<std::size_t>(m.begin[n_pools]));
  std::vector<std::int32_t> next(m.begin.begin(), m.begin.end() - 1);
  for (std::size_t i = 0; i < key.size(); ++i)
    if (key[i] >= 0)
      m.teachers[static_cast<std::size_t>(next[static_cast<std::size_t>(key[i])]++)] =
          static_cast<std::int32_t>(i);
  return m;
}

/// Rules on the teacher alone: time in grade and, for senior posts, rural or
/// weak-school service or rotation (the national rule tying 高级 to such service).
bool meets_rules(const Teachers& t, const PromotionParams& p, std::size_t i, int grade) {
  if (t.years_in_title[i] < p.min_years_in_grade[static_cast<std::size_t>(grade)]) return false;
  if (p.senior_service_years > 0 && grade >= static_cast<int>(TitleGrade::Senior))
    return t.rural_service_years[i] >= p.senior_service_years || t.has_rotated[i] != 0;
  return true;
}

/// The review's order: higher effectiveness, then longer in grade, then lower id.
bool ranks_before(const Teachers& t, std::int32_t a, std::int32_t b) {
  const auto i = static_cast<std::size_t>(a), j = static_cast<std::size_t>(b);
  if (t.effectiveness[i] != t.effectiveness[j]) return t.effectiveness[i] > t.effectiveness[j];
  if (t.years_in_title[i] != t.years_in_title[j]) return t.years_in_title[i] > t.years_in_title[j];
  return t.id[i] < t.id[j];
}

/// Teachers of the pool at grade-1 who may be promoted into `grade`; the first
/// min(posts, size) of them are the best, in no particular order (a selection: linear).
std::vector<std::int32_t> ranked_candidates(const Teachers& t, const PromotionParams& p,
                                            std::span<const std::int32_t> members, int grade,
                                            std::size_t posts) {
  std::vector<std::int32_t> same_grade;
  for (auto i : members)
    if (t.title[static_cast<std::size_t>(i)] == grade - 1) same_grade.push_back(i);
  // The percentile of a teacher is the share of its grade in the pool strictly below it.
  std::vector<float> sorted_effectiveness;
  if (p.min_effectiveness_percentile > 0) {
    for (auto i : same_grade)
      sorted_effectiveness.push_back(t.effectiveness[static_cast<std::size_t>(i)]);
    std::sort(sorted_effectiveness.begin(), sorted_effectiveness.end());
  }
  const double n = static_cast<double>(same_grade.size());
  std::vector<std::int32_t> candidates;
  for (auto i : same_grade) {
    const auto k = static_cast<std::size_t>(i);
    if (!meets_rules(t, p, k, grade)) continue;
    if (p.min_effectiveness_percentile > 0) {
      const auto below = std::lower_bound(sorted_effectiveness.begin(), sorted_effectiveness.end(),
                                          t.effectiveness[k]) -
                         sorted_effectiveness.begin();
      if (100.0 * static_cast<double>(below) / n < p.min_effectiveness_percentile) continue;
    }
    candidates.push_back(i);
  }
  // The order is strict and total (ids are unique), so the best are one set however
  // they are found: a selection (linear) instead of a partial sort.
  const std::size_t k = std::min(posts, candidates.size());
  if (k > 0 && k < candidates.size())
    std::nth_element(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(k - 1),
                     candidates.end(),
                     [&t](std::int32_t a, std::int32_t b) { return ranks_before(t, a, b); });
  return candidates;
}

/// Fills one pool's vacant posts from the top grade down, so that a promotion
/// into a grade frees a post below it for the same round.
void fill_pool(World& w, const PromotionParams& p, Level level,
               std::span<const std::int32_t> members,
               std::array<std::int64_t, kTitleGrades>& promotions) {
  Teachers& t = w.teachers;
  const auto staff = static_cast<std::int32_t>(members.size());
  std::array<std::int32_t, kTitleGrades> holders{};
  for (auto i : members) ++holders[static_cast<std::size_t>(t.title[static_cast<std::size_t>(i)])];
  for (int g = kTitleGrades - 1; g >= 1; --g) {
    const std::int32_t free = post_quota(p, level, g, staff) - holders[static_cast<std::size_t>(g)];
    if (free <= 0) continue;
    const auto candidates = ranked_candidates(t, p, members, g, static_cast<std::size_t>(free));
    const auto n = std::min<std::size_t>(static_cast<std::size_t>(free), candidates.size());
    for (std::size_t k = 0; k < n; ++k) {
      const auto i = static_cast<std::size_t>(candidates[k]);
      t.title[i] = static_cast<std::int8_t>(g);
      t.post_title[i] = t.title[i];
      t.years_in_title[i] = 0;
    }
    holders[static_cast<std::size_t>(g)] += static_cast<std::int32_t>(n);
    holders[static_cast<std::size_t>(g - 1)] -= static_cast<std::int32_t>(n);
    promotions[static_cast<std::size_t>(g)] += static_cast<std::int64_t>(n);
  }
}

}  // namespace

void PromotionParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled, {"promote teachers into vacant posts every year"});
  v.field("pool", pool,
          schema::ChoiceSpec{{"who shares the posts: each school its own (school, by the home "
                              "school of record) or all schools of a level (district: 县管校聘)"}});
  visit_post_shares(v, post_shares);
  visit_min_years(v, min_years_in_grade);
  v.field("min_effectiveness_percentile", min_effectiveness_percentile,
          {0,
           100,
           {"lowest effectiveness percentile, among the pool's teachers of the same grade, at "
            "which a teacher may be promoted (the performance review); 0 = none",
            "percentile", "assumption: off by default, candidates are ranked by effectiveness"}});
  v.field("senior_service_years", senior_service_years,
          schema::IntegerSpec{
              0,
              60,
              {"years of rural or weak-school service required for promotion to 高级 or above, "
               "unless the teacher has rotated; 0 = no such rule",
               "years",
               "人社部发〔2015〕79号: urban teachers applying for 高级 should in principle have "
               "taught at least 1 year in a rural or weak school (restated by the rotation policy "
               "教师〔2014〕4号); off by default, 1 reproduces the national floor"}});
}

std::int32_t post_quota(const PromotionParams& p, Level level, int grade, std::int32_t staff) {
  if (grade <= 0) return staff;
  const double share =
      p.post_shares[static_cast<std::size_t>(index(level))][static_cast<std::size_t>(grade)];
  // The small epsilon keeps an exact product (0.25 * 40) from flooring one short.
  return static_cast<std::int32_t>(std::floor(share * staff + 1e-9));
}

void promotion(World& w, const PromotionParams& p, const YearContext&, YearFlows& flows) {
  if (!p.enabled) return;
  const bool by_school = p.pool == PromotionPool::School;
  const std::size_t n_pools = by_school ? w.schools.size() : static_cast<std::size_t>(kLevels);
  const PoolMembers members = group_by_pool(w, p.pool, n_pools);
  // Pools share no teacher and a pool's review reads only its own members, so the
  // pools are filled in parallel; the counts are integers (any order, one sum).
  std::vector<std::array<std::int64_t, kTitleGrades>> promoted(n_pools);
  tbb::parallel_for(std::size_t{0}, n_pools, [&](std::size_t pool) {
    const Level level = by_school ? w.schools.level[pool] : static_cast<Level>(pool);
    fill_pool(w, p, level, members.of(pool), promoted[pool]);
  });
  for (const auto& pool : promoted)
    for (std::size_t g = 0; g < pool.size(); ++g) flows.promotions[g] += pool[g];
}

}  // namespace edusim

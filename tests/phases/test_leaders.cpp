// School leaders: generation, yearly demography and vacancy filling, the
// per-school leadership and its effects on growth, morale and quits.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "build/generator.hpp"
#include "core/error.hpp"
#include "phases/demography.hpp"
#include "phases/growth.hpp"
#include "phases/leaders.hpp"
#include "phases/morale.hpp"
#include "test_helpers.hpp"
#include "world/invariants.hpp"

using namespace edusim;

namespace {

constexpr YearContext kYear0{11, 0, 0};

World world_with_leaders(const Scenario& s, const LeaderParams& p = {}) {
  World w = generate_district(s);
  generate_leaders(w, p, kYear0);
  update_leadership(w);
  return w;
}

std::vector<int> principals_per_school(const World& w) {
  std::vector<int> n(w.schools.size(), 0);
  for (std::size_t i = 0; i < w.leaders.size(); ++i)
    if (w.leaders.role[i] == LeaderRole::Principal)
      ++n[static_cast<std::size_t>(w.leaders.school[i])];
  return n;
}

std::vector<int> vices_per_school(const World& w) {
  std::vector<int> n(w.schools.size(), 0);
  for (std::size_t i = 0; i < w.leaders.size(); ++i)
    if (w.leaders.role[i] == LeaderRole::VicePrincipal)
      ++n[static_cast<std::size_t>(w.leaders.school[i])];
  return n;
}

void expect_one_principal_per_open_school(const World& w, const std::string& when) {
  const auto n = principals_per_school(w);
  for (std::size_t s = 0; s < w.schools.size(); ++s)
    EXPECT_EQ(n[s], w.schools.open[s] ? 1 : 0) << "school " << s << " " << when;
}

/// Every teacher column equal bit for bit.
bool same_teachers(World& a, World& b) {
  bool same = a.teachers.size() == b.teachers.size();
  std::vector<const void*> data_a;
  std::vector<std::size_t> bytes_a;
  a.teachers.for_each_column([&](auto& c) {
    data_a.push_back(c.data());
    bytes_a.push_back(c.size() * sizeof(c[0]));
  });
  std::size_t k = 0;
  b.teachers.for_each_column([&](auto& c) {
    if (!same) return;
    same =
        bytes_a[k] == c.size() * sizeof(c[0]) && std::memcmp(data_a[k], c.data(), bytes_a[k]) == 0;
    ++k;
  });
  return same;
}

/// One year of the teacher mechanisms the leaders act on, with or without leaders.
void teacher_year(World& w, const Scenario& s, const LeaderParams* leaders, std::uint32_t year) {
  const YearContext ctx{11, 0, year};
  YearFlows f;
  f.reset(w.schools.size());
  if (leaders) {
    update_leadership(w);  // as the schedule's phase does after the leader phases
    teacher_demography(w, s.demography, *leaders, ctx, f);
    growth(w, s.growth, *leaders, ctx);
    morale(w, s.morale, s.pay, s.housing, s.district.teachers, *leaders, ctx);
  } else {
    teacher_demography(w, s.demography, ctx, f);
    growth(w, s.growth, ctx);
    morale(w, s.morale, s.pay, s.housing, s.district.teachers, ctx);
  }
}

}  // namespace

TEST(Leaders, VicePrincipalPostsBySize) {
  const LeaderParams p;
  EXPECT_EQ(vice_principal_posts(p, 0), 1);
  EXPECT_EQ(vice_principal_posts(p, 600), 1);
  EXPECT_EQ(vice_principal_posts(p, 601), 2);
  EXPECT_EQ(vice_principal_posts(p, 1500), 3);
  EXPECT_EQ(vice_principal_posts(p, 5000), 3);
  EXPECT_DOUBLE_EQ(rank_allowance(p, LeaderRank::Merit), 10000);
}

TEST(Leaders, GenerationGivesEachOpenSchoolOnePrincipalAndItsVices) {
  const Scenario s = edusim::testing::small_scenario();
  const LeaderParams p;
  World w = world_with_leaders(s, p);
  expect_one_principal_per_open_school(w, "after generation");
  const auto vices = vices_per_school(w);
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc)
    EXPECT_EQ(vices[sc], vice_principal_posts(p, w.school_students(sc)));
  for (std::size_t i = 0; i < w.leaders.size(); ++i) {
    EXPECT_GE(w.leaders.age[i], p.min_age);
    EXPECT_LE(w.leaders.age[i], p.max_age);
    EXPECT_LE(w.leaders.experience[i], w.leaders.age[i] - 35);
    EXPECT_EQ(w.leaders.home_school[i], w.leaders.school[i]);
    EXPECT_EQ(w.leaders.rotation_destination[i], -1);
  }
  EXPECT_EQ(w.next_leader_id, w.leaders.size());
  EXPECT_NO_THROW(check_invariants(w, "generated", ClassTeachers::Required));
  // A world that has leaders (a snapshot) keeps them.
  const auto n = w.leaders.size();
  generate_leaders(w, p, kYear0);
  EXPECT_EQ(w.leaders.size(), n);
}

TEST(Leaders, QualityAndRankStatisticsMatchTheParameters) {
  Scenario s = edusim::testing::small_scenario();
  for (auto& type : s.district.schools) type.count *= 40;
  LeaderParams p;
  p.min_vice_principals = p.max_vice_principals = 5;
  p.quality_zone_shift = {0.0, 0.0, 0.02};
  const World w = world_with_leaders(s, p);
  double sum[2] = {0, 0}, sq[2] = {0, 0};
  int n[2] = {0, 0};
  std::array<int, kLeaderRanks> ranks{};
  for (std::size_t i = 0; i < w.leaders.size(); ++i) {
    const bool rural = w.schools.zone[static_cast<std::size_t>(w.leaders.school[i])] == Zone::Rural;
    const double q = w.leaders.quality[i] - (rural ? 0.02 : 0.0);
    sum[rural] += q, sq[rural] += q * q, ++n[rural];
    ++ranks[static_cast<std::size_t>(w.leaders.rank[i])];
  }
  ASSERT_GT(n[0], 500);
  ASSERT_GT(n[1], 500);
  for (int z = 0; z < 2; ++z) {
    const double mean = sum[z] / n[z];
    const double sd = std::sqrt(sq[z] / n[z] - mean * mean);
    EXPECT_NEAR(mean, p.quality_mean, 4 * p.quality_sd / std::sqrt(n[z])) << "zone group " << z;
    EXPECT_NEAR(sd, p.quality_sd, 0.1 * p.quality_sd) << "zone group " << z;
  }
  const double total = static_cast<double>(w.leaders.size());
  for (std::size_t r = 0; r < kLeaderRanks; ++r)
    EXPECT_NEAR(ranks[r] / total, p.rank_shares[r], 0.03) << "rank " << r;
}

TEST(Leaders, TenYearsKeepOnePrincipalPerSchoolAndBalanceHeadCounts) {
  const Scenario s = edusim::testing::small_scenario();
  const LeaderParams p;
  World w = world_with_leaders(s, p);
  std::int64_t retirements = 0, filled = 0, to_leaders = 0;
  for (std::uint32_t year = 1; year <= 10; ++year) {
    const YearContext ctx{11, 0, year};
    YearFlows f;
    f.reset(w.schools.size());
    f.teachers_at_start = static_cast<std::int64_t>(w.teachers.size());
    f.students_at_start = static_cast<std::int64_t>(w.students.size());
    teacher_demography(w, s.demography, p, ctx, f);
    leaders(w, p, ctx, f);
    update_leadership(w);
    expect_one_principal_per_open_school(w, "in year " + std::to_string(year));
    EXPECT_NO_THROW(check_invariants(w, "after leaders", ClassTeachers::MayBeMissing));
    EXPECT_NO_THROW(check_flows(w, f, "after leaders"));
    for (std::size_t i = 0; i < w.leaders.size(); ++i)
      EXPECT_LT(w.leaders.age[i], p.retirement_age);
    retirements += f.leader_retirements, filled += f.leader_posts_filled;
    to_leaders += f.teachers_to_leaders;
  }
  EXPECT_GT(retirements, 0);
  EXPECT_GE(filled, retirements);
  EXPECT_GT(to_leaders, 0);
  EXPECT_LE(to_leaders, filled);
}

TEST(Leaders, VacantPrincipalGoesToTheBestViceThenABackboneTeacherFillsTheVicePost) {
  const Scenario s = edusim::testing::small_scenario();
  LeaderParams p;
  p.min_vice_principals = p.max_vice_principals = 2;
  World w = world_with_leaders(s, p);
  Leaders& l = w.leaders;
  const std::size_t school = 0;
  // The principal of school 0 retires at the next birthday; its best vice should succeed.
  std::uint32_t best_vice = 0;
  float best_quality = -1e9f;
  for (std::size_t i = 0; i < l.size(); ++i) {
    if (l.school[i] != 0) continue;
    if (l.role[i] == LeaderRole::Principal)
      l.age[i] = static_cast<std::int16_t>(p.retirement_age - 1);
    else {
      l.age[i] = 45;
      if (l.quality[i] > best_quality) best_quality = l.quality[i], best_vice = l.id[i];
    }
  }
  // A district backbone teacher who is not the school's most effective teacher.
  Teachers& t = w.teachers;
  std::size_t backbone = t.size(), most_effective = t.size();
  for (auto k = w.school_teacher_begin[school]; k < w.school_teacher_begin[school + 1]; ++k) {
    const auto i = static_cast<std::size_t>(w.teachers_by_school[static_cast<std::size_t>(k)]);
    t.backbone[i] = 0;
    if (backbone == t.size() && t.contract[i] == Contract::Regular)
      backbone = i;
    else if (most_effective == t.size() && t.contract[i] == Contract::Regular)
      most_effective = i;
  }
  ASSERT_LT(most_effective, t.size());
  t.backbone[backbone] = 2;
  t.effectiveness[backbone] = 0.0f;
  t.effectiveness[most_effective] = 1.0f;
  const std::uint32_t backbone_id = t.id[backbone];
  const std::int16_t backbone_age = t.age[backbone];
  const auto teachers_before = static_cast<std::int64_t>(t.size());

  YearFlows f;
  f.reset(w.schools.size());
  leaders(w, p, {11, 0, 1}, f);

  std::size_t principal = l.size();
  for (std::size_t i = 0; i < l.size(); ++i)
    if (l.school[i] == 0 && l.role[i] == LeaderRole::Principal) principal = i;
  ASSERT_LT(principal, l.size());
  EXPECT_EQ(l.id[principal], best_vice);
  EXPECT_EQ(vices_per_school(w)[school], 2);
  EXPECT_GE(f.leader_retirements, 1);
  EXPECT_GE(f.leader_posts_filled, 2);
  // Head counts: teachers down by exactly the teachers promoted.
  EXPECT_EQ(static_cast<std::int64_t>(w.teachers.size()), teachers_before - f.teachers_to_leaders);
  EXPECT_GE(f.teachers_to_leaders, 1);
  EXPECT_EQ(std::count(w.teachers.id.begin(), w.teachers.id.end(), backbone_id), 0)
      << "the backbone teacher is promoted before a more effective ordinary one";
  const auto newest = l.size() - 1;
  EXPECT_EQ(l.experience[newest], 0);
  EXPECT_EQ(l.rank[newest], LeaderRank::Ordinary);
  bool found = false;
  for (std::size_t i = 0; i < l.size(); ++i)
    found |= l.school[i] == 0 && l.role[i] == LeaderRole::VicePrincipal &&
             l.age[i] == backbone_age && l.experience[i] == 0;
  EXPECT_TRUE(found);
  EXPECT_NO_THROW(check_invariants(w, "after leaders", ClassTeachers::MayBeMissing));
}

TEST(Leaders, WithoutVicesATeacherBecomesPrincipalAndViceOnlyIfEligible) {
  const Scenario s = edusim::testing::small_scenario();
  const LeaderParams p;
  World w = world_with_leaders(s, p);
  // School 1 loses all its leaders; no teacher there is backbone or experienced.
  w.schools.open[1] = 0;
  YearFlows released;
  release_leaders_of_closed_schools(w, released);
  w.schools.open[1] = 1;
  Teachers& t = w.teachers;
  for (auto k = w.school_teacher_begin[1]; k < w.school_teacher_begin[2]; ++k) {
    const auto i = static_cast<std::size_t>(w.teachers_by_school[static_cast<std::size_t>(k)]);
    t.backbone[i] = 0;
    t.experience[i] = static_cast<std::int16_t>(std::min<int>(t.experience[i], 5));
  }
  const auto teachers_at_school = w.school_teachers(1);
  ASSERT_GT(teachers_at_school, 0);
  YearFlows f;
  f.reset(w.schools.size());
  leaders(w, p, {11, 0, 1}, f);
  EXPECT_EQ(principals_per_school(w)[1], 1);
  EXPECT_EQ(vices_per_school(w)[1], 0) << "no eligible teacher: the vice post stays vacant";
  EXPECT_EQ(w.school_teachers(1), teachers_at_school - 1);
  EXPECT_NO_THROW(check_invariants(w, "after leaders", ClassTeachers::MayBeMissing));
}

TEST(Leaders, LeadersOfAClosedSchoolLeave) {
  const Scenario s = edusim::testing::small_scenario();
  World w = world_with_leaders(s);
  const auto at_school_2 = std::count(w.leaders.school.begin(), w.leaders.school.end(), 2);
  ASSERT_GT(at_school_2, 0);
  w.schools.open[2] = 0;
  YearFlows f;
  f.reset(w.schools.size());
  release_leaders_of_closed_schools(w, f);
  EXPECT_EQ(std::count(w.leaders.school.begin(), w.leaders.school.end(), 2), 0);
  EXPECT_EQ(f.leader_retirements, at_school_2);
  expect_one_principal_per_open_school(w, "after the closure");
}

TEST(Leaders, LeadershipIsRelativeToTheDistrictMeanOfPrincipals) {
  const Scenario s = edusim::testing::small_scenario();
  World w = world_with_leaders(s);
  for (std::size_t i = 0; i < w.leaders.size(); ++i)
    w.leaders.quality[i] = w.leaders.role[i] == LeaderRole::Principal
                               ? (w.leaders.school[i] == 0 ? 0.5f : 0.25f)
                               : 9.0f;  // vice-principals do not count
  update_leadership(w);
  const auto q = school_leadership(w);
  const double mean = (0.5 + 0.25 * (w.schools.size() - 1)) / w.schools.size();
  EXPECT_NEAR(q[0], 0.5 - mean, 1e-6);
  EXPECT_NEAR(q[1], 0.25 - mean, 1e-6);
  LeaderParams p;
  const auto learn = leadership_learning_effect(w, p);
  EXPECT_NEAR(learn[0], p.learning_effect * (0.5 - mean), 1e-6);
  p.enabled = false;
  for (float x : leadership_learning_effect(w, p)) EXPECT_EQ(x, 0.0f);
  w.leaders = Leaders{};
  for (float x : school_leadership(w)) EXPECT_TRUE(std::isnan(x));
}

TEST(Leaders, EffectsHaveTheDocumentedSignAndSize) {
  const Scenario s = edusim::testing::small_scenario();
  const LeaderParams p;
  World w = world_with_leaders(s, p);
  // School 0's principal one SD (0.05) above the others, all others equal.
  for (std::size_t i = 0; i < w.leaders.size(); ++i)
    w.leaders.quality[i] = w.leaders.school[i] == 0 ? 0.05f : 0.0f;
  update_leadership(w);
  const float q0 = school_leadership(w)[0];
  ASSERT_GT(q0, 0.04f);
  World with = w, without = w;
  growth(with, s.growth, p, {11, 0, 1});
  growth(without, s.growth, {11, 0, 1});
  int checked = 0;
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    const double d_with = with.teachers.effectiveness[i] - w.teachers.effectiveness[i];
    const double d_without = without.teachers.effectiveness[i] - w.teachers.effectiveness[i];
    if (d_without < 1e-4) continue;
    const double q = school_leadership(w)[static_cast<std::size_t>(w.teachers.school[i])];
    EXPECT_NEAR(d_with / d_without, 1.0 + p.growth_effect * q, 1e-3);
    checked += w.teachers.school[i] == 0;
  }
  EXPECT_GT(checked, 0);
  // Morale: the target rises by morale_effect * q, of which adjustment_rate is closed.
  int morale_checked = 0;
  with = w, without = w;
  morale(with, s.morale, s.pay, s.housing, s.district.teachers, p, {11, 0, 1});
  morale(without, s.morale, s.pay, s.housing, s.district.teachers, {11, 0, 1});
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    const float m = without.teachers.morale[i];
    if (m <= 0.01f || m >= 0.99f) continue;
    const double q = school_leadership(w)[static_cast<std::size_t>(w.teachers.school[i])];
    EXPECT_NEAR(with.teachers.morale[i] - m, s.morale.adjustment_rate * p.morale_effect * q, 1e-5);
    morale_checked += w.teachers.school[i] == 0;
  }
  EXPECT_GT(morale_checked, 0);
  // Quits: the hazard is multiplied by exp(-quit_effect * q).
  const double base = quit_hazard(s.demography, 10, 35, Zone::Urban, 0.6, 0.0);
  EXPECT_NEAR(quit_hazard(s.demography, 10, 35, Zone::Urban, 0.6, 0.0, -p.quit_effect * 0.05),
              base * std::exp(-0.2), 1e-12);
  EXPECT_LT(std::exp(-p.quit_effect * q0), 1.0);
}

TEST(Leaders, BetterPrincipalsKeepMoreTeachers) {
  Scenario s = edusim::testing::small_scenario();
  for (auto& type : s.district.schools) type.count *= 10;
  LeaderParams p;
  p.quit_effect = 20;  // large, for a clear difference at this size
  World w = world_with_leaders(s, p);
  for (std::size_t i = 0; i < w.leaders.size(); ++i)
    w.leaders.quality[i] = w.leaders.school[i] % 2 == 0 ? 0.05f : -0.05f;
  update_leadership(w);
  YearFlows f;
  f.reset(w.schools.size());
  teacher_demography(w, s.demography, p, {11, 0, 1}, f);
  std::int64_t quits[2] = {0, 0};
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc) quits[sc % 2] += f.school_quits[sc];
  EXPECT_LT(quits[0], quits[1]);
}

TEST(Leaders, DisabledIsBitIdentical) {
  const Scenario s = edusim::testing::small_scenario();
  LeaderParams off;
  off.enabled = false;
  World plain = generate_district(s);
  World with = world_with_leaders(s, off);
  EXPECT_EQ(with.leaders.size(), 0u);
  YearFlows f;
  f.reset(with.schools.size());
  for (std::uint32_t year = 1; year <= 3; ++year) {
    leaders(with, off, {11, 0, year}, f);
    teacher_year(with, s, &off, year);
    teacher_year(plain, s, nullptr, year);
  }
  EXPECT_EQ(f.teachers_to_leaders + f.leader_posts_filled + f.leader_retirements, 0);
  EXPECT_TRUE(same_teachers(plain, with));
}

TEST(Leaders, AverageLeadersAreNeutral) {
  const Scenario s = edusim::testing::small_scenario();
  const LeaderParams p;
  World plain = world_with_leaders(s, p);
  // 0.125 is exact in binary, so the district mean is exactly the common quality.
  for (float& q : plain.leaders.quality) q = 0.125f;
  World with = plain;
  for (std::uint32_t year = 1; year <= 3; ++year) {
    teacher_year(with, s, &p, year);
    teacher_year(plain, s, nullptr, year);
  }
  EXPECT_TRUE(same_teachers(plain, with));
  // The check can fail: a principal above the mean changes the result.
  World differs = plain, reference = plain;
  differs.leaders.quality[0] = 0.5f;
  teacher_year(differs, s, &p, 4);
  teacher_year(reference, s, nullptr, 4);
  EXPECT_FALSE(same_teachers(reference, differs));
}

TEST(Leaders, InvariantsCatchBrokenLeaderState) {
  const Scenario s = edusim::testing::small_scenario();
  const World good = world_with_leaders(s);
  EXPECT_NO_THROW(check_invariants(good, "good", ClassTeachers::Required));
  auto vice_of = [](const World& w, std::int32_t school) {
    for (std::size_t i = 0; i < w.leaders.size(); ++i)
      if (w.leaders.school[i] == school && w.leaders.role[i] == LeaderRole::VicePrincipal) return i;
    return w.leaders.size();
  };
  {
    World w = good;  // two principals
    w.leaders.role[vice_of(w, 0)] = LeaderRole::Principal;
    EXPECT_THROW(check_invariants(w, "two principals", ClassTeachers::Required), InvariantError);
  }
  {
    World w = good;  // none
    for (std::size_t i = 0; i < w.leaders.size(); ++i)
      if (w.leaders.school[i] == 0) w.leaders.role[i] = LeaderRole::VicePrincipal;
    EXPECT_THROW(check_invariants(w, "no principal", ClassTeachers::Required), InvariantError);
  }
  {
    World w = good;  // a rotating leader not at its destination
    const auto i = vice_of(w, 0);
    w.leaders.rotation_destination[i] = 1;
    w.leaders.rotation_years_left[i] = 2;
    EXPECT_THROW(check_invariants(w, "rotation", ClassTeachers::Required), InvariantError);
    w.leaders.school[i] = 1;  // now consistent
    EXPECT_NO_THROW(check_invariants(w, "rotation", ClassTeachers::Required));
  }
  {
    World w = good;
    w.leaders.id[1] = w.leaders.id[0];
    EXPECT_THROW(check_invariants(w, "ids", ClassTeachers::Required), InvariantError);
  }
  {
    World w = good;
    w.leaders.quality[0] = std::nanf("");
    EXPECT_THROW(check_invariants(w, "quality", ClassTeachers::Required), InvariantError);
  }
}

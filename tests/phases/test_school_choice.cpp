// School choice at the move to middle school (小升初择校): who applies, where to, who is
// admitted (by score or lottery), and that the admitted enter the chosen school's grade 7.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "build/generator.hpp"
#include "phases/progression.hpp"
#include "phases/school_choice.hpp"
#include "test_helpers.hpp"
#include "world/invariants.hpp"
#include "world/layout.hpp"

using namespace edusim;

namespace {

using edusim::testing::places;

/// Two middle schools of clearly different reputation, all primaries within reach.
Scenario two_middles() {
  Scenario s = edusim::testing::small_scenario();
  s.district.schools[1].count = 8;  // rural primaries: a large rural catchment
  return s;
}

SchoolChoiceParams everyone_applies(double places_share) {
  SchoolChoiceParams p;
  p.enabled = true;
  p.rate = 1.0;
  p.ses_slope = 0.0;
  p.max_distance_km = 1e6;
  p.places_share = places_share;
  return p;
}

/// Middle school -> grade-6 pupils (layout index) of its catchment.
std::map<std::int32_t, std::vector<std::uint32_t>> catchment_pupils(const World& w) {
  std::map<std::int32_t, std::vector<std::uint32_t>> out;
  for (std::size_t p = 0; p < w.schools.size(); ++p) {
    if (w.schools.level[p] != Level::Primary || w.schools.catchment_middle[p] < 0) continue;
    const auto [b, e] = cohort_range(w, p, 6);
    for (auto i = b; i < e; ++i)
      out[w.schools.catchment_middle[p]].push_back(static_cast<std::uint32_t>(i));
  }
  return out;
}

struct Progressed {
  World world;
  YearFlows flows;
};

Progressed progress(const Scenario& s, const SchoolChoiceParams& choice, int calendar_year,
                    World w) {
  Progressed out{std::move(w), {}};
  out.flows.reset(out.world.schools.size());
  student_progression(out.world, s.enrolment, s.district.students, year_context(s, 1), out.flows,
                      choice, calendar_year);
  return out;
}

/// Ids of the pupils that entered grade 7 of a school other than their catchment's.
std::set<std::uint32_t> movers(const World& before, const World& after) {
  std::map<std::uint32_t, std::int32_t> catchment;
  for (const auto& [m, pupils] : catchment_pupils(before))
    for (const auto i : pupils) catchment[before.students.id[i]] = m;
  std::set<std::uint32_t> out;
  for (const auto& [id, place] : places(after))
    if (place.second == 7 && catchment.count(id) && catchment.at(id) != place.first) out.insert(id);
  return out;
}

}  // namespace

TEST(SchoolChoice, ProbabilityRisesWithSesAndIsCapped) {
  SchoolChoiceParams p;
  p.rate = 0.05, p.ses_slope = 0.7;
  EXPECT_DOUBLE_EQ(choice_probability(p, 0.0), 0.05);
  EXPECT_DOUBLE_EQ(choice_probability(p, 1.0), 0.05 * std::exp(0.7));
  EXPECT_LT(choice_probability(p, -1.0), choice_probability(p, 1.0));
  p.rate = 0.5;
  EXPECT_DOUBLE_EQ(choice_probability(p, 3.0), 1.0);
}

TEST(SchoolChoice, OffChangesNothing) {
  const Scenario s = two_middles();
  const World w = generate_district(s);
  const Progressed a = progress(s, SchoolChoiceParams{}, 2020, w);
  YearFlows f;
  f.reset(w.schools.size());
  World b = w;
  student_progression(b, s.enrolment, s.district.students, year_context(s, 1), f);
  EXPECT_EQ(a.world.students.id, b.students.id);
  EXPECT_EQ(a.world.students.achievement, b.students.achievement);
  EXPECT_EQ(a.world.classes.student_begin, b.classes.student_begin);
  EXPECT_EQ(a.flows.choice_applicants, 0);
  EXPECT_EQ(a.flows.choice_admitted, 0);
}

TEST(SchoolChoice, TargetsAreTheBestReachableSchoolAboveTheCatchment) {
  const Scenario s = two_middles();
  const World w = generate_district(s);
  const std::vector<double> rep = middle_school_reputation(w);
  SchoolChoiceParams p = everyone_applies(0.2);
  const std::vector<std::int32_t> target = choice_targets(w, p, rep);
  int with_target = 0;
  for (std::size_t pr = 0; pr < w.schools.size(); ++pr) {
    if (w.schools.level[pr] != Level::Primary) {
      EXPECT_EQ(target[pr], -1);
      continue;
    }
    const auto home = static_cast<std::size_t>(w.schools.catchment_middle[pr]);
    if (target[pr] < 0) {
      for (std::size_t m = 0; m < w.schools.size(); ++m) {
        if (!std::isnan(rep[m])) {
          EXPECT_LE(rep[m], rep[home]);
        }
      }
      continue;
    }
    ++with_target;
    const auto t = static_cast<std::size_t>(target[pr]);
    EXPECT_EQ(w.schools.level[t], Level::Middle);
    EXPECT_GT(rep[t], rep[home]);
    for (std::size_t m = 0; m < w.schools.size(); ++m) {
      if (!std::isnan(rep[m])) {
        EXPECT_LE(rep[m], rep[t]);
      }
    }
  }
  EXPECT_GT(with_target, 0);
  // Out of reach: no target at all.
  p.max_distance_km = 0;
  for (const auto t : choice_targets(w, p, rep)) EXPECT_EQ(t, -1);
}

TEST(SchoolChoice, AdmitsTheQuotaByScoreIntoTheChosenSchoolsGrade7) {
  const Scenario s = two_middles();
  const World w = generate_district(s);
  const SchoolChoiceParams p = everyone_applies(0.25);
  const std::vector<std::int32_t> target = choice_targets(w, p, middle_school_reputation(w));
  const auto catchments = catchment_pupils(w);
  // Expected: per target school, its applicants (every grade-6 pupil of a primary aiming at
  // it), the best floor(0.25 * catchment intake) by achievement.
  std::map<std::int32_t, std::vector<std::pair<float, std::uint32_t>>> applicants;
  for (std::size_t pr = 0; pr < w.schools.size(); ++pr) {
    if (target[pr] < 0) continue;
    const auto [b, e] = cohort_range(w, pr, 6);
    for (auto i = b; i < e; ++i)
      applicants[target[pr]].push_back(
          {w.students.achievement[static_cast<std::size_t>(i)], w.students.id[i]});
  }
  ASSERT_FALSE(applicants.empty());
  std::set<std::uint32_t> expected;
  std::int64_t n_applicants = 0;
  for (auto& [t, list] : applicants) {
    n_applicants += static_cast<std::int64_t>(list.size());
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    const auto places = static_cast<std::size_t>(std::floor(0.25 * catchments.at(t).size()));
    for (std::size_t k = 0; k < std::min(places, list.size()); ++k) expected.insert(list[k].second);
  }
  const Progressed after = progress(s, p, 2020, w);
  EXPECT_EQ(after.flows.choice_applicants, n_applicants);
  EXPECT_EQ(after.flows.choice_admitted, static_cast<std::int64_t>(expected.size()));
  EXPECT_EQ(movers(w, after.world), expected);
  check_invariants(after.world, "after progression with choice", ClassTeachers::MayBeMissing);
}

TEST(SchoolChoice, LotteryFromItsYearAdmitsRegardlessOfScore) {
  const Scenario s = two_middles();
  const World w = generate_district(s);
  SchoolChoiceParams p = everyone_applies(0.25);
  p.lottery_from_year = 2021;
  const std::set<std::uint32_t> by_score = movers(w, progress(s, p, 2020, w).world);
  const Progressed lottery = progress(s, p, 2021, w);
  const std::set<std::uint32_t> by_lottery = movers(w, lottery.world);
  // The same number of places, filled by other pupils.
  EXPECT_EQ(by_lottery.size(), by_score.size());
  EXPECT_NE(by_lottery, by_score);
  p.lottery_from_year = 0;
  p.admission = ChoiceAdmission::Lottery;
  EXPECT_EQ(movers(w, progress(s, p, 2020, w).world), by_lottery);
  // Selective intake admits better pupils than the lottery.
  auto mean_achievement = [&](const std::set<std::uint32_t>& ids) {
    double sum = 0;
    for (std::size_t i = 0; i < w.students.size(); ++i)
      if (ids.count(w.students.id[i])) sum += w.students.achievement[i];
    return sum / static_cast<double>(ids.size());
  };
  EXPECT_GT(mean_achievement(by_score), mean_achievement(by_lottery));
}

TEST(SchoolChoice, ApplyingShareFollowsTheRateAndSes) {
  // Places for everyone: every applicant is admitted, so the admitted count is the number
  // of Bernoulli(p_i) successes among the pupils with a target.
  Scenario s = two_middles();
  s.district.schools[1].count = 40;
  s.district.schools[1].students_per_grade = {60, 12, 20, 180};
  const World w = generate_district(s);
  SchoolChoiceParams p = everyone_applies(1.0);
  p.rate = 0.1, p.ses_slope = 0.7;
  const std::vector<std::int32_t> target = choice_targets(w, p, middle_school_reputation(w));
  double expected = 0, variance = 0, ses_all = 0;
  std::int64_t eligible = 0;
  for (std::size_t pr = 0; pr < w.schools.size(); ++pr) {
    if (target[pr] < 0) continue;
    const auto [b, e] = cohort_range(w, pr, 6);
    for (auto i = b; i < e; ++i) {
      const double q = choice_probability(p, w.students.ses[static_cast<std::size_t>(i)]);
      expected += q, variance += q * (1 - q), ses_all += w.students.ses[i], ++eligible;
    }
  }
  ASSERT_GT(eligible, 500);
  const Progressed after = progress(s, p, 2020, w);
  EXPECT_EQ(after.flows.choice_admitted, after.flows.choice_applicants);
  // Within 4 SD of the binomial sum (a false failure about once in 16,000 seeds).
  EXPECT_NEAR(static_cast<double>(after.flows.choice_applicants), expected,
              4 * std::sqrt(variance));
  // The applicants' mean SES is above their schools' mean.
  const std::set<std::uint32_t> moved = movers(w, after.world);
  double ses_moved = 0;
  for (std::size_t i = 0; i < w.students.size(); ++i)
    if (moved.count(w.students.id[i])) ses_moved += w.students.ses[i];
  EXPECT_GT(ses_moved / static_cast<double>(moved.size()),
            ses_all / static_cast<double>(eligible) + 0.2);
}

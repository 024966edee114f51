// Part-time exchange (兼职交流): PE/art teachers lent from urban to rural schools.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "build/generator.hpp"
#include "metrics/balance.hpp"
#include "phases/part_time_exchange.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

/// The small district with spare PE/art staff in its urban schools: every
/// fourth core teacher of an urban school becomes a PE/art teacher.
World world_with_urban_surplus(const Scenario& s) {
  World w = generate_district(s);
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (w.schools.zone[static_cast<std::size_t>(w.teachers.school[i])] == Zone::Urban &&
        w.teachers.id[i] % 4 == 0)
      w.teachers.subject[i] = Subject::PeArt;
  return w;
}

PartTimeParams enabled_params() {
  PartTimeParams p;
  p.enabled = true;
  return p;
}

}  // namespace

TEST(PartTimeExchange, SharesStayWithinBoundsAndSentEqualsReceived) {
  const Scenario s = edusim::testing::small_scenario();
  World w = world_with_urban_surplus(s);
  // A guide already spending 0.8 of its time elsewhere can only lend 0.2.
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (w.teachers.subject[i] == Subject::PeArt) w.teachers.guidance_share[i] = 0.8f;
  YearFlows f;
  f.reset(w.schools.size());
  part_time_exchange(w, enabled_params(), s.balance_standard, {7, 0, 1}, f);
  ASSERT_GT(f.part_time_teachers, 0);
  std::int64_t lent = 0;
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    const float share = w.teachers.part_time_share[i];
    EXPECT_GE(share, 0.0f);
    EXPECT_LE(share + w.teachers.guidance_share[i], 1.0f + 1e-6f);
    if (w.teachers.part_time_school[i] < 0) {
      EXPECT_EQ(share, 0.0f);
      continue;
    }
    ++lent;
    EXPECT_NEAR(share, 0.2f, 1e-6);
    const auto from = static_cast<std::size_t>(w.teachers.school[i]);
    const auto to = static_cast<std::size_t>(w.teachers.part_time_school[i]);
    EXPECT_EQ(w.schools.zone[from], Zone::Urban);
    EXPECT_NE(w.schools.zone[to], Zone::Urban);
    EXPECT_EQ(w.schools.level[from], w.schools.level[to]);
    EXPECT_EQ(w.teachers.subject[i], Subject::PeArt);
  }
  EXPECT_EQ(lent, f.part_time_teachers);
  const SharesBySchool shares = part_time_shares(w);
  const double sent = std::accumulate(shares.sent.begin(), shares.sent.end(), 0.0);
  const double received = std::accumulate(shares.received.begin(), shares.received.end(), 0.0);
  EXPECT_NEAR(sent, received, 1e-9);
  EXPECT_NEAR(sent, 0.2 * static_cast<double>(lent), 1e-5);
}

TEST(PartTimeExchange, SendersStayAtTheirThresholdAndReceiversAreCapped) {
  const Scenario s = edusim::testing::small_scenario();
  World w = world_with_urban_surplus(s);
  PartTimeParams p = enabled_params();
  p.max_per_receiver = 1;
  YearFlows f;
  f.reset(w.schools.size());
  part_time_exchange(w, p, s.balance_standard, {7, 0, 1}, f);
  const BalanceAssessment a = assess_balance(w, s.balance_standard);
  const SharesBySchool shares = part_time_shares(w);
  const std::size_t n = w.schools.size();
  const auto pe_art = static_cast<std::size_t>(Indicator::PeArtTeachers);
  for (std::size_t sc = 0; sc < n; ++sc) {
    if (shares.sent[sc] > 0) {
      EXPECT_GE(a.indicator[pe_art * n + sc],
                threshold(Indicator::PeArtTeachers, w.schools.level[sc]) - 1e-9);
    }
    EXPECT_LE(shares.received[sc], p.share * p.max_per_receiver + 1e-6);
  }
}

TEST(PartTimeExchange, IndicatorCountsTheSharesAndItsCvFalls) {
  const Scenario s = edusim::testing::small_scenario();
  World w = world_with_urban_surplus(s);
  const BalanceAssessment before = assess_balance(w, s.balance_standard);
  YearFlows f;
  f.reset(w.schools.size());
  part_time_exchange(w, enabled_params(), s.balance_standard, {7, 0, 1}, f);
  ASSERT_GT(f.part_time_teachers, 0);
  const BalanceAssessment after = assess_balance(w, s.balance_standard);
  const auto pe_art = static_cast<std::size_t>(Indicator::PeArtTeachers);
  const SharesBySchool shares = part_time_shares(w);
  const std::size_t n = w.schools.size();
  for (std::size_t sc = 0; sc < n; ++sc) {
    if (std::isnan(before.indicator[pe_art * n + sc])) continue;
    const double moved = 100.0 * (shares.received[sc] - shares.sent[sc]) / w.school_students(sc);
    EXPECT_NEAR(after.indicator[pe_art * n + sc], before.indicator[pe_art * n + sc] + moved, 1e-6)
        << "school " << sc;
  }
  // The primaries (2 urban lenders, 4 rural receivers) get more equal.
  const auto primary = static_cast<std::size_t>(index(Level::Primary));
  EXPECT_LT(after.cv[primary][pe_art], before.cv[primary][pe_art] - 0.01);
  EXPECT_LE(after.cv[1][pe_art], before.cv[1][pe_art] + 1e-12);
}

TEST(PartTimeExchange, DisabledOrZeroShareIsBitIdentical) {
  const Scenario s = edusim::testing::small_scenario();
  World w = world_with_urban_surplus(s);
  const Teachers before = w.teachers;
  const BalanceAssessment a0 = assess_balance(w, s.balance_standard);
  YearFlows f;
  f.reset(w.schools.size());
  part_time_exchange(w, PartTimeParams{}, s.balance_standard, {7, 0, 1}, f);
  PartTimeParams zero = enabled_params();
  zero.share = 0;
  part_time_exchange(w, zero, s.balance_standard, {7, 0, 1}, f);
  EXPECT_EQ(w.teachers.part_time_school, before.part_time_school);
  EXPECT_EQ(w.teachers.part_time_share, before.part_time_share);
  EXPECT_EQ(w.teachers.effectiveness, before.effectiveness);
  EXPECT_EQ(f.part_time_teachers, 0);
  const BalanceAssessment a1 = assess_balance(w, s.balance_standard);
  for (std::size_t k = 0; k < a0.indicator.size(); ++k)
    if (!std::isnan(a0.indicator[k])) {
      EXPECT_EQ(a0.indicator[k], a1.indicator[k]);
    }
}

TEST(PartTimeExchange, YearlyReassignmentClearsLastYear) {
  const Scenario s = edusim::testing::small_scenario();
  World w = world_with_urban_surplus(s);
  YearFlows f;
  f.reset(w.schools.size());
  part_time_exchange(w, enabled_params(), s.balance_standard, {7, 0, 1}, f);
  const auto first = w.teachers.part_time_school;
  part_time_exchange(w, enabled_params(), s.balance_standard, {7, 0, 2}, f);
  EXPECT_EQ(w.teachers.part_time_school, first);  // same world: same assignment
  EXPECT_EQ(f.part_time_teachers % 2, 0);
}

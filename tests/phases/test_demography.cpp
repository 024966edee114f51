// Teacher demography: ageing, retirement at the statutory age, quit hazard.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "build/generator.hpp"
#include "phases/demography.hpp"
#include "test_helpers.hpp"

using namespace edusim;

TEST(Demography, HazardRisesWithLowMoraleBurnoutAndRuralPosting) {
  const DemographyParams p;
  const double base = quit_hazard(p, 10, 35, Zone::Urban, p.reference_morale, 0.0);
  EXPECT_DOUBLE_EQ(base, p.quit_rate_mid);
  EXPECT_GT(quit_hazard(p, 10, 35, Zone::Urban, 0.3, 0.0), base);
  EXPECT_GT(quit_hazard(p, 10, 35, Zone::Urban, p.reference_morale, 0.5), base);
  EXPECT_DOUBLE_EQ(quit_hazard(p, 10, 35, Zone::Rural, p.reference_morale, 0.0),
                   base * p.quit_zone_multiplier[2]);
  EXPECT_DOUBLE_EQ(quit_hazard(p, 2, 25, Zone::Urban, p.reference_morale, 0.0), p.quit_rate_early);
  EXPECT_DOUBLE_EQ(quit_hazard(p, 30, 55, Zone::Urban, p.reference_morale, 0.0), p.quit_rate_late);
  EXPECT_LE(quit_hazard(p, 1, 25, Zone::Rural, 0.0, 1.0), p.max_quit_rate);
}

TEST(Demography, EveryoneAtRetirementAgeRetiresAndCountsBalance) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  DemographyParams p;
  p.quit_rate_early = p.quit_rate_mid = p.quit_rate_late = 0.0;
  Teachers& t = w.teachers;
  // Of every ten teachers: a woman below a senior title at 54 (due), a senior woman at 54
  // (serves to 60), a man at 54 (serves to 60).
  for (std::size_t i = 0; i + 2 < t.size(); i += 10) {
    t.female[i] = 1, t.title[i] = 2, t.age[i] = 54;
    t.female[i + 1] = 1, t.title[i + 1] = kSeniorTitle, t.age[i + 1] = 54;
    t.female[i + 2] = 0, t.age[i + 2] = 54;
  }
  std::set<std::uint32_t> stays;
  for (std::size_t i = 0; i + 2 < t.size(); i += 10) stays.insert({t.id[i + 1], t.id[i + 2]});
  std::int64_t due = 0, women_due = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const bool retires = t.age[i] + 1 >= p.retirement_age_of(t.female[i] != 0, t.title[i]);
    due += retires, women_due += retires && t.female[i];
  }
  ASSERT_GT(women_due, 0);  // the women's rule is exercised
  const auto before = static_cast<std::int64_t>(w.teachers.size());
  YearFlows f;
  f.reset(w.schools.size());
  teacher_demography(w, p, {1, 0, 1}, f);
  EXPECT_EQ(YearFlows::total(f.retirements), due);
  EXPECT_EQ(YearFlows::total(f.quits), 0);
  EXPECT_EQ(static_cast<std::int64_t>(w.teachers.size()), before - due);
  for (std::size_t i = 0; i < t.size(); ++i) {
    EXPECT_LT(t.age[i], p.retirement_age_of(t.female[i] != 0, t.title[i]));
    stays.erase(t.id[i]);
  }
  EXPECT_TRUE(stays.empty()) << stays.size() << " senior women or men of 55 retired";
}

TEST(Demography, QuitShareMatchesHazardStatistically) {
  // 20,000 identical teachers at hazard h: quits ~ Binomial(n, h).
  World w;
  w.schools.name = {"town school"};
  w.schools.zone = {Zone::Town};
  w.schools.open = {1};
  w.schools.strength = {Strength::Ordinary};
  for (std::uint32_t i = 0; i < 20000; ++i) {
    const auto k = add_teacher(w.teachers, i, 0);
    w.teachers.age[k] = 34, w.teachers.experience[k] = 10, w.teachers.morale[k] = 0.4f;
  }
  w.school_class_begin = {0, 0};
  w.classes.student_begin = {0};
  DemographyParams p;
  const double h = quit_hazard(p, 11, 35, Zone::Town, 0.4f, 0.0);
  YearFlows f;
  f.reset(1);
  teacher_demography(w, p, {99, 0, 1}, f);
  const double n = 20000, quits = static_cast<double>(YearFlows::total(f.quits));
  EXPECT_NEAR(quits / n, h, 4 * std::sqrt(h * (1 - h) / n));
  EXPECT_EQ(f.school_quits[0], YearFlows::total(f.quits));
}

// Facilities investment: the budget is never overspent, the school furthest below
// its threshold is served first, the targeted CV falls, and a zero budget changes
// nothing.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "build/generator.hpp"
#include "metrics/balance.hpp"
#include "phases/facilities_investment.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

const BalanceStandardParams kBalance{};

double threshold_of(const World& w, Indicator i, std::size_t s) {
  return kBalance
      .threshold[static_cast<std::size_t>(i)][static_cast<std::size_t>(index(w.schools.level[s]))];
}

/// Every school at twice every facility threshold: no shortfall anywhere.
World ample_world() {
  World w = generate_district(edusim::testing::small_scenario());
  for (std::size_t s = 0; s < w.schools.size(); ++s) {
    const double n = w.school_students(s);
    w.schools.floor_area_m2[s] =
        static_cast<float>(2 * threshold_of(w, Indicator::FloorArea, s) * n);
    w.schools.sports_area_m2[s] =
        static_cast<float>(2 * threshold_of(w, Indicator::SportsArea, s) * n);
    w.schools.equipment_value_yuan[s] =
        static_cast<float>(2 * threshold_of(w, Indicator::EquipmentValue, s) * n);
    w.schools.multimedia_classrooms[s] = static_cast<std::int32_t>(
        std::ceil(2 * threshold_of(w, Indicator::MultimediaClassrooms, s) * n / 100));
  }
  return w;
}

/// Floor area of school s set to `ratio` of its threshold.
void cut_floor(World& w, std::size_t s, double ratio) {
  w.schools.floor_area_m2[s] =
      static_cast<float>(ratio * threshold_of(w, Indicator::FloorArea, s) * w.school_students(s));
}

double floor_ratio(const World& w, std::size_t s) {
  return w.schools.floor_area_m2[s] / w.school_students(s) /
         threshold_of(w, Indicator::FloorArea, s);
}

/// Cost of the floor area school s lacks.
double floor_need_cost(const World& w, std::size_t s, const InvestmentParams& p) {
  return (threshold_of(w, Indicator::FloorArea, s) * w.school_students(s) -
          w.schools.floor_area_m2[s]) *
         p.floor_area_cost;
}

/// What the facilities of the world are worth at the investment prices.
double worth(const World& w, const InvestmentParams& p) {
  double v = 0;
  for (std::size_t s = 0; s < w.schools.size(); ++s)
    v += double{w.schools.floor_area_m2[s]} * p.floor_area_cost +
         double{w.schools.sports_area_m2[s]} * p.sports_area_cost +
         double{w.schools.equipment_value_yuan[s]} +
         static_cast<double>(w.schools.multimedia_classrooms[s]) * p.multimedia_classroom_cost;
  return v;
}

double invest(World& w, const InvestmentParams& p) {
  YearFlows f;
  f.reset(w.schools.size());
  return facilities_investment(w, p, kBalance, {7, 0, 1}, f);
}

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

bool same_facilities(const World& a, const World& b) {
  return same_bits(a.schools.floor_area_m2, b.schools.floor_area_m2) &&
         same_bits(a.schools.sports_area_m2, b.schools.sports_area_m2) &&
         same_bits(a.schools.equipment_value_yuan, b.schools.equipment_value_yuan) &&
         same_bits(a.schools.multimedia_classrooms, b.schools.multimedia_classrooms);
}

}  // namespace

TEST(FacilitiesInvestment, NeverSpendsMoreThanTheBudget) {
  World base = generate_district(edusim::testing::small_scenario());
  cut_floor(base, 2, 0.3);
  base.schools.multimedia_classrooms[3] = 0;
  for (auto rule : {InvestmentRule::NeediestFirst, InvestmentRule::EqualPerStudent})
    for (double budget : {1e3, 1e5, 1e6, 1e8}) {
      World w = base;
      InvestmentParams p;
      p.enabled = true, p.rule = rule, p.yearly_budget = budget;
      const double spent = invest(w, p);
      EXPECT_LE(spent, budget);
      // Money no shortfall needs buys equipment, so the whole budget goes out ...
      EXPECT_NEAR(spent, budget, 1e-9 * budget);
      // ... and what was bought is worth what was spent (float columns: a small slack).
      EXPECT_NEAR(worth(w, p) - worth(base, p), spent, 1e-4 * budget + 100) << "budget " << budget;
    }
}

TEST(FacilitiesInvestment, NeediestSchoolFirst) {
  World base = ample_world();
  const std::size_t neediest = 2, next = 4;
  cut_floor(base, neediest, 0.2);
  cut_floor(base, next, 0.6);
  InvestmentParams p;
  p.enabled = true;
  const double first_need = floor_need_cost(base, neediest, p);
  const double next_need = floor_need_cost(base, next, p);

  World w = base;  // not enough for the neediest: it gets everything
  p.yearly_budget = 0.5 * first_need;
  EXPECT_NEAR(invest(w, p), p.yearly_budget, 1e-9 * p.yearly_budget);
  EXPECT_NEAR(floor_ratio(w, neediest), 0.2 + 0.8 * 0.5, 1e-4);
  EXPECT_EQ(w.schools.floor_area_m2[next], base.schools.floor_area_m2[next]);
  for (std::size_t s = 0; s < w.schools.size(); ++s)
    EXPECT_EQ(w.schools.equipment_value_yuan[s], base.schools.equipment_value_yuan[s]);

  w = base;  // the neediest reaches its threshold, the next one gets the rest
  p.yearly_budget = first_need + 0.5 * next_need;
  invest(w, p);
  EXPECT_GE(floor_ratio(w, neediest), 1.0);
  EXPECT_NEAR(floor_ratio(w, neediest), 1.0, 1e-6);
  EXPECT_NEAR(floor_ratio(w, next), 0.6 + 0.4 * 0.5, 1e-4);
}

TEST(FacilitiesInvestment, MultimediaClassroomsAreBoughtWhole) {
  World base = ample_world();
  base.schools.multimedia_classrooms[1] = 0;
  const double needed = std::ceil(threshold_of(base, Indicator::MultimediaClassrooms, 1) *
                                  base.school_students(1) / 100);
  InvestmentParams p;
  p.enabled = true;
  p.yearly_budget = (needed - 0.5) * p.multimedia_classroom_cost;  // half a room short
  World w = base;
  invest(w, p);
  EXPECT_EQ(w.schools.multimedia_classrooms[1], static_cast<std::int32_t>(needed) - 1);
  // The half room left over buys equipment for everyone instead.
  EXPECT_GT(w.schools.equipment_value_yuan[0], base.schools.equipment_value_yuan[0]);
}

TEST(FacilitiesInvestment, CvOfTheTargetedIndicatorFalls) {
  World base = generate_district(edusim::testing::small_scenario());
  cut_floor(base, 2, 0.3);  // a primary school far below the floor-area threshold
  const auto cv = [](const World& w) {
    return assess_balance(w, kBalance)
        .cv[static_cast<std::size_t>(index(Level::Primary))]
           [static_cast<std::size_t>(Indicator::FloorArea)];
  };
  World w = base;
  InvestmentParams p;
  p.enabled = true;
  p.yearly_budget = floor_need_cost(base, 2, p);
  invest(w, p);
  EXPECT_LT(cv(w), cv(base) - 0.05);
  EXPECT_GE(floor_ratio(w, 2), 1.0);
}

TEST(FacilitiesInvestment, EqualPerStudentSharesByEnrolment) {
  World base = ample_world();
  InvestmentParams p;
  p.enabled = true, p.rule = InvestmentRule::EqualPerStudent, p.yearly_budget = 1e6;
  World w = base;
  invest(w, p);
  double students = 0;
  for (std::size_t s = 0; s < w.schools.size(); ++s) students += w.school_students(s);
  for (std::size_t s = 0; s < w.schools.size(); ++s)
    EXPECT_NEAR(w.schools.equipment_value_yuan[s] - base.schools.equipment_value_yuan[s],
                1e6 * w.school_students(s) / students, 1.0)
        << "school " << s;
}

TEST(FacilitiesInvestment, ZeroBudgetIsANoOpBitForBit) {
  const World base = generate_district(edusim::testing::small_scenario());
  InvestmentParams p;
  p.enabled = true;
  World w = base;
  EXPECT_EQ(invest(w, p), 0.0);
  EXPECT_TRUE(same_facilities(w, base));
  p.enabled = false, p.yearly_budget = 1e8, p.depreciation = 0.5;
  EXPECT_EQ(invest(w, p), 0.0);
  EXPECT_TRUE(same_facilities(w, base));
}

TEST(FacilitiesInvestment, DepreciationWearsEquipmentDown) {
  const World base = generate_district(edusim::testing::small_scenario());
  InvestmentParams p;
  p.enabled = true, p.depreciation = 0.1;
  World w = base;
  invest(w, p);
  for (std::size_t s = 0; s < w.schools.size(); ++s)
    EXPECT_FLOAT_EQ(w.schools.equipment_value_yuan[s], 0.9f * base.schools.equipment_value_yuan[s]);
}

// Cost metrics: the salary bill by component and the housing cost of a tiny
// hand-built district against totals added up by hand, their response to the pay
// parameters a policy comparison changes, and the policy spending the year's flows
// carry into the metrics.
#include <gtest/gtest.h>

#include <cmath>

#include "build/generator.hpp"
#include "hand_world.hpp"
#include "metrics/costs.hpp"
#include "test_helpers.hpp"

using namespace edusim;
using edusim::testing::add_regular;
using edusim::testing::add_temporary;

namespace {

/// Urban and rural schools open, a town school closed (no teachers, 4 housing units):
///   urban regular 一级                   92,000            + 500
///   rural regular 二级 in a 一级 post    80,000 + 12,000  + 8,000
///   rural intern                         18,000            + 8,000
///   urban substitute                     42,000            + 500
///   urban regular 三级 away in the rural 72,000            + 8,000 + 3,000 rotation
/// base 304,000; uplift 12,000; allowances 28,000.
/// Housing units: urban 2, rural 5, closed town 4 (not paid): 7 * 6,000 = 42,000.
World district() {
  World w = edusim::testing::hand_world({{Zone::Urban}, {Zone::Rural}, {Zone::Town}});
  add_regular(w, 0, 2);
  add_regular(w, 1, 1, 2);
  add_temporary(w, 1, Contract::Intern);
  add_temporary(w, 0, Contract::Substitute);
  edusim::testing::send_on_rotation(w, add_regular(w, 0, 0), 1);
  w.schools.open[2] = 0;
  w.schools.housing_units = {2, 5, 4};
  return w;
}

PayParams district_pay() {
  PayParams pay;
  pay.zone_allowance = {500, 2000, 8000};
  pay.rotation_allowance = 3000;
  return pay;
}

YearMetrics costs(const World& w, const PayParams& pay, const HousingParams& housing = {}) {
  YearMetrics m;
  m.district.assign(kDistrictMetrics, kNaN);
  measure_costs(w, pay, housing, m);
  return m;
}

}  // namespace

TEST(Costs, SalaryBillOfAHandBuiltDistrict) {
  const YearMetrics m = costs(district(), district_pay());
  EXPECT_EQ(m[DistrictMetric::salary_bill_base], 304000);
  EXPECT_EQ(m[DistrictMetric::salary_bill_uplift], 12000);
  EXPECT_EQ(m[DistrictMetric::allowance_cost], 28000);
  EXPECT_EQ(m[DistrictMetric::housing_cost], 42000);
  EXPECT_EQ(m[DistrictMetric::salary_bill_total], 304000 + 12000 + 28000 + 42000);
  // Only the cost metrics are written.
  EXPECT_TRUE(std::isnan(m[DistrictMetric::morale_mean]));
}

TEST(Costs, BillMovesByHandCountedAmountsWhenPayParametersChange) {
  const World w = district();
  const YearMetrics before = costs(w, district_pay());
  auto change = [&](DistrictMetric metric, auto&& edit) {
    PayParams pay = district_pay();
    edit(pay);
    return costs(w, pay)[metric] - before[metric];
  };
  // Three teachers teach in the rural school (the 二级, the intern, the rotating 三级).
  EXPECT_EQ(
      change(DistrictMetric::allowance_cost, [](PayParams& p) { p.zone_allowance[2] += 1000; }),
      3000);
  // The town allowance is paid to nobody: the town school is closed.
  EXPECT_EQ(
      change(DistrictMetric::allowance_cost, [](PayParams& p) { p.zone_allowance[1] += 1000; }), 0);
  EXPECT_EQ(
      change(DistrictMetric::allowance_cost, [](PayParams& p) { p.rotation_allowance += 1000; }),
      1000);
  // 一级 +100: the 一级 teacher's base and the 一级 post's uplift, +100 each.
  EXPECT_EQ(
      change(DistrictMetric::salary_bill_base, [](PayParams& p) { p.title_salary[2] += 100; }),
      100);
  EXPECT_EQ(
      change(DistrictMetric::salary_bill_uplift, [](PayParams& p) { p.title_salary[2] += 100; }),
      100);
  // 二级 +100: the 二级 teacher's base up and its uplift down: the total is unchanged.
  EXPECT_EQ(
      change(DistrictMetric::salary_bill_total, [](PayParams& p) { p.title_salary[1] += 100; }), 0);
  EXPECT_EQ(change(DistrictMetric::salary_bill_base, [](PayParams& p) { p.intern_stipend = 0; }),
            -18000);
  EXPECT_EQ(change(DistrictMetric::salary_bill_base, [](PayParams& p) { p.substitute_salary = 0; }),
            -42000);
}

TEST(Costs, HousingCostCountsTheUnitsOfOpenSchoolsAtTheUnitCost) {
  World w = district();
  HousingParams housing;
  housing.unit_cost = 1500;
  EXPECT_EQ(housing_cost(w, housing), 7 * 1500);
  w.schools.open[2] = 1;  // reopened: its 4 units are paid again
  EXPECT_EQ(housing_cost(w, housing), 11 * 1500);
  EXPECT_EQ(costs(w, district_pay(), housing)[DistrictMetric::housing_cost], 11 * 1500);
}

TEST(Costs, EmptyDistrictCostsZeroNotNaN) {
  const World w = edusim::testing::hand_world({});
  const YearMetrics m = costs(w, district_pay());
  for (DistrictMetric metric : {DistrictMetric::salary_bill_base,
                                DistrictMetric::salary_bill_uplift, DistrictMetric::allowance_cost,
                                DistrictMetric::housing_cost, DistrictMetric::salary_bill_total})
    EXPECT_EQ(m[metric], 0.0);
}

TEST(Costs, PolicySpendingOfTheYearIsReportedAsTallied) {
  const World w = generate_district(edusim::testing::small_scenario());
  YearFlows flows;
  flows.reset(w.schools.size());
  flows.facilities_investment = 1'250'000;
  flows.group_evaluation_reward = 300'000;
  flows.training_cost = 45'500;
  const YearMetrics m = measure(w, flows);
  EXPECT_EQ(m[DistrictMetric::facilities_investment], 1'250'000);
  EXPECT_EQ(m[DistrictMetric::group_evaluation_reward], 300'000);
  EXPECT_EQ(m[DistrictMetric::training_cost], 45'500);
}

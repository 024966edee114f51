#include "metrics/costs.hpp"

namespace edusim {

void measure_costs(const World& world, const PayParams& pay, const HousingParams& housing,
                   YearMetrics& m) {
  PayComponents sum;  // serial: a fixed order of summation
  for (std::size_t i = 0; i < world.teachers.size(); ++i) {
    const PayComponents p = teacher_pay(world, pay, i);
    sum.base += p.base, sum.uplift += p.uplift, sum.allowance += p.allowance;
  }
  m[DistrictMetric::salary_bill_base] = sum.base;
  m[DistrictMetric::salary_bill_uplift] = sum.uplift;
  m[DistrictMetric::allowance_cost] = sum.allowance;
  const double housed = housing_cost(world, housing);
  m[DistrictMetric::housing_cost] = housed;
  m[DistrictMetric::salary_bill_total] = sum.total() + housed;
}

double housing_cost(const World& world, const HousingParams& housing) {
  double units = 0;  // serial: a fixed order of summation
  for (std::size_t s = 0; s < world.schools.size(); ++s)
    if (world.schools.open[s]) units += world.schools.housing_units[s];
  return units * housing.unit_cost;
}

}  // namespace edusim

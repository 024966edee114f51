#include "metrics/costs.hpp"

namespace edusim {

void measure_costs(const World& world, const PayParams& pay, YearMetrics& m) {
  PayComponents sum;  // serial: a fixed order of summation
  for (std::size_t i = 0; i < world.teachers.size(); ++i) {
    const PayComponents p = teacher_pay(world, pay, i);
    sum.base += p.base, sum.uplift += p.uplift, sum.allowance += p.allowance;
  }
  m[DistrictMetric::salary_bill_base] = sum.base;
  m[DistrictMetric::salary_bill_uplift] = sum.uplift;
  m[DistrictMetric::allowance_cost] = sum.allowance;
  m[DistrictMetric::salary_bill_total] = sum.total();
}

}  // namespace edusim

#include "metrics/costs.hpp"

namespace edusim {

void measure_costs(const World& world, const PayParams& pay, YearMetrics& m) {
  double base = 0, uplift = 0;  // serial: a fixed order of summation
  const auto& t = world.teachers;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double own = pay.title_salary[static_cast<std::size_t>(t.title[i])];
    base += own;
    uplift += pay.title_salary[static_cast<std::size_t>(t.post_title[i])] - own;
  }
  m[DistrictMetric::salary_bill_base] = base;
  m[DistrictMetric::salary_bill_uplift] = uplift;
  m[DistrictMetric::salary_bill_total] = base + uplift;
}

}  // namespace edusim

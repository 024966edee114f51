#pragma once
// Cost metrics: the salary bill by component (phases/pay.hpp). Housing joins it
// with the district-structure mechanisms.
#include "metrics/year_metrics.hpp"
#include "phases/pay.hpp"
#include "world/world.hpp"

namespace edusim {

/// Fills salary_bill_base, salary_bill_uplift, allowance_cost and salary_bill_total.
void measure_costs(const World& world, const PayParams& pay, YearMetrics& metrics);

}  // namespace edusim

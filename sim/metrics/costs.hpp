#pragma once
// Cost metrics: the salary bill by component. Allowances and housing join it
// when those mechanisms exist (issue: district structure).
#include "metrics/year_metrics.hpp"
#include "phases/morale.hpp"
#include "world/world.hpp"

namespace edusim {

/// Fills salary_bill_base, salary_bill_uplift and salary_bill_total.
void measure_costs(const World& world, const PayParams& pay, YearMetrics& metrics);

}  // namespace edusim

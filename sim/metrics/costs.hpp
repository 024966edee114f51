#pragma once
// Cost metrics: the salary bill by component (phases/pay.hpp) and the yearly
// cost of teacher housing.
#include "metrics/year_metrics.hpp"
#include "phases/pay.hpp"
#include "world/world.hpp"

namespace edusim {

/// Fills salary_bill_base, salary_bill_uplift, allowance_cost and salary_bill_total.
void measure_costs(const World& world, const PayParams& pay, const HousingParams& housing,
                   YearMetrics& metrics);

/// Yearly cost of teacher housing: housing_units * unit_cost summed over the open schools
/// (a closed school's units are no longer kept up), in yuan/year.
double housing_cost(const World& world, const HousingParams& housing);

}  // namespace edusim

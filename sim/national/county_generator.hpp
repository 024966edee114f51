#pragma once
// The county generator: provinces -> counties -> a Scenario per county, streaming. The plan
// holds one small record per county (size, urban share, seed) and no school; county k's
// Scenario is a pure function of (national file, k), built when its task starts, so that
// memory holds only the counties being simulated.
//
// County sizes: a province's students are split over its counties in proportion to
// exp(sigma z_k), z_k standard normal (log-normal sizes), with cumulative rounding so that
// the counties add up to the province exactly. Urban shares: logit u_k = c_p + slope z_k +
// sd e_k, with c_p chosen (bisection) so that the student-weighted mean of u_k is the
// province's urban_share. z_k and e_k come from a counter-based stream keyed by the master
// seed and the county's index; a county's run.seed is run_seed(master seed, k).
#include <cstdint>
#include <vector>

#include "national/national_spec.hpp"
#include "scenario/scenario.hpp"

namespace edusim {

struct CountyPlan {
  std::int32_t province = 0;
  std::int32_t index_in_province = 0;
  std::int64_t students = 0;  ///< planned students (the generated world differs by rounding)
  double urban_share = 0;     ///< share of students in urban schools
  std::int64_t seed = 0;      ///< the county's run.seed
};

struct NationalPlan {
  std::vector<CountyPlan> counties;  ///< provinces in file order, counties 0.. within each
};

/// Every county's size, urban share and seed: O(counties) time and memory.
NationalPlan plan_counties(const NationalSpec& spec);

/// The students of each school type of a county: [level * kZones + zone].
std::array<double, kLevels * kZones> county_type_students(const NationalSpec& spec,
                                                          const CountyPlan& county);

/// County k's scenario: the base with its seed, years, name and schools, and the
/// scale_with_size keys scaled by the county's size.
Scenario county_scenario(const NationalFile& national, const NationalPlan& plan, std::size_t k);

/// Multiplies the numeric keys `keys` (dotted, as scenario_keys() lists them) of `scenario`
/// by `factor`, clamped to each key's allowed range; integers are rounded and stay >= 1.
/// Values <= 0 are left as they are (0 and -1 often mean "none" or "no cap").
void scale_keys(Scenario& scenario, const std::vector<std::string>& keys, double factor);

}  // namespace edusim

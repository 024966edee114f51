#pragma once
// The rules a district is spun up under before its first recorded year (run.spin_up_years):
// the scenario's own district, workforce and base mechanisms, with every policy off.
#include <cstdint>

#include "scenario/scenario.hpp"

namespace edusim {

/// The scenario `s` under its no-policy rules: every mechanism that is a policy lever is
/// off or at its default (rotation, leader rotation, part-time exchange, shadow posts,
/// training, subject guidance, low-title high-hire, mentoring, group spillover, online
/// classrooms, facilities investment, group evaluation, consolidation, drift and its new
/// places, targeted placement, interns and a cap on hires, the county pool of transfers, zone and
/// rotation allowances, housing), cohorts do not grow, and the random streams are the spin-up's own
/// (spin_up_seed). The district, its teachers and students, and the base mechanisms (demography,
/// hiring by need, promotion, backbone recognition, growth, leaders, learning, morale, voluntary
/// transfers) stay as `s` sets them.
Scenario spin_up_rules(const Scenario& s);

/// The seed of the spin-up's years: derived from the district's seed (run.world_seed, or
/// run.seed), so that runs that share a district share its spun-up start, and distinct from
/// every seed of the recorded years.
std::uint64_t spin_up_seed(const Scenario& s);

}  // namespace edusim

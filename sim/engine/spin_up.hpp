#pragma once
// The run's starting world: the district as built (generated, or loaded from tables),
// stepped run.spin_up_years under its no-policy rules, so that the first recorded year
// starts from the model's own statistical equilibrium rather than from the generator's
// draws. A district.from_snapshot start is already a simulated state: it is not spun up.
#include "scenario/scenario.hpp"
#include "world/world.hpp"

namespace edusim {

/// `world` after run.spin_up_years years under spin_up_rules(s), its year count back at 0;
/// `check` verifies the invariants after every phase, as for the recorded years.
World spun_up(const Scenario& s, World world, bool check = false);

/// build_world(s), spun up.
World start_world(const Scenario& s, bool check = false);

}  // namespace edusim

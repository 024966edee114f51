#pragma once
// The district generator: builds a synthetic World from a scenario. (A data
// loader is the other source of the same World; both end in finish_world.)
#include "engine/scenario.hpp"
#include "world/world.hpp"

namespace edusim {

World generate_district(const Scenario& scenario);

/// Steps shared by every source of a World once schools, teachers and
/// students exist: catchments, teacher index, class teachers, value added.
void finish_world(World& world, const Scenario& scenario);

}  // namespace edusim

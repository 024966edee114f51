#pragma once
// The World a scenario starts from: generated, loaded from tables, or
// restored from a snapshot (district.schools / from_data / from_snapshot).
#include "scenario/scenario.hpp"
#include "world/world.hpp"

namespace edusim {

World build_world(const Scenario& scenario);

}  // namespace edusim

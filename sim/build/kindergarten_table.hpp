#pragma once
// The optional kindergartens table of a real district (district.from_data.kindergartens).
#include <string>

#include "scenario/scenario.hpp"
#include "world/world.hpp"

namespace edusim {

/// Reads the table into world.kindergartens (after the schools and teachers: children not
/// given are enrolled from the zones' primary entry cohorts). Bad rows are refused with the
/// file, line and column.
void load_kindergartens(World& world, const Scenario& scenario, const std::string& file);

}  // namespace edusim

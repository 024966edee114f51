#pragma once
// The optional kindergartens table of a real district (district.from_data.kindergartens).
#include <cstdint>
#include <string>
#include <unordered_map>

#include "scenario/scenario.hpp"
#include "world/world.hpp"

namespace edusim {

/// Reads the table into world.kindergartens (after the schools and teachers: children not
/// given are enrolled from the zones' primary entry cohorts). Bad rows are refused with the
/// file, line and column. `school_groups` maps the schools table's group names to their ids
/// (for the school_group column).
void load_kindergartens(World& world, const Scenario& scenario, const std::string& file,
                        const std::unordered_map<std::string, std::int32_t>& school_groups);

}  // namespace edusim

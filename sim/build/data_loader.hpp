#pragma once
// The second source of a World: a real district from tables (schools,
// teachers, enrolment). Every table is checked before anything is built; a
// problem names the file, row and column.
#include "scenario/scenario.hpp"
#include "world/world.hpp"

namespace edusim {

/// Builds the World from scenario.district.from_data (paths relative to
/// scenario.base_dir); throws InputError on the first bad cell or row.
World load_district_data(const Scenario& scenario);

}  // namespace edusim

#pragma once
// Checks of the world's structural invariants (the `--check` mode and tests).
#include <string_view>

#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

/// Throws InvariantError naming `where` (year and phase) and the first broken rule:
/// each teacher in exactly one valid, open school and listed once in the index;
/// classes partition the students, lie inside their school's range and teach a
/// grade of its level; class teachers teach at that school; ids are unique; no
/// NaN or infinity in any state.
/// Class teachers are missing between the rebuild of classes (progression)
/// and class_assignment; everywhere else every class of a staffed school has one.
enum class ClassTeachers { Required, MayBeMissing };
void check_invariants(const World& world, std::string_view where, ClassTeachers class_teachers);

/// Head counts balance with the flows of the year.
void check_flows(const World& world, const YearFlows& flows, std::string_view where);

}  // namespace edusim

#pragma once
// Gives every class a class teacher from its school's core-subject teachers.
#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

/// Classes of a school are dealt round-robin to its core teachers taken in a
/// random order (so no seniority or id pattern decides who teaches whom); a
/// school without core teachers uses any teacher; without teachers, -1.
/// Needs an up-to-date teacher index (index_teachers).
void assign_class_teachers(World& world, const YearContext& ctx);

}  // namespace edusim

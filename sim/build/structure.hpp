#pragma once
// District structure (MODEL.md section 4, step 2): apply_structure writes the
// groups and alliances of the scenario (model/structure_spec.hpp) into the
// per-school columns group, group_role, group_type, alliance and alliance_core
// once, when the world is built.
#include <string>

#include "model/schema.hpp"
#include "model/structure_spec.hpp"
#include "world/world.hpp"

namespace edusim {

/// Validates `spec` against the world and applies it: explicit groups get ids
/// after any group the world already has (from the data tables), in the order
/// written, then the generated ones; alliances likewise. Needs schools.strength
/// and an up-to-date teacher index (it rebuilds the index when it is stale).
/// Throws InputError naming `scenario_file` (with `sources`: the line) and the key path
/// on a bad spec.
void apply_structure(World& world, const StructureSpec& spec, const std::string& scenario_file,
                     const schema::SourceMap* sources = nullptr);

}  // namespace edusim

#pragma once
// Checks of the school names in the consolidation plan and the capacity
// expansions against the world when it is built (the mechanisms are
// phases/consolidation.hpp and phases/drift.hpp).
#include <string>

#include "model/schema.hpp"
#include "phases/consolidation.hpp"
#include "phases/drift.hpp"
#include "world/world.hpp"

namespace edusim {

/// Throws InputError naming `consolidation.plan[i].school` when a
/// plan entry names no school, a school twice, or a school that is the only
/// one of its level (its students would have nowhere to go); `scenario_file`, when
/// given, prefixes the message (with `sources`: the line).
void validate_consolidation(const ConsolidationParams& params, const World& world,
                            const std::string& scenario_file = {},
                            const schema::SourceMap* sources = nullptr);

/// Throws InputError naming `drift.capacity_expansion[i].school` for an unknown
/// or ambiguous school name; `scenario_file`, when given, prefixes the message (with
/// `sources`: the line).
void validate_drift(const DriftParams& params, const World& world,
                    const std::string& scenario_file = {},
                    const schema::SourceMap* sources = nullptr);

}  // namespace edusim

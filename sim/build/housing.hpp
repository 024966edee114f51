#pragma once
// Teacher housing (周转房) written into the world when it is built; the
// parameters and the benefit are phases/pay.hpp's.
#include <string>

#include "model/schema.hpp"
#include "phases/pay.hpp"
#include "world/world.hpp"

namespace edusim {

/// Writes the housing of `params` into schools.housing_units when the world is
/// built: every rural school gets units_per_rural_school (when it is > 0), then
/// each named school gets its units. Throws InputError naming
/// `housing.units[i].school` for a name that matches no school or one named
/// twice; `scenario_file`, when given, prefixes the message (with `sources`: the line).
void apply_housing(World& world, const HousingParams& params, const std::string& scenario_file = {},
                   const schema::SourceMap* sources = nullptr);

}  // namespace edusim

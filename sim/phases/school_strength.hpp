#pragma once
// School strength (强校 / 薄弱校): each year every open school is classed weak,
// ordinary or strong by the mean effectiveness of the teachers teaching there,
// ranked against the other open schools of its level. Rotation, targeted hiring
// and low-title high-hire read the class; a school's "quality deficit" is the
// gap between the mean of its level and its own mean.
#include <vector>

#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

struct StrengthParams {
  double weak_share = 0.25;    ///< lowest share of schools of a level classed weak
  double strong_share = 0.25;  ///< highest share classed strong

  void visit(schema::Visitor& v);
};

/// Mean effectiveness of the teachers teaching at each school (NaN without
/// teachers); needs an up-to-date teacher index.
std::vector<double> school_mean_effectiveness(const World& world);

/// Sets world.schools.strength. Closed schools and schools without teachers are
/// ordinary. Within a level the k = round(share * n) lowest (highest) schools are
/// weak (strong); ties broken by school index, so the class is deterministic.
void school_strength(World& world, const StrengthParams& params, const YearContext& ctx);

}  // namespace edusim

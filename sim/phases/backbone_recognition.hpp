#pragma once
// Backbone recognition (骨干教师评选). Backbone levels are never withdrawn, so
// without new recognitions their shares decay as holders retire or quit. Every
// review year the district tops each level up to a target share of regular
// staff with the most effective experienced teachers of the level below.
#include <array>
#include <cstdint>

#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

struct BackboneParams {
  bool enabled = true;
  /// Target share of regular staff at exactly each level (index = level; 0 unused).
  std::array<double, kBackboneLevels> target_shares{0.0, 0.15, 0.12, 0.04};
  std::int32_t min_experience = 5;      ///< years of teaching before any recognition
  std::int32_t review_every_years = 1;  ///< reviews in years divisible by this

  void visit(schema::Visitor& v);
};

/// Teachers a level should hold: round(target share * regular staff).
std::int32_t backbone_target(const BackboneParams& params, int level, std::int32_t staff);

/// Raises teachers one backbone level where a level is below its target; moves
/// nobody. Adds the number raised to flows.backbone_recognitions.
void backbone_recognition(World& world, const BackboneParams& params, const YearContext& ctx,
                          YearFlows& flows);

}  // namespace edusim

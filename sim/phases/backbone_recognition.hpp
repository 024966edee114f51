#pragma once
// Backbone recognition (骨干教师评选). Backbone levels are never withdrawn, so
// without new recognitions their shares decay as holders retire or quit. Every
// review year the district tops each level up to a target share of regular
// staff with the most effective experienced teachers of the level below: of the whole
// district, or (allocation `school`, 名额分配到校) of each school on its own.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

/// Whose staff a level's target share applies to: the district's, filled with the district's
/// best, or each school's (its employer-of-record staff), filled with the school's best.
enum class BackboneAllocation : std::uint8_t { District = 0, School = 1 };
inline constexpr std::array<std::string_view, 2> kBackboneAllocationNames{"district", "school"};
inline std::span<const std::string_view> enum_names(const BackboneAllocation*) {
  return kBackboneAllocationNames;
}

struct BackboneParams {
  bool enabled = true;
  /// Target share of regular staff at exactly each level (index = level; 0 unused).
  std::array<double, kBackboneLevels> target_shares{0.0, 0.15, 0.12, 0.04};
  std::int32_t min_experience = 5;      ///< years of teaching before any recognition
  std::int32_t review_every_years = 1;  ///< reviews in years divisible by this
  BackboneAllocation allocation = BackboneAllocation::District;

  void visit(schema::Visitor& v);
};

/// Teachers a level should hold: round(target share * regular staff).
std::int32_t backbone_target(const BackboneParams& params, int level, std::int32_t staff);

/// Raises teachers one backbone level where a level is below its target; moves
/// nobody. Adds the number raised to flows.backbone_recognitions.
void backbone_recognition(World& world, const BackboneParams& params, const YearContext& ctx,
                          YearFlows& flows);

}  // namespace edusim

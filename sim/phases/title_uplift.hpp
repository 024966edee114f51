#pragma once
// Low-title high-hire (低职高聘): each year a quota of regular teachers is given
// a post one grade above their title, with its pay. Posts are re-evaluated
// every year: all uplifts end, then the quota is filled again by priority.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

/// Who goes first: teachers in rural schools, in weak schools, with rotation
/// experience, the most effective, the most experienced, or a weighted score.
enum class UpliftPriority : std::uint8_t {
  Rural = 0,
  Weak,
  Rotation,
  Effectiveness,
  Seniority,
  Weighted
};
inline constexpr std::array<std::string_view, 6> kUpliftPriorityNames{
    "rural", "weak", "rotation", "effectiveness", "seniority", "weighted"};
std::span<const std::string_view> enum_names(const UpliftPriority*);

/// Weights of the criteria of the weighted priority (flags 0/1, the others z-scores).
struct UpliftWeights {
  double rural = 1.0;
  double weak = 1.0;
  double rotation = 1.0;
  double effectiveness = 0.5;
  double seniority = 0.5;

  void visit(schema::Visitor& v);
};

struct UpliftParams {
  bool enabled = false;
  double quota_share = 0.10;  ///< uplift posts as a share of regular staff
  UpliftPriority priority = UpliftPriority::Weighted;
  UpliftWeights weights;
  std::int32_t min_experience = 3;  ///< years of teaching before a teacher is eligible
  double incumbency_bonus = 0.0;    ///< score added for current holders (damps churn)

  void visit(schema::Visitor& v);
};

/// Uplift posts this year: round(quota_share * regular staff).
std::int32_t uplift_quota(const UpliftParams& params, std::int32_t staff);

/// Re-evaluates every uplift post (post_title = title, then the quota's
/// highest-priority eligible teachers get post_title = title + 1); moves nobody.
void title_uplift(World& world, const UpliftParams& params, const YearContext& ctx,
                  YearFlows& flows);

}  // namespace edusim

#pragma once
// Low-title high-hire (低职高聘): each year a quota of regular teachers is given
// a post one grade above their title, with its pay. Posts are re-evaluated
// every year: all uplifts end, then the quota is filled again by priority.
// One name in code, YAML and schedule: low_title_high_hire; its series keep the
// published names uplift_holders, uplift_share and salary_bill_uplift.
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
enum class LowTitleHighHirePriority : std::uint8_t {
  Rural = 0,
  Weak,
  Rotation,
  Effectiveness,
  Seniority,
  Weighted
};
inline constexpr std::array<std::string_view, 6> kLowTitleHighHirePriorityNames{
    "rural", "weak", "rotation", "effectiveness", "seniority", "weighted"};
inline std::span<const std::string_view> enum_names(const LowTitleHighHirePriority*) {
  return kLowTitleHighHirePriorityNames;
}

/// Weights of the criteria of the weighted priority (flags 0/1, the others z-scores).
struct LowTitleHighHireWeights {
  double rural = 1.0;
  double weak = 1.0;
  double rotation = 1.0;
  double effectiveness = 0.5;
  double seniority = 0.5;

  void visit(schema::Visitor& v);
};

struct LowTitleHighHireParams {
  bool enabled = false;
  double quota_share = 0.10;  ///< uplift posts as a share of regular staff
  LowTitleHighHirePriority priority = LowTitleHighHirePriority::Weighted;
  LowTitleHighHireWeights weights;
  std::int32_t min_experience = 3;  ///< years of teaching before a teacher is eligible
  double incumbency_bonus = 0.0;    ///< score added for current holders (damps churn)

  void visit(schema::Visitor& v);
};

/// Uplift posts this year: round(quota_share * regular staff).
std::int32_t low_title_high_hire_quota(const LowTitleHighHireParams& params, std::int32_t staff);

/// Re-evaluates every uplift post (post_title = title, then the quota's
/// highest-priority eligible teachers get post_title = title + 1); moves nobody.
void low_title_high_hire(World& world, const LowTitleHighHireParams& params, const YearContext& ctx,
                         YearFlows& flows);

}  // namespace edusim

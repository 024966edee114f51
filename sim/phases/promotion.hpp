#pragma once
// Promotion (职称晋升) within post quotas (岗位结构比例). Every year each pool of
// posts (one school, or all schools of a level under 县管校聘) has at most
// floor(share * regular staff) posts of each grade above 三级; vacant posts are
// filled, top grade first, by the best eligible teachers of the grade below.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

/// Who shares a set of posts: each school its own (校聘), or every school of a
/// level together (县管校聘: teachers belong to the district pool).
enum class PromotionPool : std::uint8_t { School = 0, District = 1 };
inline constexpr std::array<std::string_view, 2> kPromotionPoolNames{"school", "district"};
inline std::span<const std::string_view> enum_names(const PromotionPool*) {
  return kPromotionPoolNames;
}

/// Maximum share of a pool's regular staff holding each grade, by school level;
/// index [level][grade]; grade 0 (三级) is unlimited and its entry unused.
using PostShares = std::array<std::array<double, kTitleGrades>, kLevels>;

struct PromotionParams {
  bool enabled = true;
  PromotionPool pool = PromotionPool::School;
  PostShares post_shares{{{1.0, 0.40, 0.45, 0.14, 0.01}, {1.0, 0.35, 0.42, 0.24, 0.02}}};
  /// Years in the grade below needed to be promoted into each grade (index = target grade).
  std::array<std::int32_t, kTitleGrades> min_years_in_grade{0, 1, 4, 5, 5};
  double min_effectiveness_percentile = 0.0;  ///< 0..100, among same-grade teachers of the pool
  std::int32_t senior_service_years = 0;      ///< 0 = off; else rural/weak years (or rotation)

  void visit(schema::Visitor& v);
};

/// Posts of `grade` in a pool of `staff` regular teachers of `level`.
std::int32_t post_quota(const PromotionParams& params, Level level, int grade, std::int32_t staff);

/// Promotes teachers into vacant posts; moves nobody. Counts flows.promotions[grade].
void promotion(World& world, const PromotionParams& params, const YearContext& ctx,
               YearFlows& flows);

}  // namespace edusim

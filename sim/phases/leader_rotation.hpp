#pragma once
// Cadre rotation (干部交流): every year a quota of the eligible school leaders
// (long in post, not near retirement) rotate for a fixed term. Every move is a
// swap of two leaders of the same role between a sending school (strong, lead
// or urban) and a receiving school (weak, member or rural), so every school
// keeps its posts and exactly one principal. The strongest leaders of sending
// schools go to the receiving posts with the weakest leaders first. Under
// "teachers before cadres" (先教师后干部) the leader moves of a year may not
// outnumber that year's teacher movers. At the end of the term the pair swaps
// back, or both stay.
#include <cstdint>
#include <span>
#include <string_view>

#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "phases/rotation.hpp"
#include "world/world.hpp"

namespace edusim {

/// developmental (发展型): strong / lead / urban schools to weak / member / rural
/// ones, district-wide per level; cooperative (合作型): lead to member schools
/// inside each education group (else core to other schools inside each alliance);
/// exchange: strong to weak schools only, district-wide per level.
enum class LeaderRotationForm : std::uint8_t { Developmental = 0, Cooperative, Exchange };
/// Which leaders rotate.
enum class LeaderRotationRoles : std::uint8_t { Principals = 0, VicePrincipals, Both };

std::span<const std::string_view> enum_names(const LeaderRotationForm*);
std::span<const std::string_view> enum_names(const LeaderRotationRoles*);

struct LeaderRotationParams {
  bool enabled = false;
  std::int32_t eligibility_years = 6;        ///< years in post at the current school
  std::int32_t years_before_retirement = 3;  ///< closer to retirement: not eligible
  double quota_share = 0.55;                 ///< moves per year / eligible leaders
  LeaderRotationForm form = LeaderRotationForm::Developmental;
  LeaderRotationRoles roles = LeaderRotationRoles::Both;
  std::int32_t term_years = 3;
  TermEnd on_term_end = TermEnd::Return;
  bool teachers_first = true;         ///< cap leader moves by this year's teacher movers
  double teachers_first_ratio = 1.0;  ///< leader moves <= ratio * teacher movers
  bool include_kindergartens = true;  ///< kindergarten heads rotate (among kindergartens)
  bool include_schools = true;        ///< schools' leaders rotate (false: kindergartens only)

  void visit(schema::Visitor& v);
};

/// Ends the leader terms due this year (also when disabled), then, if enabled,
/// swaps this year's pairs. Leaders within years_before_retirement of their retirement age
/// (retirement_age for the schools', kg_retirement_age for the kindergartens') stay. Runs after
/// teacher rotation (reads flows.rotations) and needs this year's school strength. Draws no random
/// numbers; the result does not depend on the thread count.
void leader_rotation(World& world, const LeaderRotationParams& params, std::int32_t retirement_age,
                     std::int32_t kg_retirement_age, const YearContext& ctx, YearFlows& flows);

}  // namespace edusim

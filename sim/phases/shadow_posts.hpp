#pragma once
// Shadow posts (跟岗): young teachers of member schools (or of rural schools
// outside any group) spend a year at a lead or strong school, then return home
// with a growth boost. They use the rotation fields (rotation_kind Shadow,
// rotation_destination = the host, home_school unchanged). This phase runs
// BEFORE the rotation phase and ends the shadow terms itself, so rotation's
// end_terms must skip rotation_kind Shadow. The home school's vacancy is left to
// hiring (interns or substitutes when enabled).
#include <cstdint>
#include <vector>

#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

struct ShadowParams {
  bool enabled = false;
  std::int32_t posts_per_school = 1;  ///< young teachers a sending school sends a year
  std::int32_t max_posts = -1;        ///< district total a year; -1: no cap
  std::int32_t max_experience = 5;    ///< young: experience <= this
  std::int32_t term_years = 1;
  double growth_boost = 0.02;  ///< effectiveness added on return

  void visit(schema::Visitor& v);
};

/// The host of each school: its group's lead for a member school (open, same
/// level), else for a rural school the nearest open strong school of its level
/// (ties by index), else -1.
std::vector<std::int32_t> shadow_hosts(const World& world);

/// Ends the shadow terms that are over (the teacher returns home with
/// growth_boost; if the home school closed, the teacher stays at the host as its
/// new home), then sends this year's young teachers: per sending school at most
/// posts_per_school regular teachers at home with experience <= max_experience
/// who did not just return, least experienced first, then by id; schools in
/// index order until max_posts. Records events (Shadow out, Return back) and
/// flows.shadow_posts. Deterministic; leaves the teacher index rebuilt.
void shadow_posts(World& world, const ShadowParams& params, const YearContext& ctx,
                  YearFlows& flows);

}  // namespace edusim

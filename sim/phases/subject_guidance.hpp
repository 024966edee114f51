#pragma once
// Subject guidance (学科指导, 骨干教师入校定向指导): backbone teachers (district
// level or higher) of strong schools spend a share of their time guiding the
// core teachers of weak schools. The guided teachers grow faster (this phase,
// after growth); the guide's own class loses a little (the learning phase reads
// guidance_share, see class_effectiveness).
#include <cstdint>
#include <vector>

#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "phases/part_time_exchange.hpp"
#include "world/world.hpp"

namespace edusim {

struct GuidanceParams {
  bool enabled = false;
  std::int32_t guides = 70;     ///< backbone teachers guiding in a year
  double share = 0.1;           ///< share of a guide's time spent guiding
  double reach = 80;            ///< core teachers one full-time guide reaches
  double growth_gain = 0.01;    ///< SD a year added to a fully covered guided teacher
  double own_class_loss = 0.5;  ///< class loses share * own_class_loss of the guide's e

  void visit(schema::Visitor& v);
};

/// Clears last year's guidance, then picks the guides: regular core teachers at
/// home in strong schools with a district-or-higher backbone level, most effective first (then by
/// id), at most `guides`. Guided schools are the open weak schools, lowest mean core effectiveness
/// first (then by index); in that order, round after round, each guided school takes the nearest
/// remaining guide of its level (ties: the more effective). A guide's share is min(share, 1 -
/// part_time_share). Returns, per school, the guiding time it receives (sum of its guides' shares).
/// Counts flows.guidance_teachers. Needs a current teacher index and this year's strength.
std::vector<double> assign_guides(World& world, const GuidanceParams& params, YearFlows& flows);

/// Coverage of school s's core teachers: min(1, reach * received / core teachers).
/// Every core teacher of a guided school gains growth_gain * coverage this year.
double guidance_coverage(const GuidanceParams& params, double received, std::int32_t core);

/// assign_guides, then the growth of the guided core teachers. Runs after growth.
void subject_guidance(World& world, const GuidanceParams& params, const YearContext& ctx,
                      YearFlows& flows);

/// Guidance shares sent (by the guide's school) and received (by the guided school).
SharesBySchool guidance_shares(const World& world);

}  // namespace edusim

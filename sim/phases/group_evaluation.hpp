#pragma once
// Bundled group evaluation (捆绑考核, seed 001 Fushun): an education group is
// judged as a whole on how far it narrowed the gap between its lead school and
// its member schools, and the result is tied to funding. Each year a group is
// rewarded for the narrowing of the lead-member gap in mean teacher
// effectiveness over the year, paid to its member schools as teaching equipment
// (it raises their resource index and balance indicators). Runs at the end of
// the year, after growth, spillover and learning.
#include <vector>

#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

struct GroupEvaluationParams {
  bool enabled = false;
  double reward_per_point = 50000;  ///< yuan per 0.01 SD of narrowing of the gap

  void visit(schema::Visitor& v);
};

/// The gaps the year is judged against: the schedule measures them at the start
/// of every year (phase year_start) and keeps them in YearFlows, so no
/// state outlives a year and a restart from a snapshot is paid from its first year.
/// Per group: lead mean effectiveness minus the members' mean, NaN when a group
/// has no lead or no member with teachers.
struct GroupEvaluationState {
  std::vector<double> last_gap;
};

/// Per group: mean effectiveness of the teachers teaching at the lead school minus
/// that of the teachers at its member schools (metrics/group_gaps, the series
/// /groups/lead_member_gap_effectiveness). Needs an up-to-date teacher index.
std::vector<double> effectiveness_gaps(const World& world);

/// The gaps of the world as it is (used by tests; the schedule uses effectiveness_gaps).
GroupEvaluationState start_group_evaluation(const World& world);

/// Rewards each group max(0, last_gap - gap) * 100 * reward_per_point yuan (0 when
/// either gap is NaN), adds it to the equipment value of the group's open member
/// schools in proportion to their students (not paid when they have none), stores
/// this year's gaps in `state` and returns the total paid, in yuan. When `state`
/// holds no gaps for the world's groups (a fresh state, or a restart) it only stores
/// them and pays nothing. The total is added to flows.group_evaluation_reward too.
/// Deterministic; no random draws. Skipped when not enabled.
double group_evaluation(World& world, const GroupEvaluationParams& params,
                        GroupEvaluationState& state, const YearContext& ctx, YearFlows& flows);

/// The yearly phase: group_evaluation against the gaps the year began with
/// (flows.group_gaps_at_start, taken by the year_start phase).
void group_evaluation(World& world, const GroupEvaluationParams& params, const YearContext& ctx,
                      YearFlows& flows);

}  // namespace edusim

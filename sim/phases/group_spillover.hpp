#pragma once
// Group spillover: joint lesson preparation, shared management and
// synchronized teaching research (集体备课, 同步教研) pull the teachers of member
// schools toward the lead school of their education group, and of alliance
// members toward the core school. Runs after the growth phase; only upward.
// Kindergartens likewise: a kindergarten group's members (结对帮扶: private kindergartens
// paired with a public lead) toward the lead, a community's members toward the core, and
// the kindergartens of a cross-level school group toward the lead school's teachers.
#include <array>

#include "core/types.hpp"
#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

struct SpilloverParams {
  bool enabled = true;
  /// Share of the gap to the lead school's mean closed in a year, by GroupType
  /// (index 0, None, is always 0).
  std::array<double, 5> group_rate{0.0, 0.15, 0.08, 0.05, 0.02};
  double alliance_rate = 0.03;
  double kindergarten_group_rate = 0.08;      ///< toward a kindergarten group's lead
  double kindergarten_community_rate = 0.03;  ///< toward a kindergarten community's core

  void visit(schema::Visitor& v);
};

/// Yearly pull of each member school's teachers: every teacher teaching at a
/// member school gains rate * (lead_mean - member_mean) when the lead school's
/// mean effectiveness is higher (rate by group type), plus alliance_rate *
/// (core_mean - member_mean) toward its alliance's core school. Means are
/// taken before any change; needs an up-to-date teacher index.
void group_spillover(World& world, const SpilloverParams& params, const YearContext& ctx,
                     YearFlows& flows);

/// The per-school gain group_spillover adds (0 where none), from the means
/// `mean` (school_mean_effectiveness). Exposed for tests and metrics.
std::vector<double> spillover_gain(const World& world, const SpilloverParams& params,
                                   const std::vector<double>& mean);

/// The per-kindergarten gain in mean teacher effectiveness (0 where none): members of a
/// kindergarten group gain kindergarten_group_rate x their gap to the lead, members of a
/// community kindergarten_community_rate x their gap to the core, and kindergartens of a
/// cross-level school group the group type's rate x their gap to the lead school's mean
/// (`school_mean`, school_mean_effectiveness); only upward, gaps taken before any change.
std::vector<double> kindergarten_spillover_gain(const World& world, const SpilloverParams& params,
                                                const std::vector<double>& school_mean);

}  // namespace edusim

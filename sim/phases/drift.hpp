#pragma once
// Family drift (城挤, "village empty, town weak, city crowded"): each year some
// families of students in rural schools move them to a town or urban school of
// the same level, more often the better the reachable school is than their
// own. Moves never push a school above its capacity, so capacity expansion
// (new places in given schools and years, or a yearly share) is the policy
// lever. Runs at the start of the year, before student_progression; a moved
// student keeps its grade and then moves up with its new school's cohort.
#include <cstdint>
#include <string>
#include <vector>

#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

/// New student places in one school from one calendar year on.
struct ExpansionSpec {
  std::string school;
  std::int32_t year = 0;
  std::int32_t places = 0;

  void visit(schema::Visitor& v);
};

struct DriftParams {
  bool enabled = false;
  double rate = 0.02;               ///< yearly moving share at zero quality gap
  double quality_sensitivity = 10;  ///< log-odds-like rise per SD of quality gap
  double max_distance_km = 30;
  std::vector<ExpansionSpec> capacity_expansion;
  double expansion_rate = 0;  ///< yearly relative growth of urban and town capacity

  void visit(schema::Visitor& v);
};

struct DriftOutcome {
  std::int64_t moved = 0;         ///< students moved by their families
  std::int64_t blocked = 0;       ///< families who wanted to move but found no room
  std::int64_t places_added = 0;  ///< capacity added this year
};

/// The yearly probability that a family moves its child, given the quality gap
/// (best reachable town/urban school's mean teacher effectiveness minus the
/// home school's, floored at 0): min(1, rate * exp(quality_sensitivity * gap)).
double drift_probability(const DriftParams& params, double gap);

/// Adds the year's planned places and the yearly share (urban and town open
/// schools) to schools.capacity; returns the places added.
std::int64_t expand_capacity(World& world, const DriftParams& params, std::int32_t calendar_year);

/// Capacity expansion, then (when enabled) the year's moves. Needs an
/// up-to-date teacher index; rebuilds the student layout when anyone moves.
/// Random draws: ctx.stream(Stream::Drift), draws 0 (decision) and 1 (order of
/// placement), keyed by student id.
DriftOutcome drift(World& world, const DriftParams& params, std::int32_t calendar_year,
                   const YearContext& ctx);

/// The yearly phase: drift, its moves and places added to the year's flows.
void drift(World& world, const DriftParams& params, std::int32_t calendar_year,
           const YearContext& ctx, YearFlows& flows);

}  // namespace edusim

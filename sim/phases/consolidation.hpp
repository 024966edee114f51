#pragma once
// Consolidation (撤并) of small village schools: schools named in a plan, or
// picked by a rule (small, weak, rural), close at the start of a school year.
// Their students move, keeping their grade, to the nearest open school of the
// same level with room; their teachers are redeployed to the receiving schools;
// primaries whose catchment middle school closed get the nearest open one.
// Runs before student_progression, so the moved students then move up a grade
// with the receiving school's cohorts.
#include <cstdint>
#include <string>
#include <vector>

#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

/// One school closed by name in a given calendar year.
struct ClosureSpec {
  std::string school;
  std::int32_t year = 0;  ///< calendar year of the school year from which it is closed

  void visit(schema::Visitor& v);
};

/// Closure of every small weak rural school, from a given year on.
struct ClosureRule {
  bool enabled = false;
  std::int32_t max_students = 50;
  bool only_weak = true;
  bool only_rural = true;
  std::int32_t first_year = 0;  ///< calendar year from which the rule applies; 0: from the start

  void visit(schema::Visitor& v);
};

struct ConsolidationParams {
  std::vector<ClosureSpec> plan;
  ClosureRule rule;
  double boarding_km = 3.0;  ///< moved students farther than this board (recorded only)

  void visit(schema::Visitor& v);
};

/// Moves from one closed school to one receiving school (/events/consolidations).
struct ConsolidationEvent {
  std::int32_t school = -1;     ///< the closed school
  std::int32_t to_school = -1;  ///< a receiving school
  std::int32_t students = 0;
  std::int32_t teachers = 0;
};

/// What one year's consolidation did.
struct ConsolidationOutcome {
  std::int64_t closures = 0;
  std::int64_t students_moved = 0;
  std::int64_t teachers_moved = 0;     ///< teachers employed by or teaching at a closed school
  std::int64_t students_overflow = 0;  ///< placed beyond the receiving school's capacity
  std::int64_t students_boarding = 0;  ///< moved farther than boarding_km
  std::vector<ConsolidationEvent> events;
};

/// Schools that close in `calendar_year`: planned ones and, when the rule is on,
/// open schools at or below max_students (weak and rural if so asked). Schools
/// with no other open school of their level to receive students are kept open.
std::vector<std::int32_t> schools_to_close(const World& world, const ConsolidationParams& params,
                                           std::int32_t calendar_year);

/// Closes this year's schools and leaves a consistent world (layout rebuilt,
/// teacher index rebuilt; class teachers cleared, set later by class_assignment).
ConsolidationOutcome consolidation(World& world, const ConsolidationParams& params,
                                   std::int32_t calendar_year, const YearContext& ctx);

/// The yearly phase: consolidation, its outcome added to the year's flows (closures,
/// moves, /events/consolidations), then the leaders of the closed schools released.
void consolidation(World& world, const ConsolidationParams& params, std::int32_t calendar_year,
                   const YearContext& ctx, YearFlows& flows);

}  // namespace edusim

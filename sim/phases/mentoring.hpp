#pragma once
// Mentoring and professional growth beyond experience: new-old 1:1 pairing
// (新老教师一对一) inside a school, master-teacher studios (名师工作室) led by the
// district's best backbone teachers, and faster growth of young teachers sent to
// train at a strong school. Runs right after the growth phase.
#include <cstdint>
#include <vector>

#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "phases/growth.hpp"
#include "world/world.hpp"

namespace edusim {

struct MentoringParams {
  bool enabled = false;
  // 1:1 pairing inside a school.
  double pairing_gain = 0.02;              ///< SD a year added to a paired mentee
  std::int32_t mentee_max_experience = 2;  ///< mentees: experience <= this
  std::int32_t mentor_min_experience = 10;
  // Master-teacher studios, district wide.
  std::int32_t studios = 0;
  std::int32_t studio_size = 8;  ///< members per studio, the leader not counted
  double studio_gain = 0.015;    ///< SD a year added to a studio member
  std::int32_t studio_max_experience = 10;
  // Training at a strong school (rotation kind training_in).
  double training_gain = 0.02;
  double mentor_burnout = 0.0;  ///< burnout added to a mentor per mentee

  void visit(schema::Visitor& v);
};

/// For every teacher, the index of its 1:1 mentor, or -1. Within each school
/// (current school), mentees are the teachers with experience <=
/// mentee_max_experience, least experienced first, then by id; mentors are the
/// other regular teachers with experience >= mentor_min_experience, highest
/// backbone level first, then most effective, then by id; the k-th mentee gets
/// the k-th mentor. Needs an up-to-date teacher index.
std::vector<std::int32_t> pair_mentees(const World& world, const MentoringParams& params);

/// For every teacher, 1 if a member of a studio this year. The studios (at most
/// params.studios) are led by the most effective regular teachers with a
/// backbone level of district or higher; members are regular teachers with
/// experience <= studio_max_experience, other than the leaders, from weak schools
/// first, then rural, then the others, least experienced first, then by id, up
/// to studio_size per studio led.
std::vector<std::uint8_t> studio_members(const World& world, const MentoringParams& params);

/// Adds the year's mentoring gains to effectiveness: the larger of the pairing
/// and studio gains plus the training gain, scaled by (1 - burnout_penalty *
/// burnout) as growth is; then adds mentor_burnout to every mentor. Counts the
/// teachers who gained in flows.mentees.
void mentoring(World& world, const MentoringParams& params, const GrowthParams& growth,
               const YearContext& ctx, YearFlows& flows);

}  // namespace edusim

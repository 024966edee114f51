#pragma once
// Student progression: a new grade-1 cohort enters every primary school, each
// cohort moves up a grade, grade 6 moves to its catchment middle school and
// grade 9 graduates. Rebuilds the contiguous student/class layout.
#include "model/district_spec.hpp"
#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "phases/school_choice.hpp"
#include "world/world.hpp"

namespace edusim {

struct EnrolmentParams {
  double intake_growth = 0.0;     ///< yearly growth of grade-1 cohorts
  double intake_noise_sd = 0.05;  ///< relative SD of a school's cohort around its trend

  void visit(schema::Visitor& v);
};

struct NewStudent {
  float ses;
  float achievement;
};

/// Draws a school entrant's SES and achievement (two normals from one counter sequence).
NewStudent draw_new_student(const StudentSpec& spec, float school_ses_mean,
                            const RandomStream& stream, std::uint32_t id);

/// Writes n new students with ids first_id, first_id + 1, ... into slots
/// [first, first + n) of `to` (a school's entrants; pure, so cohorts can be
/// written in parallel).
void write_entrants(Students& to, std::size_t first, std::size_t n, std::uint32_t first_id,
                    const StudentSpec& spec, float school_ses_mean, Zone zone,
                    const RandomStream& stream);

/// Grade-1 cohort size of a primary school in simulated year `year`.
std::int32_t intake_size(const EnrolmentParams& params, std::int32_t base_intake, int year,
                         const RandomStream& stream, std::uint32_t school);

/// `choice` (school_choice, off by default) moves some grade-6 pupils to a middle school
/// other than their catchment one; `calendar_year` dates its lottery rule.
void student_progression(World& world, const EnrolmentParams& params, const StudentSpec& spec,
                         const YearContext& ctx, YearFlows& flows,
                         const SchoolChoiceParams& choice = {}, std::int32_t calendar_year = 0);

}  // namespace edusim

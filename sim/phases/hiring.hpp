#pragma once
// Hiring: vacancies against the staffing norm are filled from the applicant pool.
#include <array>

#include "engine/year_context.hpp"
#include "io/param_types.hpp"
#include "io/schema.hpp"
#include "world/district_spec.hpp"
#include "world/world.hpp"

namespace edusim {

struct HiringParams {
  bool enabled = true;
  TruncatedNormal age{23.5, 1.5, 21, 35};
  std::array<double, kDegrees> degree_shares{0.0, 0.0, 0.90, 0.10};
  double applicant_quality_shift = 0.0;  ///< added to the talent of every applicant
  std::int32_t entry_title = 0;          ///< title grade of a new teacher (0 = 三级)
  std::int32_t max_hires_per_year = 0;   ///< staffing/budget cap; 0 = no cap

  void visit(schema::Visitor& v);
};

/// Teachers a school needs: ceil(students / student-teacher ratio), at least 1
/// when it has students.
std::int32_t staffing_target(std::int32_t students, double student_teacher_ratio);

/// Draws the attributes of a new teacher in `school` into slot `i`.
void draw_new_teacher(World& world, std::size_t i, const HiringParams& params,
                      const TeacherSpec& spec, const RandomStream& stream);

/// Needs an up-to-date teacher index (teacher_demography leaves one).
void hiring(World& world, const HiringParams& params, const TeacherSpec& spec,
            const YearContext& ctx, YearFlows& flows);

}  // namespace edusim

#pragma once
// Staffing norms (编制): how many teachers a school needs, by its pupils (生师比) and, in
// rural schools where the scenario says so, by its classes (班师比). Read by the generator,
// hiring (vacancies), voluntary transfers and the county pool, and morale (the load).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/district_spec.hpp"
#include "world/world.hpp"

namespace edusim {

/// Teachers a school needs: ceil(students / student-teacher ratio), at least 1
/// when it has students.
std::int32_t staffing_target(std::int32_t students, double student_teacher_ratio);

/// School s's staffing target today: staffing_target of its enrolment at its level's
/// ratio, and in a rural school at least rural_teachers_per_class per class (rounded up).
std::int32_t school_staffing_target(const World& world, std::size_t s, const TeacherSpec& spec);

/// Students per teacher that school s's staffing target allows: its level's ratio, or, in a
/// rural school whose classes call for more teachers than its pupils
/// (rural_teachers_per_class), students / school_staffing_target. A school staffed at its
/// own norm then has a relative load of 1 (morale), whichever norm sets it.
double school_norm_ratio(const World& world, std::size_t s, const TeacherSpec& spec);

/// Every school's staffing target today (0 for a closed school): school_staffing_target.
std::vector<std::int32_t> staffing_targets(const World& world, const TeacherSpec& spec);

}  // namespace edusim

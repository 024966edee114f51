#include "phases/staffing_norm.hpp"

#include <algorithm>
#include <cmath>

namespace edusim {

std::int32_t staffing_target(std::int32_t students, double ratio) {
  if (students <= 0) return 0;
  return std::max(1, static_cast<std::int32_t>(std::ceil(students / ratio - 1e-9)));
}

std::int32_t school_staffing_target(const World& world, std::size_t s, const TeacherSpec& spec) {
  const auto level = index(world.schools.level[s]);
  const std::int32_t students = world.school_students(s);
  const std::int32_t by_pupils = staffing_target(students, spec.student_teacher_ratio[level]);
  const double per_class = spec.rural_teachers_per_class[level];
  if (per_class <= 0 || world.schools.zone[s] != Zone::Rural || students <= 0) return by_pupils;
  // 生师比与班师比相结合: a village school of small classes needs teachers for its classes
  // whatever its pupils number.
  const std::int32_t classes = world.school_class_begin[s + 1] - world.school_class_begin[s];
  return std::max(by_pupils, static_cast<std::int32_t>(std::ceil(classes * per_class - 1e-9)));
}

double school_norm_ratio(const World& world, std::size_t s, const TeacherSpec& spec) {
  const double ratio = spec.student_teacher_ratio[index(world.schools.level[s])];
  const std::int32_t students = world.school_students(s);
  const std::int32_t target = school_staffing_target(world, s, spec);
  // Only a school whose classes raise its target above its pupils' norm reads differently:
  // with few pupils and a teacher per class, a full staff carries a full teaching load.
  if (target <= staffing_target(students, ratio)) return ratio;
  return static_cast<double>(students) / target;
}

std::vector<std::int32_t> staffing_targets(const World& world, const TeacherSpec& spec) {
  std::vector<std::int32_t> target(world.schools.size(), 0);
  for (std::size_t s = 0; s < target.size(); ++s)
    if (world.schools.open[s]) target[s] = school_staffing_target(world, s, spec);
  return target;
}

}  // namespace edusim

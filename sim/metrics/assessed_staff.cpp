#include "metrics/assessed_staff.hpp"

#include "core/chunked_counting_sort.hpp"

namespace edusim {

AssessedStaff::AssessedStaff(const World& world, RotatingTeachers rule) {
  if (rule == RotatingTeachers::Destination) {
    begin_ = world.school_teacher_begin, teachers_ = world.teachers_by_school;
    return;
  }
  // The teacher index's counting sort (index_teachers), by home school: stable, so each
  // school's teachers are in teacher order, the order of the assessment's sums.
  const auto& home = world.teachers.home_school;
  const std::size_t schools = world.schools.size();
  own_begin_.assign(schools + 1, 0);
  own_teachers_.resize(home.size());
  std::int32_t* by_home = own_teachers_.data();
  std::vector<std::int32_t> slot;
  chunked_counting_sort(
      home.size(), schools, 1, slot,
      [&home](std::size_t t) { return static_cast<std::size_t>(home[t]); },
      [by_home](std::size_t t, std::int32_t k) { by_home[k] = static_cast<std::int32_t>(t); },
      false, own_begin_.data());
  own_begin_[schools] = static_cast<std::int32_t>(home.size());
  begin_ = own_begin_, teachers_ = own_teachers_;
}

}  // namespace edusim

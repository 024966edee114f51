#include "metrics/assessed_staff.hpp"

namespace edusim {

AssessedStaff::AssessedStaff(const World& world, RotatingTeachers rule) {
  if (rule == RotatingTeachers::Destination) {
    begin_ = world.school_teacher_begin, teachers_ = world.teachers_by_school;
    return;
  }
  // A counting sort by home school; stable, so each school's teachers are in teacher order
  // as in the world's own index (the order of the assessment's sums).
  const auto& home = world.teachers.home_school;
  own_begin_.assign(world.schools.size() + 1, 0);
  for (const std::int32_t s : home) ++own_begin_[static_cast<std::size_t>(s) + 1];
  for (std::size_t s = 0; s + 1 < own_begin_.size(); ++s) own_begin_[s + 1] += own_begin_[s];
  own_teachers_.resize(home.size());
  std::vector<std::int32_t> next(own_begin_.begin(), own_begin_.end() - 1);
  for (std::size_t i = 0; i < home.size(); ++i)
    own_teachers_[static_cast<std::size_t>(next[static_cast<std::size_t>(home[i])]++)] =
        static_cast<std::int32_t>(i);
  begin_ = own_begin_, teachers_ = own_teachers_;
}

}  // namespace edusim

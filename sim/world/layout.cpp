#include "world/layout.hpp"

#include <stdexcept>

namespace edusim {

LayoutBuilder::LayoutBuilder(World& world)
    : students_(std::move(world.recycled_students)), classes_(std::move(world.recycled_classes)) {
  students_.for_each_column([](auto& column) { column.clear(); });
  classes_.for_each_column([](auto& column) { column.clear(); });
  const std::size_t n_schools = world.schools.size();
  school_class_begin_.assign(n_schools + 1, 0);
  opened_.assign(n_schools, 0);
}

void LayoutBuilder::reserve(std::size_t n) {
  students_.for_each_column([n](auto& column) { column.reserve(n); });
}

void LayoutBuilder::begin_school(std::int32_t school) {
  const auto s = static_cast<std::size_t>(school);
  if (current_school_ >= 0 && school <= current_school_)
    throw std::logic_error("LayoutBuilder: schools must be added in increasing index order");
  school_class_begin_.at(s) = static_cast<std::int32_t>(classes_.size());
  opened_[s] = 1;
  current_school_ = school;
}

void LayoutBuilder::begin_cohort(std::int8_t grade) {
  current_grade_ = grade;
  cohort_begin_ = students_.size();
}

void LayoutBuilder::add_student(std::uint32_t id, float achievement, float teacher_value_added,
                                float ses, Zone residence) {
  students_.id.push_back(id);
  students_.achievement.push_back(achievement);
  students_.teacher_value_added.push_back(teacher_value_added);
  students_.ses.push_back(ses);
  students_.residence.push_back(residence);
}

void LayoutBuilder::add_range(const Students& from, std::size_t begin, std::size_t end) {
  students_.for_each_column_pair(from, [begin, end](auto& to, const auto& source) {
    to.insert(to.end(), source.begin() + static_cast<std::ptrdiff_t>(begin),
              source.begin() + static_cast<std::ptrdiff_t>(end));
  });
}

void LayoutBuilder::end_cohort(std::int32_t max_class_size) {
  const auto n = static_cast<std::int64_t>(students_.size() - cohort_begin_);
  if (n == 0) return;
  const std::int64_t n_classes = (n + max_class_size - 1) / max_class_size;
  for (std::int64_t c = 0; c < n_classes; ++c) {
    // Near-equal split: class c gets students [c*n/k, (c+1)*n/k).
    classes_.school.push_back(current_school_);
    classes_.grade.push_back(current_grade_);
    classes_.student_begin.push_back(static_cast<std::int32_t>(cohort_begin_ + c * n / n_classes));
    classes_.class_teacher.push_back(-1);
  }
}

void LayoutBuilder::finish(World& world) {
  // Schools never opened (closed, or without students) get an empty range.
  const std::size_t n = opened_.size();
  school_class_begin_[n] = static_cast<std::int32_t>(classes_.size());
  for (std::size_t s = n; s-- > 0;)
    if (!opened_[s]) school_class_begin_[s] = school_class_begin_[s + 1];
  classes_.student_begin.push_back(static_cast<std::int32_t>(students_.size()));
  std::swap(world.students, students_);
  std::swap(world.classes, classes_);
  world.recycled_students = std::move(students_);
  world.recycled_classes = std::move(classes_);
  world.school_class_begin = std::move(school_class_begin_);
}

}  // namespace edusim

#pragma once
// Builds the contiguous student/class layout (school, then grade, then class).
// Used by the district generator and by the yearly student progression, which
// both produce a fresh layout from cohorts in school order.
//
// Two modes. Appending: begin_cohort, add_student / add_range, end_cohort.
// Planned (the hot paths): every cohort is declared with its size first
// (add_cohort returns where its students go), then allocate() sizes the
// columns once and the caller writes the slots, in parallel if it likes; no
// per-student push_back and no serial copy.
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "world/world.hpp"

namespace edusim {

class LayoutBuilder {
 public:
  /// Builds into the world's recycled buffers (capacity kept).
  explicit LayoutBuilder(World& world);

  /// Schools must be opened in index order 0, 1, 2, ...; cohorts in grade order.
  /// Reserves room for n students (avoids regrowing every column).
  void reserve(std::size_t n);
  void begin_school(std::int32_t school);
  void begin_cohort(std::int8_t grade);
  void add_student(std::uint32_t id, float achievement, float teacher_value_added, float ses,
                   Zone residence);
  /// Appends students [begin, end) of another table (a cohort moving up a grade).
  void add_range(const Students& from, std::size_t begin, std::size_t end);
  /// Splits the cohort into ceil(n / max_class_size) classes of near-equal size.
  void end_cohort(std::int32_t max_class_size);
  /// Planned mode: declares a cohort of n students in the current school (its
  /// classes are split at once) and returns the index of its first student.
  std::size_t add_cohort(std::int8_t grade, std::size_t n, std::int32_t max_class_size);
  /// Planned mode for every school at once, instead of begin_school and add_cohort in
  /// school order: sizes[s][g] students in grade g of each open school s (its level's
  /// grades), classes split as add_cohort splits them. The schools' class and student
  /// offsets come from one pass over the schools; the classes are written per school in
  /// parallel. Returns the first student slot of every cohort, [s][g]. A fresh builder only.
  using CohortSizes = std::array<std::size_t, kGrades + 1>;
  std::vector<CohortSizes> plan_schools(const Schools& schools,
                                        const std::vector<CohortSizes>& sizes);
  /// Planned mode: sizes every student column for the cohorts declared and
  /// returns the table; the caller then writes each slot exactly once.
  Students& allocate();
  /// Moves the layout into the world (the old one becomes the recycled
  /// buffers); schools never opened get no classes.
  void finish(World& world);

 private:
  Students students_;
  Classes classes_;
  std::vector<std::int32_t> school_class_begin_;
  std::vector<std::uint8_t> opened_;
  std::int32_t current_school_ = -1;
  std::int8_t current_grade_ = 0;
  std::size_t cohort_begin_ = 0;
  std::size_t planned_ = 0;  ///< students declared in planned mode
  bool cleared_ = false;     ///< appending mode starts from empty columns
  bool allocated_ = false;

  void split_classes(std::size_t first, std::size_t n, std::int32_t max_class_size);
};

/// Moves students to other schools of the same level, keeping their grade:
/// destination[i] is the school student i moves to, or -1 to stay. Movers join
/// the end of their grade's cohort at the destination (in student order) and
/// every cohort is re-split into classes. Closed schools (open == 0) get no
/// classes, so each of their students needs a destination. Class teachers are
/// cleared (class_assignment sets them). Used by consolidation and drift.
void relocate_students(World& world, const std::vector<std::int32_t>& destination);

/// Student index range [first, second) of one grade of one school ({0, 0} if none).
std::pair<std::int32_t, std::int32_t> cohort_range(const World& world, std::size_t school,
                                                   int grade);

}  // namespace edusim

#include "world/layout.hpp"

#include <tbb/parallel_for.h>

#include <stdexcept>
#include <string>

#include "core/huge_pages.hpp"

namespace edusim {

LayoutBuilder::LayoutBuilder(World& world)
    : students_(std::move(world.recycled_students)), classes_(std::move(world.recycled_classes)) {
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
  if (!cleared_) {  // the recycled columns still hold the year before
    students_.for_each_column([](auto& column) { column.clear(); });
    cleared_ = true;
  }
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
  split_classes(cohort_begin_, students_.size() - cohort_begin_, max_class_size);
}

namespace {

std::int64_t class_count(std::size_t n, std::int32_t max_class_size) {
  return (static_cast<std::int64_t>(n) + max_class_size - 1) / max_class_size;
}

/// Writes the classes of a cohort of n students from student `first` into classes
/// [at, at + class_count): near-equal, class c gets students [c*n/k, (c+1)*n/k).
void write_split(Classes& classes, std::size_t at, std::size_t first, std::size_t n,
                 std::int32_t max_class_size, std::int32_t school, std::int8_t grade) {
  const auto size = static_cast<std::int64_t>(n);
  const std::int64_t n_classes = class_count(n, max_class_size);
  for (std::int64_t c = 0; c < n_classes; ++c) {
    const auto k = at + static_cast<std::size_t>(c);
    classes.school[k] = school;
    classes.grade[k] = grade;
    classes.student_begin[k] =
        static_cast<std::int32_t>(static_cast<std::int64_t>(first) + c * size / n_classes);
    classes.class_teacher[k] = -1;
  }
}

}  // namespace

void LayoutBuilder::split_classes(std::size_t first, std::size_t n, std::int32_t max_class_size) {
  if (n == 0) return;
  const std::size_t at = classes_.size();
  const auto added = static_cast<std::size_t>(class_count(n, max_class_size));
  classes_.for_each_column([&](auto& column) { column.resize(at + added); });
  write_split(classes_, at, first, n, max_class_size, current_school_, current_grade_);
}

std::vector<LayoutBuilder::CohortSizes> LayoutBuilder::plan_schools(
    const Schools& schools, const std::vector<CohortSizes>& sizes) {
  if (cleared_ || planned_ > 0 || current_school_ >= 0 || classes_.size() > 0)
    throw std::logic_error("LayoutBuilder: plan_schools needs a fresh builder");
  const std::size_t n = schools.size();
  const auto grades = [&](std::size_t s) {
    return std::pair{first_grade(schools.level[s]), last_grade(schools.level[s])};
  };
  // Each school's class and student counts (in parallel), then their running sums.
  std::vector<std::size_t> class_end(n, 0), student_end(n, 0);
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t s) {
    if (!schools.open[s]) return;
    const auto [g0, g1] = grades(s);
    for (int g = g0; g <= g1; ++g) {
      const std::size_t k = sizes[s][static_cast<std::size_t>(g)];
      class_end[s] += static_cast<std::size_t>(class_count(k, schools.max_class_size[s]));
      student_end[s] += k;
    }
  });
  for (std::size_t s = 1; s < n; ++s)
    class_end[s] += class_end[s - 1], student_end[s] += student_end[s - 1];
  classes_.for_each_column([&](auto& column) { column.resize(n > 0 ? class_end[n - 1] : 0); });
  std::vector<CohortSizes> first(n);
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t s) {
    std::size_t c = s > 0 ? class_end[s - 1] : 0, i = s > 0 ? student_end[s - 1] : 0;
    if (!schools.open[s]) return;
    school_class_begin_[s] = static_cast<std::int32_t>(c);
    opened_[s] = 1;
    const auto [g0, g1] = grades(s);
    for (int g = g0; g <= g1; ++g) {
      const std::size_t k = sizes[s][static_cast<std::size_t>(g)];
      const std::int32_t max = schools.max_class_size[s];
      first[s][static_cast<std::size_t>(g)] = i;
      write_split(classes_, c, i, k, max, static_cast<std::int32_t>(s),
                  static_cast<std::int8_t>(g));
      c += static_cast<std::size_t>(class_count(k, max)), i += k;
    }
  });
  planned_ = n > 0 ? student_end[n - 1] : 0;
  current_school_ = static_cast<std::int32_t>(n);  // no begin_school after this
  return first;
}

std::size_t LayoutBuilder::add_cohort(std::int8_t grade, std::size_t n,
                                      std::int32_t max_class_size) {
  if (cleared_) throw std::logic_error("LayoutBuilder: planned and appending modes mixed");
  current_grade_ = grade;
  const std::size_t first = planned_;
  planned_ += n;
  split_classes(first, n, max_class_size);
  return first;
}

Students& LayoutBuilder::allocate() {
  // Resizing keeps the capacity of the recycled columns: no page faults and no
  // zero-filling except where the district has grown.
  students_.for_each_column([this](auto& column) {
    if (column.capacity() < planned_) {
      // Regrowing would copy last year's values only to overwrite them: start
      // afresh, with headroom for a growing district.
      column = {};
      reserve_huge(column, planned_ + planned_ / 8, planned_);
    }
    column.resize(planned_);
  });
  allocated_ = true;
  return students_;
}

void LayoutBuilder::finish(World& world) {
  if (!cleared_ && !allocated_) {  // nothing appended or planned: an empty layout
    if (planned_ > 0) throw std::logic_error("LayoutBuilder: planned layout not allocated");
    students_.for_each_column([](auto& column) { column.clear(); });
  }
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

namespace {

constexpr std::size_t kGradeSlots = 10;  // grades 1..9, indexed directly

/// Students arriving at each (school, grade), in student order.
std::vector<std::vector<std::uint32_t>> arrivals(const World& w,
                                                 const std::vector<std::int32_t>& destination) {
  std::vector<std::vector<std::uint32_t>> in(w.schools.size() * kGradeSlots);
  for (std::size_t c = 0; c < w.classes.size(); ++c)
    for (auto i = w.classes.student_begin[c]; i < w.classes.student_begin[c + 1]; ++i) {
      const auto to = destination[static_cast<std::size_t>(i)];
      if (to < 0) continue;
      const auto ts = static_cast<std::size_t>(to);
      const Level level = w.schools.level[ts];
      const int g = w.classes.grade[c];
      if (!w.schools.open[ts] || g < first_grade(level) || g > last_grade(level))
        throw std::logic_error("relocate_students: student " + std::to_string(w.students.id[i]) +
                               " sent to a closed school or one without its grade");
      in[ts * kGradeSlots + static_cast<std::size_t>(g)].push_back(static_cast<std::uint32_t>(i));
    }
  return in;
}

void copy_student(LayoutBuilder& out, const Students& from, std::size_t i) {
  out.add_student(from.id[i], from.achievement[i], from.teacher_value_added[i], from.ses[i],
                  from.residence[i]);
}

}  // namespace

void relocate_students(World& world, const std::vector<std::int32_t>& destination) {
  if (destination.size() != world.students.size())
    throw std::logic_error("relocate_students: one destination per student needed");
  const auto in = arrivals(world, destination);
  const Students& old = world.students;
  LayoutBuilder out(world);
  out.reserve(old.size());
  for (std::size_t s = 0; s < world.schools.size(); ++s) {
    const auto first = world.school_class_begin[s], last = world.school_class_begin[s + 1];
    if (!world.schools.open[s]) {
      for (auto i = world.school_student_begin(s); i < world.school_student_begin(s + 1); ++i)
        if (destination[static_cast<std::size_t>(i)] < 0)
          throw std::logic_error("relocate_students: a student stays in closed school " +
                                 world.schools.name[s]);
      continue;
    }
    const Level level = world.schools.level[s];
    out.begin_school(static_cast<std::int32_t>(s));
    for (int g = first_grade(level); g <= last_grade(level); ++g) {
      out.begin_cohort(static_cast<std::int8_t>(g));
      for (auto c = first; c < last; ++c) {
        const auto ci = static_cast<std::size_t>(c);
        if (world.classes.grade[ci] != g) continue;
        for (auto i = world.classes.student_begin[ci]; i < world.classes.student_begin[ci + 1]; ++i)
          if (destination[static_cast<std::size_t>(i)] < 0)
            copy_student(out, old, static_cast<std::size_t>(i));
      }
      for (auto i : in[s * kGradeSlots + static_cast<std::size_t>(g)]) copy_student(out, old, i);
      out.end_cohort(world.schools.max_class_size[s]);
    }
  }
  out.finish(world);
}

std::pair<std::int32_t, std::int32_t> cohort_range(const World& w, std::size_t school, int grade) {
  std::int32_t begin = -1, end = -1;
  for (auto c = w.school_class_begin[school]; c < w.school_class_begin[school + 1]; ++c) {
    const auto ci = static_cast<std::size_t>(c);
    if (w.classes.grade[ci] != grade) continue;
    if (begin < 0) begin = w.classes.student_begin[ci];
    end = w.classes.student_begin[ci + 1];
  }
  return begin < 0 ? std::pair{0, 0} : std::pair{begin, end};
}

}  // namespace edusim

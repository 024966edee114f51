#include "world/group_gaps.hpp"

#include <algorithm>
#include <limits>

namespace edusim {

namespace {

struct Totals {
  double students = 0, achievement = 0, teachers = 0, effectiveness = 0;
  void add(const World& w, std::size_t s) {
    const auto first = w.school_student_begin(s), last = w.school_student_begin(s + 1);
    for (auto i = first; i < last; ++i)
      achievement += w.students.achievement[static_cast<std::size_t>(i)];
    students += last - first;
    for (auto k = w.school_teacher_begin[s]; k < w.school_teacher_begin[s + 1]; ++k)
      effectiveness += w.teachers.effectiveness[static_cast<std::size_t>(
          w.teachers_by_school[static_cast<std::size_t>(k)])];
    teachers += w.school_teacher_begin[s + 1] - w.school_teacher_begin[s];
  }
};

double gap(double lead_sum, double lead_n, double member_sum, double member_n) {
  return lead_n > 0 && member_n > 0 ? lead_sum / lead_n - member_sum / member_n : kNaN;
}
}  // namespace

std::size_t group_count(const World& w) {
  std::int32_t most = -1;
  for (auto g : w.schools.group) most = std::max(most, g);
  return static_cast<std::size_t>(most + 1);
}

SeriesGroup group_series(std::size_t n_groups) {
  return {"groups",
          n_groups,
          {{"lead_member_gap_achievement", "SD",
            "mean achievement of the lead school minus that of its member schools"},
           {"lead_member_gap_effectiveness", "SD",
            "mean teacher effectiveness of the lead school minus that of its member schools"}}};
}

std::vector<double> group_gap_rows(const World& w, std::size_t n_groups) {
  std::vector<Totals> lead(n_groups), members(n_groups);
  for (std::size_t s = 0; s < w.schools.size(); ++s) {
    const auto g = w.schools.group[s];
    if (g < 0 || !w.schools.open[s]) continue;
    (w.schools.group_role[s] == GroupRole::Lead ? lead : members)[static_cast<std::size_t>(g)].add(
        w, s);
  }
  std::vector<double> rows(2 * n_groups);
  for (std::size_t g = 0; g < n_groups; ++g) {
    rows[g] =
        gap(lead[g].achievement, lead[g].students, members[g].achievement, members[g].students);
    rows[n_groups + g] =
        gap(lead[g].effectiveness, lead[g].teachers, members[g].effectiveness, members[g].teachers);
  }
  return rows;
}

}  // namespace edusim

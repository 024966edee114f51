#include "world/invariants.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace edusim {

namespace {

[[noreturn]] void broken(std::string_view where, const std::string& what) {
  throw InvariantError(fmt::format("invariant broken at {}: {}", where, what));
}

template <class V>
bool all_unique(V ids) {
  std::sort(ids.begin(), ids.end());
  return std::adjacent_find(ids.begin(), ids.end()) == ids.end();
}

template <class V>
bool all_finite(const V& values) {
  return std::all_of(values.begin(), values.end(), [](float x) { return std::isfinite(x); });
}

/// A teacher's title and post are grades, the post at most one above the title (低职高聘);
/// a rotating teacher teaches at the destination, away from home; anyone else is at home.
void check_posts_and_rotation(const Teachers& t, std::size_t i, std::int32_t n_schools,
                              std::string_view where) {
  if (t.title[i] < 0 || t.title[i] >= kTitleGrades || t.post_title[i] < t.title[i] ||
      t.post_title[i] > t.title[i] + 1 || t.post_title[i] >= kTitleGrades)
    broken(where, fmt::format("teacher {} has title {} and post {} (post must be the title or "
                              "one grade above)",
                              t.id[i], t.title[i], t.post_title[i]));
  if (t.home_school[i] < 0 || t.home_school[i] >= n_schools)
    broken(where,
           fmt::format("teacher {} has no valid home school ({})", t.id[i], t.home_school[i]));
  const bool rotating = t.rotation_destination[i] >= 0;
  if (rotating && (t.school[i] != t.rotation_destination[i] || t.home_school[i] == t.school[i] ||
                   t.rotation_years_left[i] <= 0 || t.rotation_kind[i] == RotationKind::None))
    broken(where, fmt::format("rotating teacher {} is not at its destination {} away from home {} "
                              "with a term left",
                              t.id[i], t.rotation_destination[i], t.home_school[i]));
  if (!rotating && (t.school[i] != t.home_school[i] || t.rotation_kind[i] != RotationKind::None))
    broken(where, fmt::format("teacher {} is not rotating but teaches at {} away from home {}",
                              t.id[i], t.school[i], t.home_school[i]));
}

void check_teachers(const World& w, std::string_view where) {
  const auto& t = w.teachers;
  const auto n_schools = static_cast<std::int32_t>(w.schools.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t.school[i] < 0 || t.school[i] >= n_schools)
      broken(where, fmt::format("teacher {} has no valid school ({})", t.id[i], t.school[i]));
    if (!w.schools.open[static_cast<std::size_t>(t.school[i])])
      broken(where, fmt::format("teacher {} is in closed school {}", t.id[i], t.school[i]));
    check_posts_and_rotation(t, i, n_schools, where);
  }
  if (!all_unique(t.id)) broken(where, "two teachers share an id");
  if (!all_finite(t.effectiveness) || !all_finite(t.morale) || !all_finite(t.burnout))
    broken(where, "a teacher has a NaN or infinite effectiveness, morale or burnout");
  // The index lists every teacher exactly once, under its own school.
  if (w.teachers_by_school.size() != t.size() ||
      w.school_teacher_begin.size() != w.schools.size() + 1)
    broken(where, "the teacher index is out of date");
  std::vector<std::uint8_t> seen(t.size(), 0);
  for (std::size_t s = 0; s < w.schools.size(); ++s) {
    for (auto k = w.school_teacher_begin[s]; k < w.school_teacher_begin[s + 1]; ++k) {
      const auto i = static_cast<std::size_t>(w.teachers_by_school[static_cast<std::size_t>(k)]);
      if (seen[i]++ || t.school[i] != static_cast<std::int32_t>(s))
        broken(where, fmt::format("teacher {} is listed twice or under the wrong school", t.id[i]));
    }
  }
}

void check_classes(const World& w, std::string_view where, ClassTeachers rule) {
  const auto& c = w.classes;
  const auto& begin = c.student_begin;
  if (begin.size() != c.size() + 1 || begin.front() != 0 ||
      begin.back() != static_cast<std::int32_t>(w.students.size()))
    broken(where, "classes do not cover the student array");
  if (w.school_class_begin.size() != w.schools.size() + 1 || w.school_class_begin.front() != 0 ||
      w.school_class_begin.back() != static_cast<std::int32_t>(c.size()))
    broken(where, "schools do not cover the class array");
  for (std::size_t s = 0; s < w.schools.size(); ++s) {
    const Level level = w.schools.level[s];
    int previous_grade = 0;
    for (auto k = w.school_class_begin[s]; k < w.school_class_begin[s + 1]; ++k) {
      const auto ci = static_cast<std::size_t>(k);
      if (begin[ci + 1] < begin[ci]) broken(where, fmt::format("class {} has a negative size", k));
      if (c.school[ci] != static_cast<std::int32_t>(s))
        broken(where, fmt::format("class {} is stored under school {} but belongs to {}", k, s,
                                  c.school[ci]));
      if (c.grade[ci] < first_grade(level) || c.grade[ci] > last_grade(level) ||
          c.grade[ci] < previous_grade)
        broken(where, fmt::format("class {} of school {} has grade {} out of order or level", k, s,
                                  c.grade[ci]));
      previous_grade = c.grade[ci];
      const auto teacher = c.class_teacher[ci];
      if (teacher >= 0 &&
          w.teachers.school[static_cast<std::size_t>(teacher)] != static_cast<std::int32_t>(s))
        broken(where,
               fmt::format("class {} of school {} has a class teacher from another school", k, s));
      if (teacher < 0 && w.school_teachers(s) > 0 && rule == ClassTeachers::Required)
        broken(where,
               fmt::format("class {} has no class teacher though school {} has teachers", k, s));
    }
    if (!w.schools.open[s] && w.school_students(s) > 0)
      broken(where, fmt::format("closed school {} still has students", s));
  }
}

/// The posts a leader table serves: schools (World::leaders) or kindergartens
/// (World::kindergarten_leaders), named in messages as `post` with a head called `head`.
struct PostTable {
  const Leaders& leaders;
  const std::vector<std::uint8_t>& open;
  std::string_view post, head;
};

/// A leader serves at a valid open post; a rotating leader serves at its
/// destination, away from home, with a term left; anyone else serves at home.
void check_leader_post(const PostTable& t, std::size_t i, std::string_view where) {
  const auto& l = t.leaders;
  const auto n = static_cast<std::int32_t>(t.open.size());
  if (l.school[i] < 0 || l.school[i] >= n || l.home_school[i] < 0 || l.home_school[i] >= n)
    broken(where, fmt::format("leader {} has no valid {} ({}) or home {} ({})", l.id[i], t.post,
                              l.school[i], t.post, l.home_school[i]));
  if (!t.open[static_cast<std::size_t>(l.school[i])])
    broken(where, fmt::format("leader {} serves in closed {} {}", l.id[i], t.post, l.school[i]));
  const bool rotating = l.rotation_destination[i] >= 0;
  if (rotating && (l.school[i] != l.rotation_destination[i] || l.home_school[i] == l.school[i] ||
                   l.rotation_years_left[i] <= 0))
    broken(where, fmt::format("rotating leader {} is not at its destination {} away from home {} "
                              "with a term left",
                              l.id[i], l.rotation_destination[i], l.home_school[i]));
  if (!rotating && l.school[i] != l.home_school[i])
    broken(where, fmt::format("leader {} is not rotating but serves at {} away from home {}",
                              l.id[i], l.school[i], l.home_school[i]));
}

/// With leaders in the table (none when the leaders mechanism is off), every open
/// post has exactly one head serving there.
void check_leader_table(const PostTable& t, std::string_view where) {
  const auto& l = t.leaders;
  if (l.size() == 0) return;
  std::vector<std::int32_t> heads(t.open.size(), 0);
  for (std::size_t i = 0; i < l.size(); ++i) {
    check_leader_post(t, i, where);
    if (l.role[i] == LeaderRole::Principal) ++heads[static_cast<std::size_t>(l.school[i])];
  }
  for (std::size_t s = 0; s < t.open.size(); ++s)
    if (t.open[s] && heads[s] != 1)
      broken(where, fmt::format("open {} {} has {} {}s (must have exactly one)", t.post, s,
                                heads[s], t.head));
  if (!all_unique(l.id)) broken(where, fmt::format("two leaders of {}s share an id", t.post));
  if (!all_finite(l.quality)) broken(where, "a leader has a NaN or infinite quality");
}

void check_leaders(const World& w, std::string_view where) {
  check_leader_table({w.leaders, w.schools.open, "school", "principal"}, where);
  check_leader_table({w.kindergarten_leaders, w.kindergartens.open, "kindergarten", "head"}, where);
  if (w.kindergarten_leaders.size() > 0) {
    std::vector<std::uint32_t> ids(w.leaders.id);
    ids.insert(ids.end(), w.kindergarten_leaders.id.begin(), w.kindergarten_leaders.id.end());
    if (!all_unique(ids)) broken(where, "a school leader and a kindergarten leader share an id");
  }
}

/// Kindergarten teachers serve at a valid kindergarten, each counted there, with unique ids
/// and finite effectiveness.
void check_kindergarten_teachers(const World& w, std::string_view where) {
  const KindergartenTeachers& t = w.kindergarten_teachers;
  if (t.size() == 0) return;
  std::vector<std::int32_t> serving(w.kindergartens.size(), 0);
  const auto n = static_cast<std::int32_t>(w.kindergartens.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t.kindergarten[i] < 0 || t.kindergarten[i] >= n)
      broken(where, fmt::format("kindergarten teacher {} has no valid kindergarten ({})", t.id[i],
                                t.kindergarten[i]));
    if (t.title[i] < 0 || t.title[i] >= kTitleGrades)
      broken(where, fmt::format("kindergarten teacher {} has title {}", t.id[i], t.title[i]));
    ++serving[static_cast<std::size_t>(t.kindergarten[i])];
  }
  for (std::size_t k = 0; k < serving.size(); ++k)
    if (serving[k] != w.kindergartens.teachers[k])
      broken(where, fmt::format("kindergarten {} counts {} teachers but {} serve there", k,
                                w.kindergartens.teachers[k], serving[k]));
  if (!all_unique(t.id)) broken(where, "two kindergarten teachers share an id");
  if (!all_finite(t.effectiveness))
    broken(where, "a kindergarten teacher has a NaN or infinite effectiveness");
}

/// Kindergartens: children and staff are counts, the staff follow from the classes.
void check_kindergartens(const World& w, std::string_view where) {
  const Kindergartens& kg = w.kindergartens;
  check_kindergarten_teachers(w, where);
  for (std::size_t k = 0; k < kg.size(); ++k) {
    for (const auto c : kg.children[k])
      if (c < 0) broken(where, fmt::format("kindergarten {} has a negative year group", k));
    if (kg.classes[k] < 0 || kg.teachers[k] < 0 || kg.care_staff[k] < 0)
      broken(where, fmt::format("kindergarten {} has negative classes or staff", k));
    if (!std::isfinite(kg.teacher_effectiveness[k]))
      broken(where, fmt::format("kindergarten {} has a NaN teacher effectiveness", k));
    if (!std::isfinite(kg.talent_shift[k]))
      broken(where, fmt::format("kindergarten {} has a NaN talent shift", k));
    if (kg.school_group[k] >= 0 && std::find(w.schools.group.begin(), w.schools.group.end(),
                                             kg.school_group[k]) == w.schools.group.end())
      broken(where, fmt::format("kindergarten {} is in school group {}, which has no school", k,
                                kg.school_group[k]));
  }
}

}  // namespace

void check_invariants(const World& w, std::string_view where, ClassTeachers rule) {
  check_teachers(w, where);
  check_classes(w, where, rule);
  check_leaders(w, where);
  check_kindergartens(w, where);
  if (!all_unique(w.students.id))
    broken(where, "two students share an id (a student is in two places)");
  if (!all_finite(w.students.achievement) || !all_finite(w.students.teacher_value_added) ||
      !all_finite(w.students.ses))
    broken(where, "a student has a NaN or infinite achievement or SES");
}

void check_flows(const World& w, const YearFlows& f, std::string_view where) {
  const auto teachers = static_cast<std::int64_t>(w.teachers.size());
  const auto expected_teachers = f.teachers_at_start + YearFlows::total(f.hires) + f.interns_hired +
                                 f.substitutes_hired - YearFlows::total(f.retirements) -
                                 YearFlows::total(f.quits) - f.contract_ends -
                                 f.teachers_to_leaders;
  if (teachers != expected_teachers)
    broken(where, fmt::format("teachers {} != start {} + hires + interns + substitutes - "
                              "retirements - quits - contract ends - to leaders = {}",
                              teachers, f.teachers_at_start, expected_teachers));
  const auto kg_leaders = static_cast<std::int64_t>(w.kindergarten_leaders.size());
  const auto expected_kg_leaders = f.kindergarten_leaders_at_start +
                                   f.kindergarten_leader_appointments -
                                   f.kindergarten_leader_retirements - f.kindergarten_leader_quits;
  if (kg_leaders != expected_kg_leaders)
    broken(where,
           fmt::format("kindergarten leaders {} != start {} + appointed - retired - quits = {}",
                       kg_leaders, f.kindergarten_leaders_at_start, expected_kg_leaders));
  const auto kg_teachers = static_cast<std::int64_t>(w.kindergarten_teachers.size());
  const auto expected_kg_teachers =
      f.kindergarten_teachers_at_start + f.kindergarten_teacher_hires -
      f.kindergarten_teacher_retirements - f.kindergarten_teacher_quits -
      f.kindergarten_teachers_to_leaders;
  if (kg_teachers != expected_kg_teachers)
    broken(where, fmt::format("kindergarten teachers {} != start {} + hires - retirements - "
                              "quits - to leaders = {}",
                              kg_teachers, f.kindergarten_teachers_at_start, expected_kg_teachers));
  const auto students = static_cast<std::int64_t>(w.students.size());
  const auto expected_students = f.students_at_start + f.entrants - f.graduates - f.left_district;
  if (students != expected_students)
    broken(where, fmt::format("students {} != start {} + entrants - graduates - left = {}",
                              students, f.students_at_start, expected_students));
}

}  // namespace edusim

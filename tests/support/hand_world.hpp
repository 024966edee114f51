#pragma once
// Tiny worlds built by hand for the pay, cost, morale and school-strength tests:
// every number in them is chosen by the test, so expected values can be worked
// out on paper.
#include <cstdint>
#include <string>
#include <vector>

#include "world/world.hpp"

namespace edusim::testing {

/// One hand-made school: its zone, level and enrolment.
struct HandSchool {
  Zone zone = Zone::Urban;
  Level level = Level::Primary;
  std::int32_t students = 0;
};

/// Open, ordinary schools named "school 0", "school 1", ..., each with one grade-1
/// class holding its students (achievement and SES 0); no teachers yet.
inline World hand_world(const std::vector<HandSchool>& schools) {
  World w;
  w.school_class_begin = {0};
  w.classes.student_begin = {0};
  for (const HandSchool& h : schools) {
    const auto s = static_cast<std::int32_t>(w.schools.size());
    w.schools.name.push_back("school " + std::to_string(s));
    w.schools.level.push_back(h.level);
    w.schools.zone.push_back(h.zone);
    w.schools.housing_units.push_back(0);
    w.schools.open.push_back(1);
    w.schools.strength.push_back(Strength::Ordinary);
    w.classes.school.push_back(s);
    w.classes.grade.push_back(1);
    w.classes.class_teacher.push_back(-1);
    for (std::int32_t k = 0; k < h.students; ++k) {
      w.students.id.push_back(w.next_student_id++);
      w.students.achievement.push_back(0);
      w.students.teacher_value_added.push_back(0);
      w.students.ses.push_back(0);
      w.students.residence.push_back(h.zone);
    }
    w.classes.student_begin.push_back(static_cast<std::int32_t>(w.students.size()));
    w.school_class_begin.push_back(static_cast<std::int32_t>(w.classes.size()));
  }
  index_teachers(w);
  return w;
}

/// Appends a regular teacher of title grade `title` holding a post of grade `post`
/// (the title itself when negative) at `school`; re-indexes the teachers.
inline std::size_t add_regular(World& w, std::int32_t school, std::int8_t title,
                               std::int8_t post = -1) {
  const std::size_t i = add_teacher(w.teachers, w.next_teacher_id++, school);
  w.teachers.title[i] = title;
  w.teachers.post_title[i] = post < 0 ? title : post;
  index_teachers(w);
  return i;
}

/// Appends an intern or substitute at `school`; re-indexes the teachers.
inline std::size_t add_temporary(World& w, std::int32_t school, Contract contract) {
  const std::size_t i = add_teacher(w.teachers, w.next_teacher_id++, school);
  w.teachers.contract[i] = contract;
  index_teachers(w);
  return i;
}

/// Sends teacher i on rotation to school `to` (teaching there, home school kept).
inline void send_on_rotation(World& w, std::size_t i, std::int32_t to) {
  w.teachers.school[i] = w.teachers.rotation_destination[i] = to;
  w.teachers.rotation_kind[i] = RotationKind::OrdinaryOut;
  w.teachers.rotation_years_left[i] = 1;
  index_teachers(w);
}

}  // namespace edusim::testing

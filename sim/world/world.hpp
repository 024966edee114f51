#pragma once
// The state of a district: schools, teachers, students and classes, each in
// structure-of-arrays form (one std::vector per field, indexed by position).
//
// Layout rules the phases rely on:
//  * students are stored contiguous by school, then grade, then class, so a
//    class is a range [class_student_begin[c], class_student_begin[c+1]);
//  * classes are stored contiguous by school and grade, so a school's classes
//    are [school_class_begin[s], school_class_begin[s+1]);
//  * teachers are in no particular order (they move between schools); the
//    index `teachers_by_school` is rebuilt by `index_teachers()`.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/types.hpp"

namespace edusim {

struct Schools {
  std::vector<std::string> name;
  std::vector<Level> level;
  std::vector<Zone> zone;
  std::vector<float> x_km, y_km;          ///< location, for catchments and nearest-school rules
  std::vector<std::int32_t> capacity;     ///< student places
  std::vector<std::int32_t> base_intake;  ///< grade-1 cohort size in the start year
  std::vector<std::int32_t> max_class_size;
  std::vector<std::int32_t> catchment_middle;  ///< primaries: middle school their grade 6 moves to
  // Facilities (national balance indicators).
  std::vector<float> floor_area_m2;
  std::vector<float> sports_area_m2;
  std::vector<float> equipment_value_yuan;
  std::vector<std::int32_t> multimedia_classrooms;
  std::vector<std::int32_t> housing_units;  ///< teacher housing (周转房) at or near the school
  std::vector<float> ses_mean;              ///< mean SES of the school's intake
  std::vector<float> talent_shift;          ///< school effect on the talent of teachers it hires
  // District structure (neutral until the structure mechanisms are on).
  std::vector<std::int32_t> group;  ///< education group, -1 none
  std::vector<GroupRole> group_role;
  std::vector<GroupType> group_type;        ///< type of the school's group (None without one)
  std::vector<std::int32_t> alliance;       ///< alliance (学区/共同体), -1 none
  std::vector<std::uint8_t> alliance_core;  ///< 1 for the core school of its alliance
  std::vector<std::uint8_t> open;           ///< 0 once consolidated
  std::vector<Strength> strength;           ///< weak / ordinary / strong (phase school_strength)
  /// Principal quality minus the mean of the open schools' principals, NaN without one:
  /// computed once a year after the phases that change leaders (phase leadership) and read
  /// by teacher demography, growth, learning and morale.
  std::vector<float> leadership;

  std::size_t size() const { return name.size(); }
};

struct Teachers {
  std::vector<std::uint32_t> id;          ///< stable over the run; keys the random streams
  std::vector<std::int32_t> school;       ///< where the teacher teaches now
  std::vector<std::int32_t> home_school;  ///< employer of record (differs while rotating)
  std::vector<std::int16_t> age;
  std::vector<std::uint8_t> female;           ///< 1: a woman (retires by the women's rules)
  std::vector<std::int16_t> experience;       ///< years of teaching
  std::vector<std::int16_t> years_at_school;  ///< years at the current school
  std::vector<std::int16_t> years_in_title;   ///< years since the last promotion
  std::vector<std::int8_t> title;             ///< professional title grade 0..4 (三级..正高级)
  std::vector<std::int8_t> post_title;  ///< grade of the post held (title + 1 under 低职高聘)
  std::vector<Degree> degree;
  std::vector<std::int8_t> backbone;  ///< 0 none, 1 school, 2 district, 3 city or higher
  std::vector<Subject> subject;
  std::vector<Contract> contract;
  std::vector<float> effectiveness;  ///< value added per year, student-achievement SD units
  std::vector<float> morale;         ///< 0..1
  std::vector<float> burnout;        ///< 0..1
  // Rotation state (neutral until rotation is on).
  std::vector<std::int32_t> rotation_destination;  ///< -1 when not rotating
  std::vector<std::int16_t> rotation_years_left;
  std::vector<std::uint8_t> has_rotated;
  std::vector<RotationKind> rotation_kind;        ///< None when not rotating
  std::vector<std::int8_t> settling_years_left;   ///< years of settling in at a new school
  std::vector<std::int16_t> rural_service_years;  ///< years taught in rural or weak schools
  // Other exchange modes: a share of the load taught at, or spent guiding, another school.
  std::vector<std::int32_t> part_time_school;  ///< 兼职交流/兼课: -1 none
  std::vector<float> part_time_share;          ///< share of the load taught there, 0..1
  std::vector<std::int32_t> guidance_school;   ///< 学科指导: -1 none
  std::vector<float> guidance_share;           ///< share of time guiding there, 0..1

  std::size_t size() const { return id.size(); }
  /// Calls f(column) for every field: the one list of columns that adding,
  /// removing and snapshotting teachers share.
  template <class F>
  void for_each_column(F&& f) {
    f(id), f(school), f(home_school), f(age), f(female), f(experience), f(years_at_school);
    f(years_in_title), f(title), f(post_title), f(degree), f(backbone), f(subject);
    f(contract), f(effectiveness), f(morale), f(burnout), f(rotation_destination);
    f(rotation_years_left), f(has_rotated), f(rotation_kind), f(settling_years_left);
    f(rural_service_years), f(part_time_school), f(part_time_share), f(guidance_school);
    f(guidance_share);
  }
};

/// School leaders (校级干部), structure-of-arrays like the teachers.
struct Leaders {
  std::vector<std::uint32_t> id;          ///< stable over the run; keys the random streams
  std::vector<std::int32_t> school;       ///< where the leader serves now
  std::vector<std::int32_t> home_school;  ///< post of record (differs while rotating)
  std::vector<LeaderRole> role;
  std::vector<LeaderRank> rank;
  std::vector<std::int16_t> age;
  std::vector<std::int16_t> experience;     ///< years as a school leader
  std::vector<std::int16_t> years_in_post;  ///< years at the current school
  std::vector<float> quality;  ///< leadership, in the units of its effect (see the leaders phase)
  std::vector<std::int32_t> rotation_destination;  ///< -1 when not rotating
  std::vector<std::int16_t> rotation_years_left;
  std::vector<std::uint8_t> has_rotated;

  std::size_t size() const { return id.size(); }
  template <class F>
  void for_each_column(F&& f) {
    f(id), f(school), f(home_school), f(role), f(rank), f(age), f(experience), f(years_in_post);
    f(quality), f(rotation_destination), f(rotation_years_left), f(has_rotated);
  }
};

/// Kindergartens (幼儿园), public or private: a level of their own beside the schools, with
/// children counted per year group (小班/中班/大班, ages 3-5) rather than as students. Their
/// teachers are agents of World::kindergarten_teachers (hired to the class norms); care
/// staff are counted only. They have no achievement: the learning phases and the 2017
/// balance standard see schools only. Their heads and deputy heads (园长) are leaders in
/// World::kindergarten_leaders, whose `school` indexes this table.
struct Kindergartens {
  std::vector<std::string> name;
  std::vector<Zone> zone;
  std::vector<std::uint8_t> is_private;  ///< 1 private (民办), 0 public (公办)
  std::vector<float> x_km, y_km;
  std::vector<float> size_weight;  ///< share of its zone's enrolled children, before normalising
  std::vector<std::array<std::int32_t, kYearGroups>> children;  ///< enrolled, per year group
  std::vector<std::int32_t> classes;         ///< classes over the three year groups
  std::vector<std::int32_t> teachers;        ///< full-time teachers (专任教师) serving there
  std::vector<std::int32_t> care_staff;      ///< care staff (保育员)
  std::vector<float> teacher_effectiveness;  ///< mean of its teachers, student SD units
  std::vector<float> talent_shift;           ///< added to the talent of the novices it hires
  std::vector<std::int32_t> group;           ///< education group (kindergarten groups), -1 none
  std::vector<GroupRole> group_role;
  std::vector<std::int32_t> alliance;       ///< kindergarten community (共同体), -1 none
  std::vector<std::uint8_t> alliance_core;  ///< 1 for the core kindergarten of its community
  /// Schools' education group it belongs to as a member (a cross-level group led by a
  /// school, 跨层级的中小学(幼儿园)教育集团), -1 none.
  std::vector<std::int32_t> school_group;
  std::vector<std::uint8_t> open;

  std::size_t size() const { return name.size(); }
  std::int32_t enrolled(std::size_t k) const {
    return children[k][0] + children[k][1] + children[k][2];
  }
};

/// Kindergarten teachers (幼儿园专任教师), structure-of-arrays like Teachers: each serves one
/// kindergarten for good (no rotation or transfers), on the primary and middle schools'
/// title ladder (三级..正高级, one ladder since 人社部发〔2015〕79号).
struct KindergartenTeachers {
  std::vector<std::uint32_t> id;  ///< stable over the run; keys the random streams
  std::vector<std::int32_t> kindergarten;
  std::vector<std::int16_t> age;
  std::vector<std::int16_t> experience;      ///< years of teaching
  std::vector<std::int16_t> years_in_title;  ///< years since the last promotion
  std::vector<std::int8_t> title;            ///< title grade 0..4 (三级..正高级)
  std::vector<float> effectiveness;          ///< student SD units, as the schools' teachers

  std::size_t size() const { return id.size(); }
  template <class F>
  void for_each_column(F&& f) {
    f(id), f(kindergarten), f(age), f(experience), f(years_in_title), f(title), f(effectiveness);
  }
};

struct Classes {
  std::vector<std::int32_t> school;
  std::vector<std::int8_t> grade;           ///< 1..9
  std::vector<std::int32_t> student_begin;  ///< size classes + 1
  std::vector<std::int32_t> class_teacher;  ///< index into Teachers, -1 if none

  std::size_t size() const { return school.size(); }
  template <class F>
  void for_each_column(F&& f) {
    f(school), f(grade), f(student_begin), f(class_teacher);
  }
};

struct Students {
  std::vector<std::uint32_t> id;
  std::vector<float> achievement;          ///< standardized score, SD units
  std::vector<float> teacher_value_added;  ///< part of achievement added by teachers, fading
  std::vector<float> ses;                  ///< socio-economic status, SD units
  std::vector<Zone> residence;

  std::size_t size() const { return id.size(); }
  /// Calls f(column) for every field (see Teachers::for_each_column).
  template <class F>
  void for_each_column(F&& f) {
    f(id), f(achievement), f(teacher_value_added), f(ses), f(residence);
  }
  /// Calls f(column, other.column) for every field of two student tables.
  template <class F>
  void for_each_column_pair(const Students& other, F&& f) {
    f(id, other.id), f(achievement, other.achievement);
    f(teacher_value_added, other.teacher_value_added), f(ses, other.ses);
    f(residence, other.residence);
  }
};

struct World {
  Schools schools;
  Teachers teachers;
  Classes classes;
  Students students;
  Leaders leaders;
  Kindergartens kindergartens;
  Leaders kindergarten_leaders;  ///< heads and deputy heads; `school` indexes kindergartens
  KindergartenTeachers kindergarten_teachers;
  std::vector<std::int32_t> school_class_begin;  ///< size schools + 1
  // Index of active teachers by current school (rebuilt by index_teachers()).
  std::vector<std::int32_t> school_teacher_begin;  ///< size schools + 1
  std::vector<std::int32_t> teachers_by_school;

  // Storage of the previous layout, reused by the next rebuild so that the
  // yearly relayout neither allocates nor faults in fresh pages (no state).
  Students recycled_students;
  Classes recycled_classes;

  std::uint32_t next_teacher_id = 0;
  std::uint32_t next_student_id = 0;
  std::uint32_t next_leader_id = 0;
  std::uint32_t next_kindergarten_teacher_id = 0;
  int year = 0;  ///< simulated years completed

  /// Index of school s's first student: students are laid out school by school, so
  /// school s holds [school_student_begin(s), school_student_begin(s + 1)).
  std::int32_t school_student_begin(std::size_t s) const {
    return classes.student_begin[static_cast<std::size_t>(school_class_begin[s])];
  }
  std::int32_t school_students(std::size_t s) const {
    return school_student_begin(s + 1) - school_student_begin(s);
  }
  std::int32_t school_teachers(std::size_t s) const {
    return school_teacher_begin[s + 1] - school_teacher_begin[s];
  }
};

/// Rebuilds teachers_by_school by a counting sort (stable: keeps teacher order).
void index_teachers(World& world);

/// Appends one teacher with neutral values for every field; returns its index.
std::size_t add_teacher(Teachers& teachers, std::uint32_t id, std::int32_t school);

/// Straight-line distance between schools a and b, in km (in double precision).
double school_distance_km(const Schools& schools, std::size_t a, std::size_t b);

/// Keeps the teachers for which keep[i] is true, preserving order.
void compact_teachers(Teachers& teachers, const std::vector<std::uint8_t>& keep);

/// Keeps the rows of a small structure-of-arrays table (one with for_each_column) for which
/// keep[i] is true, preserving order.
template <class Table>
void compact_rows(Table& table, const std::vector<std::uint8_t>& keep) {
  table.for_each_column([&keep](auto& column) {
    std::size_t out = 0;
    for (std::size_t i = 0; i < column.size(); ++i)
      if (keep[i]) column[out++] = column[i];
    column.resize(out);
  });
}

}  // namespace edusim

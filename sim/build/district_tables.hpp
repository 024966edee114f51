#pragma once
// The three tables a real district is loaded from (schools, teachers,
// enrolment), one struct per row. Each `visit` declares the table's columns:
// the loader, the exporter and the column dictionary in docs/ all use it.
#include <cmath>
#include <limits>
#include <string>

#include "core/types.hpp"
#include "model/schema.hpp"

namespace edusim {

inline constexpr double kNotGiven = std::numeric_limits<double>::quiet_NaN();

struct SchoolRow {
  std::string id;
  std::string name;
  Level level = Level::Primary;
  Zone zone = Zone::Urban;
  double x_km = kNotGiven, y_km = kNotGiven;
  std::string catchment;  ///< id of the middle school grade 6 moves to (primaries)
  std::int32_t capacity = -1;
  std::int32_t max_class_size = 0;  ///< 0: 45 (primary) or 50 (middle)
  double floor_area_m2 = 0, sports_area_m2 = 0, equipment_value_yuan = 0;
  std::int32_t multimedia_classrooms = 0;
  double ses_mean = kNotGiven;
  double talent_shift = 0;
  std::string group;
  GroupRole group_role = GroupRole::None;
  GroupType group_type = GroupType::CollaborativeSupport;  ///< read for schools in a group
  std::string alliance;
  bool alliance_core = false;
  std::int32_t housing_units = 0;

  void visit(schema::Visitor& v);
};

struct TeacherRow {
  std::string id;
  std::string school;
  std::int32_t age = 0;
  std::int32_t female = -1;  ///< 1 a woman, 0 a man, -1 not given (drawn)
  std::int32_t experience = 0;
  std::int32_t years_at_school = -1;  ///< -1: not given (taken as experience)
  std::int32_t years_in_title = 0;
  TitleGrade title = TitleGrade::Third;
  bool title_uplift = false;  ///< holds a post one grade above the title (低职高聘)
  Degree degree = Degree::Bachelor;
  BackboneLevel backbone = BackboneLevel::None;
  Subject subject = Subject::Core;
  double effectiveness = kNotGiven;  ///< drawn when not given
  double morale = kNotGiven;         ///< initial_morale when not given
  double burnout = 0;

  void visit(schema::Visitor& v);
};

struct EnrolmentRow {
  std::string school;
  std::int32_t grade = 0;
  std::int32_t students = 0;

  void visit(schema::Visitor& v);
};

/// One kindergarten (幼儿园). Children and staff may be left out: the children are then
/// enrolled from district.kindergartens.attendance_rate and the staff follow the class norms.
struct KindergartenRow {
  std::string id;
  std::string name;
  Zone zone = Zone::Urban;
  bool is_private = false;
  double x_km = kNotGiven, y_km = kNotGiven;
  std::int32_t children_small = -1, children_middle = -1, children_large = -1;
  std::int32_t teachers = -1, care_staff = -1;
  double effectiveness = kNotGiven;
  std::string group;
  GroupRole group_role = GroupRole::None;
  std::string community;
  bool community_core = false;
  std::string school_group;  ///< a group of the schools table (cross-level), empty none

  void visit(schema::Visitor& v);
};

/// Markdown column dictionary of the three tables (docs/data-tables.md).
std::string table_reference_markdown();

}  // namespace edusim

#include "build/district_tables.hpp"

#include "model/structure_spec.hpp"  // enum_names(const GroupType*)

#include "io/table_reader.hpp"

namespace edusim {

void SchoolRow::visit(schema::Visitor& v) {
  const char* kStandard = "stock counted by the national balance standard (教督〔2017〕6号)";
  v.field("id", id, {{"unique id of the school (any text); other tables refer to it"}, true});
  v.field("name", name, {{"school name (kept out of outputs unless from_data.keep_names)"}, true});
  v.field("level", level, {{"primary (grades 1-6) or middle (grades 7-9)"}, true});
  v.field("zone", zone, {{"urban, town or rural"}, true});
  v.field("x_km", x_km,
          {-1e4, 1e4, {"location east of any origin (for nearest-school rules)", "km"}});
  v.field("y_km", y_km, {-1e4, 1e4, {"location north of the same origin", "km"}});
  v.field("catchment", catchment,
          {{"primaries: id of the middle school their grade 6 moves to (default: the nearest "
            "by x_km, y_km)"}});
  v.field("capacity", capacity,
          {-1, 100000, {"student places (default: enrolment + 15%)", "students"}});
  v.field("max_class_size", max_class_size,
          {0, 120, {"largest class (default 45 primary, 50 middle)", "students"}});
  v.field("floor_area_m2", floor_area_m2,
          {0, 1e7, {"teaching and auxiliary floor area", "m2", kStandard}, true});
  v.field("sports_area_m2", sports_area_m2,
          {0, 1e7, {"sports ground area", "m2", kStandard}, true});
  v.field("equipment_value_yuan", equipment_value_yuan,
          {0, 1e11, {"value of teaching equipment", "yuan", kStandard}, true});
  v.field("multimedia_classrooms", multimedia_classrooms,
          {0, 10000, {"networked multimedia classrooms", "rooms", kStandard}, true});
  v.field("ses_mean", ses_mean,
          {-3, 3, {"mean SES of the intake (default: the zone mean of district.students)", "SD"}});
  v.field("talent_shift", talent_shift,
          {-1, 1, {"effect of the school on the talent of the teachers it hires", "SD"}});
  v.field("group", group, {{"education group name (empty: none)"}});
  v.field("group_role", group_role, {{"none, lead or member"}});
  v.field("group_type", group_type,
          {{"type of the school's education group, read from the lead school's row: "
            "tight_integration, collaborative_support, regional_cooperation, strong_strong"}});
  v.field("alliance", alliance, {{"alliance (学区/共同体) name (empty: none)"}});
  v.field("alliance_core", alliance_core,
          {"true for the core school of its alliance (the target of the alliance spillover)"});
  v.field("housing_units", housing_units,
          {0, 100000, {"teacher housing units (周转房) at or near the school", "units"}});
}

void TeacherRow::visit(schema::Visitor& v) {
  v.field("id", id, {{"unique id of the teacher (any text; not written to outputs)"}, true});
  v.field("school", school,
          {{"id of the school the teacher teaches at, or of a kindergarten of kindergartens.csv (a "
            "kindergarten teacher: only id, age, experience, years_in_title, title and "
            "effectiveness apply; backbone none, subject core, title_uplift false; other cells "
            "empty)"},
           true});
  v.field("age", age,
          {18,
           75,
           {"age (below the retirement age of the teacher's sex and title: "
            "demography.retirement_age, retirement_age_women, retirement_age_senior_women; "
            "a teacher whose sex is drawn, below demography.retirement_age; at a "
            "kindergarten, below district.kindergartens.teachers.retirement_age)",
            "years"},
           true});
  v.field("female", female,
          {-1,
           1,
           {"1 for a woman, 0 for a man (default -1: drawn from district.teachers.female_share "
            "of the school's level, as for a generated teacher)",
            "0/1"}});
  v.field("experience", experience, {0, 60, {"years of teaching", "years"}, true});
  v.field("years_at_school", years_at_school,
          {-1, 60, {"years at the current school (default: experience)", "years"}});
  v.field("years_in_title", years_in_title, {0, 60, {"years since the last promotion", "years"}});
  v.field("title", title,
          {{"title grade 三级..正高级: third, second, first, senior, professor"}, true});
  v.field("title_uplift", title_uplift,
          {"true if the teacher holds a post one grade above the title (低职高聘)"});
  v.field("degree", degree, {{"highest degree"}, true});
  v.field("backbone", backbone, {{"backbone (骨干) level: none, school, district, city"}});
  v.field("subject", subject, {{"core, or pe_art (music, PE, fine arts)"}});
  v.field("effectiveness", effectiveness,
          {-2,
           3,
           {"value added per year (default: drawn from district.teachers.talent plus the "
            "experience gain)",
            "student SD"}});
  v.field("morale", morale, {0, 1, {"morale (default: district.teachers.initial_morale)", "0..1"}});
  v.field("burnout", burnout, {0, 1, {"burnout", "0..1"}});
}

void EnrolmentRow::visit(schema::Visitor& v) {
  v.field("school", school, {{"id of the school"}, true});
  v.field("grade", grade, {1, 9, {"grade (1-6 primary, 7-9 middle)"}, true});
  v.field("students", students, {0, 100000, {"students enrolled in the grade", "students"}, true});
}

void KindergartenRow::visit(schema::Visitor& v) {
  v.field("id", id, {{"unique id of the kindergarten (any text)"}, true});
  v.field("name", name, {{"kindergarten name (kept out of outputs unless from_data.keep_names)"}});
  v.field("zone", zone, {{"urban, town or rural"}, true});
  v.field("private", is_private, {"true for a private (民办) kindergarten"});
  v.field("x_km", x_km, {-1e4, 1e4, {"location east of the schools' origin", "km"}});
  v.field("y_km", y_km, {-1e4, 1e4, {"location north of the same origin", "km"}});
  const char* kChildren =
      "children enrolled in the year group (give all three or none: none enrols by "
      "district.kindergartens.attendance_rate)";
  v.field("children_small", children_small, {-1, 100000, {kChildren, "children"}});
  v.field("children_middle", children_middle, {-1, 100000, {kChildren, "children"}});
  v.field("children_large", children_large, {-1, 100000, {kChildren, "children"}});
  v.field("teachers", teachers,
          {-1,
           100000,
           {"full-time teachers (default: the class norm; with teachers listed in teachers.csv, "
            "their number)",
            "teachers"}});
  v.field("care_staff", care_staff,
          {-1, 100000, {"care staff (default: the class norm)", "staff"}});
  v.field("effectiveness", effectiveness,
          {-2,
           3,
           {"mean teacher effectiveness (default: the schools' teachers' mean, plus "
            "district.kindergartens.private_effectiveness_shift for a private kindergarten; "
            "must be empty when teachers.csv lists the kindergarten's teachers: their mean)",
            "SD"}});
  v.field("group", group, {{"kindergarten group name (empty: none)"}});
  v.field("group_role", group_role, {{"none, lead or member"}});
  v.field("community", community, {{"kindergarten community (共同体) name (empty: none)"}});
  v.field("school_group", school_group,
          {{"a group of the schools table the kindergarten belongs to as a member: a "
            "cross-level group (跨层级的中小学(幼儿园)教育集团) led by a school (empty: none)"}});
  v.field("community_core", community_core, {"true for the core kindergarten of its community"});
}

namespace {
template <class Row>
std::string columns_of() {
  return column_reference([](schema::Visitor& v) {
    Row prototype{};
    prototype.visit(v);
  });
}
}  // namespace

std::string table_reference_markdown() {
  return "## schools.csv\n\n" + columns_of<SchoolRow>() + "\n## teachers.csv\n\n" +
         columns_of<TeacherRow>() + "\n## enrolment.csv\n\n" + columns_of<EnrolmentRow>() +
         "\n## kindergartens.csv (optional)\n\n" + columns_of<KindergartenRow>();
}

}  // namespace edusim

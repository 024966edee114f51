#include "build/data_loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <unordered_map>

#include "build/district_tables.hpp"
#include "build/generator.hpp"
#include "build/kindergarten_table.hpp"
#include "core/error.hpp"
#include "io/scenario_io.hpp"
#include "io/table_reader.hpp"

namespace edusim {

namespace {

constexpr double kDefaultCapacityMargin = 0.15;

/// Index of each distinct non-empty name, in order of first appearance.
class NameIndex {
 public:
  std::int32_t of(const std::string& name) {
    if (name.empty()) return -1;
    return index_.try_emplace(name, static_cast<std::int32_t>(index_.size())).first->second;
  }

 private:
  std::unordered_map<std::string, std::int32_t> index_;
};

struct SchoolTable {
  CsvTable table;
  std::vector<SchoolRow> rows;
  std::unordered_map<std::string, std::size_t> index;  ///< id -> row
};

SchoolTable read_schools(const std::string& file) {
  SchoolTable t{read_csv(file), {}, {}};
  t.rows = read_table<SchoolRow>(t.table);
  if (t.rows.empty()) throw InputError(fmt::format("{}: the table has no schools", file));
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto [it, fresh] = t.index.emplace(t.rows[r].id, r);
    if (!fresh)
      table_error(t.table, r, "id",
                  fmt::format("duplicate id '{}' (first at line {})", t.rows[r].id,
                              t.table.line[it->second]));
  }
  return t;
}

void check_school_row(const SchoolTable& t, std::size_t r, std::int32_t group) {
  const SchoolRow& row = t.rows[r];
  if (std::isnan(row.x_km) != std::isnan(row.y_km))
    table_error(t.table, r, std::isnan(row.x_km) ? "x_km" : "y_km",
                "give both x_km and y_km, or neither");
  if (group >= 0 && row.group_role == GroupRole::None)
    table_error(t.table, r, "group_role", "must be lead or member for a school in a group");
  if (group < 0 && row.group_role != GroupRole::None)
    table_error(t.table, r, "group_role", "is lead or member but the school has no group");
  if (row.level == Level::Middle && !row.catchment.empty())
    table_error(t.table, r, "catchment", "applies to primary schools only");
}

/// Every education group has exactly one lead school.
void check_group_leads(const SchoolTable& t, const std::vector<std::int32_t>& group) {
  std::vector<int> leads;
  std::vector<std::size_t> first_row;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const auto g = group[r];
    if (g < 0) continue;
    if (static_cast<std::size_t>(g) == leads.size()) leads.push_back(0), first_row.push_back(r);
    if (t.rows[r].group_role == GroupRole::Lead && leads[static_cast<std::size_t>(g)]++ > 0)
      table_error(t.table, r, "group_role",
                  fmt::format("group '{}' has a second lead school", t.rows[r].group));
  }
  for (std::size_t g = 0; g < leads.size(); ++g)
    if (leads[g] == 0)
      table_error(t.table, first_row[g], "group_role",
                  fmt::format("group '{}' has no lead school", t.rows[first_row[g]].group));
}

void build_schools(World& w, const Scenario& s, const SchoolTable& t) {
  Schools& sc = w.schools;
  NameIndex groups, alliances;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const SchoolRow& row = t.rows[r];
    const std::int32_t group = groups.of(row.group);
    check_school_row(t, r, group);
    sc.name.push_back(s.district.from_data.keep_names ? row.name : fmt::format("school {}", r));
    sc.level.push_back(row.level);
    sc.zone.push_back(row.zone);
    sc.x_km.push_back(static_cast<float>(std::isnan(row.x_km) ? 0.0 : row.x_km));
    sc.y_km.push_back(static_cast<float>(std::isnan(row.y_km) ? 0.0 : row.y_km));
    sc.capacity.push_back(row.capacity);
    sc.base_intake.push_back(0);
    sc.max_class_size.push_back(row.max_class_size > 0 ? row.max_class_size
                                                       : (row.level == Level::Primary ? 45 : 50));
    sc.catchment_middle.push_back(-1);
    sc.floor_area_m2.push_back(static_cast<float>(row.floor_area_m2));
    sc.sports_area_m2.push_back(static_cast<float>(row.sports_area_m2));
    sc.equipment_value_yuan.push_back(static_cast<float>(row.equipment_value_yuan));
    sc.multimedia_classrooms.push_back(row.multimedia_classrooms);
    sc.ses_mean.push_back(static_cast<float>(
        std::isnan(row.ses_mean) ? s.district.students.ses_mean[index(row.zone)] : row.ses_mean));
    sc.talent_shift.push_back(static_cast<float>(row.talent_shift));
    sc.group.push_back(group);
    sc.group_role.push_back(row.group_role);
    sc.alliance.push_back(alliances.of(row.alliance));
    sc.open.push_back(1);
    sc.strength.push_back(Strength::Ordinary);
    sc.group_type.push_back(group >= 0 ? row.group_type : GroupType::None);
    sc.alliance_core.push_back(row.alliance_core && !row.alliance.empty());
    sc.housing_units.push_back(row.housing_units);
  }
  check_group_leads(t, sc.group);
  // A group's type is the one on its lead school's row.
  std::vector<GroupType> type_of(t.rows.size(), GroupType::None);
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    if (sc.group[r] >= 0 && sc.group_role[r] == GroupRole::Lead)
      type_of[static_cast<std::size_t>(sc.group[r])] = sc.group_type[r];
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    if (sc.group[r] >= 0) sc.group_type[r] = type_of[static_cast<std::size_t>(sc.group[r])];
}

/// Middle school of each primary: its `catchment` column, else the nearest
/// middle school when the table gives locations.
void set_catchments(World& w, const SchoolTable& t) {
  bool any_middle = false;
  for (const auto& row : t.rows) any_middle = any_middle || row.level == Level::Middle;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const SchoolRow& row = t.rows[r];
    if (row.level != Level::Primary) continue;
    if (!row.catchment.empty()) {
      const auto it = t.index.find(row.catchment);
      if (it == t.index.end())
        table_error(t.table, r, "catchment", fmt::format("unknown school id '{}'", row.catchment));
      if (t.rows[it->second].level != Level::Middle)
        table_error(t.table, r, "catchment",
                    fmt::format("school '{}' is not a middle school", row.catchment));
      w.schools.catchment_middle[r] = static_cast<std::int32_t>(it->second);
    } else if (any_middle && std::isnan(row.x_km)) {
      table_error(t.table, r, "catchment",
                  "is empty and the school has no x_km, y_km to find its nearest middle school");
    }
  }
}

/// Students per (school, grade) from the enrolment table.
std::vector<std::array<std::int32_t, kGrades + 1>> read_enrolment(const std::string& file,
                                                                  const SchoolTable& schools) {
  const CsvTable table = read_csv(file);
  const auto rows = read_table<EnrolmentRow>(table);
  std::vector<std::array<std::int32_t, kGrades + 1>> count(schools.rows.size());
  for (auto& c : count) c.fill(-1);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto it = schools.index.find(rows[r].school);
    if (it == schools.index.end())
      table_error(table, r, "school", fmt::format("unknown school id '{}'", rows[r].school));
    const Level level = schools.rows[it->second].level;
    const int g = rows[r].grade;
    if (g < first_grade(level) || g > last_grade(level))
      table_error(table, r, "grade",
                  fmt::format("grade {} is not taught by {} school '{}' (grades {}-{})", g,
                              kLevelNames[index(level)], rows[r].school, first_grade(level),
                              last_grade(level)));
    auto& cell = count[it->second][static_cast<std::size_t>(g)];
    if (cell >= 0)
      table_error(table, r, "grade",
                  fmt::format("school '{}' grade {} is listed twice", rows[r].school, g));
    cell = rows[r].students;
  }
  for (auto& c : count)
    for (auto& n : c) n = std::max(n, 0);
  return count;
}

/// Schools and kindergartens share the id space of the teachers table's `school` column.
void check_id_collisions(const SchoolTable& schools, const KindergartenTable& kindergartens) {
  for (std::size_t r = 0; r < kindergartens.rows.size(); ++r)
    if (const auto it = schools.index.find(kindergartens.rows[r].id); it != schools.index.end())
      table_error(kindergartens.table, r, "id",
                  fmt::format("'{}' is also the id of a school ({}:{}); the teachers table could "
                              "not tell them apart: give schools and kindergartens different ids",
                              kindergartens.rows[r].id, schools.table.file,
                              schools.table.line[it->second]));
}

/// The teachers table, each row a school's teacher or a kindergarten's.
struct TeacherTable {
  CsvTable table;
  std::vector<TeacherRow> rows;
  std::vector<std::int32_t> kindergarten;  ///< the row's kindergarten, -1 a school's teacher
};

/// Checks of a teacher row that hold at schools and kindergartens alike; `retirement` is the
/// key of the level's retirement age.
void check_teacher_row(const CsvTable& table, std::size_t r, const TeacherRow& row,
                       std::int32_t retirement_age, std::string_view retirement) {
  if (row.experience > row.age - 16)
    table_error(table, r, "experience",
                fmt::format("{} years is more than age {} minus 16", row.experience, row.age));
  if (row.years_at_school > row.experience)
    table_error(table, r, "years_at_school",
                fmt::format("{} years is more than the {} years of experience", row.years_at_school,
                            row.experience));
  if (row.years_in_title > row.experience)
    table_error(table, r, "years_in_title",
                fmt::format("{} years is more than the {} years of experience", row.years_in_title,
                            row.experience));
  if (row.age >= retirement_age)
    table_error(table, r, "age",
                fmt::format("{} is at or above {} ({})", row.age, retirement, retirement_age));
  if (row.title == TitleGrade::Professor && row.title_uplift)
    table_error(table, r, "title_uplift", "no post lies above the professor (正高级) grade");
}

/// Reads and checks every row; a row whose `school` names a kindergarten is read as that
/// kindergarten's teacher (read_kindergarten_teacher_row).
TeacherTable read_teachers(const std::string& file, const Scenario& s, const SchoolTable& schools,
                           const KindergartenTable& kindergartens) {
  TeacherTable t{read_csv(file), {}, {}};
  const CsvTable& table = t.table;
  check_table_header(table, [](schema::Visitor& v) {
    TeacherRow prototype{};
    prototype.visit(v);
  });
  if (table.size() == 0) throw InputError(fmt::format("{}: the table has no teachers", file));
  const auto school_column = static_cast<std::size_t>(
      std::find(table.header.begin(), table.header.end(), "school") - table.header.begin());
  std::unordered_map<std::string, std::size_t> seen;
  seen.reserve(table.size());
  t.rows.resize(table.size());
  t.kindergarten.assign(table.size(), -1);
  for (std::size_t r = 0; r < table.size(); ++r) {
    TeacherRow& row = t.rows[r];
    const auto kindergarten =
        kindergartens.index.empty()
            ? kindergartens.index.end()
            : kindergartens.index.find(std::string(table.cell(r, school_column)));
    if (kindergarten != kindergartens.index.end()) {
      row = read_kindergarten_teacher_row(table, r);
      t.kindergarten[r] = static_cast<std::int32_t>(kindergarten->second);
    } else {
      read_table_row(table, r, [&row](schema::Visitor& v) { row.visit(v); });
    }
    if (const auto [it, fresh] = seen.emplace(row.id, r); !fresh)
      table_error(
          table, r, "id",
          fmt::format("duplicate id '{}' (first at line {})", row.id, table.line[it->second]));
    if (t.kindergarten[r] < 0 && !schools.index.contains(row.school))
      table_error(table, r, "school",
                  fmt::format("unknown {} id '{}'",
                              kindergartens.index.empty() ? "school" : "school or kindergarten",
                              row.school));
    if (t.kindergarten[r] >= 0)
      check_teacher_row(table, r, row, s.district.kindergartens.teachers.retirement_age,
                        "district.kindergartens.teachers.retirement_age");
    else {
      // A teacher whose sex is drawn is held to the men's age (row.female -1).
      const bool female = row.female == 1;
      const auto title = static_cast<std::int8_t>(row.title);
      check_teacher_row(table, r, row, s.demography.retirement_age_of(female, title),
                        DemographyParams::retirement_key_of(female, title));
    }
  }
  return t;
}

/// The schools' teachers of the table (its kindergartens' are added with the kindergartens).
void build_teachers(World& w, const Scenario& s, const TeacherTable& table,
                    const SchoolTable& schools) {
  if (std::all_of(table.kindergarten.begin(), table.kindergarten.end(),
                  [](std::int32_t k) { return k >= 0; }))
    throw InputError(fmt::format("{}: the table has no teachers of schools", table.table.file));
  Teachers& t = w.teachers;
  t.for_each_column([n = table.rows.size()](auto& column) { column.reserve(n); });
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    if (table.kindergarten[r] >= 0) continue;
    const TeacherRow& row = table.rows[r];
    const std::size_t school = schools.index.at(row.school);
    const std::uint32_t id = w.next_teacher_id++;
    const std::size_t i = add_teacher(t, id, static_cast<std::int32_t>(school));
    t.age[i] = static_cast<std::int16_t>(row.age);
    t.female[i] = row.female >= 0 ? row.female == 1 : drawn_female(s, w.schools.level[school], id);
    t.experience[i] = static_cast<std::int16_t>(row.experience);
    t.years_at_school[i] =
        static_cast<std::int16_t>(row.years_at_school >= 0 ? row.years_at_school : row.experience);
    t.years_in_title[i] = static_cast<std::int16_t>(row.years_in_title);
    t.title[i] = static_cast<std::int8_t>(row.title);
    t.post_title[i] = static_cast<std::int8_t>(static_cast<int>(row.title) + row.title_uplift);
    t.degree[i] = row.degree;
    t.backbone[i] = static_cast<std::int8_t>(row.backbone);
    t.subject[i] = row.subject;
    t.effectiveness[i] =
        std::isnan(row.effectiveness)
            ? drawn_effectiveness(s, w.schools.talent_shift[school], id, row.experience)
            : static_cast<float>(row.effectiveness);
    t.morale[i] = static_cast<float>(std::isnan(row.morale) ? s.district.teachers.initial_morale
                                                            : row.morale);
    t.burnout[i] = static_cast<float>(row.burnout);
  }
}

/// The kindergartens and the teachers the teachers table lists for them.
void build_kindergartens(World& w, const Scenario& s, const KindergartenTable& kindergartens,
                         const SchoolTable& schools, const TeacherTable& teachers) {
  std::unordered_map<std::string, std::int32_t> school_groups;  // name -> id
  for (std::size_t r = 0; r < schools.rows.size(); ++r)
    if (w.schools.group[r] >= 0) school_groups.emplace(schools.rows[r].group, w.schools.group[r]);
  std::vector<std::int32_t> listed(kindergartens.rows.size(), 0);
  for (const std::int32_t k : teachers.kindergarten)
    if (k >= 0) ++listed[static_cast<std::size_t>(k)];
  load_kindergartens(w, s, kindergartens, school_groups, listed);
  add_listed_kindergarten_teachers(w, s, teachers.rows, teachers.kindergarten);
}

}  // namespace

World load_district_data(const Scenario& s) {
  const DataSource& data = s.district.from_data;
  const SchoolTable schools = read_schools(resolve_path(s, data.schools));
  const auto enrolment = read_enrolment(resolve_path(s, data.enrolment), schools);
  const KindergartenTable kindergartens =
      data.kindergartens.empty() ? KindergartenTable{}
                                 : read_kindergartens(resolve_path(s, data.kindergartens));
  check_id_collisions(schools, kindergartens);
  World w;
  build_schools(w, s, schools);
  set_catchments(w, schools);
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc) {
    const Level level = w.schools.level[sc];
    std::int32_t students = 0;
    for (int g = first_grade(level); g <= last_grade(level); ++g)
      students += enrolment[sc][static_cast<std::size_t>(g)];
    w.schools.base_intake[sc] = enrolment[sc][static_cast<std::size_t>(first_grade(level))];
    if (w.schools.capacity[sc] < 0)
      w.schools.capacity[sc] =
          static_cast<std::int32_t>(std::ceil(students * (1 + kDefaultCapacityMargin)));
  }
  generate_students(w, s, [&enrolment](std::size_t school, int grade) {
    return enrolment[school][static_cast<std::size_t>(grade)];
  });
  {  // the teachers table's text is let go before the world is finished
    const TeacherTable teachers =
        read_teachers(resolve_path(s, data.teachers), s, schools, kindergartens);
    build_teachers(w, s, teachers, schools);
    if (!data.kindergartens.empty()) build_kindergartens(w, s, kindergartens, schools, teachers);
  }
  finish_world(w, s);
  return w;
}

}  // namespace edusim

#include "build/kindergarten_table.hpp"

#include <fmt/format.h>

#include <cmath>
#include <unordered_map>

#include "build/district_tables.hpp"
#include "build/generator.hpp"
#include "core/error.hpp"
#include "io/table_reader.hpp"
#include "phases/kindergarten_teachers.hpp"
#include "phases/kindergartens.hpp"

namespace edusim {

namespace {

/// The row's own consistency: locations and year groups given whole, group roles matching
/// the group.
void check_kindergarten_row(const CsvTable& table, const KindergartenRow& row, std::size_t r) {
  if (std::isnan(row.x_km) != std::isnan(row.y_km))
    table_error(table, r, std::isnan(row.x_km) ? "x_km" : "y_km",
                "give both x_km and y_km, or neither");
  const int given =
      (row.children_small >= 0) + (row.children_middle >= 0) + (row.children_large >= 0);
  if (given != 0 && given != 3)
    table_error(table, r,
                row.children_small < 0    ? "children_small"
                : row.children_middle < 0 ? "children_middle"
                                          : "children_large",
                "give the children of all three year groups, or none");
  if (!row.group.empty() && row.group_role == GroupRole::None)
    table_error(table, r, "group_role", "must be lead or member for a kindergarten in a group");
  if (row.group.empty() && row.group_role != GroupRole::None)
    table_error(table, r, "group_role", "is lead or member but the kindergarten has no group");
  if (row.community_core && row.community.empty())
    table_error(table, r, "community_core", "is true but the kindergarten has no community");
}

/// With `listed` teachers in the teachers table, the row may not give another mean or count.
void check_listed_staff(const CsvTable& table, const KindergartenRow& row, std::size_t r,
                        std::int32_t listed) {
  const char* plural = listed == 1 ? "" : "s";
  if (listed > 0 && !std::isnan(row.effectiveness))
    table_error(table, r, "effectiveness",
                fmt::format("is given, but the teachers table lists the kindergarten's teachers "
                            "({} row{}) and their mean is its effectiveness; leave the cell empty "
                            "and give each teacher's effectiveness there",
                            listed, plural));
  if (listed > 0 && row.teachers >= 0 && row.teachers != listed)
    table_error(table, r, "teachers",
                fmt::format("is {}, but the teachers table lists {} teacher{} of the kindergarten",
                            row.teachers, listed, plural));
}

/// Columns of the teachers table a kindergarten teacher has (World::kindergarten_teachers),
/// and those read only to check that they say what holds for every one of them.
constexpr std::string_view kKindergartenTeacherRowColumns[] = {
    "id",    "school",        "age",      "experience", "years_in_title",
    "title", "effectiveness", "backbone", "subject",    "title_uplift"};

std::string refused_for_kindergarten_teacher(const CsvTable& table, std::size_t r,
                                             std::string_view column) {
  for (const std::string_view applies : kKindergartenTeacherRowColumns)
    if (column == applies) return "";
  std::string_view kindergarten;
  for (std::size_t c = 0; c < table.header.size(); ++c)
    if (table.header[c] == "school") kindergarten = table.cell(r, c);
  return fmt::format(
      "does not apply to a teacher of kindergarten '{}' (the model keeps no {} for kindergarten "
      "teachers); leave the cell empty",
      kindergarten, column);
}

std::int32_t index_of(std::unordered_map<std::string, std::int32_t>& names,
                      const std::string& name) {
  if (name.empty()) return -1;
  return names.try_emplace(name, static_cast<std::int32_t>(names.size())).first->second;
}

double school_teachers_mean(const Teachers& t) {
  double sum = 0;
  for (const float e : t.effectiveness) sum += e;
  return t.size() > 0 ? sum / static_cast<double>(t.size()) : 0.0;
}

/// The id of the schools' group the row names in school_group (-1 none).
std::int32_t school_group_of(const CsvTable& table, std::size_t r, const KindergartenRow& row,
                             const std::unordered_map<std::string, std::int32_t>& school_groups) {
  if (row.school_group.empty()) return -1;
  const auto it = school_groups.find(row.school_group);
  if (it == school_groups.end())
    table_error(table, r, "school_group",
                fmt::format("names no group of the schools table ('{}')", row.school_group));
  return it->second;
}

void push_row(World& w, const Scenario& s, const KindergartenRow& row, std::size_t r,
              std::unordered_map<std::string, std::int32_t>& groups,
              std::unordered_map<std::string, std::int32_t>& communities, double effectiveness) {
  Kindergartens& kg = w.kindergartens;
  kg.name.push_back(s.district.from_data.keep_names && !row.name.empty()
                        ? row.name
                        : fmt::format("kindergarten {}", r));
  kg.zone.push_back(row.zone);
  kg.is_private.push_back(row.is_private);
  kg.x_km.push_back(static_cast<float>(std::isnan(row.x_km) ? 0.0 : row.x_km));
  kg.y_km.push_back(static_cast<float>(std::isnan(row.y_km) ? 0.0 : row.y_km));
  // New 小班 cohorts are shared by the size the table gives (equal shares without one).
  const std::int32_t given = row.children_small + row.children_middle + row.children_large;
  kg.size_weight.push_back(row.children_small >= 0 && given > 0 ? static_cast<float>(given) : 1.0f);
  kg.children.push_back({std::max(row.children_small, 0), std::max(row.children_middle, 0),
                         std::max(row.children_large, 0)});
  kg.classes.push_back(0);
  kg.teachers.push_back(row.teachers);
  kg.care_staff.push_back(row.care_staff);
  // Without a figure: the schools' teachers' mean, shifted for a private kindergarten.
  const double shift = row.is_private ? s.district.kindergartens.private_effectiveness_shift : 0.0;
  kg.teacher_effectiveness.push_back(static_cast<float>(
      std::isnan(row.effectiveness) ? effectiveness + shift : row.effectiveness));
  kg.group.push_back(index_of(groups, row.group));
  kg.group_role.push_back(row.group_role);
  kg.alliance.push_back(index_of(communities, row.community));
  kg.alliance_core.push_back(row.community_core);
  kg.talent_shift.push_back(0.0f);  // set with its teachers (generate_kindergarten_teachers)
  kg.open.push_back(1);
}

}  // namespace

KindergartenTable read_kindergartens(const std::string& file) {
  KindergartenTable t{read_csv(file), {}, {}};
  t.rows = read_table<KindergartenRow>(t.table);
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    if (const auto [it, fresh] = t.index.emplace(t.rows[r].id, r); !fresh)
      table_error(t.table, r, "id",
                  fmt::format("duplicate id '{}' (first at line {})", t.rows[r].id,
                              t.table.line[it->second]));
  return t;
}

TeacherRow read_kindergarten_teacher_row(const CsvTable& table, std::size_t r) {
  TeacherRow row;
  read_table_row(
      table, r, [&row](schema::Visitor& v) { row.visit(v); },
      [&table, r](std::string_view column) {
        return refused_for_kindergarten_teacher(table, r, column);
      });
  if (row.backbone != BackboneLevel::None)
    table_error(table, r, "backbone",
                "kindergarten teachers have no backbone (骨干) level in the model; give none or "
                "leave the cell empty");
  if (row.subject != Subject::Core)
    table_error(table, r, "subject",
                "kindergarten teachers have no subjects in the model; give core or leave the "
                "cell empty");
  if (row.title_uplift)
    table_error(table, r, "title_uplift",
                "kindergarten teachers hold the post of their title in the model (no 低职高聘); "
                "give false or leave the cell empty");
  return row;
}

void load_kindergartens(World& w, const Scenario& s, const KindergartenTable& t,
                        const std::unordered_map<std::string, std::int32_t>& school_groups,
                        const std::vector<std::int32_t>& listed) {
  const CsvTable& table = t.table;
  const std::vector<KindergartenRow>& rows = t.rows;
  std::unordered_map<std::string, std::int32_t> groups, communities;
  const double effectiveness = school_teachers_mean(w.teachers);
  bool any_without_children = false;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    check_kindergarten_row(table, rows[r], r);
    check_listed_staff(table, rows[r], r, listed[r]);
    push_row(w, s, rows[r], r, groups, communities, effectiveness);
    w.kindergartens.school_group.push_back(school_group_of(table, r, rows[r], school_groups));
    any_without_children = any_without_children || rows[r].children_small < 0;
  }
  // Without children in the table, every kindergarten of the zone shares its cohort equally.
  if (any_without_children) {
    const auto cohorts = zone_cohorts(w, s.enrolment, 0);
    const std::vector<std::array<std::int32_t, kYearGroups>> given = w.kindergartens.children;
    for (int g = 0; g < kYearGroups; ++g) enrol_year_group(w, s.district.kindergartens, cohorts, g);
    for (std::size_t r = 0; r < rows.size(); ++r)
      if (rows[r].children_small >= 0) w.kindergartens.children[r] = given[r];
  }
  const KindergartenSpec& spec = s.district.kindergartens;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const std::int32_t teachers = rows[k].teachers, care = rows[k].care_staff;
    staff_kindergarten(w.kindergartens, k, spec);
    if (teachers >= 0) w.kindergartens.teachers[k] = teachers;
    if (listed[k] > 0) w.kindergartens.teachers[k] = listed[k];
    if (care >= 0) w.kindergartens.care_staff[k] = care;
  }
}

void add_listed_kindergarten_teachers(World& w, const Scenario& s,
                                      const std::vector<TeacherRow>& rows,
                                      const std::vector<std::int32_t>& kindergarten) {
  Kindergartens& kg = w.kindergartens;
  const KindergartenCareerRules rules = kindergarten_rules(s);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (kindergarten[r] < 0) continue;
    const auto k = static_cast<std::size_t>(kindergarten[r]);
    kg.talent_shift[k] =
        static_cast<float>(kg.is_private[k] ? rules.spec.private_effectiveness_shift : 0.0);
    const TeacherRow& row = rows[r];
    const std::size_t i = add_kindergarten_teacher(w, k);
    KindergartenTeachers& t = w.kindergarten_teachers;
    t.age[i] = static_cast<std::int16_t>(row.age);
    t.experience[i] = static_cast<std::int16_t>(row.experience);
    t.years_in_title[i] = static_cast<std::int16_t>(row.years_in_title);
    t.title[i] = static_cast<std::int8_t>(row.title);
    t.effectiveness[i] = std::isnan(row.effectiveness)
                             ? kindergarten_teacher_talent(rules, world_context(s), t.id[i],
                                                           row.experience, kg.talent_shift[k])
                             : static_cast<float>(row.effectiveness);
  }
  update_kindergarten_effectiveness(w);
}

}  // namespace edusim

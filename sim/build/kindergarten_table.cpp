#include "build/kindergarten_table.hpp"

#include <fmt/format.h>

#include <cmath>
#include <unordered_map>

#include "build/district_tables.hpp"
#include "build/generator.hpp"
#include "core/error.hpp"
#include "io/table_reader.hpp"
#include "phases/kindergartens.hpp"

namespace edusim {

namespace {

/// The row's own consistency: ids unique, locations and year groups given whole, group
/// roles matching the group.
void check_kindergarten_row(const CsvTable& table, const std::vector<KindergartenRow>& rows,
                            std::size_t r, std::unordered_map<std::string, std::size_t>& seen) {
  const KindergartenRow& row = rows[r];
  if (const auto [it, fresh] = seen.emplace(row.id, r); !fresh)
    table_error(
        table, r, "id",
        fmt::format("duplicate id '{}' (first at line {})", row.id, table.line[it->second]));
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

void load_kindergartens(World& w, const Scenario& s, const std::string& file,
                        const std::unordered_map<std::string, std::int32_t>& school_groups) {
  const CsvTable table = read_csv(file);
  const auto rows = read_table<KindergartenRow>(table);
  std::unordered_map<std::string, std::size_t> seen;
  std::unordered_map<std::string, std::int32_t> groups, communities;
  const double effectiveness = school_teachers_mean(w.teachers);
  bool any_without_children = false;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    check_kindergarten_row(table, rows, r, seen);
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
    if (care >= 0) w.kindergartens.care_staff[k] = care;
  }
}

}  // namespace edusim

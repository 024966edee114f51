#include "build/world_export.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "build/district_tables.hpp"
#include "core/error.hpp"
#include "io/scenario_io.hpp"
#include "io/table_writer.hpp"

namespace edusim {

namespace {

namespace fs = std::filesystem;

constexpr const char* kFiles[] = {"schools.csv", "teachers.csv", "enrolment.csv", "scenario.yaml"};

std::string school_id(std::size_t s) {
  return fmt::format("S{}", s);
}

SchoolRow school_row(const World& w, std::size_t s) {
  const Schools& sc = w.schools;
  SchoolRow r;
  r.id = school_id(s);
  r.name = sc.name[s];
  r.level = sc.level[s];
  r.zone = sc.zone[s];
  r.x_km = sc.x_km[s], r.y_km = sc.y_km[s];
  if (sc.catchment_middle[s] >= 0)
    r.catchment = school_id(static_cast<std::size_t>(sc.catchment_middle[s]));
  r.capacity = sc.capacity[s];
  r.max_class_size = sc.max_class_size[s];
  r.floor_area_m2 = sc.floor_area_m2[s];
  r.sports_area_m2 = sc.sports_area_m2[s];
  r.equipment_value_yuan = sc.equipment_value_yuan[s];
  r.multimedia_classrooms = sc.multimedia_classrooms[s];
  r.ses_mean = sc.ses_mean[s];
  r.talent_shift = sc.talent_shift[s];
  if (sc.group[s] >= 0) r.group = fmt::format("group {}", sc.group[s]);
  r.group_role = sc.group_role[s];
  if (sc.group[s] >= 0) r.group_type = sc.group_type[s];
  if (sc.alliance[s] >= 0) r.alliance = fmt::format("alliance {}", sc.alliance[s]);
  r.alliance_core = sc.alliance_core[s] != 0;
  r.housing_units = sc.housing_units[s];
  return r;
}

KindergartenRow kindergarten_row(const World& w, std::size_t k) {
  const Kindergartens& kg = w.kindergartens;
  KindergartenRow r;
  r.id = fmt::format("K{}", k);
  r.name = kg.name[k];
  r.zone = kg.zone[k];
  r.is_private = kg.is_private[k] != 0;
  r.x_km = kg.x_km[k], r.y_km = kg.y_km[k];
  r.children_small = kg.children[k][0];
  r.children_middle = kg.children[k][1];
  r.children_large = kg.children[k][2];
  r.teachers = kg.teachers[k];
  r.care_staff = kg.care_staff[k];
  r.effectiveness = kg.teacher_effectiveness[k];
  if (kg.group[k] >= 0) r.group = fmt::format("group {}", kg.group[k]);
  r.group_role = kg.group_role[k];
  if (kg.alliance[k] >= 0) r.community = fmt::format("community {}", kg.alliance[k]);
  r.community_core = kg.alliance_core[k] != 0;
  if (kg.school_group[k] >= 0) r.school_group = fmt::format("group {}", kg.school_group[k]);
  return r;
}

TeacherRow teacher_row(const World& w, std::size_t i) {
  const Teachers& t = w.teachers;
  TeacherRow r;
  r.id = fmt::format("T{}", t.id[i]);
  r.school = school_id(static_cast<std::size_t>(t.school[i]));
  r.age = t.age[i];
  r.female = t.female[i];
  r.experience = t.experience[i];
  r.years_at_school = t.years_at_school[i];
  r.years_in_title = t.years_in_title[i];
  r.title = static_cast<TitleGrade>(t.title[i]);
  r.title_uplift = t.post_title[i] > t.title[i];
  r.degree = t.degree[i];
  r.backbone = static_cast<BackboneLevel>(t.backbone[i]);
  r.subject = t.subject[i];
  r.effectiveness = t.effectiveness[i];
  r.morale = t.morale[i];
  r.burnout = t.burnout[i];
  return r;
}

template <class Row, class MakeRow>
void write_table(const fs::path& file, std::size_t n, MakeRow make_row) {
  std::ofstream out(file);
  if (!out) throw InputError(fmt::format("{}: cannot be written", file.string()));
  write_table_header(out, [](schema::Visitor& v) {
    Row prototype{};
    prototype.visit(v);
  });
  for (std::size_t k = 0; k < n; ++k) {
    Row row = make_row(k);
    write_table_row(out, [&row](schema::Visitor& v) { row.visit(v); });
  }
  if (!out) throw InputError(fmt::format("{}: write failed (disk full?)", file.string()));
}

/// Enrolment rows: one per (school, grade) from the class layout.
std::vector<EnrolmentRow> enrolment_rows(const World& w) {
  std::vector<EnrolmentRow> rows;
  for (std::size_t s = 0; s < w.schools.size(); ++s) {
    const Level level = w.schools.level[s];
    for (int g = first_grade(level); g <= last_grade(level); ++g) {
      std::int32_t n = 0;
      for (auto c = w.school_class_begin[s]; c < w.school_class_begin[s + 1]; ++c) {
        const auto ci = static_cast<std::size_t>(c);
        if (w.classes.grade[ci] == g)
          n += w.classes.student_begin[ci + 1] - w.classes.student_begin[ci];
      }
      rows.push_back({school_id(s), g, n});
    }
  }
  return rows;
}

}  // namespace

void export_world(const World& w, const Scenario& scenario, const std::string& dir,
                  bool overwrite) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw InputError(fmt::format("{}: cannot create the directory ({})", dir, ec.message()));
  for (const char* name : kFiles)
    if (!overwrite && fs::exists(fs::path(dir) / name))
      throw InputError(
          fmt::format("{}: exists; use --force to overwrite", (fs::path(dir) / name).string()));
  write_table<SchoolRow>(fs::path(dir) / "schools.csv", w.schools.size(),
                         [&w](std::size_t s) { return school_row(w, s); });
  write_table<TeacherRow>(fs::path(dir) / "teachers.csv", w.teachers.size(),
                          [&w](std::size_t i) { return teacher_row(w, i); });
  const auto enrolment = enrolment_rows(w);
  write_table<EnrolmentRow>(fs::path(dir) / "enrolment.csv", enrolment.size(),
                            [&enrolment](std::size_t k) { return enrolment[k]; });
  const bool kindergartens = w.kindergartens.size() > 0;
  if (kindergartens)
    write_table<KindergartenRow>(fs::path(dir) / "kindergartens.csv", w.kindergartens.size(),
                                 [&w](std::size_t k) { return kindergarten_row(w, k); });
  Scenario loads_tables = scenario;
  loads_tables.district.schools.clear();
  loads_tables.district.kindergartens.types.clear();
  loads_tables.district.from_snapshot.clear();
  loads_tables.district.from_data = {"schools.csv", "teachers.csv", "enrolment.csv",
                                     kindergartens ? "kindergartens.csv" : "", true};
  std::ofstream out(fs::path(dir) / "scenario.yaml");
  out << "# Written by edusim export-world: the district as tables; edit them and run this file.\n"
      << scenario_to_yaml(loads_tables);
  if (!out) throw InputError(fmt::format("{}/scenario.yaml: write failed", dir));
}

}  // namespace edusim

#pragma once
// Shared helpers for the tests: small scenarios built in code or from YAML text.
#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <utility>

#include "io/scenario_io.hpp"
#include "scenario/scenario.hpp"

namespace edusim::testing {

/// Parses scenario YAML text (as if read from a file called "test.yaml").
inline Scenario scenario_from_text(const std::string& text) {
  return parse_scenario(YAML::Load(text), "test.yaml");
}

/// Student id -> (school, grade), from the class layout.
inline std::map<std::uint32_t, std::pair<std::int32_t, int>> places(const World& w) {
  std::map<std::uint32_t, std::pair<std::int32_t, int>> at;
  for (std::size_t c = 0; c < w.classes.size(); ++c)
    for (auto i = w.classes.student_begin[c]; i < w.classes.student_begin[c + 1]; ++i)
      at[w.students.id[static_cast<std::size_t>(i)]] = {w.classes.school[c], w.classes.grade[c]};
  return at;
}

/// `count` schools of one level and zone, `per_grade` students per grade (SD 20%),
/// teacher talent shifted by `shift`.
/// `count` kindergartens named "<name> 1", "<name> 2", ... of one zone.
inline KindergartenTypeSpec kindergarten_type(const char* name, Zone zone, bool is_private,
                                              int count) {
  KindergartenTypeSpec t;
  t.name = name, t.zone = zone, t.is_private = is_private, t.count = count;
  return t;
}

inline SchoolTypeSpec school_type(const char* name, Level level, Zone zone, int count,
                                  double per_grade, double shift) {
  SchoolTypeSpec t;
  t.name = name, t.level = level, t.zone = zone, t.count = count;
  t.students_per_grade = {per_grade, per_grade * 0.2, 5, per_grade * 3};
  t.effectiveness_shift = shift;
  return t;
}

/// A small district: 2 urban + 4 rural primaries and 1 urban + 1 rural middle school.
inline Scenario small_scenario(int years = 3, std::int64_t seed = 7) {
  Scenario s;
  s.run.years = years;
  s.run.seed = seed;
  auto type = [](Level level, Zone zone, int count, double per_grade, double shift) {
    SchoolTypeSpec t;
    t.level = level;
    t.zone = zone;
    t.count = count;
    t.students_per_grade = {per_grade, per_grade * 0.2, 5, per_grade * 3};
    t.effectiveness_shift = shift;
    return t;
  };
  s.district.schools = {type(Level::Primary, Zone::Urban, 2, 80, 0.05),
                        type(Level::Primary, Zone::Rural, 4, 25, -0.05),
                        type(Level::Middle, Zone::Urban, 1, 150, 0.05),
                        type(Level::Middle, Zone::Rural, 1, 60, -0.05)};
  return s;
}

/// small_scenario(3, seed) with 3 urban public, 2 urban private and 3 rural public
/// kindergartens (default names).
inline Scenario kindergarten_scenario(std::int64_t seed = 7) {
  Scenario s = small_scenario(3, seed);
  s.district.kindergartens.types = {kindergarten_type("", Zone::Urban, false, 3),
                                    kindergarten_type("", Zone::Urban, true, 2),
                                    kindergarten_type("", Zone::Rural, false, 3)};
  return s;
}

}  // namespace edusim::testing

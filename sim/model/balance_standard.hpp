#pragma once
// Thresholds of the 2017 national standard for quality-balanced compulsory
// education (县域义务教育优质均衡发展督导评估办法, 教督〔2017〕6号), by level, and the
// scenario parameters that override them (the measure is metrics/balance.hpp).
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "core/types.hpp"
#include "model/param_types.hpp"
#include "model/schema.hpp"

namespace edusim {

enum class Indicator : int {
  QualifiedTeachers = 0,  ///< teachers above the required degree per 100 students
  BackboneTeachers,       ///< county-level-or-higher backbone teachers per 100 students
  PeArtTeachers,          ///< PE and art teachers per 100 students
  FloorArea,              ///< teaching and auxiliary floor area per student, m2
  SportsArea,             ///< sports ground area per student, m2
  EquipmentValue,         ///< teaching equipment value per student, yuan
  MultimediaClassrooms,   ///< networked multimedia classrooms per 100 students
};
inline constexpr int kIndicators = 7;

struct IndicatorThreshold {
  std::string_view name;
  std::string_view units;
  std::array<double, kLevels> threshold;  ///< primary, middle
};

inline constexpr std::array<IndicatorThreshold, kIndicators> kBalanceThresholds{{
    {"qualified_teachers_per_100", "teachers/100 students", {4.2, 5.3}},
    {"backbone_teachers_per_100", "teachers/100 students", {1.0, 1.0}},
    {"pe_art_teachers_per_100", "teachers/100 students", {0.9, 0.9}},
    {"floor_area_per_student", "m2/student", {4.5, 5.8}},
    {"sports_area_per_student", "m2/student", {7.5, 10.2}},
    {"equipment_value_per_student", "yuan/student", {2000.0, 2500.0}},
    {"multimedia_classrooms_per_100", "rooms/100 students", {2.3, 2.4}},
}};

/// Teachers "above the required degree" (高于规定学历), in both standards: associate or
/// higher in primary schools, bachelor or higher in middle schools.
inline constexpr Degree required_degree(Level l) {
  return l == Level::Primary ? Degree::Associate : Degree::Bachelor;
}

inline constexpr double threshold(Indicator i, Level l) {
  return kBalanceThresholds[static_cast<std::size_t>(i)].threshold[static_cast<std::size_t>(l)];
}

/// The standard's thresholds and limits as scenario parameters (YAML section
/// `balance_standard`), defaulting to the standard's own.
/// Where a teacher away on rotation (交流轮岗) counts in the balance assessments' teacher
/// indicators: at the school it teaches at this year (destination) or at the school that
/// employs it and holds its post (home).
enum class RotatingTeachers : std::uint8_t { Destination = 0, Home = 1 };
inline constexpr std::array<std::string_view, 2> kRotatingTeachersNames{"destination", "home"};
inline std::span<const std::string_view> enum_names(const RotatingTeachers*) {
  return kRotatingTeachersNames;
}

struct BalanceStandardParams {
  std::array<LevelValues, kIndicators> threshold = default_thresholds();
  LevelValues cv_limit{0.50, 0.45};        ///< quality-balanced limits on each CV
  LevelValues basic_cv_limit{0.65, 0.55};  ///< the 2012 basic-balance limits on the composite CV
  std::int32_t min_students = 50;          ///< smaller teaching points are left out
  std::int32_t indicators_to_meet = 6;     ///< per school, of the seven
  double shortfall_floor = 0.85;           ///< the unmet one must reach this share of its threshold
  double rotation_min_share = 0.10;        ///< rotations / eligible teachers, per year
  double rotation_backbone_min_share = 0.20;  ///< backbone share of the rotations
  RotatingTeachers rotating_teachers = RotatingTeachers::Destination;

  void visit(schema::Visitor& v);
  static std::array<LevelValues, kIndicators> default_thresholds();
};

}  // namespace edusim

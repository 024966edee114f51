#pragma once
// The earlier standard for basic balance (县域义务教育均衡发展督导评估暂行办法, 教督〔2012〕3号),
// under which 2,717 counties (92.7%) were recognised by March 2019: eight indicators per
// school, their enrolment-weighted inter-school CVs by level, and the composite CV, the
// mean of the eight, against 0.65 (primary) and 0.55 (middle). A single indicator may
// exceed the limit: the Ministry's assessment tables of recognised districts show CVs
// over 1 beside a composite under the limit (docs/odd.md, "The balance standards").
// edusim has no computers or library books, so its composite is the mean of the six
// indicators it models.
#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "core/types.hpp"
#include "metrics/assessed_staff.hpp"
#include "model/param_types.hpp"
#include "world/world.hpp"

namespace edusim {

enum class BasicIndicator : int {
  FloorArea = 0,              ///< teaching and auxiliary floor area per student, m2
  SportsArea,                 ///< sports ground area per student, m2
  EquipmentValue,             ///< teaching equipment value per student, yuan
  Teachers,                   ///< full-time teachers per 100 students (师生比)
  QualifiedTeachers,          ///< teachers above the required degree per 100 students
  IntermediateTitleTeachers,  ///< teachers in posts of grade 一级 (中级) or higher per 100
};
inline constexpr int kBasicIndicators = 6;

struct BasicIndicatorDef {
  std::string_view name;
  std::string_view units;
};

inline constexpr std::array<BasicIndicatorDef, kBasicIndicators> kBasicIndicatorDefs{{
    {"floor_area_per_student", "m2/student"},
    {"sports_area_per_student", "m2/student"},
    {"equipment_value_per_student", "yuan/student"},
    {"teachers_per_100", "teachers/100 students"},
    {"qualified_teachers_per_100", "teachers/100 students"},
    {"intermediate_title_teachers_per_100", "teachers/100 students"},
}};

struct BasicBalance {
  /// Per level: the CV of each indicator, then the composite (their mean); NaN when the
  /// level has no assessed school.
  std::array<std::array<double, kBasicIndicators + 1>, kLevels> cv{};
  std::array<double, kLevels> pass{};  ///< composite <= limit: 1 or 0; NaN with no school
};

/// The six indicators of school s, in BasicIndicator order, with the teachers `staff`
/// assesses at s.
std::array<double, kBasicIndicators> basic_school_indicators(const World& w,
                                                             const AssessedStaff& staff,
                                                             std::size_t s);

/// The assessment over `assessed` (the schools the 2017 assessment takes too: open, and
/// not teaching points under balance_standard.min_students), against `composite_limit`.
BasicBalance assess_basic_balance(const World& w, const AssessedStaff& staff,
                                  const std::vector<std::size_t>& assessed,
                                  const LevelValues& composite_limit);

}  // namespace edusim

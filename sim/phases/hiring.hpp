#pragma once
// Hiring: vacancies against the staffing norm are filled from the applicant pool
// by a placement rule (need, weak/rural first, or the applicants' preference);
// university interns (顶岗实习) and substitute teachers (代课教师) can fill what
// regular hiring leaves vacant, for one year; interns can also come as a fixed
// number a year on top of the staffing norm (supernumerary student teachers).
#include <array>
#include <span>
#include <string_view>
#include <vector>

#include "model/district_spec.hpp"
#include "model/param_types.hpp"
#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "phases/staffing_norm.hpp"
#include "world/world.hpp"

namespace edusim {

/// Which vacancies regular hires fill first, and who gets the best applicants.
enum class HiringPlacement : std::uint8_t {
  Need = 0,            ///< largest share of posts vacant first; applicants unranked
  WeakRuralFirst = 1,  ///< weak or rural schools first, with the best applicants
  Preference = 2,      ///< best applicants to urban, then town, then rural posts; may decline
};
inline constexpr std::array<std::string_view, 3> kHiringPlacementNames{"need", "weak_rural_first",
                                                                       "preference"};
inline std::span<const std::string_view> enum_names(const HiringPlacement*) {
  return kHiringPlacementNames;
}

/// vacancies: interns fill the posts regular hiring leaves vacant; fixed: a fixed
/// number a year on top of the staffing norm (supernumerary), weak/rural first.
enum class InternMode : std::uint8_t { Vacancies = 0, Fixed = 1 };
inline constexpr std::array<std::string_view, 2> kInternModeNames{"vacancies", "fixed"};
inline std::span<const std::string_view> enum_names(const InternMode*) {
  return kInternModeNames;
}

/// University students teaching one year (顶岗实习 / UGS).
struct InternParams {
  bool enabled = false;
  InternMode mode = InternMode::Vacancies;
  std::int32_t max_per_year = 0;       ///< vacancies mode: 0 = as many as the vacancies left
  std::int32_t per_year = 0;           ///< fixed mode: interns placed every year
  double max_share_per_school = 0.2;   ///< fixed mode: interns per post of a school, at most
  double effectiveness_shift = -0.10;  ///< relative to the novice talent distribution
  TruncatedNormal age{21, 1, 19, 25};
  Degree degree = Degree::Associate;  ///< highest completed degree while still studying

  void visit(schema::Visitor& v);
};

/// Substitute teachers on one-year contracts (代课教师).
struct SubstituteParams {
  bool enabled = false;
  std::int32_t max_per_year = 0;       ///< 0 = as many as the vacancies left
  double effectiveness_shift = -0.05;  ///< relative to the novice talent distribution
  TruncatedNormal age{30, 8, 18, 55};
  Degree degree = Degree::Associate;

  void visit(schema::Visitor& v);
};

struct HiringParams {
  bool enabled = true;
  TruncatedNormal age{23.5, 1.5, 21, 35};
  std::array<double, kDegrees> degree_shares{0.0, 0.0, 0.90, 0.10};
  double applicant_quality_shift = 0.0;  ///< added to the talent of every applicant
  std::int32_t entry_title = 0;          ///< title grade of a new teacher (0 = 三级)
  std::int32_t max_hires_per_year = 0;   ///< staffing/budget cap; 0 = no cap
  HiringPlacement placement = HiringPlacement::Need;
  ZoneValues acceptance{1.0, 0.85, 0.6};  ///< preference: chance an applicant takes a post
  /// Multiplier of every school's talent_shift (its pull on the applicants it hires); 1
  /// keeps the district's shifts, 0 makes a hire's talent independent of the school.
  double school_pull = 1.0;
  bool include_kindergartens = true;  ///< kindergartens hire novices to their norms
  InternParams interns;
  SubstituteParams substitutes;

  void visit(schema::Visitor& v);
};

/// Draws the attributes of a new teacher in `school` into slot `i` (talent with
/// the school's talent_shift inside the truncated normal: the `need` rule).
void draw_new_teacher(World& world, std::size_t i, const HiringParams& params,
                      const TeacherSpec& spec, const RandomStream& stream);

/// True for the schools that targeted hiring serves first: weak or rural.
bool weak_or_rural(const Schools& schools, std::size_t s);

/// Removes the interns and substitutes (their one-year term is over) and counts
/// them in flows.contract_ends; rebuilds the teacher index if any left. The
/// phase `contract_ends` runs it first in the year, before demography, so that
/// a leaving intern is never counted as a quit or a retirement.
void end_temporary_contracts(World& world, YearFlows& flows);

/// Fills vacancies (last year's temporary contracts have ended): regular hires by
/// the placement rule within the cap, then interns, then substitutes. Needs an
/// up-to-date teacher index (teacher_demography leaves one) and leaves one.
void hiring(World& world, const HiringParams& params, const TeacherSpec& spec,
            const YearContext& ctx, YearFlows& flows);

}  // namespace edusim

#pragma once
// School choice at the move to middle school (小升初择校). Enrolment is by catchment
// (就近入学), yet some families, the more the higher their SES, seek a better middle
// school than their catchment one, and better schools admit a quota of such pupils:
// by their scores (selective intake, 掐尖) or, under the policies that ban selection
// (电脑派位, 公民同招), by lottery. Runs inside student_progression, on the grade-6
// pupils about to enter grade 7: a pupil admitted elsewhere enters that school
// instead of the catchment one; an applicant not admitted stays in the catchment.
// Off by default.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

/// How an oversubscribed middle school chooses among its choice applicants.
enum class ChoiceAdmission : std::uint8_t { Score = 0, Lottery = 1 };
inline constexpr std::array<std::string_view, 2> kChoiceAdmissionNames{"score", "lottery"};
inline std::span<const std::string_view> enum_names(const ChoiceAdmission*) {
  return kChoiceAdmissionNames;
}

struct SchoolChoiceParams {
  bool enabled = false;
  double rate = 0.05;           ///< share of average-SES pupils whose families apply
  double ses_slope = 0.7;       ///< log-rise of that share per SD of SES
  double max_distance_km = 15;  ///< farthest middle school a family considers
  double places_share = 0.2;    ///< choice places, as a share of the school's catchment intake
  ChoiceAdmission admission = ChoiceAdmission::Score;
  std::int32_t lottery_from_year = 0;  ///< calendar year from which admission is by lottery

  void visit(schema::Visitor& v);
};

/// The probability that a pupil's family applies: min(1, rate * exp(ses_slope * ses)).
double choice_probability(const SchoolChoiceParams& params, double ses);

/// Each open middle school's reputation: the mean achievement of its students (the results
/// families see); NaN for a school without students or not a middle school.
std::vector<double> middle_school_reputation(const World& world);

/// For each primary: the middle school of best reputation within params.max_distance_km
/// whose reputation is above its catchment middle school's; -1 when there is none (or the
/// primary has no catchment middle school).
std::vector<std::int32_t> choice_targets(const World& world, const SchoolChoiceParams& params,
                                         const std::vector<double>& reputation);

struct ChoiceOutcome {
  std::int64_t applicants = 0;  ///< pupils whose families applied to a better school
  std::int64_t admitted = 0;    ///< of them, admitted (they enter that school's grade 7)
};

/// Applies the year's choices to the grade-7 intake lists: intake[m] holds the layout
/// indices of the grade-6 pupils of middle school m's catchment. Applicants come from
/// primaries with a choice target (choice_targets); each school admits up to
/// floor(places_share * its catchment intake) of its applicants in admission order, and
/// the admitted leave their catchment school's list for the end of their new school's. Random
/// draws: ctx.stream(Stream::SchoolChoice), keyed by student id: draw 0 the decision, draw 1 the
/// lottery order.
ChoiceOutcome apply_school_choice(const World& world, const SchoolChoiceParams& params,
                                  std::int32_t calendar_year, const YearContext& ctx,
                                  std::vector<std::vector<std::uint32_t>>& intake);

}  // namespace edusim

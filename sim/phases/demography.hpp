#pragma once
// Teacher demography: ageing, statutory retirement, voluntary attrition.
#include <algorithm>

#include "model/param_types.hpp"
#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "phases/leaders.hpp"
#include "world/world.hpp"

namespace edusim {

struct DemographyParams {
  std::int32_t retirement_age = 60;               ///< men
  std::int32_t retirement_age_women = 55;         ///< women below a senior title
  std::int32_t retirement_age_senior_women = 60;  ///< women of senior title (高级, 正高级)
  double quit_rate_early = 0.07;  ///< yearly, first `early_career_years` of teaching
  std::int32_t early_career_years = 5;
  double quit_rate_mid = 0.04;
  double quit_rate_late = 0.015;  ///< from `late_career_age` on
  std::int32_t late_career_age = 50;
  ZoneValues quit_zone_multiplier{1.0, 1.2, 1.5};
  double quit_morale_slope = 3.0;  ///< hazard x exp(slope * (reference_morale - morale))
  double reference_morale = 0.6;
  double quit_burnout_slope = 1.5;  ///< hazard x exp(slope * burnout)
  double max_quit_rate = 0.9;

  void visit(schema::Visitor& v);

  /// The age at which a teacher of this sex and title grade retires.
  std::int32_t retirement_age_of(bool female, std::int8_t title) const {
    if (!female) return retirement_age;
    return title >= kSeniorTitle ? retirement_age_senior_women : retirement_age_women;
  }
  /// The key of retirement_age_of(female, title), for messages.
  static const char* retirement_key_of(bool female, std::int8_t title) {
    if (!female) return "demography.retirement_age";
    return title >= kSeniorTitle ? "demography.retirement_age_senior_women"
                                 : "demography.retirement_age_women";
  }
  /// The oldest of the three: no teacher serves at it.
  std::int32_t latest_retirement_age() const {
    return std::max({retirement_age, retirement_age_women, retirement_age_senior_women});
  }
};

/// Yearly quit probability of one teacher (capped at max_quit_rate);
/// `log_hazard_shift` is added to the log hazard (school leadership).
double quit_hazard(const DemographyParams& p, int experience, int age, Zone zone, double morale,
                   double burnout, double log_hazard_shift = 0.0);

/// Ages every teacher by a year, retires those at the statutory age, draws
/// voluntary quits, removes leavers and tallies them in `flows`.
void teacher_demography(World& world, const DemographyParams& params, const YearContext& ctx,
                        YearFlows& flows);

/// With school leaders: each quit hazard is multiplied by
/// exp(-leaders.quit_effect * leadership of the teacher's school).
void teacher_demography(World& world, const DemographyParams& params, const LeaderParams& leaders,
                        const YearContext& ctx, YearFlows& flows);

}  // namespace edusim

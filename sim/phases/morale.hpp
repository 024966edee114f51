#pragma once
// Morale and burnout. Morale moves part of the way each year toward a target
// set by relative pay (title, post, allowances), teacher housing, workload,
// school conditions and the hardship of being away on rotation; burnout accumulates with workload
// above the norm and with working conditions (zone, a weak school, teaching or guiding at a
// second school; rotation and mentoring add their own shocks) and recovers at a constant
// rate. Both feed the quit hazard (demography) and burnout slows growth.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "model/district_spec.hpp"
#include "model/param_types.hpp"
#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "phases/leaders.hpp"
#include "phases/pay.hpp"
#include "world/world.hpp"

namespace edusim {

/// How a raise for some teachers (the uplift of low-title high-hire) moves the others'
/// relative pay: only for those paid below their reference group's mean (Card, Mas, Moretti
/// & Saez 2012), for everyone (the mean of the group rises), or not at all.
enum class RelativePay : std::uint8_t { BelowReference = 0, Symmetric, None };
inline constexpr std::array<std::string_view, 3> kRelativePayNames{"below_reference", "symmetric",
                                                                   "none"};
inline std::span<const std::string_view> enum_names(const RelativePay*) {
  return kRelativePayNames;
}

/// Whose pay a teacher compares its own with: the district's regular teachers or those of
/// the school it teaches at.
enum class PayReference : std::uint8_t { District = 0, School };
inline constexpr std::array<std::string_view, 2> kPayReferenceNames{"district", "school"};
inline std::span<const std::string_view> enum_names(const PayReference*) {
  return kPayReferenceNames;
}

struct MoraleParams {
  bool enabled = true;
  double base = 0.6;             ///< target morale at average pay, normal workload, urban
  double adjustment_rate = 0.5;  ///< share of the gap to the target closed per year
  double pay_slope = 0.5;        ///< per unit log(pay / district mean pay)
  double workload_slope = 0.3;   ///< per unit of load above the staffing norm
  ZoneValues zone_penalty{0.0, 0.02, 0.06};  ///< harder conditions away from town
  double burnout_slope = 0.3;                ///< target morale lost at burnout 1
  double workload_burnout = 0.1;             ///< burnout added per unit of load above the norm
  double burnout_recovery = 0.3;             ///< share of burnout recovered per year
  double rotation_hardship = 0.03;           ///< target morale lost while away on rotation
  // Burnout from working conditions, added every year (then clamped to 0..1).
  ZoneValues zone_burnout{0.0, 0.01, 0.02};  ///< by the zone of the school taught at
  double weak_school_burnout = 0.01;         ///< teaching at a school classed weak
  double exchange_burnout = 0.05;  ///< per unit of load taught or guided at a second school
  RelativePay relative_pay = RelativePay::BelowReference;
  PayReference pay_reference = PayReference::School;

  void visit(schema::Visitor& v);
};

/// Burnout added this year to teacher i by its working conditions: zone_burnout of the
/// zone of the school it teaches at, weak_school_burnout if that school is weak, and
/// exchange_burnout * (part_time_share + guidance_share) of its second school.
double condition_burnout(const World& world, const MoraleParams& params, std::size_t i);

/// Pay each teacher's pay is divided by in the relative-pay term of its target morale
/// (docs/odd.md section 3.30): the district's mean salary without uplifts, raised by the
/// uplifts of the teacher's reference group as `relative_pay` says. One value per teacher.
std::vector<double> reference_pay(const World& world, const MoraleParams& params,
                                  const PayParams& pay);

/// Load of a school: students per teacher relative to the staffing norm (1 = at norm).
double relative_load(std::int32_t students, std::int32_t teachers, double norm_ratio);

/// Target morale added to every teacher of school s by its housing:
/// housing.morale_benefit * housed_share(world, s).
double housing_benefit(const World& world, const HousingParams& housing, std::size_t s);

/// Without school leaders (as with leaders.enabled false).
void morale(World& world, const MoraleParams& params, const PayParams& pay,
            const HousingParams& housing, const TeacherSpec& teachers, const YearContext& ctx);

/// With school leaders: target morale + leaders.morale_effect * leadership of the
/// teacher's school.
void morale(World& world, const MoraleParams& params, const PayParams& pay,
            const HousingParams& housing, const TeacherSpec& teachers, const LeaderParams& leaders,
            const YearContext& ctx);

}  // namespace edusim

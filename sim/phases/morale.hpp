#pragma once
// Morale and burnout. Morale moves part of the way each year toward a target
// set by relative pay (title, post, allowances), teacher housing, workload,
// school conditions and the hardship of being away on rotation; burnout accumulates with workload
// above the norm (rotation adds its own shocks) and recovers at a constant
// rate. Both feed the quit hazard (demography) and burnout slows growth.
#include <array>

#include "model/district_spec.hpp"
#include "model/param_types.hpp"
#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "phases/leaders.hpp"
#include "phases/pay.hpp"
#include "world/world.hpp"

namespace edusim {

struct MoraleParams {
  bool enabled = true;
  double base = 0.6;             ///< target morale at average pay, normal workload, urban
  double adjustment_rate = 0.5;  ///< share of the gap to the target closed per year
  double pay_slope = 0.5;        ///< per unit log(pay / district mean pay)
  double workload_slope = 0.3;   ///< per unit of load above the staffing norm
  ZoneValues zone_penalty{0.0, 0.03, 0.08};  ///< harder conditions away from town
  double burnout_slope = 0.3;                ///< target morale lost at burnout 1
  double workload_burnout = 0.1;             ///< burnout added per unit of load above the norm
  double burnout_recovery = 0.3;             ///< share of burnout recovered per year
  double rotation_hardship = 0.03;           ///< target morale lost while away on rotation

  void visit(schema::Visitor& v);
};

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

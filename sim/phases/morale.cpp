#include "phases/morale.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

namespace edusim {

void MoraleParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled, {"update morale and burnout every year"});
  v.field("base", base, {0, 1, {"target morale at mean pay, normal load, urban school", "0..1"}});
  v.field("adjustment_rate", adjustment_rate,
          {0, 1, {"share of the gap to the target morale closed per year", "1/year"}});
  v.field("pay_slope", pay_slope, {0, 10, {"target morale per unit of log relative pay", "1"}});
  v.field("workload_slope", workload_slope,
          {0, 10, {"target morale lost per unit of load above the staffing norm", "1"}});
  schema::per_zone(
      v, "zone_penalty", zone_penalty, {-1, 1, {"", "0..1"}},
      {"target morale lost by school zone (conditions, isolation)", "0..1", "assumption"});
  v.field("burnout_slope", burnout_slope, {0, 10, {"target morale lost at burnout 1", "1"}});
  v.field("workload_burnout", workload_burnout,
          {0, 10, {"burnout added per year per unit of load above the norm", "1/year"}});
  v.field("burnout_recovery", burnout_recovery,
          {0, 1, {"share of burnout recovered per year", "1/year"}});
  v.field("rotation_hardship", rotation_hardship,
          {0,
           1,
           {"target morale lost while away on rotation (commuting, separation, a new school); "
            "pay.rotation_allowance offsets it through relative pay",
            "0..1", "assumption"}});
}

double relative_load(std::int32_t students, std::int32_t teachers, double norm_ratio) {
  if (teachers <= 0) return students > 0 ? 2.0 : 0.0;
  return static_cast<double>(students) / teachers / norm_ratio;
}

double housing_benefit(const World& world, const HousingParams& housing, std::size_t s) {
  return housing.morale_benefit * housed_share(world, s);
}

void morale(World& world, const MoraleParams& p, const PayParams& pay, const HousingParams& housing,
            const TeacherSpec& spec, const YearContext& ctx) {
  LeaderParams none;
  none.enabled = false;
  morale(world, p, pay, housing, spec, none, ctx);
}

void morale(World& world, const MoraleParams& p, const PayParams& pay, const HousingParams& housing,
            const TeacherSpec& spec, const LeaderParams& leaders, const YearContext&) {
  if (!p.enabled) return;
  Teachers& t = world.teachers;
  if (t.size() == 0) return;
  // Relative pay: a teacher's whole pay over the mean salary (base + uplift) of the
  // district's regular teachers. Allowances compensate the recipient's conditions and
  // interns' stipends are not a career salary, so both are left out of the reference:
  // paying them does not change every other teacher's relative pay. The mean is summed
  // serially in a fixed order (reproducible).
  std::vector<double> pay_of(t.size());
  std::vector<double> salary_of(t.size());
  tbb::parallel_for(std::size_t{0}, t.size(), [&](std::size_t i) {
    const PayComponents c = teacher_pay(world, pay, i);
    pay_of[i] = c.total();
    salary_of[i] = c.base + c.uplift;
  });
  double salary_sum = 0, regular = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t.contract[i] != Contract::Regular) continue;
    salary_sum += salary_of[i];
    ++regular;
  }
  const double mean_pay = regular > 0 ? salary_sum / regular : 1.0;
  std::vector<double> load(world.schools.size()), housed(world.schools.size());
  for (std::size_t s = 0; s < load.size(); ++s) {
    load[s] = relative_load(world.school_students(s), world.school_teachers(s),
                            spec.student_teacher_ratio[index(world.schools.level[s])]);
    housed[s] = housing_benefit(world, housing, s);
  }
  // Empty without leaders: the target is then left exactly as it was.
  const std::vector<float> leadership =
      leaders.enabled ? leadership_for_effects(world, leaders) : std::vector<float>{};
  tbb::parallel_for(std::size_t{0}, t.size(), [&](std::size_t i) {
    const auto s = static_cast<std::size_t>(t.school[i]);
    const double excess = std::max(0.0, load[s] - 1.0);
    const double relative_pay = pay_of[i] / mean_pay;
    const double away = t.rotation_destination[i] >= 0 ? p.rotation_hardship : 0.0;
    const double target = p.base + p.pay_slope * std::log(relative_pay) -
                          p.workload_slope * excess - p.zone_penalty[index(world.schools.zone[s])] -
                          p.burnout_slope * t.burnout[i] - away + housed[s] +
                          (leadership.empty() ? 0.0 : leaders.morale_effect * leadership[s]);
    const double m = t.morale[i] + p.adjustment_rate * (target - t.morale[i]);
    const double b = t.burnout[i] * (1.0 - p.burnout_recovery) + p.workload_burnout * excess;
    t.morale[i] = static_cast<float>(std::clamp(m, 0.0, 1.0));
    t.burnout[i] = static_cast<float>(std::clamp(b, 0.0, 1.0));
  });
}

}  // namespace edusim

#include "phases/morale.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "phases/staffing_norm.hpp"

namespace edusim {

void MoraleParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled, {"update morale and burnout every year"});
  v.field("base", base,
          {0,
           1,
           {"target morale at mean pay, normal load, urban school", "0..1",
            "assumption: morale is a 0-1 index; 0.6 leaves room both ways"}});
  v.field("adjustment_rate", adjustment_rate,
          {0,
           1,
           {"share of the gap to the target morale closed per year", "1/year",
            "assumption: half the gap a year"}});
  v.field("pay_slope", pay_slope,
          {0,
           10,
           {"target morale per unit of log relative pay", "1",
            "assumption: 10% more pay raises the target by about 0.05"}});
  v.field("workload_slope", workload_slope,
          {0,
           10,
           {"target morale lost per unit of load above the staffing norm", "1",
            "assumption: 10% above the norm lowers the target by 0.03"}});
  schema::per_zone(
      v, "zone_penalty", zone_penalty, {-1, 1, {"", "0..1"}},
      {"target morale lost by school zone (conditions, isolation)", "0..1",
       "assumption; 0.03 and 0.08 in 0.4.0, lowered by the morale that the zone's settled "
       "burnout (zone_burnout / burnout_recovery) now takes"});
  v.field("burnout_slope", burnout_slope,
          {0, 10, {"target morale lost at burnout 1", "1", "assumption"}});
  v.field(
      "workload_burnout", workload_burnout,
      {0, 10, {"burnout added per year per unit of load above the norm", "1/year", "assumption"}});
  v.field("burnout_recovery", burnout_recovery,
          {0,
           1,
           {"share of burnout recovered per year", "1/year",
            "assumption: burnout halves in about two years without its causes"}});
  v.field("rotation_hardship", rotation_hardship,
          {0,
           1,
           {"target morale lost while away on rotation (commuting, separation, a new school); "
            "pay.rotation_allowance offsets it through relative pay",
            "0..1", "assumption"}});
  schema::per_zone(
      v, "zone_burnout", zone_burnout, {0, 1, {"", "1/year"}},
      {"burnout added every year by the zone of the school taught at (isolation, commuting, "
       "multi-grade and multi-subject load of small rural schools)",
       "1/year",
       "assumption; direction: teachers of remote mountain schools report more burnout than the "
       "national norm (Zhang et al. 2014, Neuropsychiatr. Dis. Treat. 10:123-130)"});
  v.field("weak_school_burnout", weak_school_burnout,
          {0,
           1,
           {"burnout added every year while teaching at a school classed weak", "1/year",
            "assumption; direction: weak students' poor foundation lowers rural teachers' sense "
            "of achievement (Chen Xuefei 2022, qualitative; reduced accomplishment is a burnout "
            "dimension of the Maslach inventory)"}});
  v.field("exchange_burnout", exchange_burnout,
          {0,
           1,
           {"burnout added every year per unit of load taught (part_time_exchange) or spent "
            "guiding (subject_guidance) at a second school",
            "1/year",
            "assumption; direction: workload stress is the main bridge from job demands to "
            "burnout among rural Chinese teachers (Huo 2025, Front. Public Health 13:1633952)"}});
  v.field("relative_pay", relative_pay,
          schema::ChoiceSpec{
              {"how a raise for some teachers (low-title high-hire's uplift) moves the others' "
               "relative pay: below_reference (only those paid below their reference group's "
               "mean lose), symmetric (everyone loses as the group's mean rises) or none",
               "",
               "Card, Mas, Moretti & Saez 2012, AER 102(6):2981-3003: workers paid below "
               "their unit's median report lower satisfaction and more job search on learning "
               "their peers' pay, those above report no gain"}});
  v.field("pay_reference", pay_reference,
          schema::ChoiceSpec{{"whose uplifts a teacher compares its pay with: the district's "
                              "regular teachers or those of the school it teaches at",
                              "",
                              "Card et al. 2012: comparisons are with the own pay unit (most "
                              "employees looked up colleagues of their own department)"}});
}

double condition_burnout(const World& world, const MoraleParams& p, std::size_t i) {
  const Teachers& t = world.teachers;
  const auto s = static_cast<std::size_t>(t.school[i]);
  double b = p.zone_burnout[index(world.schools.zone[s])];
  if (world.schools.strength[s] == Strength::Weak) b += p.weak_school_burnout;
  double second = 0;
  if (t.part_time_school[i] >= 0) second += t.part_time_share[i];
  if (t.guidance_school[i] >= 0) second += t.guidance_share[i];
  return b + p.exchange_burnout * second;
}

namespace {

/// Every teacher's pay this year, computed once (in parallel: each teacher's own).
std::vector<PayComponents> pay_components(const World& world, const PayParams& pay) {
  std::vector<PayComponents> c(world.teachers.size());
  tbb::parallel_for(std::size_t{0}, c.size(),
                    [&](std::size_t i) { c[i] = teacher_pay(world, pay, i); });
  return c;
}

/// reference_pay from the teachers' pay components.
std::vector<double> reference_pay_of(const World& world, const MoraleParams& p,
                                     const std::vector<PayComponents>& pay) {
  const Teachers& t = world.teachers;
  // Salaries (base + uplift) and base salaries of the regular teachers, summed in
  // teacher order (reproducible): over the district serially, and per school taught at
  // in parallel, each over its own teachers in index order (the teacher index).
  const std::size_t schools = world.schools.size();
  std::vector<double> school_salary(schools, 0.0), school_base(schools, 0.0),
      school_regular(schools, 0.0);
  double salary_sum = 0, base_sum = 0, regular = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t.contract[i] != Contract::Regular) continue;
    salary_sum += pay[i].base + pay[i].uplift, base_sum += pay[i].base, ++regular;
  }
  tbb::parallel_for(std::size_t{0}, schools, [&](std::size_t s) {
    for (auto k = world.school_teacher_begin[s]; k < world.school_teacher_begin[s + 1]; ++k) {
      const auto i =
          static_cast<std::size_t>(world.teachers_by_school[static_cast<std::size_t>(k)]);
      if (t.contract[i] != Contract::Regular) continue;
      school_salary[s] += pay[i].base + pay[i].uplift, school_base[s] += pay[i].base;
      ++school_regular[s];
    }
  });
  // The district's mean salary without uplifts (1 yuan without regular teachers): every
  // pay is compared with it, raised by the uplifts of the reference group.
  const double anchor = regular > 0 ? base_sum / regular : 1.0;
  const double district_mean = regular > 0 ? salary_sum / regular : 1.0;
  std::vector<double> out(t.size(), anchor);
  if (p.relative_pay == RelativePay::None) return out;
  tbb::parallel_for(std::size_t{0}, t.size(), [&](std::size_t i) {
    // r: mean salary of the group, a: its mean salary without uplifts (a <= r).
    double r = district_mean, a = anchor;
    if (p.pay_reference == PayReference::School) {
      const auto s = static_cast<std::size_t>(t.school[i]);
      if (school_regular[s] == 0) return;  // nobody to compare with: the anchor
      r = school_salary[s] / school_regular[s];
      a = school_base[s] / school_regular[s];
    }
    const double salary = pay[i].base + pay[i].uplift;
    if (p.relative_pay == RelativePay::Symmetric)
      out[i] = r * (anchor / a);  // with the district as reference: exactly its mean salary
    else
      out[i] = anchor * (std::max(salary, r) / std::max(salary, a));
  });
  return out;
}

}  // namespace

std::vector<double> reference_pay(const World& world, const MoraleParams& p, const PayParams& pay) {
  return reference_pay_of(world, p, pay_components(world, pay));
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
  // Relative pay: a teacher's whole pay over its reference pay: the mean salary (base +
  // uplift) of the district's regular teachers, with the uplifts counted as relative_pay and
  // pay_reference say. Allowances compensate the recipient's conditions and interns'
  // stipends are not a career salary, so both are left out of the reference: paying them
  // does not change every other teacher's relative pay.
  const std::vector<PayComponents> pay_of = pay_components(world, pay);
  const std::vector<double> reference = reference_pay_of(world, p, pay_of);
  std::vector<double> load(world.schools.size()), housed(world.schools.size());
  for (std::size_t s = 0; s < load.size(); ++s) {
    load[s] = relative_load(world.school_students(s), world.school_teachers(s),
                            school_norm_ratio(world, s, spec));
    housed[s] = housing_benefit(world, housing, s);
  }
  // Empty without leaders: the target is then left exactly as it was.
  const std::vector<float> leadership =
      leaders.enabled ? leadership_for_effects(world, leaders) : std::vector<float>{};
  tbb::parallel_for(std::size_t{0}, t.size(), [&](std::size_t i) {
    const auto s = static_cast<std::size_t>(t.school[i]);
    const double excess = std::max(0.0, load[s] - 1.0);
    const double relative_pay = pay_of[i].total() / reference[i];
    const double away = t.rotation_destination[i] >= 0 ? p.rotation_hardship : 0.0;
    const double target = p.base + p.pay_slope * std::log(relative_pay) -
                          p.workload_slope * excess - p.zone_penalty[index(world.schools.zone[s])] -
                          p.burnout_slope * t.burnout[i] - away + housed[s] +
                          (leadership.empty() ? 0.0 : leaders.morale_effect * leadership[s]);
    const double m = t.morale[i] + p.adjustment_rate * (target - t.morale[i]);
    const double b = t.burnout[i] * (1.0 - p.burnout_recovery) + p.workload_burnout * excess +
                     condition_burnout(world, p, i);
    t.morale[i] = static_cast<float>(std::clamp(m, 0.0, 1.0));
    t.burnout[i] = static_cast<float>(std::clamp(b, 0.0, 1.0));
  });
}

}  // namespace edusim

#include "phases/demography.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace edusim {

void DemographyParams::visit(schema::Visitor& v) {
  v.field("retirement_age", retirement_age,
          {40,
           75,
           {"statutory retirement age of men", "years",
            "PRC statutory age 60 (men): 国发〔1978〕104号"}});
  v.field("retirement_age_women", retirement_age_women,
          {40,
           75,
           {"statutory retirement age of women below a senior title (高级)", "years",
            "国发〔1978〕104号: women cadres (female teachers among them) retire at 55. The "
            "gradual rise decided in 2024 (from 2025, by a month every four months, to 58) is "
            "not modelled"}});
  v.field("retirement_age_senior_women", retirement_age_senior_women,
          {40,
           75,
           {"retirement age of women holding a senior title (高级 or 正高级)", "years",
            "组通字〔2015〕14号 (from 2015-03-01): women professionals of senior title retire at "
            "60, or at 55 on request; assumption: none requests it"}});
  v.field("quit_rate_early", quit_rate_early,
          {0,
           1,
           {"yearly voluntary attrition in the first years of teaching", "1/year",
            "NCES 2014-077: 7.1% of early-career teachers leave a year"}});
  v.field("early_career_years", early_career_years,
          {0,
           40,
           {"years of experience counted as early career", "years",
            "assumption: the first five years, where attrition studies place early exits"}});
  v.field("quit_rate_mid", quit_rate_mid,
          {0,
           1,
           {"yearly voluntary attrition in mid career", "1/year",
            "China 5-10% a year incl. retirement (Chongqing panel, secondary citation)"}});
  v.field("quit_rate_late", quit_rate_late,
          {0,
           1,
           {"yearly voluntary attrition from late_career_age", "1/year",
            "assumption: below mid career (early retirement is rare before the statutory age)"}});
  v.field("late_career_age", late_career_age,
          {20, 75, {"age from which late career starts", "years", "assumption"}});
  schema::per_zone(v, "quit_zone_multiplier", quit_zone_multiplier, {0, 20, {"", "1"}},
                   {"multiplier of the quit hazard by school zone", "1",
                    "rural posts lose more teachers; 79.2% of Yunnan rural teachers intend to "
                    "leave (Wang & Li 2017)"});
  v.field("quit_morale_slope", quit_morale_slope,
          {0,
           50,
           {"log-hazard per unit of morale below reference_morale", "1/morale",
            "assumption: a morale 0.1 below the reference raises the hazard by a third"}});
  v.field("reference_morale", reference_morale,
          {0,
           1,
           {"morale at which hazards are the base rates", "0..1",
            "assumption: morale.base, so that the base rates hold at the equilibrium morale"}});
  v.field("quit_burnout_slope", quit_burnout_slope,
          {0, 50, {"log-hazard per unit of burnout", "1/burnout", "assumption"}});
  v.field("max_quit_rate", max_quit_rate,
          {0,
           1,
           {"cap on the yearly quit probability", "1/year",
            "assumption: a numerical cap on the exponential hazard"}});
}

double quit_hazard(const DemographyParams& p, int experience, int age, Zone zone, double morale,
                   double burnout, double log_hazard_shift) {
  const double base = experience <= p.early_career_years ? p.quit_rate_early
                      : age >= p.late_career_age         ? p.quit_rate_late
                                                         : p.quit_rate_mid;
  const double h = base * p.quit_zone_multiplier[index(zone)] *
                   std::exp(p.quit_morale_slope * (p.reference_morale - morale) +
                            p.quit_burnout_slope * burnout + log_hazard_shift);
  return std::min(h, p.max_quit_rate);
}

namespace {
enum Fate : std::uint8_t { Stays = 0, Retires = 1, Quits = 2 };
}

void teacher_demography(World& world, const DemographyParams& params, const YearContext& ctx,
                        YearFlows& flows) {
  LeaderParams none;
  none.enabled = false;
  teacher_demography(world, params, none, ctx, flows);
}

void teacher_demography(World& world, const DemographyParams& params, const LeaderParams& leaders,
                        const YearContext& ctx, YearFlows& flows) {
  Teachers& t = world.teachers;
  // Empty without leaders: the hazard is then left exactly as it was.
  const std::vector<float> leadership =
      leaders.enabled ? leadership_for_effects(world, leaders) : std::vector<float>{};
  const std::size_t n = t.size();
  std::vector<std::uint8_t> fate(n, Stays);
  const RandomStream quit = ctx.stream(Stream::Quit);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n), [&](const auto& range) {
    // Every teacher's quit word first, vectorized (retirees' go unused).
    std::array<std::uint32_t, 256> word;
    for (std::size_t i = range.begin(); i != range.end(); ++i) {
      const std::size_t k = (i - range.begin()) % word.size();
      if (k == 0) quit.first_words(&t.id[i], std::min(word.size(), range.end() - i), word.data());
      ++t.age[i], ++t.experience[i], ++t.years_at_school[i], ++t.years_in_title[i];
      if (t.age[i] >= params.retirement_age_of(t.female[i] != 0, t.title[i])) {
        fate[i] = Retires;
        continue;
      }
      const auto s = static_cast<std::size_t>(t.school[i]);
      const Zone zone = world.schools.zone[s];
      // Service counted for the senior-title rule: the year just taught (last year's class).
      if (zone == Zone::Rural || world.schools.strength[s] == Strength::Weak)
        ++t.rural_service_years[i];
      const double shift = leadership.empty() ? 0.0 : -leaders.quit_effect * leadership[s];
      const double h =
          quit_hazard(params, t.experience[i], t.age[i], zone, t.morale[i], t.burnout[i], shift);
      if (RandomStream::to_unit(word[k]) < h) fate[i] = Quits;  // quit.uniform(t.id[i])
    }
  });
  std::vector<std::uint8_t> keep(n);
  for (std::size_t i = 0; i < n; ++i) {
    keep[i] = fate[i] == Stays;
    if (keep[i]) continue;
    const auto s = static_cast<std::size_t>(t.school[i]);
    const int z = index(world.schools.zone[s]);
    if (fate[i] == Retires) {
      ++flows.retirements[z];
      ++flows.school_retirements[s];
    } else {
      ++flows.quits[z];
      ++flows.school_quits[s];
    }
  }
  compact_teachers(t, keep);
  index_teachers(world);
  // Teacher indices moved; classes get their teachers again in class_assignment.
  std::fill(world.classes.class_teacher.begin(), world.classes.class_teacher.end(), -1);
}

}  // namespace edusim

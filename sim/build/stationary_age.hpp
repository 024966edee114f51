#pragma once
// The age mix the model's teacher careers settle to, for a generated district's start
// (district.teachers.age_distribution: stationary): a teacher enters at entry_age, survives
// each year the base quit hazard of its zone (demography, at the reference morale and
// without burnout) and retires at the statutory age of its sex and title: men at
// demography.retirement_age; women at retirement_age_women, or at retirement_age_senior_women
// if they hold a senior title, which a share `senior_share` of them is taken to hold from
// retirement_age_women on (the generator ranks its oldest teachers first for titles, so
// these women get them). In a steady state the number of teachers of age a is proportional
// to the share of entrants who survive to a, so the start needs no decades of spin-up for
// the retirement waves of another age mix to die out.
#include <array>
#include <vector>

#include "core/types.hpp"
#include "phases/demography.hpp"

namespace edusim {

class StationaryAges {
 public:
  StationaryAges(const DemographyParams& demography, int entry_age, double senior_share);

  /// The age of quantile u in [0, 1) of the stationary age distribution of zone z's men
  /// (female false) or women.
  int age(Zone zone, bool female, double u) const;

  /// Share of zone z's men or women of age `age` (0 outside entry_age..their retirement
  /// age - 1).
  double share(Zone zone, bool female, int age) const;

 private:
  const std::vector<double>& cdf(Zone zone, bool female) const {
    return cdf_[female ? 1 : 0][static_cast<std::size_t>(index(zone))];
  }

  int entry_age_;
  /// By sex (men, women) and zone, ages entry_age.. (ends at 1).
  std::array<std::array<std::vector<double>, kZones>, 2> cdf_;
};

}  // namespace edusim

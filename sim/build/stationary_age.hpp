#pragma once
// The age mix the model's teacher careers settle to, for a generated district's start
// (district.teachers.age_distribution: stationary): a teacher enters at entry_age, survives
// each year the base quit hazard of its zone (demography, at the reference morale and
// without burnout) and retires at demography.retirement_age. In a steady state the number
// of teachers of age a is proportional to the share of entrants who survive to a, so the
// start needs no decades of spin-up for the retirement waves of another age mix to die out.
#include <array>
#include <vector>

#include "core/types.hpp"
#include "phases/demography.hpp"

namespace edusim {

class StationaryAges {
 public:
  StationaryAges(const DemographyParams& demography, int entry_age);

  /// The age of quantile u in [0, 1) of zone z's stationary age distribution.
  int age(Zone zone, double u) const;

  /// Share of zone z's teachers of age `age` (0 outside entry_age..retirement_age - 1).
  double share(Zone zone, int age) const;

 private:
  int entry_age_;
  std::array<std::vector<double>, kZones> cdf_;  ///< by zone, ages entry_age.. (ends at 1)
};

}  // namespace edusim

#include "build/stationary_age.hpp"

#include <algorithm>

namespace edusim {

StationaryAges::StationaryAges(const DemographyParams& p, int entry_age, double senior_share)
    : entry_age_(entry_age) {
  // The share of a sex's survivors of age a still under their retirement age: every man
  // under his; a woman under the women's age, or, with a senior title (senior_share of
  // them), under the senior women's.
  auto serving = [&](bool female, int a) {
    if (!female) return a < p.retirement_age_of(false, 0) ? 1.0 : 0.0;
    const bool below = a < p.retirement_age_of(true, 0);
    const bool below_senior = a < p.retirement_age_of(true, kSeniorTitle);
    if (below == below_senior) return below ? 1.0 : 0.0;
    return below_senior ? senior_share : 1.0 - senior_share;
  };
  const int last = std::max(entry_age, p.latest_retirement_age() - 1);
  for (const bool female : {false, true}) {
    for (const Zone zone : {Zone::Urban, Zone::Town, Zone::Rural}) {
      std::vector<double>& cdf = cdf_[female ? 1 : 0][static_cast<std::size_t>(index(zone))];
      double survival = 1, total = 0;
      for (int a = entry_age; a <= last; ++a) {
        total += survival * serving(female, a);
        cdf.push_back(total);
        survival *= 1 - quit_hazard(p, a - entry_age, a, zone, p.reference_morale, 0, 0);
      }
      for (double& c : cdf) c /= total;
      cdf.back() = 1;
    }
  }
}

int StationaryAges::age(Zone zone, bool female, double u) const {
  const auto& c = cdf(zone, female);
  const auto k = std::upper_bound(c.begin(), c.end(), u) - c.begin();
  return entry_age_ + static_cast<int>(std::min<std::ptrdiff_t>(k, std::ssize(c) - 1));
}

double StationaryAges::share(Zone zone, bool female, int age) const {
  const auto& c = cdf(zone, female);
  const int k = age - entry_age_;
  if (k < 0 || k >= static_cast<int>(c.size())) return 0;
  return c[static_cast<std::size_t>(k)] - (k > 0 ? c[static_cast<std::size_t>(k - 1)] : 0.0);
}

}  // namespace edusim

#include "build/stationary_age.hpp"

#include <algorithm>

namespace edusim {

StationaryAges::StationaryAges(const DemographyParams& p, int entry_age, double senior_share)
    : entry_age_(entry_age) {
  for (const bool female : {false, true}) {
    const int last = std::max(
        entry_age, (female ? std::max(p.retirement_age_women, p.retirement_age_senior_women)
                           : p.retirement_age) -
                       1);
    for (const Zone zone : {Zone::Urban, Zone::Town, Zone::Rural}) {
      std::vector<double>& cdf = cdf_[female ? 1 : 0][static_cast<std::size_t>(index(zone))];
      double survival = 1, total = 0;
      for (int a = entry_age; a <= last; ++a) {
        // From retirement_age_women a woman stays only with a senior title (and the other
        // way round if the senior age were the earlier one).
        const double staying = !female ? 1.0
                               : a < std::min(p.retirement_age_women, p.retirement_age_senior_women)
                                   ? 1.0
                               : a < p.retirement_age_senior_women ? senior_share
                                                                   : 1.0 - senior_share;
        total += survival * staying;
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

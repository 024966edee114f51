#include "build/stationary_age.hpp"

#include <algorithm>

namespace edusim {

StationaryAges::StationaryAges(const DemographyParams& p, int entry_age) : entry_age_(entry_age) {
  const int last = std::max(entry_age, p.retirement_age - 1);
  for (const Zone zone : {Zone::Urban, Zone::Town, Zone::Rural}) {
    std::vector<double>& cdf = cdf_[static_cast<std::size_t>(index(zone))];
    double survival = 1, total = 0;
    for (int a = entry_age; a <= last; ++a) {
      total += survival;
      cdf.push_back(total);
      survival *= 1 - quit_hazard(p, a - entry_age, a, zone, p.reference_morale, 0, 0);
    }
    for (double& c : cdf) c /= total;
    cdf.back() = 1;
  }
}

int StationaryAges::age(Zone zone, double u) const {
  const auto& cdf = cdf_[static_cast<std::size_t>(index(zone))];
  const auto k = std::upper_bound(cdf.begin(), cdf.end(), u) - cdf.begin();
  return entry_age_ + static_cast<int>(std::min<std::ptrdiff_t>(k, std::ssize(cdf) - 1));
}

double StationaryAges::share(Zone zone, int age) const {
  const auto& cdf = cdf_[static_cast<std::size_t>(index(zone))];
  const int k = age - entry_age_;
  if (k < 0 || k >= static_cast<int>(cdf.size())) return 0;
  return cdf[static_cast<std::size_t>(k)] - (k > 0 ? cdf[static_cast<std::size_t>(k - 1)] : 0.0);
}

}  // namespace edusim

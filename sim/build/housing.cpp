#include "build/housing.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <vector>

#include "build/school_names.hpp"

namespace edusim {

void apply_housing(World& w, const HousingParams& p, const std::string& file,
                   const schema::SourceMap* sources) {
  Schools& sc = w.schools;
  if (p.units_per_rural_school > 0)
    for (std::size_t s = 0; s < sc.size(); ++s)
      if (sc.zone[s] == Zone::Rural) sc.housing_units[s] = p.units_per_rural_school;
  const SchoolNames names(sc, file, sources);
  std::vector<std::uint8_t> named(sc.size(), 0);
  for (std::size_t i = 0; i < p.units.size(); ++i) {
    const std::string path = fmt::format("housing.units[{}].school", i);
    const std::size_t s = names.find(path, p.units[i].school);
    if (named[s]++) names.fail(path, fmt::format("names '{}' a second time", p.units[i].school));
    sc.housing_units[s] = p.units[i].units;
  }
}

}  // namespace edusim

#include "world/world_source.hpp"

#include "world/data_loader.hpp"
#include "world/generator.hpp"

namespace edusim {

World build_world(const Scenario& scenario) {
  if (scenario.district.from_data.given()) return load_district_data(scenario);
  return generate_district(scenario);
}

}  // namespace edusim

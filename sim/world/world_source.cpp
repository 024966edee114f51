#include "world/world_source.hpp"

#include "io/scenario_io.hpp"
#include "io/snapshot.hpp"
#include "world/data_loader.hpp"
#include "world/generator.hpp"

namespace edusim {

World build_world(const Scenario& scenario) {
  if (scenario.district.from_data.given()) return load_district_data(scenario);
  if (!scenario.district.from_snapshot.empty())  // the state as saved: no finishing step
    return read_snapshot(resolve_path(scenario, scenario.district.from_snapshot),
                         scenario.district.snapshot_year);
  return generate_district(scenario);
}

}  // namespace edusim

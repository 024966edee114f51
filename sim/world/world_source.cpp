#include "world/world_source.hpp"

#include "io/scenario_io.hpp"
#include "io/snapshot.hpp"
#include "phases/school_strength.hpp"
#include "world/data_loader.hpp"
#include "world/generator.hpp"

namespace edusim {

World build_world(const Scenario& scenario) {
  if (!scenario.district.from_snapshot.empty())  // the state as saved: no finishing step
    return read_snapshot(resolve_path(scenario, scenario.district.from_snapshot),
                         scenario.district.snapshot_year);
  World world = scenario.district.from_data.given() ? load_district_data(scenario)
                                                    : generate_district(scenario);
  // Year 0 classes the schools too, so the first year's phases see weak and strong schools.
  school_strength(world, scenario.strength, year_context(scenario, 0));
  return world;
}

}  // namespace edusim

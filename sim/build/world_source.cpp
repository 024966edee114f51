#include "build/world_source.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "build/data_loader.hpp"
#include "build/generator.hpp"
#include "build/housing.hpp"
#include "build/plan_checks.hpp"
#include "build/structure.hpp"
#include "core/error.hpp"
#include "io/scenario_io.hpp"
#include "io/snapshot.hpp"
#include "phases/consolidation.hpp"
#include "phases/drift.hpp"
#include "phases/kindergartens.hpp"
#include "phases/leaders.hpp"
#include "phases/pay.hpp"
#include "phases/school_strength.hpp"

namespace edusim {

namespace {

/// Tables and the generator know only years at the current school: a teacher of a
/// rural or weak school is credited with those years of service (for the
/// senior-title rule, promotion.senior_service_years); service elsewhere before is
/// unknown and counts 0.
void count_earlier_rural_service(World& world) {
  Teachers& t = world.teachers;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto s = static_cast<std::size_t>(t.school[i]);
    if (world.schools.zone[s] == Zone::Rural || world.schools.strength[s] == Strength::Weak)
      t.rural_service_years[i] = std::max(t.rural_service_years[i], t.years_at_school[i]);
  }
}

/// "FILE:LINE:COL" of a key of the scenario (FILE alone when it was not read from a file).
std::string where(const Scenario& scenario, const std::string& key_path) {
  return scenario.sources ? scenario.sources->where(key_path) : scenario.file;
}

/// The consolidation plan and the capacity expansions name schools of the world.
void validate_school_names(const Scenario& scenario, const World& world) {
  const auto& plan = scenario.consolidation.plan;
  const std::int32_t first = scenario.run.start_year + 1,
                     last = scenario.run.start_year + scenario.run.years;
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const std::string key = fmt::format("consolidation.plan[{}].year", i);
    if (plan[i].year < first || plan[i].year > last)
      throw InputError(
          fmt::format("{}: key '{}' is {}; the run simulates the school years {} to {} "
                      "(run.start_year + 1 to run.start_year + run.years)",
                      where(scenario, key), key, plan[i].year, first, last));
  }
  validate_consolidation(scenario.consolidation, world, scenario.file, scenario.sources.get());
  validate_drift(scenario.drift, world, scenario.file, scenario.sources.get());
}

}  // namespace

World build_world(const Scenario& scenario) {
  World world;
  if (!scenario.district.from_snapshot.empty()) {  // the state as saved: no finishing step
    world = read_snapshot(resolve_path(scenario, scenario.district.from_snapshot),
                          scenario.district.snapshot_year);
    // A version-3 snapshot's kindergartens have no teacher agents yet; a later snapshot's are
    // as saved (a kindergarten left without teachers stays so until the next hiring).
    if (world.kindergarten_teachers.size() == 0)
      generate_kindergarten_teachers(world, kindergarten_rules(scenario), world_context(scenario));
  } else {
    world = scenario.district.from_data.given() ? load_district_data(scenario)
                                                : generate_district(scenario);
    // Year 0 classes the schools too, so the first year's phases see weak and strong schools.
    school_strength(world, scenario.strength, world_context(scenario));
    apply_structure(world, scenario.structure, scenario.file, scenario.sources.get());
    apply_housing(world, scenario.housing, scenario.file, scenario.sources.get());
    count_earlier_rural_service(world);
    generate_leaders(world, scenario.leaders, world_context(scenario));
    generate_kindergarten_teachers(world, kindergarten_rules(scenario), world_context(scenario));
    generate_kindergarten_leaders(world, scenario.leaders, scenario.district.kindergartens,
                                  world_context(scenario));
  }
  validate_school_names(scenario, world);
  return world;
}

}  // namespace edusim

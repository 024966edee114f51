#include "engine/spin_up.hpp"

#include "build/world_source.hpp"
#include "engine/simulation.hpp"
#include "scenario/spin_up_rules.hpp"

namespace edusim {

World spun_up(const Scenario& s, World world, bool check) {
  if (s.run.spin_up_years <= 0 || !s.district.from_snapshot.empty()) return world;
  const Scenario rules = spin_up_rules(s);
  Simulation sim(rules, std::move(world), {check, false});
  for (int y = 0; y < s.run.spin_up_years; ++y) sim.step();
  World out = std::move(sim.mutable_world());
  out.year = 0;  // the spin-up is not part of the run's years
  return out;
}

World start_world(const Scenario& s, bool check) {
  return spun_up(s, build_world(s), check);
}

}  // namespace edusim

// Voluntary transfers on a whole district (scenarios/baseline.yaml), 10 years, each seed run
// with and without transfers from the same world (paired): transfers widen the gap in
// teacher effectiveness and experience between urban and rural schools, and raise the share
// of novices among rural teachers, since the posts that movers leave are filled by new hires.
// With --check the invariants hold after every phase, and the events agree with the flows.
#include <gtest/gtest.h>

#include <cstdio>

#include "build/world_source.hpp"
#include "engine/simulation.hpp"
#include "io/scenario_io.hpp"
#include "metrics/year_metrics.hpp"

using namespace edusim;

namespace {

/// Regular teachers of urban and of rural schools: mean effectiveness, mean experience and
/// the share with at most 3 years of experience.
struct ZoneStaff {
  double effectiveness_gap = 0, experience_gap = 0, rural_novice_share = 0;
};

ZoneStaff measure_staff(const World& w) {
  std::array<double, kZones> n{}, eff{}, exp{}, novices{};
  const Teachers& t = w.teachers;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t.contract[i] != Contract::Regular) continue;
    const int z = index(w.schools.zone[static_cast<std::size_t>(t.school[i])]);
    ++n[z], eff[z] += t.effectiveness[i], exp[z] += t.experience[i];
    novices[z] += t.experience[i] <= 3;
  }
  const int u = index(Zone::Urban), r = index(Zone::Rural);
  return {eff[u] / n[u] - eff[r] / n[r], exp[u] / n[u] - exp[r] / n[r], novices[r] / n[r]};
}

struct Outcome {
  ZoneStaff staff;
  std::int64_t transfers = 0, rural_up = 0, to_rural = 0, events = 0;
};

Outcome run(const Scenario& s, const World& world, bool check) {
  Simulation sim(s, world, {check, false});
  Outcome o;
  for (int y = 0; y < s.run.years; ++y) {
    sim.step();
    const YearFlows& f = sim.flows();
    o.transfers += f.transfers;
    o.rural_up += f.transfers_rural_to_town_urban;
    o.to_rural += f.transfers_to_rural;
    for (const RotationEvent& e : f.rotation_events) o.events += e.kind == RotationKind::Transfer;
  }
  o.staff = measure_staff(sim.world());
  return o;
}

}  // namespace

TEST(TransfersScenario, TransfersWidenTheUrbanRuralGapsOverTenYears) {
  Scenario off = load_scenario(EDUSIM_SOURCE_DIR "/scenarios/baseline.yaml");
  off.run.years = 10;
  off.transfers.enabled = false;  // the counterfactual without sorting
  double eff_on = 0, eff_off = 0, exp_on = 0, exp_off = 0, nov_on = 0, nov_off = 0;
  const std::int64_t seeds[] = {101, 202, 303, 404};
  for (std::int64_t seed : seeds) {
    off.run.seed = seed;
    Scenario on = off;
    on.transfers.enabled = true;
    const World world = build_world(off);
    const Outcome a = run(on, world, seed == seeds[0]), b = run(off, world, false);
    std::printf(
        "seed %lld: transfers %lld (rural to town/urban %lld, to rural %lld); urban-rural "
        "effectiveness gap %.4f on, %.4f off; experience gap %.2f on, %.2f off; rural novice "
        "share %.3f on, %.3f off\n",
        static_cast<long long>(seed), static_cast<long long>(a.transfers),
        static_cast<long long>(a.rural_up), static_cast<long long>(a.to_rural),
        a.staff.effectiveness_gap, b.staff.effectiveness_gap, a.staff.experience_gap,
        b.staff.experience_gap, a.staff.rural_novice_share, b.staff.rural_novice_share);
    EXPECT_GT(a.transfers, 0);
    EXPECT_EQ(a.events, a.transfers);
    EXPECT_EQ(b.transfers, 0);
    eff_on += a.staff.effectiveness_gap, eff_off += b.staff.effectiveness_gap;
    exp_on += a.staff.experience_gap, exp_off += b.staff.experience_gap;
    nov_on += a.staff.rural_novice_share, nov_off += b.staff.rural_novice_share;
  }
  const double k = std::size(seeds);
  std::printf(
      "mean of %d seeds: effectiveness gap %.4f on, %.4f off; experience gap %.2f on, "
      "%.2f off; rural novice share %.3f on, %.3f off\n",
      static_cast<int>(k), eff_on / k, eff_off / k, exp_on / k, exp_off / k, nov_on / k,
      nov_off / k);
  EXPECT_GT(eff_on, eff_off);
  EXPECT_GT(exp_on, exp_off);
  EXPECT_GT(nov_on, nov_off);
}

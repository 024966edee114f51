// Stayers, movers and leavers of the baseline district (scenarios/baseline.yaml) against the
// US reference, NCES 2014-077 (Teacher Attrition and Mobility: Results From the 2012-13
// Teacher Follow-up Survey, Table 2): of the public school teachers of 2011-12, 84.3% stayed
// at the same school, 8.1% moved to another school and 7.7% left teaching (leavers include
// retirees). In the model the leavers are turnover_rate (retirements and quits) and the
// movers transfer_rate (voluntary transfers; rotation terms and their returns are not moves).
// No Chinese figure of the three shares was found (docs/odd.md section 3.6), so only the
// leavers are held to a range: 5-10% a year, the Chinese figure including retirement (a
// Chongqing panel, secondary citation), which contains the NCES 7.7%. The movers are printed
// beside the NCES figure, not tested against it.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "engine/simulation.hpp"
#include "engine/spin_up.hpp"
#include "io/scenario_io.hpp"
#include "metrics/year_metrics.hpp"

using namespace edusim;

TEST(WorkforceFlows, BaselineStayersMoversAndLeaversBesideNces) {
  Scenario s = load_scenario(EDUSIM_SOURCE_DIR "/scenarios/baseline.yaml");
  constexpr int kSeeds = 4;
  double leave = 0, move = 0, years = 0;
  for (int r = 0; r < kSeeds; ++r) {
    s.run.seed = 5100 + r;
    s.run.world_seed = -1;
    Simulation sim(s, start_world(s));
    for (int y = 0; y < s.run.years; ++y) {
      sim.step();
      const YearMetrics m = sim.measure();
      const double l = m[DistrictMetric::turnover_rate], v = m[DistrictMetric::transfer_rate];
      ASSERT_TRUE(std::isfinite(l) && std::isfinite(v));
      ASSERT_GE(v, 0.0);
      leave += l, move += v, ++years;
    }
  }
  leave /= years, move /= years;
  const double stay = 1 - leave - move;
  std::printf(
      "baseline, %d seeds x %d years: stay %.3f, move %.3f, leave %.3f "
      "(NCES 2012-13: 0.843, 0.081, 0.077)\n",
      kSeeds, s.run.years, stay, move, leave);
  EXPECT_GE(leave, 0.05);
  EXPECT_LE(leave, 0.10);
  EXPECT_GT(move, 0.0);  // transfers are on by default
  EXPECT_GT(stay, 0.8);
}

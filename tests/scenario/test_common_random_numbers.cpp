// Seeds that make comparisons sharp: the district's seed apart from the dynamics' seed,
// one counter-based stream per mechanism (a policy that moves nobody changes nothing),
// and common random numbers in sweeps (replicate r has the same seeds at every point).
#include <gtest/gtest.h>

#include <cstring>

#include "build/world_source.hpp"
#include "engine/simulation.hpp"
#include "scenario/cli_helpers.hpp"
#include "sweep/sweep_runner.hpp"
#include "unit/test_helpers.hpp"

namespace edusim::testing::cli {
namespace {

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

struct Trajectory {
  std::vector<float> achievement, effectiveness;
  std::vector<double> gaps;  ///< the district's achievement gap metrics, every year
};

Trajectory simulate(const Scenario& s) {
  Simulation sim(s, build_world(s));
  Trajectory t;
  for (int y = 0; y <= s.run.years; ++y) {
    if (y > 0) sim.step();
    const YearMetrics m = sim.measure();
    for (const DistrictMetric metric :
         {DistrictMetric::achievement_mean, DistrictMetric::achievement_gap_top_bottom_quartile,
          DistrictMetric::achievement_gap_urban_rural, DistrictMetric::achievement_gini})
      t.gaps.push_back(m[metric]);
  }
  t.achievement = sim.world().students.achievement;
  t.effectiveness = sim.world().teachers.effectiveness;
  return t;
}

TEST(CommonRandomNumbers, WorldSeedKeepsTheDistrictWhileTheSeedRedrawsTheYears) {
  Scenario a = small_scenario(2, 11);
  a.run.world_seed = 5;
  Scenario b = a;
  b.run.seed = 12;
  const World wa = build_world(a), wb = build_world(b);
  EXPECT_TRUE(same_bits(wa.students.achievement, wb.students.achievement));
  EXPECT_TRUE(same_bits(wa.teachers.effectiveness, wb.teachers.effectiveness));
  EXPECT_FALSE(same_bits(simulate(a).achievement, simulate(b).achievement))
      << "the dynamics' seed must still redraw the years";
  Scenario c = a;
  c.run.world_seed = 6;
  EXPECT_FALSE(same_bits(wa.students.achievement, build_world(c).students.achievement));
}

TEST(CommonRandomNumbers, WithoutWorldSeedTheDistrictFollowsTheSeed) {
  Scenario a = small_scenario(1, 11);
  Scenario b = a;
  b.run.world_seed = 11;  // given, equal to the seed: the same district as not given
  EXPECT_TRUE(same_bits(build_world(a).students.achievement, build_world(b).students.achievement));
  b.run.world_seed = -1;
  b.run.seed = 12;
  EXPECT_FALSE(same_bits(build_world(a).students.achievement, build_world(b).students.achievement));
}

// Each mechanism draws from its own stream, keyed by mechanism, year and agent: switching a
// policy on with parameters that move nobody leaves every other draw where it was.
TEST(CommonRandomNumbers, APolicyThatMovesNobodyLeavesTheRunIdentical) {
  const Scenario base = load_scenario((kSourceDir / "scenarios/baseline.yaml").string());
  Scenario off = base;
  off.run.years = 3;
  const Trajectory reference = simulate(off);
  const auto expect_same = [&](const char* what, const Scenario& on) {
    SCOPED_TRACE(what);
    const Trajectory t = simulate(on);
    EXPECT_TRUE(same_bits(reference.achievement, t.achievement));
    EXPECT_TRUE(same_bits(reference.effectiveness, t.effectiveness));
    EXPECT_TRUE(same_bits(reference.gaps, t.gaps));
  };
  Scenario uplift = off;
  uplift.low_title_high_hire.enabled = true;
  uplift.low_title_high_hire.quota_share = 0;
  expect_same("low-title high-hire with a quota of 0", uplift);
  Scenario rotation = off;
  rotation.rotation.enabled = true;
  rotation.rotation.quota_share = 0;
  expect_same("rotation with a quota of 0", rotation);
}

TEST(CommonRandomNumbers, SweepReplicatesShareTheirSeedsAcrossPoints) {
  const TempDir dir;
  const auto sweep = [&](const std::string& extra) {
    const fs::path file = dir / "crn.yaml";
    write_file(file, "base: " + (kSourceDir / "scenarios/workforce.yaml").string() +
                         "\ndesign: grid\nreplicates: 3\nseed: 4\n" + extra +
                         "axes:\n  rotation.quota_share: [0.1, 0.2]\n  hiring.placement: [need, "
                         "weak_rural_first]\n");
    return plan_sweep(file.string(), "test");
  };
  const SweepPlan crn = sweep("");  // the default with replicates: on
  ASSERT_TRUE(crn.spec.common_random_numbers);
  EXPECT_EQ(crn.header.common_random_numbers, 1);
  const std::int64_t runs = crn.design.runs(), reps = crn.design.replicates;
  for (std::int64_t i = 0; i < runs; ++i)
    for (std::int64_t j = 0; j < runs; ++j) {
      const bool same_replicate = i % reps == j % reps;
      EXPECT_EQ(scenario_for_run(crn, i).run.seed == scenario_for_run(crn, j).run.seed,
                same_replicate)
          << "runs " << i << " and " << j;
    }
  const SweepPlan independent = sweep("common_random_numbers: false\n");
  EXPECT_NE(independent.header.digest, crn.header.digest) << "resume must tell them apart";
  for (std::int64_t i = 1; i < runs; ++i)
    EXPECT_NE(scenario_for_run(independent, i).run.seed, scenario_for_run(independent, 0).run.seed);
}

TEST(CommonRandomNumbers, ASweepWithoutReplicatesKeepsOneSeedPerRun) {
  const SweepPlan plan =
      plan_sweep((kSourceDir / "tests/data/sweeps/small_sobol.yaml").string(), "test");
  EXPECT_FALSE(plan.spec.common_random_numbers);
  EXPECT_NE(scenario_for_run(plan, 0).run.seed, scenario_for_run(plan, 1).run.seed);
}

}  // namespace
}  // namespace edusim::testing::cli

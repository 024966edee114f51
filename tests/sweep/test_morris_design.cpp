// Morris elementary-effects screening (sim/sweep/design.*): the trajectories on the level
// grid, their expansion into a sweep's points, the sweep file's `levels` key and the
// /params columns that say which step of which trajectory a run is.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "cli_helpers.hpp"
#include "core/error.hpp"
#include "io/sweep_file.hpp"
#include "sweep/design.hpp"
#include "sweep/sweep_spec.hpp"

namespace edusim {
namespace {

using testing::cli::TempDir;
using testing::cli::write_file;

/// A small inline base (3 schools, 2 years) with rotation on, so that its keys may vary.
const char* kBase = R"(base_scenario:
  run: {years: 2, start_year: 2020}
  district:
    name: morris test county
    schools:
      - {name: town primary, level: primary, zone: town, count: 2, students_per_grade: {mean: 30, sd: 5, min: 10, max: 60}}
      - {name: town middle, level: middle, zone: town, count: 1, students_per_grade: {mean: 60, sd: 10, min: 20, max: 120}}
  rotation: {enabled: true}
)";

/// Four axes: a uniform range, an integer range, a choice list and a normal distribution.
const char* kAxes = R"(axes:
  rotation.quota_share: {min: 0.05, max: 0.25}
  rotation.term_years: {min: 1, max: 6}
  hiring.placement: [need, weak_rural_first]
  rotation.burnout_per_year: {mean: 0.05, sd: 0.02, distribution: normal, min: 0, max: 0.1}
)";

std::string sweep_file(const TempDir& dir, const std::string& body) {
  const auto path = (dir / "sweep.yaml").string();
  write_file(path, std::string(kBase) + body);
  return path;
}

/// Checks one trajectory of `levels` levels over k axes, starting at steps[first].
void expect_trajectory(const std::vector<MorrisStep>& steps, std::size_t first, std::size_t k,
                       std::int64_t levels) {
  std::set<std::int64_t> moved;
  for (std::size_t s = 0; s <= k; ++s) {
    const MorrisStep& step = steps[first + s];
    EXPECT_EQ(step.step, static_cast<std::int64_t>(s));
    EXPECT_EQ(step.trajectory, steps[first].trajectory);
    ASSERT_EQ(step.level.size(), k);
    for (const std::int64_t l : step.level) {
      EXPECT_GE(l, 0);
      EXPECT_LT(l, levels);
    }
    if (s == 0) {
      EXPECT_EQ(step.axis, -1);
      EXPECT_EQ(step.direction, 0);
      continue;
    }
    const MorrisStep& before = steps[first + s - 1];
    int changed = 0;
    for (std::size_t a = 0; a < k; ++a) {
      if (step.level[a] == before.level[a]) continue;
      ++changed;
      EXPECT_EQ(static_cast<std::int64_t>(a), step.axis);
      EXPECT_EQ(step.level[a] - before.level[a], step.direction * levels / 2);
      // Up from the lower half of the grid, down from the upper half.
      EXPECT_EQ(step.direction, before.level[a] < levels / 2 ? 1 : -1);
    }
    EXPECT_EQ(changed, 1) << "step " << s;
    moved.insert(step.axis);
  }
  EXPECT_EQ(moved.size(), k) << "every axis moves once per trajectory";
}

TEST(MorrisDesign, TrajectoriesMoveEveryAxisOnceByHalfTheLevelsOnTheGrid) {
  for (const std::int64_t levels : {2, 4, 6, 10}) {
    const std::size_t k = 7;
    const auto steps = morris_trajectories(12, k, levels, 99);
    ASSERT_EQ(steps.size(), 12 * (k + 1));
    for (std::size_t t = 0; t < 12; ++t) {
      EXPECT_EQ(steps[t * (k + 1)].trajectory, static_cast<std::int64_t>(t));
      expect_trajectory(steps, t * (k + 1), k, levels);
    }
  }
}

TEST(MorrisDesign, BaseLevelsAndAxisOrdersAreRandomButFixedBySeed) {
  const std::size_t k = 6;
  const auto a = morris_trajectories(40, k, 4, 7);
  const auto b = morris_trajectories(40, k, 4, 7);
  const auto c = morris_trajectories(40, k, 4, 8);
  int same_as_other_seed = 0;
  std::set<std::vector<std::int64_t>> orders;
  std::set<std::int64_t> base_levels;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].level, b[i].level);
    EXPECT_EQ(a[i].axis, b[i].axis);
    same_as_other_seed += a[i].level == c[i].level && a[i].axis == c[i].axis;
    if (a[i].step == 0) base_levels.insert(a[i].level.begin(), a[i].level.end());
  }
  for (std::size_t t = 0; t < 40; ++t) {
    std::vector<std::int64_t> order;
    for (std::size_t s = 1; s <= k; ++s) order.push_back(a[t * (k + 1) + s].axis);
    orders.insert(order);
  }
  EXPECT_LT(same_as_other_seed, static_cast<int>(a.size()) / 4) << "another seed, another design";
  EXPECT_EQ(base_levels.size(), 4u) << "every level occurs as a base level";
  EXPECT_GT(orders.size(), 30u) << "the axes move in random orders";
}

TEST(MorrisDesign, SweepListsTrajectoriesWithValuesAtTheLevelMidpoints) {
  const TempDir dir;
  const auto spec =
      load_sweep(sweep_file(dir, std::string("seed: 5\ndesign: morris\nsamples: 6\nlevels: 6\n"
                                             "replicates: 2\n") +
                                     kAxes));
  EXPECT_EQ(spec.design, DesignKind::morris);
  EXPECT_EQ(spec.levels, 6);
  const std::size_t k = 4;
  const Design d = expand_design(spec);
  ASSERT_EQ(d.points.size(), 6 * (k + 1));
  EXPECT_EQ(d.runs(), 2 * 6 * static_cast<std::int64_t>(k + 1));
  const auto steps = morris_trajectories(6, k, 6, 5);
  for (std::size_t i = 0; i < d.points.size(); ++i) {
    const DesignPoint& p = d.points[i];
    EXPECT_EQ(p.morris_trajectory, static_cast<std::int64_t>(i / (k + 1)));
    EXPECT_EQ(p.morris_step, static_cast<std::int64_t>(i % (k + 1)));
    EXPECT_EQ(p.morris_axis, steps[i].axis);
    EXPECT_EQ(p.morris_direction, steps[i].direction);
    EXPECT_EQ(p.sobol_block, -1);
    // The uniform axis sits at the middle of its level's stratum.
    EXPECT_DOUBLE_EQ(p.number[0], 0.05 + morris_unit(steps[i].level[0], 6) * 0.2);
    // The choice axis: levels 0-2 give the first value, 3-5 the second.
    EXPECT_EQ(p.text[2], steps[i].level[2] < 3 ? "need" : "weak_rural_first");
    if (p.morris_step == 0) continue;
    const DesignPoint& before = d.points[i - 1];
    const auto moved = static_cast<std::size_t>(p.morris_axis);
    for (std::size_t a = 0; a < k; ++a) {
      if (a == moved) {
        EXPECT_NE(p.text[a], before.text[a]) << "point " << i << " axis " << a;
        if (a != 2) {  // numeric axes move in the step's direction
          EXPECT_EQ(p.number[a] > before.number[a], p.morris_direction > 0);
        }
      } else {
        EXPECT_EQ(p.text[a], before.text[a]) << "point " << i << " axis " << a;
      }
    }
  }
}

TEST(MorrisDesign, LevelsDefaultToFourAndTheDigestDependsOnThem) {
  const TempDir dir;
  const auto spec =
      load_sweep(sweep_file(dir, std::string("seed: 5\ndesign: morris\nsamples: 3\n") + kAxes));
  EXPECT_EQ(spec.levels, 4);
  const Design d = expand_design(spec);
  const auto digest = design_digest(spec, d, "a: 1");
  auto other = spec;
  other.levels = 6;
  EXPECT_NE(digest, design_digest(other, d, "a: 1")) << "same points, other levels";
  other = spec;
  other.design = DesignKind::latin_hypercube;
  EXPECT_NE(digest, design_digest(other, d, "a: 1")) << "same points, other design";
}

struct BadMorris {
  const char* name;
  const char* body;
  const char* line;      ///< ":<line>:" the message must name
  const char* expected;  ///< a fragment of the message
};

class BadMorrisSweep : public ::testing::TestWithParam<BadMorris> {};

TEST_P(BadMorrisSweep, IsRefusedNamingTheFileLineAndKey) {
  const TempDir dir;
  const auto file = sweep_file(dir, GetParam().body);
  try {
    load_sweep(file);
    ADD_FAILURE() << "accepted: " << GetParam().body;
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("sweep.yaml" + std::string(GetParam().line)), std::string::npos)
        << message;
    EXPECT_NE(message.find(GetParam().expected), std::string::npos) << message;
  }
}

// The base takes lines 1-8, so the sweep's own keys start on line 9.
const BadMorris kBadMorris[] = {
    {"odd_levels",
     "seed: 1\ndesign: morris\nsamples: 4\nlevels: 5\naxes:\n  rotation.quota_share: {min: 0, "
     "max: 1}\n",
     ":12:", "key 'levels' must be even"},
    {"one_trajectory",
     "seed: 1\ndesign: morris\nsamples: 1\naxes:\n  rotation.quota_share: {min: 0, max: 1}\n",
     ":11:", "key 'samples' value 1 is out of range"},
    {"no_samples", "seed: 1\ndesign: morris\naxes:\n  rotation.quota_share: {min: 0, max: 1}\n",
     ":", "key 'samples' is required for a morris design (the number of trajectories r)"},
    {"levels_on_grid", "seed: 1\nlevels: 4\naxes:\n  rotation.quota_share: [0.1, 0.2]\n",
     ":10:", "key 'levels' is for morris designs only; this design is grid"},
    {"levels_on_sobol",
     "seed: 1\ndesign: sobol\nsamples: 4\nlevels: 4\naxes:\n  rotation.quota_share: {min: 0, "
     "max: 1}\n",
     ":12:", "key 'levels' is for morris designs only; this design is sobol"},
    {"levels_too_few",
     "seed: 1\ndesign: morris\nsamples: 4\nlevels: 0\naxes:\n  rotation.quota_share: {min: 0, "
     "max: 1}\n",
     ":12:", "key 'levels' value 0 is out of range"},
    {"no_axes", "seed: 1\ndesign: morris\nsamples: 4\n", ":",
     "needs at least one axis for a latin_hypercube, sobol or morris design"},
    {"steps_on_morris",
     "seed: 1\ndesign: morris\nsamples: 4\naxes:\n  rotation.quota_share: {min: 0, max: 1, "
     "steps: 3}\n",
     ":13:", "key 'axes.rotation.quota_share.steps' is for grid designs only"},
};

INSTANTIATE_TEST_SUITE_P(Morris, BadMorrisSweep, ::testing::ValuesIn(kBadMorris),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(MorrisDesign, ParamsColumnsSurviveWritingAndReading) {
  const TempDir dir;
  SweepHeader h;
  h.sweep_file = "s.yaml";
  h.design = "morris";
  h.points = 3;
  h.runs = 3;
  h.morris_trajectories = 1;
  h.morris_levels = 4;
  h.axes = {{"rotation.quota_share", "numeric", "share"}, {"rotation.term_years", "numeric", "y"}};
  h.years = {2020};
  h.district_series = {{"achievement_mean", "SD", "mean"}};
  std::vector<SweepRun> runs(3);
  for (std::int64_t r = 0; r < 3; ++r) {
    SweepRun& run = runs[static_cast<std::size_t>(r)];
    run.run_index = run.point = r;
    run.morris_trajectory = 0;
    run.morris_step = r;
    run.morris_axis = r == 0 ? -1 : 2 - r;
    run.morris_direction = r == 0 ? 0 : (r == 1 ? 1 : -1);
    run.axis_number = {0.1, 2};
    run.axis_text = {"0.1", "2"};
    run.district = {static_cast<double>(r)};
  }
  const auto path = (dir / "m.h5").string();
  write_sweep_file(path, h, runs, false);
  const SweepFileData back = read_sweep_file(path);
  EXPECT_EQ(back.header.morris_trajectories, 1);
  EXPECT_EQ(back.header.morris_levels, 4);
  EXPECT_EQ(back.header.sobol_samples, -1);
  ASSERT_EQ(back.runs.size(), 3u);
  for (std::size_t r = 0; r < 3; ++r) {
    EXPECT_EQ(back.runs[r].morris_trajectory, runs[r].morris_trajectory);
    EXPECT_EQ(back.runs[r].morris_step, runs[r].morris_step);
    EXPECT_EQ(back.runs[r].morris_axis, runs[r].morris_axis);
    EXPECT_EQ(back.runs[r].morris_direction, runs[r].morris_direction);
  }
}

}  // namespace
}  // namespace edusim

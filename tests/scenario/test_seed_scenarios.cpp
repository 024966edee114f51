// The seed-district scenarios (scenarios/qiaodong.yaml, fushun.yaml, dongcheng.yaml,
// miyun.yaml, hongqi.yaml) and the EduEcosystem pair (eduecosystem_rotation_on/off.yaml and
// the variants in scenarios/eduecosystem/) as smoke tests: every file validates through the
// `edusim` binary, loads in-process, and runs 2-3 years with a few cheap figures of its seed
// article holding (SeedScenarios*). The full calibration (every figure, full horizon, 20+
// replicates) is analysis/calibration.py, whose output is docs/calibration.md.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "build/world_source.hpp"
#include "cli_helpers.hpp"
#include "engine/simulation.hpp"
#include "io/scenario_io.hpp"
#include "io/switched_off.hpp"

using namespace edusim;

namespace {

namespace fs = std::filesystem;
namespace cli = edusim::testing::cli;
using cli::kSourceDir;

const fs::path kScenarios = kSourceDir / "scenarios";

std::vector<fs::path> seed_scenario_files() {
  std::vector<fs::path> files;
  for (const char* name : {"qiaodong", "fushun", "dongcheng", "miyun", "hongqi",
                           "eduecosystem_rotation_on", "eduecosystem_rotation_off"})
    files.push_back(kScenarios / (std::string(name) + ".yaml"));
  std::vector<fs::path> variants;
  for (const auto& e : fs::directory_iterator(kScenarios / "eduecosystem"))
    if (e.path().extension() == ".yaml") variants.push_back(e.path());
  std::sort(variants.begin(), variants.end());
  files.insert(files.end(), variants.begin(), variants.end());
  return files;
}

/// The district metrics of each simulated year (index 0 = year 1).
std::vector<YearMetrics> run_years(const fs::path& file, int years) {
  Scenario s = load_scenario(file.string());
  s.run.years = years;
  Simulation sim(s, build_world(s));
  std::vector<YearMetrics> out;
  for (int y = 0; y < years; ++y) {
    sim.step();
    out.push_back(sim.measure());
  }
  return out;
}

double share(double part, double whole) {
  return whole > 0 ? part / whole : std::nan("");
}

}  // namespace

TEST(SeedScenarios, EveryFileValidatesWithTheBinary) {
  const cli::TempDir work;
  const auto files = seed_scenario_files();
  ASSERT_GE(files.size(), 7u);
  for (const auto& file : files) {
    const auto r = cli::run_edusim({"validate", file.string()}, work.path(),
                                   {.timeout_s = 60, .limit_address_space = false});
    EXPECT_EQ(r.exit_code, 0) << file << ": " << r.err;
    EXPECT_TRUE(r.err.empty()) << file << ": " << r.err;
    EXPECT_NE(r.out.find("valid scenario"), std::string::npos) << file << ": " << r.out;
  }
}

TEST(SeedScenarios, EveryFileLoadsInProcess) {
  for (const auto& file : seed_scenario_files())
    EXPECT_NO_THROW((void)load_scenario(file.string())) << file;
}

TEST(SeedScenarios, QiaodongRotatesAFifthOfTheEligibleAndUpliftsATenthOfStaff) {
  const auto m = run_years(kScenarios / "qiaodong.yaml", 2);
  for (const auto& y : m) {
    // Seed 000: 132 of 681 eligible rotating (19.4%); 198 uplift holders = 10% of the
    // regular staff (the supernumerary interns are counted in `teachers`, not in the quota).
    EXPECT_NEAR(share(y[DistrictMetric::rotations], y[DistrictMetric::rotation_eligible]), 0.194,
                0.03);
    EXPECT_NEAR(y[DistrictMetric::uplift_share], 0.10, 0.005);
    EXPECT_NEAR(y[DistrictMetric::teachers] - y[DistrictMetric::interns_hired], 1980, 0.03 * 1980);
  }
  // Backbone teachers first, and at least the national floor of 20%, once the 2014-2018
  // history (which already sent most backbone teachers) is behind: from the second round.
  EXPECT_GE(m[1][DistrictMetric::rotation_backbone_share], 0.2);
  // The calibrated attrition keeps the yearly hires near the article's pace (44 a year),
  // far below the US defaults' (about 100).
  EXPECT_GT(m[1][DistrictMetric::hires], 0);
  EXPECT_LT(m[1][DistrictMetric::hires], 80);
}

TEST(SeedScenarios, FushunClosesItsTeachingPointsAndPaysItsAllowances) {
  const auto m = run_years(kScenarios / "fushun.yaml", 2);
  // Seed 001: 73 weak village primaries closed; every remaining school is in one of 30 groups.
  EXPECT_EQ(m[0][DistrictMetric::closures], 73);
  EXPECT_EQ(m[0][DistrictMetric::schools_open], 100);
  EXPECT_EQ(m[1][DistrictMetric::closures], 0);
  EXPECT_NEAR(m[0][DistrictMetric::teachers], 6600, 0.1 * 6600);
  // About 57 million yuan of allowances a year; 1,343 housing units at 6,000 yuan.
  EXPECT_NEAR(m[0][DistrictMetric::allowance_cost], 57e6, 0.15 * 57e6);
  EXPECT_EQ(m[0][DistrictMetric::housing_cost], 1343 * 6000.0);
  // In-group moves at the national floor: about a tenth of the eligible.
  EXPECT_NEAR(share(m[0][DistrictMetric::rotations], m[0][DistrictMetric::rotation_eligible]), 0.10,
              0.02);
}

TEST(SeedScenarios, DongchengRotatesAboutTwoThousandTeachersCadresAfter) {
  const auto m = run_years(kScenarios / "dongcheng.yaml", 2);
  // Seed 002: at least 2,000 rotations a school year, everybody eligible.
  EXPECT_GT(m[0][DistrictMetric::rotations], 1500);
  // Everybody is eligible (the teachers in post when the round runs, before hiring).
  EXPECT_GT(m[0][DistrictMetric::rotation_eligible], 0.9 * m[0][DistrictMetric::teachers]);
  for (const auto& y : m) {
    // Teachers before cadres: never more cadre moves than teacher moves.
    EXPECT_LE(y[DistrictMetric::leader_rotations], y[DistrictMetric::rotations]);
    EXPECT_GT(y[DistrictMetric::leader_rotations], 0);
  }
}

TEST(SeedScenarios, MiyunRotatesItsCadresAndTeachersAsPlanned) {
  const auto m = run_years(kScenarios / "miyun.yaml", 2);
  const auto& y = m[0];
  // Seed 002 (Miyun 2021): 55% of eligible cadres; 118 urban-rural moves; 70 guides.
  EXPECT_GT(y[DistrictMetric::leader_rotations], 0);
  EXPECT_LE(share(y[DistrictMetric::leader_rotations], y[DistrictMetric::leader_rotation_eligible]),
            0.56);
  EXPECT_GE(share(y[DistrictMetric::leader_rotations], y[DistrictMetric::leader_rotation_eligible]),
            0.35);
  EXPECT_NEAR(y[DistrictMetric::rotations], 118, 40);
  EXPECT_EQ(y[DistrictMetric::guidance_teachers], 70);
  EXPECT_GT(y[DistrictMetric::part_time_teachers], 0);
}

TEST(SeedScenarios, HongqiAddsItsPlacesAndRotatesInsideGroups) {
  const auto m = run_years(kScenarios / "hongqi.yaml", 3);
  // Seed 003: 15,000 places, 3,000 a year in the first five years.
  for (const auto& y : m) EXPECT_EQ(y[DistrictMetric::capacity_added], 3000);
  EXPECT_GT(m[0][DistrictMetric::rotations], 0);
  EXPECT_LE(m[0][DistrictMetric::rotations], 0.10 * m[0][DistrictMetric::rotation_eligible] + 1);
}

TEST(SeedScenarios, EduEcosystemPairDiffersOnlyInRotation) {
  const Scenario off = load_scenario((kScenarios / "eduecosystem_rotation_off.yaml").string());
  Scenario on = load_scenario((kScenarios / "eduecosystem_rotation_on.yaml").string());
  EXPECT_TRUE(on.rotation.enabled);
  EXPECT_FALSE(off.rotation.enabled);
  // Off leaves out the rotation keys that would have no effect (io/switched_off.hpp) and
  // keeps the two read for terms still running.
  EXPECT_TRUE(no_effect_warnings(off).empty());
  RotationParams kept;  // the defaults, rotation off
  kept.on_term_end = on.rotation.on_term_end;
  kept.burnout_per_year = on.rotation.burnout_per_year;
  on.rotation = kept;
  EXPECT_EQ(scenario_to_yaml(on), scenario_to_yaml(off));
  // And the pair is the baseline county with rotation and the burnout regime added.
  Scenario baseline = load_scenario((kScenarios / "baseline.yaml").string());
  baseline.rotation = off.rotation;
  baseline.morale.burnout_recovery = off.morale.burnout_recovery;
  baseline.demography.quit_burnout_slope = off.demography.quit_burnout_slope;
  EXPECT_EQ(scenario_to_yaml(baseline), scenario_to_yaml(off));
}

TEST(SeedScenarios, EduEcosystemRotationBurnsTeachersOut) {
  const auto on = run_years(kScenarios / "eduecosystem_rotation_on.yaml", 3);
  const auto off = run_years(kScenarios / "eduecosystem_rotation_off.yaml", 3);
  for (int y = 0; y < 3; ++y) {
    EXPECT_GT(on[y][DistrictMetric::rotations], 0);
    // Working conditions burn teachers out without rotation too (morale.zone_burnout, ...);
    // rotation adds its own on top.
    EXPECT_GT(on[y][DistrictMetric::burnout_mean], off[y][DistrictMetric::burnout_mean]);
  }
  // Burnout builds up while the first terms run (3-year terms, 0.3 a year away).
  EXPECT_GT(on[2][DistrictMetric::burnout_mean], on[0][DistrictMetric::burnout_mean]);
}

// Issue 10: every seed scenario (and the baseline and workforce scenarios) runs under the
// invariant checker, which verifies after every phase of every year that each teacher is in
// one school, each student in one school and class, head counts equal the flows, quotas
// hold and no state is NaN; a violation fails the run with the year and phase.
TEST(SeedScenarios, EveryFileRunsThreeYearsUnderTheInvariantChecker) {
  const cli::TempDir work;
  auto files = seed_scenario_files();
  files.push_back(kScenarios / "baseline.yaml");
  files.push_back(kScenarios / "workforce.yaml");
  for (const auto& file : files) {
    const auto out = work.path() / (file.stem().string() + ".h5");
    std::vector<std::string> args{"run",     file.string(), "-o",      out.string(),
                                  "--years", "3",           "--check", "--quiet"};
    // Under a sanitizer every file spins up for 3 years (rather than 40, or qiaodong's 0): the
    // spin-up's code still runs under the checker, and the files' full spin-ups took 2.5
    // of the AddressSanitizer step's minutes (the release build runs them in full).
    if (cli::kUnderSanitizer) args.insert(args.end(), {"--set", "run.spin_up_years=3"});
    const auto r =
        cli::run_edusim(args, work.path(), {.timeout_s = 120, .limit_address_space = false});
    EXPECT_EQ(r.exit_code, 0) << file << ": " << r.err;
    EXPECT_TRUE(fs::exists(out)) << file;
  }
}

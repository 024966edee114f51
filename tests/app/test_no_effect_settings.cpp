// Nothing silently ignored: a key set inside a switched-off mechanism is warned about
// (validate, run, --set) and recorded in the run file; a sweep axis on one is refused;
// a bad --set value names its argument (io/switched_off.hpp).
#include <gtest/gtest.h>

#include <vector>

#include "cli_helpers.hpp"
#include "core/error.hpp"
#include "io/h5_handle.hpp"
#include "io/scenario_io.hpp"
#include "io/switched_off.hpp"
#include "sweep/sweep_spec.hpp"

namespace edusim::testing::cli {
namespace {

/// Two schools, one year: `extra` is appended (top-level sections).
std::string tiny_scenario(const std::string& extra) {
  return "run: {years: 1, seed: 5}\n"
         "district:\n"
         "  schools:\n"
         "    - {level: primary, zone: rural, count: 1, students_per_grade: {mean: 15, sd: 2, "
         "min: 10, max: 20}}\n"
         "    - {level: middle, zone: town, count: 1, students_per_grade: {mean: 30, sd: 2, "
         "min: 20, max: 40}}\n" +
         extra;
}

class NoEffect : public ::testing::Test {
 protected:
  /// tiny.yaml holding `extra`; returns its path.
  std::string scenario(const std::string& extra) {
    write_file(dir_ / "tiny.yaml", tiny_scenario(extra));
    return (dir_ / "tiny.yaml").string();
  }
  /// The warnings of loading tiny.yaml with `extra`.
  std::vector<std::string> warnings(const std::string& extra) {
    return no_effect_warnings(load_scenario(scenario(extra)));
  }
  Result edusim(const std::vector<std::string>& args) { return run_edusim(args, dir_.path()); }

  TempDir dir_;
};

TEST_F(NoEffect, KeyOfAMechanismSwitchedOffIsWarnedAbout) {
  const auto written = warnings("rotation:\n  enabled: false\n  quota_share: 0.9\n");
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0], (dir_ / "tiny.yaml").string() +
                            ":8:3: rotation.quota_share is set but rotation is off "
                            "(rotation.enabled: false): it has no effect");
  // Off by default (enabled not written): said so.
  const auto by_default = warnings("rotation: {quota_share: 0.9}\n");
  ASSERT_EQ(by_default.size(), 1u);
  EXPECT_NE(by_default[0].find("(rotation.enabled: false, the default)"), std::string::npos);
}

TEST_F(NoEffect, ASpinUpOfASnapshotStartIsWarnedAbout) {
  // A snapshot is a simulated state: it is never spun up.
  ASSERT_EQ(edusim({"run", scenario(""), "-o", "run.h5", "--snapshot-at", "2025"}).exit_code, 0);
  write_file(dir_ / "restart.yaml",
             "run: {years: 1, spin_up_years: 5}\ndistrict: {from_snapshot: run.h5}\n");
  const auto written = no_effect_warnings(load_scenario((dir_ / "restart.yaml").string()));
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0], (dir_ / "restart.yaml").string() +
                            ":1:17: run.spin_up_years is set but the district starts from a "
                            "snapshot (district.from_snapshot), a simulated state that is not spun "
                            "up: it has no effect");
  write_file(dir_ / "restart.yaml", "run: {years: 1}\ndistrict: {from_snapshot: run.h5}\n");
  EXPECT_TRUE(no_effect_warnings(load_scenario((dir_ / "restart.yaml").string())).empty());
}

TEST_F(NoEffect, StaffingByClassesWithoutARuralSchoolOfTheLevelIsWarnedAbout) {
  // tiny.yaml has a rural primary and a town middle school.
  const auto written =
      warnings("  teachers:\n    rural_teachers_per_class: {primary: 2, middle: 3}\n");
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0].rfind((dir_ / "tiny.yaml").string() + ":7:", 0), 0u) << written[0];
  EXPECT_NE(written[0].find("district.teachers.rural_teachers_per_class.middle is set but the "
                            "district has no rural middle school: it has no effect"),
            std::string::npos)
      << written[0];
  EXPECT_TRUE(warnings("  teachers:\n    rural_teachers_per_class: {primary: 2}\n").empty());
  EXPECT_TRUE(warnings("  teachers:\n    rural_teachers_per_class: {middle: 0}\n").empty());
}

TEST_F(NoEffect, CountingRotatingTeachersAtHomeWithoutRotationIsWarnedAbout) {
  // Rotation and shadow posts are off by default: no teacher is ever away from home.
  const auto written = warnings("balance_standard: {rotating_teachers: home}\n");
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0], (dir_ / "tiny.yaml").string() +
                            ":6:20: balance_standard.rotating_teachers is set but no teacher is "
                            "ever away from its home school (rotation and shadow_posts are off): "
                            "it has no effect");
  EXPECT_TRUE(warnings("balance_standard: {rotating_teachers: home}\n"
                       "rotation: {enabled: true}\n")
                  .empty());
  EXPECT_TRUE(warnings("balance_standard: {rotating_teachers: home}\n"
                       "shadow_posts: {enabled: true}\n")
                  .empty());
  EXPECT_TRUE(warnings("balance_standard: {rotating_teachers: destination}\n").empty());
}

TEST_F(NoEffect, NoWarningWhenOnForTheSwitchItselfADefaultOrAKeyReadWhenOff) {
  EXPECT_TRUE(warnings("rotation: {enabled: true, quota_share: 0.9}\n").empty());
  EXPECT_TRUE(warnings("rotation: {enabled: false}\n").empty());
  // The default value changes nothing, on or off (resolved scenarios write every key).
  EXPECT_TRUE(warnings("rotation: {enabled: false, quota_share: 0.1}\n").empty());
  // Declared WhenOff::still_read: capacity grows with drift off.
  EXPECT_TRUE(warnings("drift: {enabled: false, expansion_rate: 0.01}\n").empty());
}

TEST_F(NoEffect, NestedMechanismsReportTheOutermostThatIsOff) {
  const auto inner = warnings("hiring:\n  interns: {per_year: 7}\n");
  ASSERT_EQ(inner.size(), 1u);
  EXPECT_NE(inner[0].find("hiring.interns.per_year is set but hiring.interns is off"),
            std::string::npos)
      << inner[0];
  const auto outer = warnings("hiring:\n  enabled: false\n  interns: {enabled: true}\n");
  ASSERT_EQ(outer.size(), 1u);
  EXPECT_NE(outer[0].find("hiring.interns.enabled is set but hiring is off (hiring.enabled: "
                          "false)"),
            std::string::npos)
      << outer[0];
}

TEST_F(NoEffect, ValidateWarnsAndSucceeds) {
  const Result r = edusim({"validate", scenario("rotation: {enabled: false, quota_share: 0.9}\n")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("edusim: warning: " + (dir_ / "tiny.yaml").string() +
                       ":6:28: rotation.quota_share is set but rotation is off"),
            std::string::npos)
      << r.err;
}

TEST_F(NoEffect, RunWarnsForASetKeyAndRecordsTheWarningsInTheFile) {
  const std::string file = scenario("");
  const std::string out = (dir_ / "run.h5").string();
  Result r = edusim({"run", file, "-o", out, "--quiet", "--set", "rotation.quota_share=0.9"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string expected =
      "--set rotation.quota_share=0.9: rotation.quota_share is set but rotation is off "
      "(rotation.enabled: false, the default): it has no effect";
  EXPECT_NE(r.err.find("edusim: warning: " + expected + "\n"), std::string::npos) << r.err;
  EXPECT_EQ(h5::read_string_attr(h5::open_for_reading(out).get(), "warnings"), expected);

  r = edusim({"run", file, "-o", out, "--quiet", "--force", "--set", "rotation.enabled=true",
              "--set", "rotation.quota_share=0.9"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
  EXPECT_EQ(h5::read_string_attr(h5::open_for_reading(out).get(), "warnings"), "");
}

TEST_F(NoEffect, BadSetValueNamesTheArgumentNotTheFile) {
  const std::string file = scenario("rotation: {enabled: true, quota_share: 0.2}\n");
  for (const std::string set : {"rotation.quota_share=abc", "rotation.quota_share=1.5"}) {
    const Result r = edusim({"run", file, "-o", "x.h5", "--set", set});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("edusim: error: --set " + set + ": key 'rotation.quota_share'"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find("tiny.yaml"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(dir_ / "x.h5"));
}

TEST_F(NoEffect, SweepAxisInASwitchedOffMechanismIsRefusedBeforeAnyRun) {
  scenario("");
  const std::string sweep = (dir_ / "sweep.yaml").string();
  write_file(sweep, "base: tiny.yaml\nseed: 1\naxes:\n  rotation.quota_share: [0.1, 0.3]\n");
  const Result r = edusim({"sweep", sweep, "-o", "s.h5", "--quiet"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(
      r.err.find(sweep + ":4:3: rotation.quota_share is set but rotation is off (rotation.enabled: "
                         "false, the default): it has no effect"),
      std::string::npos)
      << r.err;
  EXPECT_EQ(dir_.entries(), (std::vector<std::string>{"sweep.yaml", "tiny.yaml"}));

  // Switched on by another axis: accepted.
  write_file(sweep,
             "base: tiny.yaml\nseed: 1\naxes:\n  rotation.quota_share: [0.1, 0.3]\n"
             "  rotation.enabled: [false, true]\n");
  EXPECT_NO_THROW(load_sweep(sweep));
  // The check for a calibration: the same function.
  const Scenario base = load_scenario((dir_ / "tiny.yaml").string());
  const std::vector<VariedKey> nested{{"hiring.interns.per_year", "here", {}},
                                      {"hiring.interns.enabled", "there", {"true"}}};
  EXPECT_NO_THROW(require_varied_keys_take_effect(base, nested));
  const std::vector<VariedKey> off{{"hiring.interns.per_year", "here", {}},
                                   {"hiring.interns.enabled", "there", {"false"}}};
  EXPECT_THROW(require_varied_keys_take_effect(base, off), InputError);
}

// The shipped scenarios set nothing without effect, and no shipped sweep is refused.
TEST(NoEffectShipped, ScenariosWarnAboutNothingAndSweepsAreAccepted) {
  std::vector<fs::path> files;
  for (const auto& dir : {kSourceDir / "scenarios", kSourceDir / "scenarios/eduecosystem"})
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".yaml") files.push_back(e.path());
  for (const auto& file : files) {
    const std::string text = read_file(file);
    if (text.find("\ndistrict:") == std::string::npos) continue;  // not a scenario
    EXPECT_EQ(no_effect_warnings(load_scenario(file.string())), std::vector<std::string>{}) << file;
  }
  for (const auto& e : fs::directory_iterator(kSourceDir / "scenarios/sweeps"))
    if (e.path().extension() == ".yaml") {
      EXPECT_NO_THROW(load_sweep(e.path().string())) << e.path();
    }
}

}  // namespace
}  // namespace edusim::testing::cli

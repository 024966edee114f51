// Progress when stderr is not a terminal (here a file): plain lines with the count, the
// share, the rate and the time left, a line at least every tenth of the work; none with
// --quiet. The 30 s rule is checked on a hand-moved clock in tests/core.
#include <gtest/gtest.h>

#include <regex>

#include "cli_helpers.hpp"

namespace edusim::testing::cli {
namespace {

/// The lines of `err` that are progress lines of `what` counting `unit`.
std::vector<std::string> progress_lines(const std::string& err, const std::string& what,
                                        const std::string& unit) {
  const std::regex line(
      "edusim: " + what + " [0-9]+/[0-9]+ " + unit +
      R"( \([0-9]+\.[0-9]%\), ([0-9.]+ [a-z]+/s, (about [0-9a-z ]+ left|less than a second left|done in .+)|time left not known yet))");
  std::vector<std::string> out;
  for (const std::string& l : lines_of(err))
    if (std::regex_match(l, line)) out.push_back(l);
  return out;
}

TEST(ProgressCli, RunPrintsALineEveryTenthToAFileAndNothingWithQuiet) {
  const TempDir dir;
  const std::string base = (kSourceDir / "scenarios/baseline.yaml").string();
  const Result r = run_edusim({"run", base, "-o", "a.h5", "--years", "10"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = progress_lines(r.err, "run", "years");
  EXPECT_EQ(lines.size(), 10u) << r.err;  // 1/10, 2/10, ... 10/10
  ASSERT_FALSE(lines.empty()) << r.err;
  EXPECT_TRUE(lines.back().starts_with("edusim: run 10/10 years (100.0%), ")) << lines.back();
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << "no terminal bar in a file";
  const Result q = run_edusim({"run", base, "-o", "b.h5", "--years", "10", "--quiet"}, dir.path());
  ASSERT_EQ(q.exit_code, 0) << q.err;
  EXPECT_EQ(q.err, "");
}

TEST(ProgressCli, SweepNationalAndCalibratePrintLinesToAFile) {
  const TempDir dir;
  const struct {
    std::vector<std::string> args;
    std::string what, unit;
  } commands[] = {
      {{"sweep", (kSourceDir / "tests/data/sweeps/small_sobol.yaml").string(), "-o", "s.h5",
        "--years", "1"},
       "sweep",
       "runs"},
      {{"national", (kSourceDir / "tests/data/national/tiny.yaml").string(), "-o", "n.h5",
        "--counties", "3", "--years", "1"},
       "national",
       "counties"},
      {{"calibrate", (kSourceDir / "tests/data/calibration/small.yaml").string(), "-o", "c.h5"},
       "calibrate",
       "particles"},
  };
  for (const auto& c : commands) {
    const Result r = run_edusim(c.args, dir.path());
    ASSERT_EQ(r.exit_code, 0) << c.what << ": " << r.err;
    const auto lines = progress_lines(r.err, c.what, c.unit);
    ASSERT_GE(lines.size(), 2u) << c.what << ":\n" << r.err;
    EXPECT_NE(lines.back().find("(100.0%)"), std::string::npos) << lines.back();
    std::vector<std::string> quiet = c.args;
    quiet[3] = "quiet-" + quiet[3];
    quiet.push_back("--quiet");
    const Result q = run_edusim(quiet, dir.path());
    ASSERT_EQ(q.exit_code, 0) << c.what << ": " << q.err;
    EXPECT_EQ(q.err, "") << c.what;
  }
}

}  // namespace
}  // namespace edusim::testing::cli

// Bad inputs that the catalog of tests/data/bad_scenarios cannot hold, run through the
// `edusim` command line: outputs that cannot be written (under a regular file, a directory,
// /proc), a scenario "file" that is a FIFO or a device (must be refused at once, not read
// forever), and a mapping with very many keys (must be checked in about linear time, not
// hang). Each refusal: non-zero exit, one line on stderr naming the path, nothing left.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <string>
#include <vector>

#include "cli_helpers.hpp"

namespace edusim::testing::cli {
namespace {

/// Two school types, two years: runs in well under a second.
const char* kTinyScenario = R"(run: {years: 2, seed: 5}
district:
  schools:
    - {level: primary, zone: town, count: 2, students_per_grade: {mean: 30, sd: 5, min: 10, max: 60}}
    - {level: middle, zone: town, count: 1, students_per_grade: {mean: 60, sd: 10, min: 20, max: 120}}
)";

/// Non-zero exit, one line on stderr that names `named`, nothing on stdout.
void expect_refused(const Result& r, const std::string& named) {
  EXPECT_NE(r.exit_code, 0) << "accepted; stdout: " << r.out;
  EXPECT_NE(r.exit_code, 124) << "timed out";
  EXPECT_EQ(lines_of(r.err).size(), 1u) << "stderr must be exactly one line:\n" << r.err;
  EXPECT_TRUE(r.out.empty()) << "stdout: " << r.out;
  EXPECT_NE(r.err.find(named), std::string::npos) << named << " not named: " << r.err;
  std::cout << "[exit " << r.exit_code << "] "
            << (lines_of(r.err).empty() ? "" : lines_of(r.err)[0]) << "\n";
}

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override { write_file(scenario_, kTinyScenario); }
  Result run_to(const fs::path& out, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"run",     scenario_.string(), "-o", out.string(),
                                  "--quiet", "--threads",        "2"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_edusim(args, dir_.path());
  }
  TempDir dir_;
  fs::path scenario_ = dir_ / "tiny.yaml";
};

TEST_F(BadInput, TheTinyScenarioRuns) {
  const Result r = run_to(dir_ / "out.h5");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(dir_.entries(), (std::vector<std::string>{"out.h5", "tiny.yaml"}));
}

TEST_F(BadInput, AnOutputUnderARegularFileIsRefused) {
  const fs::path out = dir_ / "tiny.yaml" / "out.h5";
  const Result r = run_to(out);
  expect_refused(r, out.string());
  EXPECT_NE(r.err.find("tiny.yaml is not a directory"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(scenario_), kTinyScenario);
  EXPECT_EQ(dir_.entries(), std::vector<std::string>{"tiny.yaml"});
}

TEST_F(BadInput, AnOutputThatIsADirectoryIsRefusedEvenWithForce) {
  fs::create_directory(dir_ / "out.h5");
  write_file(dir_ / "out.h5" / "keep.txt", "kept\n");
  expect_refused(run_to(dir_ / "out.h5", {"--force"}), (dir_ / "out.h5").string());
  EXPECT_EQ(read_file(dir_ / "out.h5" / "keep.txt"), "kept\n");
  EXPECT_EQ(dir_.entries(), (std::vector<std::string>{"out.h5", "tiny.yaml"}));
}

TEST_F(BadInput, AnOutputInAnUnwritableDirectoryIsRefused) {
  // /proc refuses new files even to root, where a chmod'ed directory would not.
  const fs::path out = "/proc/edusim-bad-input-test.h5";
  expect_refused(run_to(out), out.string());
  EXPECT_FALSE(fs::exists(out));
  EXPECT_EQ(dir_.entries(), std::vector<std::string>{"tiny.yaml"});
}

TEST_F(BadInput, AScenarioThatIsAFifoIsRefusedWithoutWaitingForAWriter) {
  const fs::path fifo = dir_ / "pipe.yaml";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string command : {"validate", "run"}) {
    SCOPED_TRACE(command);
    std::vector<std::string> args{command, fifo.string()};
    if (command == "run") args.insert(args.end(), {"-o", (dir_ / "out.h5").string(), "--quiet"});
    expect_refused(run_edusim(args, dir_.path(), {.timeout_s = 10}), fifo.string());
  }
  EXPECT_EQ(dir_.entries(), (std::vector<std::string>{"pipe.yaml", "tiny.yaml"}));
}

TEST_F(BadInput, AScenarioThatIsADeviceIsRefusedAsInput) {
  // /dev/zero never ends: reading it whole would exhaust memory.
  const Result r = run_edusim({"validate", "/dev/zero"}, dir_.path(), {.timeout_s = 10});
  expect_refused(r, "/dev/zero");
  EXPECT_EQ(r.exit_code, 2) << "bad input, not an internal error: " << r.err;
}

TEST_F(BadInput, AMappingWithVeryManyKeysIsCheckedWithoutHanging) {
  // 200,000 keys (2.4 MB): checked in well under a second in linear time; a pairwise
  // duplicate-key check takes about half a minute.
  std::string text = "run:\n";
  for (int i = 0; i < 200000; ++i) text += "  k" + std::to_string(i) + ": 1\n";
  write_file(dir_ / "many.yaml", text);
  const auto start = std::chrono::steady_clock::now();
  const Result r =
      run_edusim({"validate", (dir_ / "many.yaml").string()}, dir_.path(), {.timeout_s = 30});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  expect_refused(r, "many.yaml");
  EXPECT_NE(r.err.find("run.k0"), std::string::npos) << r.err;
  EXPECT_LT(seconds, kUnderSanitizer ? 30.0 : 15.0);
}

}  // namespace
}  // namespace edusim::testing::cli

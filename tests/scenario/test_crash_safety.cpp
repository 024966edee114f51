// Crash-safe output: a run stopped by SIGINT leaves no file (or, with --keep-partial, a file
// marked incomplete under another name); SIGKILL at any moment of a run or a sweep never
// leaves a file under the final name, and `edusim sweep --resume` then completes the sweep
// with every run exactly once.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cstring>
#include <random>
#include <thread>

#include "io/h5_handle.hpp"
#include "io/sweep_file.hpp"
#include "scenario/cli_helpers.hpp"

namespace edusim::testing::cli {
namespace {

const std::string kCounty = (kSourceDir / "scenarios/county.yaml").string();
const std::string kSweep = (kSourceDir / "tests/data/sweeps/small_sobol.yaml").string();

/// The runs of a complete sweep file (read_sweep_runs refuses an incomplete one).
std::size_t run_indices_complete(const fs::path& file) {
  return read_sweep_runs(file.string()).second.size();
}

/// True once a file whose name starts with `prefix` exists in `dir`.
bool has_file_starting(const fs::path& dir, const std::string& prefix) {
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind(prefix, 0) == 0) return true;
  return false;
}

/// Waits until the run has written its temporary file (it is past loading and generation),
/// then sends `sig`; returns the wait status.
int signal_when_writing(pid_t pid, const fs::path& dir, const std::string& output, int sig,
                        std::chrono::milliseconds extra) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  int status = 0;
  while (!has_file_starting(dir, output + ".tmp-") && std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid, &status, WNOHANG) == pid) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  std::this_thread::sleep_for(extra);
  kill(pid, sig);
  waitpid(pid, &status, 0);
  return status;
}

TEST(CrashSafety, SigintStopsARunAndLeavesNoFile) {
  const TempDir dir;
  const pid_t pid = spawn_edusim(
      {"run", kCounty, "-o", (dir / "c.h5").string(), "--years", "300", "--threads", "1"});
  ASSERT_GT(pid, 0);
  const int status =
      signal_when_writing(pid, dir.path(), "c.h5", SIGINT, std::chrono::milliseconds(100));
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_TRUE(dir.entries().empty()) << "left behind: " << dir.entries().front();
}

TEST(CrashSafety, KeepPartialKeepsTheYearsDoneInAFileMarkedIncomplete) {
  const TempDir dir;
  const pid_t pid = spawn_edusim({"run", kCounty, "-o", (dir / "c.h5").string(), "--years", "300",
                                  "--threads", "1", "--keep-partial"});
  ASSERT_GT(pid, 0);
  const int status =
      signal_when_writing(pid, dir.path(), "c.h5", SIGTERM, std::chrono::milliseconds(300));
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"c.partial.h5"});
  const h5::Handle file = h5::open_for_reading((dir / "c.partial.h5").string());
  EXPECT_EQ(h5::read_int64_attr(file.get(), "complete"), 0);
  const auto years = h5::read_int64_attr(file.get(), "years_written");
  ASSERT_TRUE(years.has_value());
  EXPECT_GE(*years, 1);
  EXPECT_LT(*years, 301);
  const auto rows =
      h5::read_numbers<std::int32_t>(file.get(), "district/year", H5T_NATIVE_INT32, "partial");
  EXPECT_EQ(static_cast<std::int64_t>(rows.size()), *years);
  const Result info = run_edusim({"info", (dir / "c.partial.h5").string()}, dir.path());
  EXPECT_EQ(info.exit_code, 1) << "edusim info must report a partial file as incomplete";
}

TEST(CrashSafety, SigkillAtRandomMomentsNeverLeavesAFileUnderTheFinalName) {
  const TempDir dir;
  std::mt19937 rng(20251123);
  std::uniform_int_distribution<int> delay_ms(0, 400);
  for (int i = 0; i < 6; ++i) {
    std::string name = "k";  // appended: GCC 12 warns (-Wrestrict) on "literal" + string
    name.append(std::to_string(i)).append(".h5");
    const int delay = delay_ms(rng);
    SCOPED_TRACE(delay);
    const pid_t pid = spawn_edusim(
        {"run", kCounty, "-o", (dir / name).string(), "--years", "12", "--threads", "1"});
    ASSERT_GT(pid, 0);
    const int status =
        signal_when_writing(pid, dir.path(), name, SIGKILL, std::chrono::milliseconds(delay));
    if (WIFEXITED(status)) {
      ASSERT_EQ(WEXITSTATUS(status), 0);
    }
    // Killed before the rename: no file. Finished (or killed between the rename and the
    // exit): a complete file.
    if (WIFEXITED(status) || fs::exists(dir / name)) {
      EXPECT_EQ(run_edusim({"info", (dir / name).string()}, dir.path()).exit_code, 0)
          << name << " is under the final name but not complete";
    }
  }
}

TEST(CrashSafety, SigkillOfASweepAtRandomMomentsThenResumeGivesEveryRunOnce) {
  const TempDir dir;
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> delay_ms(0, 900);
  const fs::path full = dir / "full.h5";
  ASSERT_EQ(run_edusim({"sweep", kSweep, "-o", full.string(), "--quiet"}, dir.path()).exit_code, 0);
  const auto expected = read_sweep_file(full.string());
  const fs::path out = dir / "s.h5";
  // Kill, resume and kill again, a bounded number of times, then finish.
  for (int attempt = 0; attempt < 4; ++attempt) {
    std::vector<std::string> args{"sweep",     kSweep, "-o",      out.string(),
                                  "--threads", "1",    "--chunk", "3"};
    if (attempt > 0) args.push_back("--resume");
    const pid_t pid = spawn_edusim(args);
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (fs::exists(out)) {  // only when killed after the final rename
      EXPECT_EQ(run_indices_complete(out), 60u) << "attempt " << attempt;
    }
  }
  const Result r =
      run_edusim({"sweep", kSweep, "-o", out.string(), "--resume", "--quiet"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto got = read_sweep_file(out.string());
  ASSERT_EQ(got.runs.size(), expected.runs.size());
  for (std::size_t i = 0; i < got.runs.size(); ++i) {
    EXPECT_EQ(got.runs[i].run_index, static_cast<std::int64_t>(i));
    const auto &a = got.runs[i].district, &b = expected.runs[i].district;
    ASSERT_EQ(a.size(), b.size());
    EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)), 0)
        << "run " << i;  // bits: NaN series compare equal
  }
}

}  // namespace
}  // namespace edusim::testing::cli

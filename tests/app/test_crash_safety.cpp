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

#include "cli_helpers.hpp"
#include "io/h5_handle.hpp"
#include "io/sweep_file.hpp"

namespace edusim::testing::cli {
namespace {

const std::string kCounty = (kSourceDir / "scenarios/county.yaml").string();
const std::string kSweep = (kSourceDir / "tests/data/sweeps/small_sobol.yaml").string();

/// `edusim run` of the county for `years` on one thread, without the spin-up: the tests signal
/// the run while it writes its years, and the spin-up (40 years of the county before the first
/// is written, most of a minute a run under AddressSanitizer) would only delay that.
std::vector<std::string> county_run(const fs::path& out, const char* years) {
  return {"run", kCounty,     "-o", out.string(), "--years",
          years, "--threads", "1",  "--set",      "run.spin_up_years=0"};
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
  const pid_t pid = spawn_edusim(county_run(dir / "c.h5", "300"));
  ASSERT_GT(pid, 0);
  const int status =
      signal_when_writing(pid, dir.path(), "c.h5", SIGINT, std::chrono::milliseconds(100));
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_TRUE(dir.entries().empty()) << "left behind: " << dir.entries().front();
}

TEST(CrashSafety, KeepPartialKeepsTheYearsDoneInAFileMarkedIncomplete) {
  const TempDir dir;
  auto args = county_run(dir / "c.h5", "300");
  args.push_back("--keep-partial");
  const pid_t pid = spawn_edusim(args);
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

/// Size of the first file in `dir` whose name starts with `prefix` (0 if none).
std::uintmax_t size_of_file_starting(const fs::path& dir, const std::string& prefix) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename().string().rfind(prefix, 0) == 0) return fs::file_size(e.path(), ec);
  return 0;
}

/// True when `status` says the process died of SIGKILL (it had not finished).
bool killed(int status) {
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

TEST(CrashSafety, SigkillWhileTheOutputIsWrittenNeverLeavesAFileUnderTheFinalName) {
  const TempDir dir;
  std::mt19937 rng(20251123);
  std::uniform_int_distribution<int> delay_ms(0, 100);
  // Four kills at random moments; one under a sanitizer, where a killed process can report
  // nothing and each run to its first megabyte took half a minute (ASan).
  const int kills = kUnderSanitizer ? 1 : 4;
  for (int i = 0; i < kills; ++i) {
    std::string name = "k";  // appended: GCC 12 warns (-Wrestrict) on "literal" + string
    name.append(std::to_string(i)).append(".h5");
    const int delay = delay_ms(rng);
    SCOPED_TRACE(delay);
    // 500 years of the county write about 12 MB over 2 s or more (an idle machine); the kill
    // comes while years are being appended, once the temporary file has grown past 1 MB
    // (about year 15: its first year writes 0.7 MB), at a random moment within 100 ms after.
    const pid_t pid = spawn_edusim(county_run(dir / name, "500"));
    ASSERT_GT(pid, 0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    int status = 0;
    bool exited = false;
    while (size_of_file_starting(dir.path(), name + ".tmp-") < (1u << 20) &&
           std::chrono::steady_clock::now() < deadline)
      if (waitpid(pid, &status, WNOHANG) == pid) {
        exited = true;
        break;
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    ASSERT_FALSE(exited) << "the run ended before its output grew past 1 MB";
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    ASSERT_TRUE(killed(status)) << "the run finished before the kill: the test tested nothing";
    EXPECT_FALSE(fs::exists(dir / name)) << name << " is under the final name after a kill";
  }
}

TEST(CrashSafety, SigkillOfASweepAtRandomMomentsThenResumeGivesEveryRunOnce) {
  const TempDir dir;
  std::mt19937 rng(7);
  const fs::path full = dir / "full.h5";
  ASSERT_EQ(run_edusim({"sweep", kSweep, "-o", full.string(), "--quiet"}, dir.path()).exit_code, 0);
  const auto expected = read_sweep_file(full.string());
  const fs::path out = dir / "s.h5";
  // Kill, resume and kill again, a bounded number of times, then finish. Each kill comes
  // after the attempt has saved a new part file (runs are done), at a random moment within
  // the next 60 ms: a few runs of the 60, so every kill lands before the sweep completes.
  const fs::path parts = dir / "s.h5.parts";
  const auto part_files = [&parts] {
    std::error_code ec;
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(parts, ec))
      if (e.path().extension() == ".h5") ++n;
    return n;
  };
  std::uniform_int_distribution<int> delay_ms(0, 60);
  for (int attempt = 0; attempt < 4; ++attempt) {
    SCOPED_TRACE(attempt);
    std::vector<std::string> args{"sweep",     kSweep, "-o",      out.string(),
                                  "--threads", "1",    "--chunk", "1"};
    if (attempt > 0) args.push_back("--resume");
    const std::size_t before = part_files();
    const pid_t pid = spawn_edusim(args);
    ASSERT_GT(pid, 0);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (part_files() <= before && std::chrono::steady_clock::now() < deadline) {
      ASSERT_NE(waitpid(pid, &status, WNOHANG), pid) << "the sweep ended before the kill";
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    ASSERT_TRUE(killed(status)) << "the sweep finished before the kill: the test tested nothing";
    EXPECT_FALSE(fs::exists(out)) << "a killed sweep left its file under the final name";
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

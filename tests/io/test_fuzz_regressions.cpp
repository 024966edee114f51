// Replays every input the fuzzers (tests/fuzz) once broke the loaders with, kept in
// tests/data/fuzz_regressions: scenario_*.yaml through the scenario loader (as
// fuzz_scenario), sweep_*.yaml through load_sweep (as fuzz_sweep). Each must now be
// accepted or refused with an InputError; a crash, another exception, running past the
// time limit or out of memory fails. Each input runs in a child process so that a
// regression that loops or allocates without end fails this test instead of the test run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "cli_helpers.hpp"
#include "core/error.hpp"
#include "io/scenario_io.hpp"
#include "io/yaml_reader.hpp"
#include "sweep/sweep_spec.hpp"

namespace edusim::testing::cli {
namespace {

const fs::path kRegressions = kSourceDir / "tests" / "data" / "fuzz_regressions";

/// Exit codes of the child that loads one input.
enum Outcome : int { kAccepted = 0, kRefused = 10, kOtherException = 20, kUnknownThrow = 30 };

/// What the fuzz targets do with an input, in this process; returns the outcome.
int load(const fs::path& file) {
  try {
    if (file.filename().string().starts_with("sweep_")) {
      (void)load_sweep(file.string());
    } else {
      (void)parse_scenario(schema::load_yaml_file(file.string()), file.string());
    }
    return kAccepted;
  } catch (const InputError&) {
    return kRefused;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: not an InputError: %s\n", file.c_str(), e.what());
    return kOtherException;
  } catch (...) {
    return kUnknownThrow;
  }
}

/// Loads `file` in a child process limited to 10 s (an alarm) and, outside
/// sanitizers (which reserve terabytes of address space), 2 GiB of address space.
/// Returns a description of the outcome: "accepted", "refused" or what went wrong.
std::string load_in_child(const fs::path& file) {
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) return "fork failed";
  if (pid == 0) {
    if (!kUnderSanitizer) {
      const rlimit limit{2ull << 30, 2ull << 30};
      setrlimit(RLIMIT_AS, &limit);
    }
    alarm(10);
    _exit(load(file));
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status))
    return WTERMSIG(status) == SIGALRM ? "did not finish within 10 s"
                                       : "killed by signal " + std::to_string(WTERMSIG(status));
  switch (WEXITSTATUS(status)) {
    case kAccepted:
      return "accepted";
    case kRefused:
      return "refused";
    case kOtherException:
      return "threw an exception other than InputError";
    default:
      return "exited with status " + std::to_string(WEXITSTATUS(status));
  }
}

std::vector<std::string> regression_files() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(kRegressions, ec))
    if (e.path().extension() == ".yaml") names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

class FuzzRegression : public ::testing::TestWithParam<std::string> {};

TEST_P(FuzzRegression, IsAcceptedOrRefusedWithAnInputError) {
  const std::string outcome = load_in_child(kRegressions / GetParam());
  EXPECT_TRUE(outcome == "accepted" || outcome == "refused") << GetParam() << ": " << outcome;
}

INSTANTIATE_TEST_SUITE_P(Fuzz, FuzzRegression, ::testing::ValuesIn(regression_files()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = fs::path(info.param).stem();
                           for (char& ch : name)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return name;
                         });

TEST(FuzzRegressions, EveryFileIsDescribedInTheReadme) {
  const std::string readme = read_file(kRegressions / "README.md");
  for (const std::string& name : regression_files())
    EXPECT_NE(readme.find("`" + name + "`"), std::string::npos) << name;
}

}  // namespace
}  // namespace edusim::testing::cli

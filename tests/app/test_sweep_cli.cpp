// `edusim sweep` and `edusim merge` end to end: the same runs and results whether a sweep
// runs on 1 or 2 threads, in 3 shards merged, or over 2 MPI ranks; one run re-run alone;
// a sweep killed with SIGKILL (or stopped by SIGINT) and resumed; refusals.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "cli_helpers.hpp"
#include "edusim/version.hpp"
#include "io/h5_handle.hpp"
#include "io/scenario_io.hpp"
#include "io/sweep_file.hpp"
#include "metrics/year_metrics.hpp"

namespace edusim::testing::cli {
namespace {

const std::string kSweep = (kSourceDir / "tests/data/sweeps/small_sobol.yaml").string();

/// Every dataset of two sweep files is equal, bit for bit (the provenance attributes
/// created_utc and command_line may differ).
void expect_same_sweep(const fs::path& a, const fs::path& b) {
  const SweepFileData x = read_sweep_file(a.string()), y = read_sweep_file(b.string());
  EXPECT_EQ(x.header.digest, y.header.digest);
  EXPECT_EQ(x.header.years, y.header.years);
  EXPECT_EQ(x.header.runs, y.header.runs);
  ASSERT_EQ(x.runs.size(), y.runs.size()) << a << " vs " << b;
  for (std::size_t r = 0; r < x.runs.size(); ++r) {
    const SweepRun &p = x.runs[r], &q = y.runs[r];
    ASSERT_EQ(p.run_index, q.run_index);
    EXPECT_EQ(p.seed, q.seed);
    EXPECT_EQ(p.axis_text, q.axis_text);
    ASSERT_EQ(p.district.size(), q.district.size());
    EXPECT_EQ(std::memcmp(p.district.data(), q.district.data(), p.district.size() * 8), 0)
        << "run " << p.run_index;
    ASSERT_EQ(p.schools.size(), q.schools.size());
    EXPECT_EQ(std::memcmp(p.schools.data(), q.schools.data(), p.schools.size() * 8), 0)
        << "run " << p.run_index;
  }
}

/// The run indices of a sweep file, in file order.
std::vector<std::int64_t> run_indices(const fs::path& file) {
  return read_sweep_runs(file.string()).second;
}

class SweepCli : public ::testing::Test {
 protected:
  TempDir dir;
  fs::path sweep(const std::string& name, std::vector<std::string> extra = {}) {
    const fs::path out = dir / name;
    std::vector<std::string> args{"sweep", kSweep, "-o", out.string(), "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    const Result r = run_edusim(args, dir.path());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return out;
  }
};

TEST_F(SweepCli, WritesEveryRunOnceInOrderWithTheDesignAndNoPartsLeft) {
  const fs::path out = sweep("s.h5");
  std::vector<std::int64_t> expected(60);
  for (std::int64_t r = 0; r < 60; ++r) expected[static_cast<std::size_t>(r)] = r;
  EXPECT_EQ(run_indices(out), expected);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"s.h5"});
  const SweepFileData data = read_sweep_file(out.string());
  EXPECT_EQ(data.header.design, "sobol");
  EXPECT_EQ(data.header.sobol_samples, 12);
  EXPECT_EQ(data.header.years.size(), 5u);
  EXPECT_EQ(data.header.schools.size(), 12u);
  ASSERT_EQ(data.header.axes.size(), 3u);
  EXPECT_EQ(data.header.axes[2].kind, "choice");
  EXPECT_EQ(data.runs[1].sobol_block, 1);
  EXPECT_EQ(data.runs[5].sobol_sample, 1);
}

TEST_F(SweepCli, OneAndTwoThreadsAndThreeMergedShardsGiveTheSameFile) {
  const fs::path one = sweep("one.h5", {"--threads", "1"});
  const fs::path two = sweep("two.h5", {"--threads", "2"});
  expect_same_sweep(one, two);
  std::vector<std::string> merge{"merge"};
  for (int i = 0; i < 3; ++i) {
    const fs::path shard = sweep("shard" + std::to_string(i) + ".h5",
                                 {"--shard", std::to_string(i) + "/3", "--threads", "1"});
    EXPECT_EQ(run_indices(shard).size(), 20u);
    merge.push_back(shard.string());
  }
  merge.insert(merge.end(), {"-o", (dir / "merged.h5").string()});
  const Result r = run_edusim(merge, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_same_sweep(one, dir / "merged.h5");
}

TEST_F(SweepCli, ShardAutoReadsTheSlurmArrayVariables) {
  const std::string script =
      "SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_COUNT=4 " +
      shell_quote(kBinary.string()) + " sweep " + shell_quote(kSweep) + " -o " +
      shell_quote((dir / "auto.h5").string()) + " --shard auto --quiet";
  ASSERT_EQ(std::system(script.c_str()), 0);
  const fs::path manual = sweep("manual.h5", {"--shard", "2/4"});
  expect_same_sweep(manual, dir / "auto.h5");
}

#ifdef EDUSIM_TEST_MPI
TEST_F(SweepCli, TwoMpiRanksGiveTheSameFileAsOneProcess) {
  const fs::path local = sweep("local.h5");
  const std::string script =
      "OMPI_MCA_btl_vader_single_copy_mechanism=none mpirun -n 2 --allow-run-as-root "
      "--oversubscribe " +
      shell_quote(kBinary.string()) + " sweep " + shell_quote(kSweep) + " -o " +
      shell_quote((dir / "mpi.h5").string()) + " --threads 1 --quiet";
  ASSERT_EQ(std::system(script.c_str()), 0) << script;
  expect_same_sweep(local, dir / "mpi.h5");
  EXPECT_FALSE(fs::exists(dir / "mpi.h5.parts"));
}
#endif

TEST_F(SweepCli, ARunReRunAloneEqualsItsRowOfTheSweep) {
  const fs::path out = sweep("s.h5");
  const Result r = run_edusim(
      {"sweep", kSweep, "--run", "37", "-o", (dir / "run37.h5").string(), "--quiet"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const SweepFileData data = read_sweep_file(out.string());
  const SweepRun& row = data.runs[37];
  const h5::Handle file = h5::open_for_reading((dir / "run37.h5").string());
  EXPECT_EQ(h5::read_uint64_attr(file.get(), "seed"), static_cast<std::uint64_t>(row.seed));
  const std::size_t n_metrics = data.header.district_series.size();
  for (std::size_t m = 0; m < n_metrics; ++m) {
    const auto series = h5::read_numbers<double>(
        file.get(), "district/" + data.header.district_series[m].name, H5T_NATIVE_DOUBLE, "run37");
    ASSERT_EQ(series.size(), data.header.years.size());
    for (std::size_t y = 0; y < series.size(); ++y) {
      const double v = row.district[y * n_metrics + m];
      EXPECT_TRUE(std::memcmp(&v, &series[y], sizeof v) == 0)
          << data.header.district_series[m].name << " year " << y;
    }
  }
}

/// Kills the process with `sig` once `parts` part files exist (or after 60 s); returns
/// its wait status.
int kill_after_parts(pid_t pid, const fs::path& parts_dir, std::size_t parts, int sig) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid, &status, WNOHANG) == pid) return status;  // finished before the kill
    if (count_parts(parts_dir) >= parts) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  kill(pid, sig);
  waitpid(pid, &status, 0);
  return status;
}

TEST_F(SweepCli, ResumeAfterSigkillFinishesEveryRunExactlyOnceWithTheSameResults) {
  const fs::path full = sweep("full.h5", {"--threads", "1"});
  // Kill at several moments: after 1, 4 and 9 saved parts of 2 runs each.
  for (const std::size_t kill_after : {1u, 4u, 9u}) {
    SCOPED_TRACE(kill_after);
    const fs::path out = dir / ("killed" + std::to_string(kill_after) + ".h5");
    const pid_t pid = spawn_edusim(
        {"sweep", kSweep, "-o", out.string(), "--quiet", "--threads", "1", "--chunk", "2"});
    ASSERT_GT(pid, 0);
    const int status = kill_after_parts(pid, out.string() + ".parts", kill_after, SIGKILL);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the sweep finished before it could be killed";
    EXPECT_FALSE(fs::exists(out)) << "a killed sweep must leave no file under the final name";
    const Result r = run_edusim({"sweep", kSweep, "-o", out.string(), "--resume"}, dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("60 runs"), std::string::npos) << r.out;
    EXPECT_EQ(run_indices(out).size(), 60u);
    expect_same_sweep(full, out);
    EXPECT_FALSE(fs::exists(out.string() + ".parts"));
  }
}

TEST_F(SweepCli, SigintStopsAfterSavingFinishedRunsAndSaysHowToResume) {
  const fs::path out = dir / "int.h5";
  const pid_t pid = spawn_edusim(
      {"sweep", kSweep, "-o", out.string(), "--quiet", "--threads", "1", "--chunk", "2"});
  ASSERT_GT(pid, 0);
  const int status = kill_after_parts(pid, out.string() + ".parts", 2, SIGINT);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_GE(count_parts(out.string() + ".parts"), 2u);
  // Without --resume the saved runs are not silently discarded.
  Result r = run_edusim({"sweep", kSweep, "-o", out.string()}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--resume"), std::string::npos) << r.err;
  r = run_edusim({"sweep", kSweep, "-o", out.string(), "--resume", "--quiet"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(run_indices(out).size(), 60u);
}

TEST_F(SweepCli, ResumingACompleteSweepDoesNothingAndAnExistingOutputNeedsForce) {
  const fs::path out = sweep("s.h5");
  Result r = run_edusim({"sweep", kSweep, "-o", out.string(), "--resume"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("nothing to resume"), std::string::npos) << r.out;
  r = run_edusim({"sweep", kSweep, "-o", out.string()}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
}

TEST_F(SweepCli, MergeRefusesMissingRunsUnlessAllowedAndShardsOfAnotherSweep) {
  const fs::path a = sweep("a.h5", {"--shard", "0/3"});
  const fs::path b = sweep("b.h5", {"--shard", "1/3"});
  Result r =
      run_edusim({"merge", a.string(), b.string(), "-o", (dir / "m.h5").string()}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("20 of the runs 0 to 59 are missing"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "m.h5"));
  r = run_edusim(
      {"merge", a.string(), b.string(), "-o", (dir / "m.h5").string(), "--allow-partial"},
      dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(run_indices(dir / "m.h5").size(), 40u);
  // A shard of another sweep (another master seed) is refused.
  write_file(dir / "other.yaml",
             read_file(kSweep).replace(read_file(kSweep).find("seed: 99"), 8, "seed: 98"));
  const Result o = run_edusim({"sweep", (dir / "other.yaml").string(), "-o",
                               (dir / "o.h5").string(), "--shard", "2/3", "--quiet"},
                              dir.path());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  r = run_edusim(
      {"merge", a.string(), b.string(), (dir / "o.h5").string(), "-o", (dir / "m2.h5").string()},
      dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("another sweep"), std::string::npos) << r.err;
}

/// Two design points x 2 replicates of a three-school district for one year: 4 quick runs.
const std::string kTinySweep = read_file(kSourceDir / "tests/data/sweeps/tiny.yaml");

/// Replaces the root string attribute `name` of `file`.
void set_root_string(const fs::path& file, const char* name, const std::string& value) {
  const h5::Handle f = h5::checked(H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose,
                                   "H5Fopen", file.string());
  ASSERT_GE(H5Adelete(f.get(), name), 0) << name;
  h5::write_string_attr(f.get(), name, value, file.string());
}

TEST_F(SweepCli, FileCarriesTheBuildTheSeedsAndTheResolvedScenarios) {
  write_file(dir / "tiny.yaml", kTinySweep);
  const Result r = run_edusim({"sweep", "tiny.yaml", "-o", "out.h5", "--quiet"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const h5::Handle f = h5::open_for_reading((dir / "out.h5").string());
  EXPECT_EQ(h5::read_string_attr(f.get(), "engine_version"), kEngineVersion);
  EXPECT_EQ(h5::read_string_attr(f.get(), "git_revision"), kGitRevision);
  EXPECT_EQ(h5::read_int64_attr(f.get(), "git_clean"), kGitClean ? 1 : 0);
  EXPECT_EQ(h5::read_uint64_attr(f.get(), "master_seed"), 5u);
  EXPECT_EQ(h5::read_string_attr(f.get(), "sweep"), kTinySweep);
  // The base scenario, resolved, is itself a scenario.
  const auto base = h5::read_string_attr(f.get(), "base_scenario");
  ASSERT_TRUE(base);
  write_file(dir / "base.yaml", *base);
  const Scenario resolved = load_scenario((dir / "base.yaml").string());
  EXPECT_EQ(resolved.run.years, 1);
  EXPECT_TRUE(resolved.rotation.enabled);
  EXPECT_EQ(read_sweep_file((dir / "out.h5").string()).runs.size(), 4u);  // a seed per run

  const Result info = run_edusim({"info", "out.h5"}, dir.path());
  EXPECT_EQ(info.exit_code, 0) << info.err;
  const std::vector<std::string> shown{"file_kind: sweep\n",
                                       "seed: 5 (master_seed)\n",
                                       std::string("git_clean: ") + (kGitClean ? "1\n" : "0\n"),
                                       "root attribute 'base_scenario'",
                                       "root attribute 'sweep'",
                                       "sweep_file: tiny.yaml\n"};
  for (const std::string& expected : shown)
    EXPECT_NE(info.out.find(expected), std::string::npos) << expected << "\n" << info.out;
  EXPECT_EQ(info.out.find("(missing)"), std::string::npos) << info.out;
}

TEST_F(SweepCli, MergeNamesTheBuildsOfItsShardsAndRefusesAnotherEngineVersion) {
  write_file(dir / "tiny.yaml", kTinySweep);
  for (const std::string shard : {"0", "1"}) {
    const Result r = run_edusim(
        {"sweep", "tiny.yaml", "-o", "s" + shard + ".h5", "--shard", shard + "/2", "--quiet"},
        dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const auto merge = [&](const std::string& output) {
    return run_edusim({"merge", "s0.h5", "s1.h5", "-o", output}, dir.path());
  };
  const auto build_of = [&](const std::string& file) {
    return read_sweep_file((dir / file).string()).header.build;
  };
  ASSERT_EQ(merge("same.h5").exit_code, 0);
  EXPECT_EQ(build_of("same.h5"), this_build());
  set_root_string(dir / "s1.h5", "git_revision", "0123456789ab");
  const Result two = merge("two.h5");
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(build_of("two.h5").git_revision, std::string(kGitRevision) + ", 0123456789ab");
  EXPECT_EQ(build_of("two.h5").git_clean, kGitClean);  // clean only if every shard is
  set_root_string(dir / "s1.h5", "engine_version", "0.0.1");
  const Result refused = merge("old.h5");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("edusim 0.0.1"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(dir / "old.h5"));
}

TEST_F(SweepCli, RunSetOverridesAKeyAndRefusesUnknownKeys) {
  const std::string base = (kSourceDir / "scenarios/baseline.yaml").string();
  Result r = run_edusim({"run", base, "-o", (dir / "r.h5").string(), "--years", "1", "--quiet",
                         "--set", "rotation.enabled=true", "--set", "rotation.quota_share=0.2"},
                        dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run_edusim({"run", base, "-o", (dir / "bad.h5").string(), "--set", "rotation.quota=0.2"},
                 dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("did you mean 'rotation.quota_share'"), std::string::npos) << r.err;
  r = run_edusim(
      {"run", base, "-o", (dir / "bad.h5").string(), "--set", "rotation.quota_share=1.5"},
      dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("out of range"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "bad.h5"));
}

}  // namespace
}  // namespace edusim::testing::cli

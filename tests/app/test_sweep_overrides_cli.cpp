// `edusim sweep --set/--seed/--years`: they change the base scenario and the master seed
// exactly as editing the sweep file would, are recorded in the file, refuse a key that is an
// axis, and are part of the sweep's digest, so that a resume or a merge with other values
// is refused.
#include <gtest/gtest.h>

#include <cstring>

#include "cli_helpers.hpp"
#include "io/h5_handle.hpp"
#include "io/scenario_io.hpp"
#include "io/sweep_file.hpp"

namespace edusim::testing::cli {
namespace {

/// Two design points x 2 replicates of a three-school district for one year: 4 quick runs.
const std::string kTiny = read_file(kSourceDir / "tests/data/sweeps/tiny.yaml");

/// The same sweep with what --set rotation.burnout_per_year=0.05 --seed 7 --years 2 change
/// written into the file.
std::string edited_tiny() {
  std::string text = kTiny;
  text.replace(text.find("years: 1"), 8, "years: 2");
  text.replace(text.find("rotation: {enabled: true}"), 25,
               "rotation: {enabled: true, burnout_per_year: 0.05}");
  text.replace(text.find("seed: 5"), 7, "seed: 7");
  return text;
}

const std::vector<std::string> kFlags{
    "--set", "rotation.burnout_per_year=0.05", "--seed", "7", "--years", "2"};

class SweepOverridesCli : public ::testing::Test {
 protected:
  TempDir dir;
  void SetUp() override {
    write_file(dir / "tiny.yaml", kTiny);
    write_file(dir / "edited.yaml", edited_tiny());
  }
  Result sweep(const std::string& file, const std::string& out, std::vector<std::string> extra) {
    std::vector<std::string> args{"sweep", file, "-o", out, "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_edusim(args, dir.path());
  }
};

/// The runs of two sweep files have the same seeds and results, bit for bit.
void expect_same_runs(const SweepFileData& x, const SweepFileData& y) {
  EXPECT_EQ(x.header.years, y.header.years);
  ASSERT_EQ(x.runs.size(), y.runs.size());
  for (std::size_t r = 0; r < x.runs.size(); ++r) {
    EXPECT_EQ(x.runs[r].run_index, y.runs[r].run_index);
    EXPECT_EQ(x.runs[r].seed, y.runs[r].seed);
    ASSERT_EQ(x.runs[r].district.size(), y.runs[r].district.size());
    EXPECT_EQ(std::memcmp(x.runs[r].district.data(), y.runs[r].district.data(),
                          x.runs[r].district.size() * sizeof(double)),
              0)
        << "run " << r;
  }
}

TEST_F(SweepOverridesCli, FlagsGiveTheRunsOfTheEditedFileAndAreRecorded) {
  ASSERT_EQ(sweep("tiny.yaml", "flags.h5", kFlags).exit_code, 0);
  const Result e = sweep("edited.yaml", "edited.h5", {});
  ASSERT_EQ(e.exit_code, 0) << e.err;
  const SweepFileData flags = read_sweep_file((dir / "flags.h5").string());
  const SweepFileData edited = read_sweep_file((dir / "edited.h5").string());
  expect_same_runs(flags, edited);
  EXPECT_EQ(flags.header.years, (std::vector<std::int32_t>{2020, 2021, 2022}));
  EXPECT_EQ(flags.header.master_seed, 7u);
  EXPECT_EQ(flags.header.base_yaml, edited.header.base_yaml);
  EXPECT_EQ(flags.header.overrides, "--set rotation.burnout_per_year=0.05 --seed 7 --years 2");
  EXPECT_EQ(edited.header.overrides, "");
  // The resolved base scenario in the file is the one the runs used.
  write_file(dir / "base.yaml", flags.header.base_yaml);
  const Scenario base = load_scenario((dir / "base.yaml").string());
  EXPECT_EQ(base.run.years, 2);
  EXPECT_DOUBLE_EQ(base.rotation.burnout_per_year, 0.05);
  const Result info = run_edusim({"info", "flags.h5"}, dir.path());
  EXPECT_NE(info.out.find("sweep_overrides: --set rotation.burnout_per_year=0.05 --seed 7 "
                          "--years 2\n"),
            std::string::npos)
      << info.out;
  // The same runs, but the flags are in the digest: parts and shards of the edited file and
  // of the flags do not mix.
  EXPECT_NE(flags.header.digest, edited.header.digest);  // the flags are in the digest
}

TEST_F(SweepOverridesCli, RefusesASetOfAnAxisOrOfTheSeedAndBadValuesAsRunDoes) {
  Result r = sweep("tiny.yaml", "x.h5", {"--set", "rotation.quota_share=0.3"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--set rotation.quota_share=0.3: 'rotation.quota_share' is an axis of "
                       "the sweep (tiny.yaml:"),
            std::string::npos)
      << r.err;
  r = sweep("tiny.yaml", "x.h5", {"--set", "run.seed=3"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("give the sweep's seed with --seed N"), std::string::npos) << r.err;
  // A bad value or key gives the message `edusim run --set` gives.
  for (const std::string set :
       {"rotation.burnout_per_year=2", "rotation.burnout=0.1", "rotation.mode=bogus", "nonsense"}) {
    const Result s = sweep("tiny.yaml", "x.h5", {"--set", set});
    const Result o = run_edusim(
        {"run", (kSourceDir / "scenarios/baseline.yaml").string(), "-o", "x.h5", "--set", set},
        dir.path());
    EXPECT_EQ(s.exit_code, 2) << set;
    EXPECT_EQ(o.exit_code, 2) << set;
    EXPECT_EQ(s.err, o.err) << set;
    EXPECT_NE(s.err.find("--set " + set), std::string::npos) << s.err;
  }
  r = sweep("tiny.yaml", "x.h5", {"--years", "0"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_FALSE(fs::exists(dir / "x.h5"));
  EXPECT_FALSE(fs::exists(dir / "x.h5.parts"));
}

TEST_F(SweepOverridesCli, MergeAndResumeRefuseOtherFlagsAndAcceptTheSame) {
  const std::vector<std::string> years{"--years", "2"};
  auto with = [](std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  ASSERT_EQ(sweep("tiny.yaml", "full.h5", years).exit_code, 0);
  ASSERT_EQ(sweep("tiny.yaml", "s0.h5", with({"--shard", "0/2"}, years)).exit_code, 0);
  ASSERT_EQ(sweep("tiny.yaml", "s1.h5", {"--shard", "1/2"}).exit_code, 0);
  ASSERT_EQ(sweep("tiny.yaml", "s1y.h5", with({"--shard", "1/2"}, years)).exit_code, 0);
  // Merge: a shard without --years 2 belongs to another sweep; the command lines are named.
  Result r = run_edusim({"merge", "s0.h5", "s1.h5", "-o", "m.h5"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("belongs to another sweep"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--set/--seed/--years"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--shard 0/2 --years 2"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir / "m.h5"));
  r = run_edusim({"merge", "s0.h5", "s1y.h5", "-o", "m.h5"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_same_runs(read_sweep_file((dir / "m.h5").string()),
                   read_sweep_file((dir / "full.h5").string()));
  EXPECT_EQ(read_sweep_file((dir / "m.h5").string()).header.overrides, "--years 2");

  // Resume: the runs of shard 0 saved as a part of out.h5; resuming without --years 2, or
  // with another seed, is refused; with the same flags only the missing runs are run.
  fs::create_directories(dir / "out.h5.parts");
  fs::copy_file(dir / "s0.h5", dir / "out.h5.parts" / "r0-1-00000.h5");
  for (const auto& other : {std::vector<std::string>{}, with(years, {"--seed", "6"}),
                            std::vector<std::string>{"--years", "3"}}) {
    r = sweep("tiny.yaml", "out.h5", with({"--resume"}, other));
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("this part belongs to another sweep"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--set/--seed/--years changed"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir / "out.h5"));
  }
  r = run_edusim({"sweep", "tiny.yaml", "-o", "out.h5", "--resume", "--years", "2"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("4 runs (2 simulated now)"), std::string::npos) << r.out;
  expect_same_runs(read_sweep_file((dir / "out.h5").string()),
                   read_sweep_file((dir / "full.h5").string()));
}

#ifdef EDUSIM_TEST_MPI
TEST_F(SweepOverridesCli, TwoMpiRanksApplyTheFlagsAsOneProcessDoes) {
  ASSERT_EQ(sweep("tiny.yaml", "local.h5", kFlags).exit_code, 0);
  std::string script =
      "cd " + shell_quote(dir.path().string()) +
      " && OMPI_MCA_btl_vader_single_copy_mechanism=none mpirun -n 2 --allow-run-as-root "
      "--oversubscribe " +
      shell_quote(kBinary.string()) + " sweep tiny.yaml -o mpi.h5 --threads 1 --quiet";
  for (const std::string& flag : kFlags) script.append(" ").append(shell_quote(flag));
  ASSERT_EQ(std::system(script.c_str()), 0) << script;
  const SweepFileData local = read_sweep_file((dir / "local.h5").string());
  const SweepFileData mpi = read_sweep_file((dir / "mpi.h5").string());
  expect_same_runs(local, mpi);
  EXPECT_EQ(mpi.header.digest, local.header.digest);
  EXPECT_EQ(mpi.header.overrides, local.header.overrides);
}
#endif

}  // namespace
}  // namespace edusim::testing::cli

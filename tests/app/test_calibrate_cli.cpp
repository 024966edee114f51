// `edusim calibrate` (ABC-SMC, sim/calibrate/): recovery of known parameter values from
// runs of the model at those values, the same posterior bit for bit on 1, 2 and 4 worker
// threads and after SIGKILLs followed by --resume, the output file's layout, and refusal of
// bad calibration files (tests/data/bad_calibrations: each names its expected message).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>
#include <thread>

#include "calibrate/calibration_runner.hpp"
#include "cli_helpers.hpp"
#include "core/workers.hpp"
#include "io/calibration_file.hpp"

namespace edusim::testing::cli {
namespace {

const fs::path kData = kSourceDir / "tests" / "data" / "calibration";
const fs::path kSmall = kData / "small.yaml";
const fs::path kResume = kData / "resume.yaml";  // longer: a few seconds

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

/// Every result of two calibration files is the same, bit for bit (not the wall times).
void expect_same_posterior(const CalibrationFileData& a, const CalibrationFileData& b) {
  ASSERT_EQ(a.generations.size(), b.generations.size());
  EXPECT_EQ(a.header.digest, b.header.digest);
  EXPECT_EQ(a.header.stop_reason, b.header.stop_reason);
  for (std::size_t g = 0; g < a.generations.size(); ++g) {
    SCOPED_TRACE(g);
    const auto &x = a.generations[g], &y = b.generations[g];
    EXPECT_TRUE(same_bits(x.particles, y.particles));
    EXPECT_TRUE(same_bits(x.weights, y.weights));
    EXPECT_TRUE(same_bits(x.distances, y.distances));
    EXPECT_TRUE(same_bits(x.statistics, y.statistics));
    EXPECT_TRUE(same_bits({x.tolerance, x.acceptance_rate, x.effective_sample_size},
                          {y.tolerance, y.acceptance_rate, y.effective_sample_size}));
    EXPECT_EQ(x.proposals, y.proposals);
    EXPECT_EQ(x.runs, y.runs);
  }
}

TEST(CalibrateCli, WritesEveryGenerationWithDiagnosticsPriorsAndTargets) {
  const TempDir dir;
  const fs::path out = dir / "post.h5";
  const Result r =
      run_edusim({"calibrate", kSmall.string(), "-o", out.string(), "--threads", "2"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("3 generations"), std::string::npos) << r.out;
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"post.h5"});  // no parts left
  const CalibrationFileData data = read_calibration_file(out.string());
  EXPECT_EQ(data.header.parameter_names,
            (std::vector<std::string>{"rotation.quota_share", "demography.quit_rate_mid"}));
  EXPECT_EQ(data.header.priors[1], "log_uniform(0.005, 0.08)");
  EXPECT_EQ(data.header.target_statistics[1], "sum of quits at years 1-2");
  EXPECT_DOUBLE_EQ(data.header.target_sd[1], 3.0);  // relative_sd 0.25 of 12
  EXPECT_EQ(data.header.particles, 16);
  EXPECT_EQ(data.header.worker_threads, 2);
  ASSERT_EQ(data.generations.size(), 3u);
  EXPECT_TRUE(std::isinf(data.generations[0].tolerance));
  for (const auto& g : data.generations) {
    SCOPED_TRACE(g.generation);
    EXPECT_EQ(g.particles.size(), 32u);
    EXPECT_EQ(g.statistics.size(), 32u);
    EXPECT_NEAR(std::accumulate(g.weights.begin(), g.weights.end(), 0.0), 1, 1e-12);
    for (const double d : g.distances) EXPECT_LE(d, g.tolerance);
    EXPECT_EQ(g.runs, g.proposals);  // one replicate
    EXPECT_EQ(g.proposals % 16, 0);  // whole batches
    EXPECT_GT(g.effective_sample_size, 1);
  }
  EXPECT_LT(data.generations[2].tolerance, data.generations[1].tolerance);
}

TEST(CalibrateCli, TheSamePosteriorBitForBitOn1And2And4Threads) {
  const TempDir dir;
  std::vector<CalibrationFileData> results;
  for (const char* threads : {"1", "2", "4"}) {
    const fs::path out = dir / (std::string("t") + threads + ".h5");
    const Result r = run_edusim(
        {"calibrate", kSmall.string(), "-o", out.string(), "--threads", threads, "--quiet"},
        dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    results.push_back(read_calibration_file(out.string()));
  }
  EXPECT_EQ(results[2].header.worker_threads, 4);  // 4 workers even on 2 cores
  expect_same_posterior(results[0], results[1]);
  expect_same_posterior(results[0], results[2]);
}

#ifdef EDUSIM_TEST_MPI
/// `edusim calibrate ARGS` under `mpirun -n 2`.
int calibrate_on_two_ranks(const std::vector<std::string>& args) {
  std::string script =
      "OMPI_MCA_btl_vader_single_copy_mechanism=none mpirun -n 2 --allow-run-as-root "
      "--oversubscribe " +
      shell_quote(kBinary.string()) + " calibrate";
  for (const auto& a : args) (script += ' ') += shell_quote(a);
  return std::system(script.c_str());
}

TEST(CalibrateCli, TwoMpiRanksGiveTheSamePosteriorAsOneProcess) {
  const TempDir dir;
  const fs::path local = dir / "local.h5", mpi = dir / "mpi.h5";
  ASSERT_EQ(run_edusim({"calibrate", kSmall.string(), "-o", local.string(), "--quiet"}, dir.path())
                .exit_code,
            0);
  ASSERT_EQ(
      calibrate_on_two_ranks({kSmall.string(), "-o", mpi.string(), "--threads", "1", "--quiet"}),
      0);
  expect_same_posterior(read_calibration_file(local.string()), read_calibration_file(mpi.string()));
  EXPECT_FALSE(fs::exists(dir / "mpi.h5.parts"));
}

TEST(CalibrateCli, TwoMpiRanksResumeTheSavedWorkOfAKilledProcess) {
  const TempDir dir;
  const fs::path full = dir / "full.h5", out = dir / "c.h5", parts = dir / "c.h5.parts";
  ASSERT_EQ(run_edusim({"calibrate", kResume.string(), "-o", full.string(), "--quiet"}, dir.path())
                .exit_code,
            0);
  // A one-process calibration killed once it has saved its first generation ...
  const pid_t pid = spawn_edusim(
      {"calibrate", kResume.string(), "-o", out.string(), "--threads", "1", "--chunk", "1"});
  ASSERT_GT(pid, 0);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!fs::exists(parts / "generation-00000.h5") &&
         std::chrono::steady_clock::now() < deadline) {
    ASSERT_NE(waitpid(pid, &status, WNOHANG), pid) << "the calibration ended before the kill";
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the calibration finished before the kill: nothing tested";
  // ... is finished by two ranks, to the same posterior.
  ASSERT_EQ(calibrate_on_two_ranks(
                {kResume.string(), "-o", out.string(), "--threads", "1", "--resume", "--quiet"}),
            0);
  EXPECT_FALSE(fs::exists(parts));
  expect_same_posterior(read_calibration_file(full.string()), read_calibration_file(out.string()));
}
#endif

bool killed(int status) {
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

TEST(CalibrateCli, SigkillsThenResumeGiveTheIdenticalPosterior) {
  const TempDir dir;
  const fs::path full = dir / "full.h5";
  ASSERT_EQ(run_edusim({"calibrate", kResume.string(), "-o", full.string(), "--quiet"}, dir.path())
                .exit_code,
            0);
  const fs::path out = dir / "c.h5", parts = dir / "c.h5.parts";
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> delay_ms(0, 80);
  // Each attempt is killed after it saved a new part (a proposal chunk or a generation), at
  // a random moment within the next 80 ms: a few proposals of the 380 or so.
  for (int attempt = 0; attempt < 3; ++attempt) {
    SCOPED_TRACE(attempt);
    std::vector<std::string> args{"calibrate", kResume.string(), "-o", out.string(), "--threads",
                                  "1",         "--chunk",        "1"};
    if (attempt > 0) args.push_back("--resume");
    const std::size_t before = count_parts(parts);
    const pid_t pid = spawn_edusim(args);
    ASSERT_GT(pid, 0);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (count_parts(parts) <= before && std::chrono::steady_clock::now() < deadline) {
      ASSERT_NE(waitpid(pid, &status, WNOHANG), pid) << "the calibration ended before the kill";
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    ASSERT_TRUE(killed(status)) << "the calibration finished before the kill: nothing tested";
    EXPECT_FALSE(fs::exists(out)) << "a killed calibration left its file under the final name";
  }
  const Result r = run_edusim(
      {"calibrate", kResume.string(), "-o", out.string(), "--resume", "--quiet"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(fs::exists(parts));
  expect_same_posterior(read_calibration_file(full.string()), read_calibration_file(out.string()));
  // Resuming a finished calibration does nothing.
  const Result again =
      run_edusim({"calibrate", kResume.string(), "-o", out.string(), "--resume"}, dir.path());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("nothing to resume"), std::string::npos) << again.out;
}

TEST(CalibrateCli, RefusesAnEarlierCalibrationsPartsWithoutResumeOrForce) {
  const TempDir dir;
  fs::create_directories(dir / "c.h5.parts");
  write_file(dir / "c.h5.parts" / "generation-00000.h5", "not hdf5");
  const Result r = run_edusim(
      {"calibrate", kSmall.string(), "-o", (dir / "c.h5").string(), "--quiet"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("continue it with --resume"), std::string::npos) << r.err;
}

TEST(CalibrateCli, BadCalibrationFilesAreRefusedNamingTheLineAndKey) {
  const fs::path catalog = kSourceDir / "tests" / "data" / "bad_calibrations";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(catalog)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 20u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    const std::string expect = expectation(read_file(file));
    ASSERT_FALSE(expect.empty()) << "no '# expect:' line";
    const TempDir dir;
    const Result r = run_edusim(
        {"calibrate", file.string(), "-o", (dir / "out.h5").string(), "--quiet"}, dir.path());
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(lines_of(r.err).size(), 1u) << r.err;
    EXPECT_NE(r.err.find(expect), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(file.filename().string() + ":"), std::string::npos)
        << "the message names no line of the file: " << r.err;
    EXPECT_TRUE(dir.entries().empty()) << "a refused calibration left files behind";
  }
}

// --- recovery of known values ------------------------------------------------------------

/// The weighted q-quantile of values (the smallest value whose cumulative weight reaches q).
double weighted_quantile(std::vector<std::pair<double, double>> value_weight, double q) {
  std::sort(value_weight.begin(), value_weight.end());
  double cumulative = 0;
  for (const auto& [v, w] : value_weight)
    if ((cumulative += w) >= q) return v;
  return value_weight.back().first;
}

/// A calibration of 3 keys of tests/data/calibration/small_district.yaml against targets
/// with the given observed values and sds.
std::string recovery_file(const std::vector<double>& observed, const std::vector<double>& sd) {
  return fmt::format(R"(base: {}
parameters:
  rotation.quota_share: {{uniform: [0.05, 0.45]}}
  demography.quit_rate_mid: {{log_uniform: [0.005, 0.15]}}
  rotation.eligibility_years: {{uniform: [2, 10]}}
targets:
  eligible: {{dataset: rotation_eligible, years: [1], aggregate: value, value: {}, sd: {}}}
  rotated_share:
    aggregate: ratio
    numerator: {{dataset: rotations, years: [1]}}
    denominator: {{dataset: rotation_eligible, years: [1]}}
    value: {}
    sd: {}
  quits: {{dataset: quits, years: {{from: 1, to: 2}}, aggregate: sum, value: {}, sd: {}}}
particles: 100
generations: 5
seed: 2024
)",
                     (kData / "small_district.yaml").string(), observed[0], sd[0], observed[1],
                     sd[1], observed[2], sd[2]);
}

TEST(CalibrateRecovery, The90PercentCredibleIntervalsContainTheTrueValues) {
  const TempDir dir;
  const fs::path file = dir / "recovery.yaml";
  // The truth: runs of the model at known values (12 replicates, seeds apart from the
  // calibration's: generation 1000 is never reached) give the targets.
  const std::vector<double> truth{0.2, 0.03, 6};
  write_file(file, recovery_file({1, 1, 1}, {1, 1, 1}));
  const CalibrationPlan probe = plan_calibration(file.string(), "test");
  constexpr int kTruthRuns = 12;
  std::vector<std::vector<double>> runs;
  for (int i = 0; i < kTruthRuns; ++i) runs.push_back(simulate_proposal(probe, truth, 1000, i));
  std::vector<double> observed(3, 0.0), sd(3, 0.0);
  for (std::size_t t = 0; t < 3; ++t) {
    for (const auto& r : runs) observed[t] += r[t] / kTruthRuns;
    for (const auto& r : runs) sd[t] += std::pow(r[t] - observed[t], 2) / (kTruthRuns - 1);
    // The run-to-run sd, at least 5% of the value (a target the district fixes exactly).
    sd[t] = std::max(std::sqrt(sd[t]), 0.05 * std::abs(observed[t]));
  }
  write_file(file, recovery_file(observed, sd));
  const CalibrationPlan plan = plan_calibration(file.string(), "test");
  WorkerPool pool(2);
  NoStore store;
  const auto start = std::chrono::steady_clock::now();
  const CalibrationResult result = pool.run([&] {
    return run_calibration(
        plan,
        [&plan](std::span<const double> theta, std::int64_t g, std::int64_t i) {
          return simulate_proposal(plan, theta, g, i);
        },
        {}, store, [] { return false; }, {});
  });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(result.generations.size(), 5u) << result.stop_reason;
  const CalibrationGeneration& last = result.generations.back();
  std::int64_t total_runs = 0;
  for (const auto& g : result.generations) total_runs += g.runs;
  std::cout << "recovery: " << total_runs << " runs in " << seconds << " s; targets";
  for (std::size_t t = 0; t < 3; ++t) std::cout << " " << observed[t] << " (sd " << sd[t] << ")";
  std::cout << "\n";
  for (std::size_t a = 0; a < truth.size(); ++a) {
    std::vector<std::pair<double, double>> vw;
    for (std::size_t i = 0; i < last.weights.size(); ++i)
      vw.emplace_back(last.particles[i * truth.size() + a], last.weights[i]);
    const double lo = weighted_quantile(vw, 0.05), hi = weighted_quantile(vw, 0.95);
    std::cout << "  " << plan.spec.parameters[a].axis.key << ": truth " << truth[a]
              << ", 90% interval [" << lo << ", " << hi << "]\n";
    // Integer keys take the rounded value: the interval of the rounded values.
    const bool integer = plan.spec.parameters[a].axis.info.type == schema::KeyType::integer;
    EXPECT_LE(integer ? std::round(lo) : lo, truth[a]) << plan.spec.parameters[a].axis.key;
    EXPECT_GE(integer ? std::round(hi) : hi, truth[a]) << plan.spec.parameters[a].axis.key;
    // ... and narrower than the prior: the data say something.
    const auto& axis = plan.spec.parameters[a].axis;
    EXPECT_LT(hi - lo, 0.9 * (axis.max - axis.min)) << axis.key;
  }
}

}  // namespace
}  // namespace edusim::testing::cli

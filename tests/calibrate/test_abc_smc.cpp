// The pieces of ABC-SMC (sim/calibrate/abc_smc.hpp): the distance, the tolerance schedule,
// the perturbation kernel, the importance weights, the effective sample size and the
// proposals, against values worked out by hand; and the whole algorithm on a model with a
// known posterior (a normal mean), with the same result for 1, 2 and 4 workers.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <numbers>

#include "calibrate/abc_smc.hpp"
#include "calibrate/calibration_runner.hpp"
#include "core/rng.hpp"
#include "core/workers.hpp"
#include "io/schema_keys.hpp"

namespace edusim {
namespace {

CalibratedParameter uniform(double lo, double hi) {
  CalibratedParameter p;
  p.axis.key = "rotation.quota_share";
  p.axis.kind = AxisKind::uniform;
  p.axis.min = lo;
  p.axis.max = hi;
  return p;
}

Target target(double observed, double sd, double weight = 1) {
  Target t;
  t.observed = observed;
  t.sd = sd;
  t.weight = weight;
  return t;
}

TEST(AbcSmcDistance, EuclideanManhattanAndMaximumOfStandardisedDifferences) {
  const std::vector<Target> targets{target(10, 2), target(0, 0.5, 4)};
  const std::vector<double> sim{13, -1};  // standardised: 1.5 and -2 (weight 4)
  EXPECT_DOUBLE_EQ(abc::distance(sim, targets, DistanceKind::euclidean),
                   std::sqrt(1.5 * 1.5 + 4 * 4.0));
  EXPECT_DOUBLE_EQ(abc::distance(sim, targets, DistanceKind::manhattan), 1.5 + 4 * 2.0);
  EXPECT_DOUBLE_EQ(abc::distance(sim, targets, DistanceKind::maximum), 8.0);
  const std::vector<double> nan_stat{13, std::nan("")};
  EXPECT_TRUE(std::isinf(abc::distance(nan_stat, targets, DistanceKind::euclidean)));
}

TEST(AbcSmcTolerance, TheQuantileIsAnObservedDistanceWithAtLeastQnBelowIt) {
  const std::vector<double> d{5, 1, 4, 2, 3};
  EXPECT_DOUBLE_EQ(abc::tolerance_quantile(d, 0.5), 3);  // ceil(2.5) = 3rd smallest
  EXPECT_DOUBLE_EQ(abc::tolerance_quantile(d, 0.2), 1);
  EXPECT_DOUBLE_EQ(abc::tolerance_quantile(d, 0.21), 2);
  EXPECT_DOUBLE_EQ(abc::tolerance_quantile(d, 0.99), 5);
  const std::vector<double> ties{2, 2, 2, 7};
  EXPECT_DOUBLE_EQ(abc::tolerance_quantile(ties, 0.5), 2);
}

abc::Population two_point_population() {
  // Particles (0, 0) weight 0.25 and (2, 4) weight 0.75: mean (1.5, 3), weighted
  // covariance [[0.75, 1.5], [1.5, 3]] (singular: the points lie on a line).
  abc::Population p;
  p.parameters = 2;
  p.theta = {0, 0, 2, 4};
  p.weights = {0.25, 0.75};
  p.distances = {1, 1};
  return p;
}

TEST(AbcSmcKernel, TwiceTheWeightedCovarianceWithAFloorOnEachVariance) {
  abc::Population p = two_point_population();
  p.theta = {0, 0, 2, 4, 1, 0};
  p.weights = {0.25, 0.5, 0.25};
  p.distances = {1, 1, 1};
  // mean = (0.5*2 + 0.25*1, 0.5*4) = (1.25, 2)
  // var_x = 0.25*1.5625 + 0.5*0.5625 + 0.25*0.0625 = 0.6875
  // var_y = 0.25*4 + 0.5*4 + 0.25*4 = 4; cov = 0.25*(-1.25)(-2) + 0.5*(0.75)(2) + 0.25*(-0.25)(-2)
  //       = 0.625 + 0.75 + 0.125 = 1.5
  const std::vector<double> floor{1e-12, 1e-12};
  const abc::Kernel k = abc::make_kernel(p, floor, KernelKind::multivariate);
  EXPECT_NEAR(k.covariance[0], 2 * 0.6875, 1e-12);
  EXPECT_NEAR(k.covariance[1], 2 * 1.5, 1e-12);
  EXPECT_NEAR(k.covariance[3], 2 * 4.0, 1e-12);
  // L L^T reproduces the covariance.
  const auto& L = k.cholesky;
  EXPECT_NEAR(L[0] * L[0], k.covariance[0], 1e-12);
  EXPECT_NEAR(L[2] * L[0], k.covariance[2], 1e-12);
  EXPECT_NEAR(L[2] * L[2] + L[3] * L[3], k.covariance[3], 1e-12);
  const abc::Kernel diagonal = abc::make_kernel(p, floor, KernelKind::componentwise);
  EXPECT_EQ(diagonal.covariance[1], 0);
  EXPECT_NEAR(diagonal.covariance[3], 8.0, 1e-12);
  // A parameter every particle shares keeps the floor's variance.
  abc::Population same = p;
  same.theta = {0.3, 0, 0.3, 4, 0.3, 0};
  const std::vector<double> wide_floor{0.01, 1e-12};
  EXPECT_DOUBLE_EQ(abc::make_kernel(same, wide_floor, KernelKind::multivariate).covariance[0],
                   0.01);
}

TEST(AbcSmcKernel, ASingularCovarianceFallsBackToItsDiagonal) {
  const abc::Population p = two_point_population();
  const std::vector<double> floor{1e-12, 1e-12};
  const abc::Kernel k = abc::make_kernel(p, floor, KernelKind::multivariate);
  EXPECT_EQ(k.covariance[1], 0);
  EXPECT_NEAR(k.covariance[0], 1.5, 1e-12);
  EXPECT_NEAR(k.covariance[3], 6.0, 1e-12);
}

TEST(AbcSmcKernel, TheLogDensityIsTheBivariateNormalsAndPerturbAppliesL) {
  abc::Kernel k;
  k.k = 2;
  abc::Population p;
  p.parameters = 2;
  p.theta = {-1, -1, 1, 1, 1, -1, -1, 1};  // covariance diag(1, 1)
  p.weights = {0.25, 0.25, 0.25, 0.25};
  p.distances = {0, 0, 0, 0};
  const std::vector<double> floor{1e-12, 1e-12};
  k = abc::make_kernel(p, floor, KernelKind::multivariate);  // 2 I
  const double x[2] = {1, 2}, c[2] = {0, 0};
  const double expected = -std::log(2 * std::numbers::pi * 2) - (1 + 4) / (2 * 2.0);
  EXPECT_NEAR(abc::kernel_log_density(k, x, c), expected, 1e-12);
  const double z[2] = {1, -1};
  double out[2];
  abc::perturb(k, c, z, out);
  EXPECT_NEAR(out[0], std::sqrt(2.0), 1e-12);
  EXPECT_NEAR(out[1], -std::sqrt(2.0), 1e-12);
}

TEST(AbcSmcWeights, PriorOverTheKernelMixtureNormalised) {
  // One parameter, previous particles 0 (w 0.5) and 1 (w 0.5), kernel variance 1, uniform
  // prior on [-5, 5]: w(x) proportional to 1 / (0.5 phi(x) + 0.5 phi(x - 1)).
  abc::Population prev;
  prev.parameters = 1;
  prev.theta = {0, 1};
  prev.weights = {0.5, 0.5};
  prev.distances = {0, 0};
  abc::Kernel k;
  k.k = 1;
  k.covariance = {1};
  k.cholesky = {1};
  k.log_normaliser = -0.5 * std::log(2 * std::numbers::pi);
  const std::vector<CalibratedParameter> params{uniform(-5, 5)};
  const std::vector<double> theta{0.5, 3};
  const auto w = abc::pmc_weights(prev, k, params, theta);
  const auto phi = [](double x) { return std::exp(-x * x / 2) / std::sqrt(2 * std::numbers::pi); };
  const double a = 1 / (0.5 * phi(0.5) + 0.5 * phi(-0.5)), b = 1 / (0.5 * phi(3) + 0.5 * phi(2));
  EXPECT_NEAR(w[0], a / (a + b), 1e-12);
  EXPECT_NEAR(w[1], b / (a + b), 1e-12);
  EXPECT_NEAR(abc::effective_sample_size(w), 1 / (w[0] * w[0] + w[1] * w[1]), 1e-12);
  EXPECT_DOUBLE_EQ(abc::effective_sample_size(std::vector<double>(10, 0.1)), 10);
}

TEST(AbcSmcPriors, DensitiesOfEachKindUpToAConstant) {
  CalibratedParameter p = uniform(1, 10);
  EXPECT_EQ(p.density(5), 1);
  EXPECT_EQ(p.density(11), 0);
  p.axis.kind = AxisKind::log_uniform;
  EXPECT_DOUBLE_EQ(p.density(4), 0.25);
  p.axis.kind = AxisKind::normal;
  p.axis.mean = 5;
  p.axis.sd = 2;
  EXPECT_DOUBLE_EQ(p.density(7), std::exp(-0.5));
  EXPECT_EQ(p.density(0.5), 0);
}

TEST(AbcSmcProposals, PureFunctionsOfSeedGenerationAndIndexInsideTheSupport) {
  const std::vector<CalibratedParameter> params{uniform(0, 1), uniform(10, 20)};
  const auto a = abc::propose(3, 0, 17, params, nullptr, nullptr);
  EXPECT_EQ(a, abc::propose(3, 0, 17, params, nullptr, nullptr));
  EXPECT_NE(a, abc::propose(3, 0, 18, params, nullptr, nullptr));
  EXPECT_NE(a, abc::propose(4, 0, 17, params, nullptr, nullptr));
  // A wide kernel around particles near a bound: every proposal is redrawn into the support.
  abc::Population prev;
  prev.parameters = 2;
  prev.theta = {0.99, 19.9, 0.98, 19.8};
  prev.weights = {0.5, 0.5};
  prev.distances = {0, 0};
  const std::vector<double> floor{0.04, 4};
  const abc::Kernel k = abc::make_kernel(prev, floor, KernelKind::multivariate);
  for (std::int64_t i = 0; i < 200; ++i) {
    const auto t = abc::propose(3, 1, i, params, &prev, &k);
    EXPECT_TRUE(params[0].in_support(t[0]) && params[1].in_support(t[1])) << i;
  }
  EXPECT_EQ(abc::proposal_run_seed(1, 2, 3, 4), abc::proposal_run_seed(1, 2, 3, 4));
  EXPECT_NE(abc::proposal_run_seed(1, 2, 3, 4), abc::proposal_run_seed(1, 2, 3, 5));
  EXPECT_LT(abc::proposal_run_seed(1, 2, 3, 4), 1ull << 63);
}

/// A calibration of one parameter mu ~ uniform(-10, 10) against the mean of 25 normal
/// draws with sd 1 (observed 2, sd 0.2): the posterior is close to normal(2, 0.2).
CalibrationPlan normal_mean_plan() {
  CalibrationPlan plan;
  CalibrationSpec& s = plan.spec;
  CalibratedParameter mu = uniform(-10, 10);
  s.parameters = {mu};
  s.targets = {target(2, 0.2)};
  s.particles = 200;
  s.batch = 64;
  s.generations = 6;
  s.seed = 11;
  s.max_proposals = 100000;
  return plan;
}

std::vector<double> normal_mean_model(std::span<const double> theta, std::int64_t g,
                                      std::int64_t i) {
  const RandomStream stream(99, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(g),
                            Stream::Learning);
  double sum = 0;
  for (std::uint32_t d = 0; d < 25; ++d) sum += theta[0] + stream.normal(0, d);
  return {sum / 25};
}

CalibrationResult run_normal_mean(int threads) {
  const CalibrationPlan plan = normal_mean_plan();
  WorkerPool pool(threads);
  NoStore store;
  return pool.run([&] {
    return run_calibration(plan, normal_mean_model, {}, store, [] { return false; }, {});
  });
}

TEST(AbcSmcAlgorithm, RecoversANormalMeanWithShrinkingToleranceAndProperWeights) {
  const CalibrationResult r = run_normal_mean(2);
  ASSERT_EQ(r.generations.size(), 6u);
  for (std::size_t g = 1; g < r.generations.size(); ++g)
    EXPECT_LT(r.generations[g].tolerance, r.generations[g - 1].tolerance) << g;
  const auto& last = r.generations.back();
  double mean = 0, sum = 0, var = 0;
  for (std::size_t i = 0; i < last.weights.size(); ++i) {
    sum += last.weights[i];
    mean += last.weights[i] * last.particles[i];
  }
  for (std::size_t i = 0; i < last.weights.size(); ++i)
    var += last.weights[i] * std::pow(last.particles[i] - mean, 2);
  EXPECT_NEAR(sum, 1, 1e-12);
  EXPECT_NEAR(mean, 2, 0.1);
  // The ABC posterior is wider than the exact one (sd 0.2) by the tolerance, not much more.
  EXPECT_GT(std::sqrt(var), 0.1);
  EXPECT_LT(std::sqrt(var), 0.6);
  EXPECT_GT(last.effective_sample_size, 50);
  EXPECT_NE(r.stop_reason.find("generations"), std::string::npos);
}

TEST(AbcSmcAlgorithm, BitIdenticalFor1And2And4Workers) {
  const CalibrationResult one = run_normal_mean(1), two = run_normal_mean(2),
                          four = run_normal_mean(4);
  const auto same = [](const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
  };
  for (const auto* other : {&two, &four}) {
    ASSERT_EQ(one.generations.size(), other->generations.size());
    for (std::size_t g = 0; g < one.generations.size(); ++g) {
      const auto &a = one.generations[g], &b = other->generations[g];
      EXPECT_TRUE(same(a.particles, b.particles)) << g;
      EXPECT_TRUE(same(a.weights, b.weights)) << g;
      EXPECT_TRUE(same(a.distances, b.distances)) << g;
      EXPECT_EQ(a.tolerance, b.tolerance);
      EXPECT_EQ(a.proposals, b.proposals);
    }
  }
}

TEST(AbcSmcAlgorithm, StopsAtTheFinalToleranceOrTheProposalBudget) {
  CalibrationPlan plan = normal_mean_plan();
  plan.spec.final_tolerance = 2.0;
  plan.spec.generations = 20;
  NoStore store;
  const auto by_tolerance =
      run_calibration(plan, normal_mean_model, {}, store, [] { return false; }, {});
  EXPECT_LE(by_tolerance.generations.back().tolerance, 2.0);
  EXPECT_GT(by_tolerance.generations[by_tolerance.generations.size() - 2].tolerance, 2.0);
  EXPECT_LT(by_tolerance.generations.size(), 20u);
  EXPECT_NE(by_tolerance.stop_reason.find("final_tolerance"), std::string::npos);
  plan.spec.final_tolerance = 0;
  plan.spec.tolerance_quantile = 0.01;  // tolerance collapses: the budget runs out
  plan.spec.max_proposals = 400;
  plan.spec.generations = 50;
  const auto by_budget =
      run_calibration(plan, normal_mean_model, {}, store, [] { return false; }, {});
  EXPECT_NE(by_budget.stop_reason.find("max_proposals"), std::string::npos);
  EXPECT_GE(by_budget.generations.size(), 1u);
}

}  // namespace
}  // namespace edusim

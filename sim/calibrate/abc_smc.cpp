#include "calibrate/abc_smc.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "core/error.hpp"
#include "core/rng.hpp"
#include "core/types.hpp"
#include "sweep/design.hpp"

namespace edusim::abc {

namespace {
constexpr std::uint32_t kMaxAttempts = 10000;
}  // namespace

double distance(std::span<const double> simulated, std::span<const Target> targets,
                DistanceKind kind) {
  double total = 0;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (!std::isfinite(simulated[i])) return kInf;
    const double d = (simulated[i] - targets[i].observed) / targets[i].sd;
    switch (kind) {
      case DistanceKind::euclidean:
        total += targets[i].weight * d * d;
        break;
      case DistanceKind::manhattan:
        total += targets[i].weight * std::abs(d);
        break;
      case DistanceKind::maximum:
        total = std::max(total, targets[i].weight * std::abs(d));
        break;
    }
  }
  return kind == DistanceKind::euclidean ? std::sqrt(total) : total;
}

double tolerance_quantile(std::span<const double> distances, double q) {
  if (distances.empty()) return kInf;
  std::vector<double> sorted(distances.begin(), distances.end());
  std::sort(sorted.begin(), sorted.end());
  const auto n = static_cast<double>(sorted.size());
  const auto m = static_cast<std::size_t>(std::max(1.0, std::ceil(q * n)));
  return sorted[std::min(m, sorted.size()) - 1];
}

Kernel make_kernel(const Population& population, std::span<const double> variance_floor,
                   KernelKind kind) {
  const std::size_t k = population.parameters, n = population.size();
  Kernel kernel;
  kernel.k = k;
  std::vector<double> mean(k, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t a = 0; a < k; ++a)
      mean[a] += population.weights[i] * population.particle(i)[a];
  kernel.covariance.assign(k * k, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t a = 0; a < k; ++a)
      for (std::size_t b = 0; b < k; ++b)
        kernel.covariance[a * k + b] += population.weights[i] *
                                        (population.particle(i)[a] - mean[a]) *
                                        (population.particle(i)[b] - mean[b]);
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t b = 0; b < k; ++b) {
      double& c = kernel.covariance[a * k + b];
      c = kind == KernelKind::componentwise && a != b ? 0.0 : 2 * c;
    }
  for (std::size_t a = 0; a < k; ++a)
    kernel.covariance[a * k + a] = std::max(kernel.covariance[a * k + a], variance_floor[a]);
  // Cholesky; a matrix made singular by rounding (collinear particles) falls back to its
  // diagonal, which the floor keeps positive.
  const auto cholesky = [&]() -> bool {
    kernel.cholesky.assign(k * k, 0.0);
    for (std::size_t a = 0; a < k; ++a)
      for (std::size_t b = 0; b <= a; ++b) {
        double s = kernel.covariance[a * k + b];
        for (std::size_t c = 0; c < b; ++c)
          s -= kernel.cholesky[a * k + c] * kernel.cholesky[b * k + c];
        if (a == b) {
          if (!(s > 0)) return false;
          kernel.cholesky[a * k + a] = std::sqrt(s);
        } else {
          kernel.cholesky[a * k + b] = s / kernel.cholesky[b * k + b];
        }
      }
    return true;
  };
  if (!cholesky()) {
    for (std::size_t a = 0; a < k; ++a)
      for (std::size_t b = 0; b < k; ++b)
        if (a != b) kernel.covariance[a * k + b] = 0;
    if (!cholesky()) throw InvariantError("ABC-SMC kernel: a variance is not positive");
  }
  double log_det_l = 0;
  for (std::size_t a = 0; a < k; ++a) log_det_l += std::log(kernel.cholesky[a * k + a]);
  kernel.log_normaliser =
      -log_det_l - 0.5 * static_cast<double>(k) * std::log(2 * std::numbers::pi);
  return kernel;
}

double kernel_log_density(const Kernel& kernel, const double* x, const double* center) {
  // Solve L z = x - center by forward substitution; the exponent is -|z|^2 / 2.
  const std::size_t k = kernel.k;
  std::vector<double> z(k);
  double quadratic = 0;
  for (std::size_t a = 0; a < k; ++a) {
    double s = x[a] - center[a];
    for (std::size_t c = 0; c < a; ++c) s -= kernel.cholesky[a * k + c] * z[c];
    z[a] = s / kernel.cholesky[a * k + a];
    quadratic += z[a] * z[a];
  }
  return kernel.log_normaliser - 0.5 * quadratic;
}

void perturb(const Kernel& kernel, const double* center, const double* z, double* out) {
  const std::size_t k = kernel.k;
  for (std::size_t a = 0; a < k; ++a) {
    double s = center[a];
    for (std::size_t c = 0; c <= a; ++c) s += kernel.cholesky[a * k + c] * z[c];
    out[a] = s;
  }
}

double prior_density(std::span<const CalibratedParameter> parameters, const double* theta) {
  double density = 1;
  for (std::size_t a = 0; a < parameters.size(); ++a) density *= parameters[a].density(theta[a]);
  return density;
}

std::vector<double> pmc_weights(const Population& previous, const Kernel& kernel,
                                std::span<const CalibratedParameter> parameters,
                                std::span<const double> theta) {
  const std::size_t k = parameters.size(), n = theta.size() / k;
  std::vector<double> weights(n);
  std::vector<double> log_terms(previous.size());
  for (std::size_t i = 0; i < n; ++i) {
    const double* x = theta.data() + i * k;
    // log sum_j w_j K(x | theta_j), summed from the largest term for accuracy.
    double largest = -kInf;
    for (std::size_t j = 0; j < previous.size(); ++j) {
      log_terms[j] =
          std::log(previous.weights[j]) + kernel_log_density(kernel, x, previous.particle(j));
      largest = std::max(largest, log_terms[j]);
    }
    double sum = 0;
    for (const double t : log_terms) sum += std::exp(t - largest);
    weights[i] = std::log(prior_density(parameters, x)) - (largest + std::log(sum));
  }
  // Normalise on the log scale first: the densities can be far from 1.
  const double top = *std::max_element(weights.begin(), weights.end());
  double total = 0;
  for (double& w : weights) total += (w = std::exp(w - top));
  for (double& w : weights) w /= total;
  return weights;
}

double effective_sample_size(std::span<const double> weights) {
  double sum = 0, squares = 0;
  for (const double w : weights) sum += w, squares += w * w;
  return squares > 0 ? sum * sum / squares : 0;
}

std::size_t pick_ancestor(std::span<const double> weights, double u) {
  double total = 0;
  for (const double w : weights) total += w;
  const double target = u * total;
  double cumulative = 0;
  for (std::size_t j = 0; j + 1 < weights.size(); ++j) {
    cumulative += weights[j];
    if (target < cumulative) return j;
  }
  return weights.size() - 1;
}

std::vector<double> propose(std::uint64_t seed, std::int64_t generation, std::int64_t index,
                            std::span<const CalibratedParameter> parameters,
                            const Population* previous, const Kernel* kernel) {
  const std::size_t k = parameters.size();
  const auto proposal = static_cast<std::uint32_t>(index);
  std::vector<double> theta(k), z(k);
  for (std::uint32_t attempt = 0; attempt < kMaxAttempts; ++attempt) {
    // One stream per (generation, attempt); the proposal is the agent, the draws 0..k.
    const RandomStream stream(seed, attempt, static_cast<std::uint32_t>(generation),
                              Stream::CalibrationProposal);
    if (previous == nullptr) {
      for (std::size_t a = 0; a < k; ++a)
        theta[a] = axis_quantile(parameters[a].axis,
                                 stream.uniform(proposal, static_cast<std::uint32_t>(a)), nullptr);
    } else {
      const std::size_t ancestor = pick_ancestor(previous->weights, stream.uniform(proposal, 0));
      for (std::size_t a = 0; a < k; ++a)
        z[a] = stream.normal(proposal, static_cast<std::uint32_t>(a + 1));
      perturb(*kernel, previous->particle(ancestor), z.data(), theta.data());
    }
    bool inside = true;
    for (std::size_t a = 0; a < k; ++a) inside = inside && parameters[a].in_support(theta[a]);
    if (inside) return theta;
  }
  throw InputError(fmt::format(
      "ABC-SMC generation {}, proposal {}: {} perturbed draws all fell outside the priors' "
      "support; the posterior sits against a bound of the support (widen the prior)",
      generation, index, kMaxAttempts));
}

std::uint64_t proposal_run_seed(std::uint64_t seed, std::int64_t generation, std::int64_t index,
                                std::int64_t replicate) {
  const RandomStream stream(seed, static_cast<std::uint32_t>(replicate),
                            static_cast<std::uint32_t>(generation), Stream::CalibrationRunSeed);
  const auto w = stream.words(static_cast<std::uint32_t>(index), 0);
  return ((static_cast<std::uint64_t>(w[0]) << 32) | w[1]) & 0x7fffffffffffffffULL;
}

}  // namespace edusim::abc

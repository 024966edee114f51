#pragma once
// The pieces of ABC-SMC (population Monte Carlo, Beaumont, Cornuet, Marin & Robert 2009)
// apart from the model: the distance, the tolerance schedule, the Gaussian perturbation
// kernel, the importance weights, the effective sample size and the proposals, each a pure
// function of its inputs. Proposals are drawn from counter-based Philox streams keyed by
// (seed, generation, proposal index, attempt), so they do not depend on threads, ranks or
// the order in which evaluations finish.
#include <cstdint>
#include <span>
#include <vector>

#include "calibrate/calibration_spec.hpp"

namespace edusim::abc {

/// A population of particles: n points of k parameters with their normalised weights,
/// distances and statistics.
struct Population {
  std::size_t parameters = 0, targets = 0;
  std::vector<double> theta;       ///< [particle][parameter]
  std::vector<double> weights;     ///< sum to 1
  std::vector<double> distances;   ///< [particle]
  std::vector<double> statistics;  ///< [particle][target]
  std::size_t size() const { return distances.size(); }
  const double* particle(std::size_t i) const { return theta.data() + i * parameters; }
};

/// The distance of simulated statistics from the targets: with the standardised
/// differences d_i = (simulated_i - observed_i) / sd_i and the targets' weights w_i,
/// sqrt(sum w_i d_i^2) (euclidean), sum w_i |d_i| (manhattan) or max w_i |d_i| (maximum).
/// +infinity when a statistic is not finite.
double distance(std::span<const double> simulated, std::span<const Target> targets,
                DistanceKind kind);

/// The next tolerance: the q-quantile of the previous generation's distances (type 1: the
/// smallest distance d with at least ceil(q n) distances <= d). q = 0.5 is the median
/// schedule; see docs/calibration.md for the sources.
double tolerance_quantile(std::span<const double> distances, double q);

/// The Gaussian perturbation kernel N(0, 2 Sigma), Sigma the weighted covariance of the
/// previous population (Beaumont et al. 2009; Filippi et al. 2013 for the multivariate
/// form). Componentwise keeps the diagonal only.
struct Kernel {
  std::size_t k = 0;
  std::vector<double> covariance;  ///< [k][k], 2 Sigma
  std::vector<double> cholesky;    ///< lower triangular L, L L^T = covariance
  double log_normaliser = 0;       ///< -log det L - k/2 log(2 pi)
};

/// The kernel of `population`; each variance is at least variance_floor[j] (> 0) so that a
/// parameter every particle shares still gives a proper kernel. Throws InvariantError if
/// the covariance is not positive definite even so (it then falls back to the diagonal).
Kernel make_kernel(const Population& population, std::span<const double> variance_floor,
                   KernelKind kind);

/// log N(x; center, covariance).
double kernel_log_density(const Kernel& kernel, const double* x, const double* center);

/// center + L z into out.
void perturb(const Kernel& kernel, const double* center, const double* z, double* out);

/// The product of the priors' densities at theta (up to a constant), 0 outside a support.
double prior_density(std::span<const CalibratedParameter> parameters, const double* theta);

/// The importance weights of the accepted particles `theta` ([n][k]) drawn from the
/// population `previous` through `kernel`: w_i proportional to prior(theta_i) /
/// sum_j w_j K(theta_i | theta_j) (Beaumont et al. 2009, eq. 3), normalised to sum 1.
std::vector<double> pmc_weights(const Population& previous, const Kernel& kernel,
                                std::span<const CalibratedParameter> parameters,
                                std::span<const double> theta);

/// (sum w)^2 / sum w^2.
double effective_sample_size(std::span<const double> weights);

/// The first index whose cumulative weight exceeds u * (sum of the weights).
std::size_t pick_ancestor(std::span<const double> weights, double u);

/// Proposal `index` of `generation`: from the prior in generation 0 (no previous
/// population); later an ancestor drawn by weight, perturbed by the kernel, redrawn
/// (attempt 1, 2, ...) until it lies in the prior's support. A pure function of its
/// arguments. Throws InputError after 10,000 attempts (the kernel puts almost no mass in
/// the support).
std::vector<double> propose(std::uint64_t seed, std::int64_t generation, std::int64_t index,
                            std::span<const CalibratedParameter> parameters,
                            const Population* previous, const Kernel* kernel);

/// The run.seed of replicate `replicate` of proposal `index` of `generation`, in [0, 2^63).
std::uint64_t proposal_run_seed(std::uint64_t seed, std::int64_t generation, std::int64_t index,
                                std::int64_t replicate);

}  // namespace edusim::abc

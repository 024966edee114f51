#pragma once
// Expansion of a sweep's design into points (one value per axis), and the run numbering:
// run r is replicate r % replicates of point r / replicates, with a seed derived from
// (master seed, r) alone, so any run can be re-run by itself.
#include <cstdint>
#include <string>
#include <vector>

#include "model/run_seed.hpp"
#include "sweep/sweep_spec.hpp"

namespace edusim {

struct DesignPoint {
  std::vector<std::string> text;  ///< per axis: the value written into the scenario
  std::vector<double> number;     ///< per axis: the value as a number (NaN for choice/text)
  std::int64_t sobol_block = -1;  ///< sobol: 0 = A, 1 = B, 2 + i = A with column i from B
  std::int64_t sobol_sample = -1;
};

struct Design {
  std::vector<DesignPoint> points;
  std::int64_t replicates = 1;
  std::int64_t runs() const { return static_cast<std::int64_t>(points.size()) * replicates; }
};

/// Every point of the sweep's design, in a fixed order: a grid varies its last axis
/// fastest; a Latin hypercube lists its samples; a Sobol design lists, for each base
/// sample j, the rows A_j, B_j, A_B^(0)_j, ..., A_B^(k-1)_j (Saltelli 2010).
Design expand_design(const SweepSpec& spec);

/// n points in [0,1)^k, one per row: each column visits each of the n strata
/// [i/n, (i+1)/n) exactly once (McKay, Beckman & Conover 1979); `stream` separates
/// independent hypercubes of one seed.
std::vector<std::vector<double>> latin_hypercube(std::int64_t n, std::size_t k, std::uint64_t seed,
                                                 std::uint32_t stream);

/// The standard normal quantile function (Acklam's approximation refined by one Halley
/// step: relative error below 1e-15 on (0, 1)).
double inverse_normal_cdf(double p);

/// Maps u in [0, 1) to the axis's value (sampled designs).
double axis_quantile(const Axis& axis, double u, std::size_t* value_index);

/// A digest of everything that decides the runs' results (base scenario, points, seeds,
/// per-school flag): shards and parts of one sweep share it.
std::string design_digest(const SweepSpec& spec, const Design& design,
                          const std::string& base_yaml);

}  // namespace edusim

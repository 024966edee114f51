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
  std::int64_t morris_trajectory = -1;  ///< morris: the trajectory of the point
  std::int64_t morris_step = -1;        ///< morris: 0 = the start, s = after step s
  std::int64_t morris_axis = -1;        ///< morris: the axis moved at this step (-1: start)
  std::int64_t morris_direction = 0;    ///< morris: +1 moved up, -1 down (0: start)
};

struct Design {
  std::vector<DesignPoint> points;
  std::int64_t replicates = 1;
  std::int64_t runs() const { return static_cast<std::int64_t>(points.size()) * replicates; }
};

/// Every point of the sweep's design, in a fixed order: a grid varies its last axis
/// fastest; a Latin hypercube lists its samples; a Sobol design lists, for each base
/// sample j, the rows A_j, B_j, A_B^(0)_j, ..., A_B^(k-1)_j (Saltelli 2010); a Morris
/// design lists its trajectories one after another, k + 1 points each.
Design expand_design(const SweepSpec& spec);

/// n points in [0,1)^k, one per row: each column visits each of the n strata
/// [i/n, (i+1)/n) exactly once (McKay, Beckman & Conover 1979); `stream` separates
/// independent hypercubes of one seed.
std::vector<std::vector<double>> latin_hypercube(std::int64_t n, std::size_t k, std::uint64_t seed,
                                                 std::uint32_t stream);

/// One point of a Morris trajectory: every axis's level on the grid 0, ..., levels - 1, and
/// which axis moved to get there.
struct MorrisStep {
  std::vector<std::int64_t> level;  ///< per axis
  std::int64_t trajectory = 0;
  std::int64_t step = 0;       ///< 0 = the start; s = after the s-th move
  std::int64_t axis = -1;      ///< the axis moved at this step (-1 at the start)
  std::int64_t direction = 0;  ///< +1: up levels / 2, -1: down (0 at the start)
};

/// r Morris (1991) trajectories of k + 1 points each on the `levels`-level grid (levels
/// even): a random base level per axis, a random order of the axes, and one axis moved by
/// levels / 2 per step (up from a level below levels / 2, else down), so every axis moves
/// exactly once. Counter-based draws from `seed`: the same trajectories on every machine.
std::vector<MorrisStep> morris_trajectories(std::int64_t r, std::size_t k, std::int64_t levels,
                                            std::uint64_t seed);

/// The unit-interval value of grid level `level` of `levels`: the middle of its stratum,
/// (level + 0.5) / levels (for axis_quantile).
inline double morris_unit(std::int64_t level, std::int64_t levels) {
  return (static_cast<double>(level) + 0.5) / static_cast<double>(levels);
}

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

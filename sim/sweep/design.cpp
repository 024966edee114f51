#include "sweep/design.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.hpp"
#include "io/scalar_parse.hpp"
#include "model/run_seed.hpp"

namespace edusim {
namespace {

double unit(std::uint32_t w) {
  return (static_cast<double>(w) + 0.5) * 0x1p-32;
}

// Purposes of sweep_words in the designs (1 is the run seeds', model/run_seed.cpp).
constexpr std::uint32_t kShufflePurpose = 2;
constexpr std::uint32_t kJitterPurpose = 3;
constexpr std::uint32_t kMorrisLevelPurpose = 4;
constexpr std::uint32_t kMorrisOrderPurpose = 5;

/// 0, ..., n-1 in a random order: Fisher-Yates with counter-based draws (seed, purpose,
/// stream, i), so the same order on every machine.
std::vector<std::int64_t> shuffled(std::int64_t n, std::uint64_t seed, std::uint32_t purpose,
                                   std::uint32_t stream) {
  std::vector<std::int64_t> perm(static_cast<std::size_t>(n));
  std::iota(perm.begin(), perm.end(), 0);
  for (std::int64_t i = n - 1; i > 0; --i) {
    const double u = unit(sweep_words(seed, purpose, stream, static_cast<std::uint32_t>(i))[0]);
    const auto j = static_cast<std::int64_t>(u * static_cast<double>(i + 1));
    std::swap(perm[static_cast<std::size_t>(i)], perm[static_cast<std::size_t>(std::min(j, i))]);
  }
  return perm;
}

double normal_cdf(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

/// The text and number of the value at `index` of a values axis.
void set_listed(const Axis& axis, std::size_t index, DesignPoint& p) {
  p.text.push_back(axis.values[index]);
  const auto& t = axis.info.type;
  const std::string& v = axis.values[index];
  if (t == schema::KeyType::real || t == schema::KeyType::integer) {
    p.number.push_back(std::stod(v));
  } else if (t == schema::KeyType::boolean) {
    bool b = false;
    schema::parse_boolean(v, b);  // checked when the sweep was read
    p.number.push_back(b ? 1.0 : 0.0);
  } else {
    p.number.push_back(std::numeric_limits<double>::quiet_NaN());
  }
}

void set_sampled(const Axis& axis, double u, DesignPoint& p) {
  std::size_t index = 0;
  const double value = axis_quantile(axis, u, &index);
  if (axis.kind == AxisKind::values) {
    set_listed(axis, index, p);
    return;
  }
  p.text.push_back(axis_value_text(axis, value));
  // The number stored is the value the scenario got (integers rounded).
  p.number.push_back(std::stod(p.text.back()));
}

std::vector<std::string> grid_values(const Axis& axis) {
  if (axis.kind == AxisKind::values) return axis.values;
  std::vector<std::string> out;
  for (std::int64_t i = 0; i < axis.steps; ++i)
    out.push_back(axis_value_text(axis, axis.min + (axis.max - axis.min) * static_cast<double>(i) /
                                                       static_cast<double>(axis.steps - 1)));
  return out;
}

Design expand_grid(const SweepSpec& spec) {
  std::vector<Axis> axes = spec.axes;
  for (Axis& a : axes) {
    a.values = grid_values(a);
    a.kind = AxisKind::values;
  }
  double total = 1;  // load_sweep checked that the design is not too large
  for (const Axis& a : axes) total *= static_cast<double>(a.values.size());
  Design d;
  d.replicates = spec.replicates;
  std::vector<std::size_t> index(axes.size(), 0);
  for (std::int64_t n = 0; n < static_cast<std::int64_t>(total); ++n) {
    DesignPoint p;
    for (std::size_t a = 0; a < axes.size(); ++a) set_listed(axes[a], index[a], p);
    d.points.push_back(std::move(p));
    for (std::size_t a = axes.size(); a-- > 0;) {  // odometer: last axis fastest
      if (++index[a] < axes[a].values.size()) break;
      index[a] = 0;
    }
  }
  return d;
}

DesignPoint sampled_point(const SweepSpec& spec, const std::vector<double>& u) {
  DesignPoint p;
  for (std::size_t a = 0; a < spec.axes.size(); ++a) set_sampled(spec.axes[a], u[a], p);
  return p;
}

}  // namespace

std::vector<std::vector<double>> latin_hypercube(std::int64_t n, std::size_t k, std::uint64_t seed,
                                                 std::uint32_t stream) {
  std::vector<std::vector<double>> rows(static_cast<std::size_t>(n), std::vector<double>(k));
  for (std::size_t c = 0; c < k; ++c) {
    const auto perm =
        shuffled(n, seed, kShufflePurpose, stream * 4096u + static_cast<std::uint32_t>(c));
    for (std::int64_t r = 0; r < n; ++r) {
      const double jitter =
          unit(sweep_words(seed, kJitterPurpose, stream * 4096u + static_cast<std::uint32_t>(c),
                           static_cast<std::uint32_t>(r))[0]);
      rows[static_cast<std::size_t>(r)][c] =
          (static_cast<double>(perm[static_cast<std::size_t>(r)]) + jitter) /
          static_cast<double>(n);
    }
  }
  return rows;
}

std::vector<MorrisStep> morris_trajectories(std::int64_t r, std::size_t k, std::int64_t levels,
                                            std::uint64_t seed) {
  const std::int64_t jump = levels / 2;
  std::vector<MorrisStep> steps;
  steps.reserve(static_cast<std::size_t>(r) * (k + 1));
  for (std::int64_t t = 0; t < r; ++t) {
    const auto trajectory = static_cast<std::uint32_t>(t);
    MorrisStep step{.level = std::vector<std::int64_t>(k), .trajectory = t};
    for (std::size_t a = 0; a < k; ++a) {
      const double u = unit(
          sweep_words(seed, kMorrisLevelPurpose, trajectory, static_cast<std::uint32_t>(a))[0]);
      step.level[a] =
          std::min(static_cast<std::int64_t>(u * static_cast<double>(levels)), levels - 1);
    }
    steps.push_back(step);
    const auto order =
        shuffled(static_cast<std::int64_t>(k), seed, kMorrisOrderPurpose, trajectory);
    for (std::size_t s = 0; s < k; ++s) {
      const auto a = static_cast<std::size_t>(order[s]);
      step.step = static_cast<std::int64_t>(s) + 1;
      step.axis = order[s];
      step.direction = step.level[a] < jump ? 1 : -1;
      step.level[a] += step.direction * jump;
      steps.push_back(step);
    }
  }
  return steps;
}

double inverse_normal_cdf(double p) {
  // P. J. Acklam's rational approximation (relative error < 1.15e-9) ...
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  if (!(p > 0 && p < 1)) return p <= 0 ? -INFINITY : INFINITY;
  const double lo = 0.02425;
  double x;
  if (p < lo) {
    const double q = std::sqrt(-2 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - lo) {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const double q = std::sqrt(-2 * std::log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // ... refined by one step of Halley's method on the exact CDF.
  const double e = normal_cdf(x) - p;
  const double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

double axis_quantile(const Axis& axis, double u, std::size_t* value_index) {
  switch (axis.kind) {
    case AxisKind::values: {
      const auto n = axis.values.size();
      const auto i = std::min(static_cast<std::size_t>(u * static_cast<double>(n)), n - 1);
      if (value_index) *value_index = i;
      return static_cast<double>(i);
    }
    case AxisKind::uniform:
      return axis.min + u * (axis.max - axis.min);
    case AxisKind::log_uniform:
      return std::exp(std::log(axis.min) + u * (std::log(axis.max) - std::log(axis.min)));
    case AxisKind::normal: {
      // Truncated to [min, max] by inverting the CDF on the truncated range.
      const double lo = std::isfinite(axis.min) ? normal_cdf((axis.min - axis.mean) / axis.sd) : 0;
      const double hi = std::isfinite(axis.max) ? normal_cdf((axis.max - axis.mean) / axis.sd) : 1;
      const double x = axis.mean + axis.sd * inverse_normal_cdf(lo + u * (hi - lo));
      return std::clamp(x, axis.min, axis.max);
    }
  }
  return 0;
}

Design expand_design(const SweepSpec& spec) {
  if (spec.design == DesignKind::grid) return expand_grid(spec);
  const std::size_t k = spec.axes.size();
  Design d;
  d.replicates = spec.replicates;
  if (spec.design == DesignKind::latin_hypercube) {
    for (const auto& u : latin_hypercube(spec.samples, k, spec.master_seed, 1))
      d.points.push_back(sampled_point(spec, u));
    return d;
  }
  if (spec.design == DesignKind::morris) {
    for (const MorrisStep& step :
         morris_trajectories(spec.samples, k, spec.levels, spec.master_seed)) {
      std::vector<double> u(k);
      for (std::size_t a = 0; a < k; ++a) u[a] = morris_unit(step.level[a], spec.levels);
      DesignPoint p = sampled_point(spec, u);
      p.morris_trajectory = step.trajectory;
      p.morris_step = step.step;
      p.morris_axis = step.axis;
      p.morris_direction = step.direction;
      d.points.push_back(std::move(p));
    }
    return d;
  }
  // Saltelli (2010): two independent sample matrices A and B (here Latin hypercubes) and,
  // for each factor i, A with its column i taken from B.
  const auto A = latin_hypercube(spec.samples, k, spec.master_seed, 1);
  const auto B = latin_hypercube(spec.samples, k, spec.master_seed, 2);
  for (std::int64_t j = 0; j < spec.samples; ++j) {
    const auto& a = A[static_cast<std::size_t>(j)];
    const auto& b = B[static_cast<std::size_t>(j)];
    for (std::int64_t block = 0; block < static_cast<std::int64_t>(k) + 2; ++block) {
      std::vector<double> u = block == 1 ? b : a;
      if (block >= 2)
        u[static_cast<std::size_t>(block - 2)] = b[static_cast<std::size_t>(block - 2)];
      DesignPoint p = sampled_point(spec, u);
      p.sobol_block = block;
      p.sobol_sample = j;
      d.points.push_back(std::move(p));
    }
  }
  return d;
}

std::string design_digest(const SweepSpec& spec, const Design& design,
                          const std::string& base_yaml) {
  // FNV-1a over a canonical text of the inputs of every run.
  std::uint64_t h = 0xcbf29ce484222325ULL;
  const auto mix = [&h](std::string_view s) {
    for (const unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
    h = (h ^ 0xff) * 0x100000001b3ULL;  // separator
  };
  mix(base_yaml);
  mix(fmt::format("{} {} {} {} {}", spec.master_seed, design.replicates, spec.per_school,
                  design.points.size(), spec.common_random_numbers));
  // A Morris design adds its kind and levels; the digests of the other kinds stay as they
  // were, so that their parts and shards written before still resume and merge.
  if (spec.design == DesignKind::morris) mix(fmt::format("morris levels {}", spec.levels));
  for (const Axis& a : spec.axes) mix(a.key);
  // The command line's --set/--seed/--years: a resumed or merged sweep must have the same.
  // Added only when given, so that the digests of sweeps without them stay as they were.
  if (!spec.overrides.empty()) mix("command line: " + spec.overrides);
  for (const DesignPoint& p : design.points)
    for (const auto& t : p.text) mix(t);
  return fmt::format("{:016x}", h);
}

}  // namespace edusim

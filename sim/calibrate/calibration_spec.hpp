#pragma once
// A calibration file: a base scenario, the parameters to calibrate (dotted scenario keys
// with priors), the targets (statistics of the runs' /district series with published
// values), the distance, and the settings of ABC-SMC. See docs/calibration.md,
// "Calibration by ABC-SMC".
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sweep/sweep_spec.hpp"

namespace edusim {

/// A prior as written: its support and shape are held in the parameter's Axis.
enum class PriorKind : std::uint8_t { uniform, log_uniform, normal, truncated_normal };
std::span<const std::string_view> enum_names(const PriorKind*);

struct CalibratedParameter {
  /// key, schema info, where; kind uniform | log_uniform | normal (truncated to [min, max]:
  /// for `normal`, the key's allowed range), so that sweep/design.hpp's axis_quantile draws
  /// from the prior.
  Axis axis;
  PriorKind prior = PriorKind::uniform;

  /// True if `value` lies in the prior's support [min, max].
  bool in_support(double value) const;
  /// The prior density at `value`, up to a constant factor (0 outside the support).
  double density(double value) const;
  /// "uniform(0.05, 0.4)", "normal(mean 0.1, sd 0.02) on [0, 1]", ...
  std::string describe() const;
};

/// How a statistic reduces the rows of one /district series.
enum class Aggregate : std::uint8_t { value, mean, sum, ratio };
std::span<const std::string_view> enum_names(const Aggregate*);

/// One /district series over simulated years: its value at one year, or its mean or sum.
struct SeriesStatistic {
  std::string dataset;     ///< a /district metric
  std::size_t metric = 0;  ///< its index in district_series()
  std::vector<int> years;  ///< rows of the run: 0 = the world at the start, 1 = year one
  Aggregate aggregate = Aggregate::value;  ///< value, mean or sum
};

struct Target {
  std::string name;
  std::string where;  ///< "file:line:col", for messages
  Aggregate aggregate = Aggregate::value;
  SeriesStatistic numerator;    ///< the statistic (or the ratio's numerator)
  SeriesStatistic denominator;  ///< aggregate ratio only
  double observed = 0;          ///< the published value
  double sd = 1;                ///< its scale in the distance (> 0)
  double weight = 1;            ///< its weight in the distance (> 0)
};

/// How the targets' standardised differences (simulated - observed) / sd combine.
enum class DistanceKind : std::uint8_t {
  euclidean,  ///< sqrt(sum of weight * difference^2)  (the default)
  manhattan,  ///< sum of weight * |difference|
  maximum,    ///< max of weight * |difference|
};
std::span<const std::string_view> enum_names(const DistanceKind*);

/// The perturbation kernel: a Gaussian with twice the previous population's weighted
/// covariance (multivariate), or its diagonal only (componentwise).
enum class KernelKind : std::uint8_t { multivariate, componentwise };
std::span<const std::string_view> enum_names(const KernelKind*);

struct CalibrationSpec {
  std::string file;
  std::string base_file;  ///< "" when inline
  std::string base_dir;
  YAML::Node base;
  std::vector<CalibratedParameter> parameters;
  std::vector<Target> targets;
  DistanceKind distance = DistanceKind::euclidean;
  KernelKind kernel = KernelKind::multivariate;
  std::int64_t particles = 100;     ///< accepted particles per generation
  std::int64_t batch = 0;           ///< proposals evaluated together (default: particles)
  std::int64_t generations = 5;     ///< at most this many (generation 0 is the prior)
  std::int64_t replicates = 1;      ///< runs per proposal (statistics averaged)
  std::int64_t max_proposals = 0;   ///< per generation (default: 100 x particles)
  double tolerance_quantile = 0.5;  ///< next tolerance: this quantile of the distances
  double final_tolerance = 0;       ///< stop once a generation's tolerance is <= this
  double min_acceptance_rate = 0;   ///< stop after a generation accepting fewer
  std::uint64_t seed = 0;
  int base_years = 0;  ///< run.years of the base scenario
  /// The last simulated year any target reads: runs stop there (later years cannot change
  /// the statistics).
  int last_year = 0;
};

/// Reads and checks a calibration file: unknown keys (with a did-you-mean), ranges, priors
/// inside the keys' allowed ranges, targets against the /district series and the base's
/// years, and no parameter inside a mechanism the base scenario switches off. Throws
/// InputError naming the file, line, key and what is allowed.
CalibrationSpec load_calibration(const std::string& file);

}  // namespace edusim

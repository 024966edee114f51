#pragma once
// A sweep file: a base scenario, the axes (dotted scenario keys with values, ranges or
// distributions), a design, replicates and a master seed. See docs/sweeps.md.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/schema_keys.hpp"

namespace edusim {

enum class DesignKind : std::uint8_t { grid, latin_hypercube, sobol, morris };
std::span<const std::string_view> enum_names(const DesignKind*);

/// How an axis gives its values.
enum class AxisKind : std::uint8_t {
  values,       ///< a list of values (grid: each; sampled designs: uniform over the list)
  uniform,      ///< [min, max] (grid: `steps` evenly spaced values, ends included)
  log_uniform,  ///< log-uniform on [min, max], min > 0
  normal,       ///< normal(mean, sd), truncated to [min, max] when given (sampled designs)
};
std::span<const std::string_view> enum_names(const AxisKind*);

struct Axis {
  std::string key;  ///< dotted scenario key, as written
  schema::KeyInfo info;
  AxisKind kind = AxisKind::values;
  std::vector<std::string> values;  ///< AxisKind::values: the YAML scalar texts
  double min = 0, max = 0, mean = 0, sd = 0;
  std::int64_t steps = 0;  ///< grid over a range
  std::string where;       ///< "file:line:col" of the axis, for messages
};

/// Changes given on the command line (`edusim sweep --set/--seed/--years`): applied to the
/// base scenario (and the master seed) before the axes.
struct SweepOverrides {
  std::vector<std::string> set;  ///< KEY=VALUE, as for `edusim run --set`
  std::optional<std::uint64_t> seed;
  std::optional<int> years;
  bool empty() const { return set.empty() && !seed && !years; }
  /// "--set K=V --seed N --years N" (the sets in the order given), "" when empty.
  std::string text() const;
};

struct SweepSpec {
  std::string file;
  std::string base_file;  ///< the base scenario's path ("" when inline)
  std::string base_dir;   ///< paths inside the base scenario resolve against it
  YAML::Node base;        ///< the base scenario document
  DesignKind design = DesignKind::grid;
  std::int64_t samples = 0;  ///< latin_hypercube: points; sobol: base samples N; morris: r
  std::int64_t levels = 0;   ///< morris: the levels p of each axis's grid (even)
  std::int64_t replicates = 1;
  std::uint64_t master_seed = 0;
  bool per_school = false;
  /// Replicate r of every design point gets the same seeds (world and dynamics), so that
  /// differences between points are paired; default: on when replicates > 1.
  bool common_random_numbers = false;
  std::vector<Axis> axes;
  /// SweepOverrides::text() of the command line's changes ("" when none); part of the digest.
  std::string overrides;
  /// The keys the command line set, and the argument that set each (SourceMap::set_by).
  std::map<std::string, std::string> set_by;
};

/// Reads and checks a sweep file: unknown keys, ranges, axis keys against the scenario
/// schema. `overrides` change the base scenario and the seed first (a --set of an axis's key,
/// run.seed or run.run_index is refused). Throws InputError naming the file, line (or the
/// command-line argument), key and what is allowed.
SweepSpec load_sweep(const std::string& file, const SweepOverrides& overrides = {});

/// The scalar text of a number as written into a scenario (integers without a fraction;
/// reals with the shortest text that reads back exactly).
std::string axis_value_text(const Axis& axis, double value);

}  // namespace edusim

#include "sweep/sweep_spec.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "build/world_source.hpp"
#include "core/error.hpp"
#include "io/overrides.hpp"
#include "io/scalar_parse.hpp"
#include "io/scenario_io.hpp"
#include "io/schema_writers.hpp"
#include "io/switched_off.hpp"
#include "io/yaml_reader.hpp"
#include "metrics/year_metrics.hpp"
#include "sweep/map_reader.hpp"

namespace edusim {

namespace {
constexpr std::array<std::string_view, 4> kDesignNames{"grid", "latin_hypercube", "sobol",
                                                       "morris"};
constexpr std::array<std::string_view, 4> kAxisKindNames{"values", "uniform", "log_uniform",
                                                         "normal"};
}  // namespace

std::span<const std::string_view> enum_names(const DesignKind*) {
  return kDesignNames;
}
std::span<const std::string_view> enum_names(const AxisKind*) {
  return kAxisKindNames;
}

namespace {

/// Keys a sweep may not vary: the sweep sets the seed and run index of every run, and all
/// runs of a sweep share one calendar so that their series stack as [run, year].
constexpr std::array<std::string_view, 4> kFixedKeys{"run.seed", "run.run_index", "run.years",
                                                     "run.start_year"};

bool is_numeric(schema::KeyType t) {
  return t == schema::KeyType::real || t == schema::KeyType::integer;
}

/// Parses an axis value with the key's own rules (range, choice names, booleans).
void check_axis_value(const Axis& axis, const std::string& text) {
  const auto fail = [&](const std::string& problem) {
    throw InputError(
        fmt::format("{}: axis '{}': value '{}': {}", axis.where, axis.key, text, problem));
  };
  std::string problem;
  switch (axis.info.type) {
    case schema::KeyType::real: {
      double v = 0;
      problem = schema::parse_real(text, {axis.info.min, axis.info.max, {}}, v);
      break;
    }
    case schema::KeyType::integer: {
      std::int64_t v = 0;
      problem = schema::parse_integer(
          text,
          {static_cast<std::int64_t>(axis.info.min), static_cast<std::int64_t>(axis.info.max), {}},
          v);
      break;
    }
    case schema::KeyType::boolean: {
      bool v = false;
      problem = schema::parse_boolean(text, v);
      break;
    }
    case schema::KeyType::choice: {
      std::vector<std::string_view> names(axis.info.names.begin(), axis.info.names.end());
      int v = 0;
      problem = schema::parse_choice(text, names, v);
      break;
    }
    default:
      break;
  }
  if (!problem.empty()) fail(problem);
}

void read_axis_values(Axis& axis, const YAML::Node& list, const std::string& file) {
  if (!list.IsSequence() || list.size() == 0)
    throw InputError(fmt::format("{}: axis '{}': values must be a non-empty list",
                                 mark_text(file, list.Mark()), axis.key));
  for (const auto& item : list) {
    if (!item.IsScalar())
      throw InputError(fmt::format("{}: axis '{}': each value must be a single value",
                                   mark_text(file, item.Mark()), axis.key));
    axis.values.push_back(item.Scalar());
    check_axis_value(axis, item.Scalar());
  }
}

void read_axis_range(Axis& axis, MapReader& r, DesignKind design) {
  const bool numeric = is_numeric(axis.info.type);
  if (!numeric)
    r.fail("min", fmt::format("is for numeric keys; '{}' is {}: give its values instead", axis.key,
                              schema::key_type_name(axis.info.type)));
  axis.kind = r.has("distribution") ? r.choice<AxisKind>("distribution") : AxisKind::uniform;
  if (axis.kind == AxisKind::values)
    r.fail("distribution", "'values' is not a distribution; give the list as values: [...]");
  if (design == DesignKind::grid && axis.kind != AxisKind::uniform)
    r.fail("distribution",
           "is for latin_hypercube and sobol or morris designs; a grid takes values or "
           "min, max and steps");
  const double key_min = axis.info.min, key_max = axis.info.max;
  if (axis.kind == AxisKind::normal) {
    axis.mean = r.real("mean", key_min, key_max);
    axis.sd = r.real("sd", 0, std::numeric_limits<double>::infinity());
    if (!(axis.sd > 0)) r.fail("sd", "must be > 0");
    // Truncated to the key's allowed range unless narrower bounds are given.
    axis.min = r.has("min") ? r.real("min", key_min, key_max) : key_min;
    axis.max = r.has("max") ? r.real("max", key_min, key_max) : key_max;
  } else {
    axis.min = r.real("min", key_min, key_max);
    axis.max = r.real("max", key_min, key_max);
  }
  if (!(axis.min < axis.max))
    r.fail("max", fmt::format("({}) must be greater than min ({})", axis.max, axis.min));
  if (axis.kind == AxisKind::log_uniform && !(axis.min > 0))
    r.fail("min", "must be > 0 for a log_uniform axis");
  if (design == DesignKind::grid) {
    axis.steps = r.integer("steps", 2, 1000000);
  }
}

Axis read_axis(const YAML::Node& key_node, const YAML::Node& spec, const std::string& file,
               DesignKind design) {
  Axis axis;
  axis.key = key_node.Scalar();
  axis.where = mark_text(file, key_node.Mark());
  axis.info = check_override_key(axis.key, axis.where + ": axis");
  for (const auto fixed : kFixedKeys)
    if (axis.info.path == fixed)
      throw InputError(fmt::format(
          "{}: axis '{}' cannot vary in a sweep: {}", axis.where, axis.key,
          fixed == "run.seed" || fixed == "run.run_index"
              ? "each run's seed comes from the sweep's seed and the run index"
              : "every run of a sweep covers the same years; set it in the base scenario"));
  if (spec.IsSequence()) {
    read_axis_values(axis, spec, file);
    return axis;
  }
  MapReader r(spec, file, "axes." + axis.key);
  r.reject_duplicates();
  r.declare({"values", "min", "max", "steps", "distribution", "mean", "sd"});
  r.reject_unknown_keys();
  if (r.has("values")) {
    read_axis_values(axis, r.get("values"), file);
  } else {
    read_axis_range(axis, r, design);
  }
  if (design != DesignKind::grid && r.has("steps")) r.fail("steps", "is for grid designs only");
  return axis;
}

void read_base(SweepSpec& s, MapReader& r) {
  BaseDocument base = read_base_document(r, s.file, "sweep file");
  s.base_file = std::move(base.file);
  s.base_dir = std::move(base.dir);
  s.base = std::move(base.document);
}

/// What `samples` counts in a sampled design.
std::string_view samples_meaning(DesignKind design) {
  switch (design) {
    case DesignKind::sobol:
      return "base samples N";
    case DesignKind::morris:
      return "trajectories r";
    default:
      return "design points";
  }
}

/// Morris screening: the levels p of each axis's grid (even, so that a step of p / 2
/// levels stays on the grid from every level; default 4).
void read_levels(SweepSpec& s, MapReader& r) {
  if (s.design != DesignKind::morris) {
    if (r.has("levels"))
      r.fail("levels", fmt::format("is for morris designs only; this design is {}",
                                   kDesignNames[static_cast<int>(s.design)]));
    return;
  }
  s.levels = r.has("levels") ? r.integer("levels", 2, 1000) : 4;
  if (s.levels % 2 != 0)
    r.fail("levels",
           fmt::format("must be even (each step moves an axis by levels / 2); got {}", s.levels));
}

void read_design(SweepSpec& s, MapReader& r) {
  s.design = r.has("design") ? r.choice<DesignKind>("design") : DesignKind::grid;
  if (s.design == DesignKind::grid) {
    if (r.has("samples"))
      r.fail("samples",
             "is for latin_hypercube and sobol or morris designs; a grid's size is the "
             "product of its axes' value counts");
  } else {
    if (!r.has("samples"))
      r.fail("samples",
             fmt::format("is required for a {} design (the number of {})",
                         kDesignNames[static_cast<int>(s.design)], samples_meaning(s.design)));
    s.samples = r.integer("samples", 2, 100000000);
  }
  read_levels(s, r);
  s.replicates = r.has("replicates") ? r.integer("replicates", 1, 1000000) : 1;
  if (!r.has("seed"))
    r.fail("seed", "is required: the master seed from which every run's seed is derived");
  s.master_seed = static_cast<std::uint64_t>(r.integer("seed", 0, INT64_MAX));
  r.boolean("per_school", s.per_school);
  s.common_random_numbers = s.replicates > 1;
  r.boolean("common_random_numbers", s.common_random_numbers);
}

void read_axes(SweepSpec& s, MapReader& r) {
  const YAML::Node axes = r.get("axes");
  if (!axes.IsDefined() || axes.IsNull()) {
    if (s.design != DesignKind::grid)
      r.fail("axes", "needs at least one axis for a latin_hypercube, sobol or morris design");
    return;
  }
  MapReader(axes, s.file, "axes").reject_duplicates();
  constexpr std::size_t kMaxAxes = 100;  // each is checked against the base scenario
  if (axes.IsMap() && axes.size() > kMaxAxes)
    r.fail("axes", fmt::format("has {} axes; at most {} are allowed", axes.size(), kMaxAxes));
  for (auto it = axes.begin(); it != axes.end(); ++it) {
    Axis axis = read_axis(it->first, it->second, s.file, s.design);
    for (const auto& other : s.axes)
      if (other.info.path == axis.info.path && other.key == axis.key)
        throw InputError(fmt::format("{}: axis '{}' is given twice", axis.where, axis.key));
    s.axes.push_back(std::move(axis));
  }
  if (s.design != DesignKind::grid && s.axes.empty())
    r.fail("axes", "needs at least one axis for a latin_hypercube, sobol or morris design");
}

/// The values an axis is checked at before anything runs: every listed value; min and
/// max of a range.
std::vector<std::string> probe_values(const Axis& axis) {
  if (axis.kind == AxisKind::values) return axis.values;
  return {axis_value_text(axis, axis.min), axis_value_text(axis, axis.max)};
}

/// Axes under these sections change the schools, or the school names that the structure,
/// the plans and the housing refer to: the world is built at each of their values.
bool may_change_world(const Axis& axis) {
  constexpr std::array<std::string_view, 5> kSections{"district.", "structure.", "consolidation.",
                                                      "drift.", "housing."};
  return std::any_of(kSections.begin(), kSections.end(),
                     [&](std::string_view section) { return axis.key.starts_with(section); });
}

/// Builds the world as `edusim validate` does (school names, structure, tables), while the
/// worlds built for one sweep's checks stay within `budget` bytes of estimated memory in
/// all (64 MiB: about a million students, under a second); larger districts, or more
/// axis values, are checked by the runs themselves. Without the bound, loading a sweep
/// over a few large districts took minutes (a fuzzing finding:
/// tests/data/fuzz_regressions/sweep_timeout_many_large_worlds.yaml).
void check_world(const Scenario& scenario, double& budget) {
  // The estimate less its fixed run-time overhead: what the world holds.
  const double bytes = estimate_memory_bytes(scenario) - kRunOverheadBytes;
  if (bytes > budget) return;
  budget -= bytes;
  build_world(scenario);
}

/// A document read into a Scenario without the cross-field checks: for the memory
/// estimate of combined axis values, each of which was checked alone.
Scenario read_unchecked(const YAML::Node& doc, const std::string& name) {
  schema::SourceMap sources;
  sources.file = name;
  Scenario scenario;
  schema::YamlReader reader(doc, "", sources);
  scenario.visit(reader);
  return scenario;
}

/// Runs combine the axes: the base with every numeric axis at its value that needs the
/// most memory (the estimate grows with counts, sizes, growth and years) must fit too.
void check_memory_corner(const SweepSpec& s, const std::string& base_name,
                         const std::string& axes_where) {
  YAML::Node corner = YAML::Clone(s.base);
  std::string chosen;
  for (const Axis& axis : s.axes) {
    if (!is_numeric(axis.info.type)) continue;
    double most = -1;
    std::string worst;
    for (const auto& value : probe_values(axis)) {
      YAML::Node doc = YAML::Clone(corner);
      apply_override(doc, {axis.key, value}, axis.where);
      const double bytes = estimate_memory_bytes(read_unchecked(doc, base_name));
      if (bytes > most) most = bytes, worst = value;
    }
    apply_override(corner, {axis.key, worst}, axis.where);
    chosen += fmt::format("{}{} = {}", chosen.empty() ? "" : ", ", axis.key, worst);
  }
  if (chosen.empty()) return;
  const Scenario scenario = read_unchecked(corner, base_name);
  const double bytes = estimate_memory_bytes(scenario), limit = memory_limit_bytes();
  if (bytes > limit)
    throw InputError(fmt::format(
        "{}: key 'axes': the runs that combine {} describe a district needing about {:.1f} GiB "
        "of memory over {} years; {:.1f} GiB is available (narrow the axes, or reduce the base "
        "scenario's district)",
        axes_where, chosen, bytes / (1ull << 30), scenario.run.years, limit / (1ull << 30)));
}

/// The base scenario must be valid, and so must the base with each axis at its extremes
/// (every listed value; min and max of a range), their memory-maximising combination,
/// and the worlds of the base and of the axes that change the district: errors show
/// before anything runs (and before an output or parts directory is made).
void check_axes_against_base(const SweepSpec& s, const Scenario& base,
                             const std::string& axes_where) {
  const std::string& base_name = base.file;
  std::vector<std::pair<std::string, Scenario>> worlds_to_check;  // (where, scenario)
  for (const Axis& axis : s.axes) {
    for (const auto& value : probe_values(axis)) {
      YAML::Node doc = YAML::Clone(s.base);
      const std::string where = fmt::format("{}: axis '{}' = {}", axis.where, axis.key, value);
      apply_override(doc, {axis.key, value}, where);
      try {
        Scenario probe = scenario_from_document(doc, base_name, s.base_dir);
        probe.sources = base.sources;  // a clone has no marks: name the lines of the base
        if (may_change_world(axis)) worlds_to_check.emplace_back(where, std::move(probe));
      } catch (const InputError& e) {
        throw InputError(fmt::format("{}: {}", where, e.what()));
      }
    }
  }
  check_memory_corner(s, base_name, axes_where);
  double budget = 64.0 * (1 << 20);
  check_world(base, budget);
  for (const auto& [where, probe] : worlds_to_check) {
    try {
      check_world(probe, budget);
    } catch (const InputError& e) {
      throw InputError(fmt::format("{}: {}", where, e.what()));
    }
  }
}

/// Points of the design (runs = points x replicates).
double design_points(const SweepSpec& s) {
  double points = 1;
  if (s.design == DesignKind::grid) {
    for (const Axis& a : s.axes)
      points *= static_cast<double>(a.kind == AxisKind::values ? a.values.size() : a.steps);
  } else {
    const auto k = static_cast<double>(s.axes.size());
    points = static_cast<double>(s.samples) * (s.design == DesignKind::sobol    ? k + 2
                                               : s.design == DesignKind::morris ? k + 1
                                                                                : 1.0);
  }
  return points;
}

/// At most 1e9 runs: the run index is stored in 64 bits, but a larger design is almost
/// always a mistake in the axes (and would not fit in memory as a design).
void check_run_count(const SweepSpec& s) {
  const double points = design_points(s);
  if (points * static_cast<double>(s.replicates) > 1e9)
    throw InputError(
        fmt::format("{}: the {} design has {:.0f} points x {} replicates; at most "
                    "1e9 runs are allowed",
                    s.file, kDesignNames[static_cast<int>(s.design)], points, s.replicates));
}

/// The design is expanded in memory before the first run, and the merge holds every
/// run's series while it writes the output: both must fit (estimated before either is
/// allocated). Per point: the point's texts and numbers (about 96 + 72 bytes an axis,
/// with the allocations), plus the unit-cube row of a sampled design; per run: its
/// series, 8 bytes a value, twice (read, then written).
void check_design_memory(const SweepSpec& s, const Scenario& base, const MapReader& r) {
  const double points = design_points(s), runs = points * static_cast<double>(s.replicates);
  const double k = static_cast<double>(s.axes.size());
  const double design = points * (96 + 72 * k + (s.design == DesignKind::grid ? 0.0 : 40 + 8 * k));
  double schools = 0;
  for (const auto& type : base.district.schools) schools += static_cast<double>(type.count);
  const double values_per_run =
      static_cast<double>(base.run.years + 1) *
      (static_cast<double>(district_series().size()) +
       (s.per_school ? schools * static_cast<double>(school_series().size()) : 0.0));
  const double results = runs * 2 * (values_per_run * 8 + 128 + 72 * k);
  const double limit = memory_limit_bytes();
  if (design + results <= limit) return;
  constexpr double kGiB = 1ull << 30;
  r.fail(s.design == DesignKind::grid ? "axes" : "samples",
         fmt::format("gives a {} design of {:.0f} runs ({:.0f} points x {} replicates) needing "
                     "about {:.1f} GiB of memory (the design {:.1f} GiB, the merged results "
                     "{:.1f} GiB); {:.1f} GiB is available (fewer {}, axes or replicates, or "
                     "split the sweep into several)",
                     kDesignNames[static_cast<int>(s.design)], runs, points, s.replicates,
                     (design + results) / kGiB, design / kGiB, results / kGiB, limit / kGiB,
                     s.design == DesignKind::grid ? "axis values" : "samples"));
}

}  // namespace

std::string axis_value_text(const Axis& axis, double value) {
  if (axis.info.type == schema::KeyType::integer)
    return fmt::format("{}", static_cast<std::int64_t>(std::llround(value)));
  return schema::format_real(value);
}

std::string SweepOverrides::text() const {
  std::vector<std::string> parts;
  for (const auto& kv : set) parts.push_back(fmt::format("--set {}", kv));
  if (seed) parts.push_back(fmt::format("--seed {}", *seed));
  if (years) parts.push_back(fmt::format("--years {}", *years));
  return fmt::format("{}", fmt::join(parts, " "));
}

namespace {

/// Applies the command line's --set, --years and --seed to the base scenario and the seed.
void apply_overrides(SweepSpec& s, const SweepOverrides& o) {
  for (const auto& text : o.set) {
    const std::string where = "--set " + text;
    const KeyOverride kv = parse_override(text, where);
    const schema::KeyInfo info = check_override_key(kv.key, where);
    if (info.path == "run.seed" || info.path == "run.run_index")
      throw InputError(fmt::format(
          "{}: a sweep sets {} of every run itself (from its seed and the run index); give the "
          "sweep's seed with --seed N",
          where, info.path));
    const std::string key = schema::canonical_key(kv.key);
    for (const Axis& axis : s.axes)
      if (schema::canonical_key(axis.key) == key)
        throw InputError(fmt::format(
            "{}: '{}' is an axis of the sweep ({}); a key cannot be both set and varied: drop "
            "the --set, or the axis from {}",
            where, kv.key, axis.where, s.file));
    apply_override(s.base, kv, where);
    s.set_by[key] = where;  // a later --set of the key wins
  }
  if (o.years) {
    const std::string where = fmt::format("--years {}", *o.years);
    apply_override(s.base, {"run.years", fmt::format("{}", *o.years)}, where);
    s.set_by["run.years"] = where;
  }
  if (o.seed) s.master_seed = *o.seed;
  s.overrides = o.text();
}

}  // namespace

SweepSpec load_sweep(const std::string& file, const SweepOverrides& overrides) {
  SweepSpec s;
  s.file = file;
  const YAML::Node root = schema::load_yaml_file(file);
  MapReader r(root, file, "");
  r.reject_duplicates();
  read_base(s, r);
  read_design(s, r);
  read_axes(s, r);
  r.reject_unknown_keys();
  apply_overrides(s, overrides);
  check_run_count(s);
  const std::string base_name = s.base_file.empty() ? s.file + " (base_scenario)" : s.base_file;
  const Scenario base = scenario_from_document(s.base, base_name, s.base_dir, s.set_by);
  std::vector<VariedKey> varied;
  for (const Axis& axis : s.axes) varied.push_back({axis.key, axis.where, axis.values});
  require_varied_keys_take_effect(base, varied);
  check_design_memory(s, base, r);
  check_axes_against_base(s, base, r.where("axes"));
  return s;
}

}  // namespace edusim

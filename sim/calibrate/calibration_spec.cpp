#include "calibrate/calibration_spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "core/types.hpp"
#include "io/overrides.hpp"
#include "io/scenario_io.hpp"
#include "io/switched_off.hpp"
#include "metrics/year_metrics.hpp"
#include "sweep/map_reader.hpp"

namespace edusim {

namespace {
constexpr std::array<std::string_view, 4> kPriorNames{"uniform", "log_uniform", "normal",
                                                      "truncated_normal"};
constexpr std::array<std::string_view, 4> kAggregateNames{"value", "mean", "sum", "ratio"};
constexpr std::array<std::string_view, 3> kDistanceNames{"euclidean", "manhattan", "maximum"};
constexpr std::array<std::string_view, 2> kKernelNames{"multivariate", "componentwise"};
}  // namespace

std::span<const std::string_view> enum_names(const PriorKind*) {
  return kPriorNames;
}
std::span<const std::string_view> enum_names(const Aggregate*) {
  return kAggregateNames;
}
std::span<const std::string_view> enum_names(const DistanceKind*) {
  return kDistanceNames;
}
std::span<const std::string_view> enum_names(const KernelKind*) {
  return kKernelNames;
}

bool CalibratedParameter::in_support(double value) const {
  return value >= axis.min && value <= axis.max;
}

double CalibratedParameter::density(double value) const {
  if (!in_support(value)) return 0;
  switch (axis.kind) {
    case AxisKind::log_uniform:
      return 1 / value;
    case AxisKind::normal: {
      const double z = (value - axis.mean) / axis.sd;
      return std::exp(-0.5 * z * z);
    }
    default:
      return 1;
  }
}

std::string CalibratedParameter::describe() const {
  switch (prior) {
    case PriorKind::uniform:
      return fmt::format("uniform({}, {})", axis.min, axis.max);
    case PriorKind::log_uniform:
      return fmt::format("log_uniform({}, {})", axis.min, axis.max);
    case PriorKind::normal:
    case PriorKind::truncated_normal:
      return fmt::format("{}(mean {}, sd {}) on [{}, {}]", kPriorNames[static_cast<int>(prior)],
                         axis.mean, axis.sd, axis.min, axis.max);
  }
  return "";
}

namespace {

/// Keys a calibration may not vary: it sets each run's seed, and its targets name years.
constexpr std::array<std::string_view, 5> kFixedKeys{"run.seed", "run.run_index", "run.years",
                                                     "run.start_year", "run.world_seed"};

/// [lo, hi] of a uniform or log_uniform prior.
void read_bounds(CalibratedParameter& p, const YAML::Node& list, const std::string& file,
                 const std::string& name) {
  if (!list.IsSequence() || list.size() != 2 || !list[0].IsScalar() || !list[1].IsScalar())
    throw InputError(fmt::format("{}: key '{}' expected [lo, hi], two numbers",
                                 mark_text(file, list.Mark()), name));
  const schema::RealSpec range{p.axis.info.min, p.axis.info.max, {}};
  double bounds[2] = {0, 0};
  for (int i = 0; i < 2; ++i) {
    const auto problem = schema::parse_real(list[i].Scalar(), range, bounds[i]);
    if (!problem.empty())
      throw InputError(fmt::format("{}: key '{}' {} bound: {} (the allowed range of {})",
                                   mark_text(file, list[i].Mark()), name,
                                   i == 0 ? "lower" : "upper", problem, p.axis.key));
  }
  p.axis.min = bounds[0];
  p.axis.max = bounds[1];
  if (!(p.axis.min < p.axis.max))
    throw InputError(
        fmt::format("{}: key '{}': the upper bound ({}) must be greater than the "
                    "lower ({})",
                    mark_text(file, list.Mark()), name, p.axis.max, p.axis.min));
  if (p.prior == PriorKind::log_uniform && !(p.axis.min > 0))
    throw InputError(fmt::format("{}: key '{}': a log_uniform prior needs a lower bound > 0",
                                 mark_text(file, list.Mark()), name));
}

void read_normal(CalibratedParameter& p, MapReader& r) {
  const double key_min = p.axis.info.min, key_max = p.axis.info.max;
  p.axis.mean = r.real("mean", key_min, key_max);
  p.axis.sd = r.real("sd", 0, kInf);
  if (!(p.axis.sd > 0)) r.fail("sd", "must be > 0");
  if (p.prior == PriorKind::truncated_normal) {
    p.axis.min = r.real("min", key_min, key_max);
    p.axis.max = r.real("max", key_min, key_max);
    if (!(p.axis.min < p.axis.max))
      r.fail("max", fmt::format("({}) must be greater than min ({})", p.axis.max, p.axis.min));
    if (p.axis.mean < p.axis.min || p.axis.mean > p.axis.max)
      r.fail("mean", fmt::format("({}) must lie in [min, max] = [{}, {}]", p.axis.mean, p.axis.min,
                                 p.axis.max));
  } else {
    // Truncated to the key's allowed range: the scenario refuses values outside it.
    p.axis.min = key_min;
    p.axis.max = key_max;
  }
  r.reject_unknown_keys();
}

CalibratedParameter read_parameter(const YAML::Node& key_node, const YAML::Node& spec,
                                   const std::string& file) {
  CalibratedParameter p;
  p.axis.key = key_node.Scalar();
  p.axis.where = mark_text(file, key_node.Mark());
  p.axis.info = check_override_key(p.axis.key, p.axis.where + ": parameter");
  for (const auto fixed : kFixedKeys)
    if (p.axis.info.path == fixed)
      throw InputError(fmt::format("{}: parameter '{}' cannot be calibrated: {}", p.axis.where,
                                   p.axis.key,
                                   fixed == "run.years" || fixed == "run.start_year"
                                       ? "the targets name simulated years; set it in the base "
                                         "scenario"
                                       : "each run's seeds come from the calibration's seed"));
  if (p.axis.info.type != schema::KeyType::real && p.axis.info.type != schema::KeyType::integer)
    throw InputError(fmt::format("{}: parameter '{}' is {}; only numeric keys can be calibrated",
                                 p.axis.where, p.axis.key,
                                 schema::key_type_name(p.axis.info.type)));
  const std::string name = "parameters." + p.axis.key;
  MapReader r(spec, file, name);
  r.reject_duplicates();
  r.declare({"uniform", "log_uniform", "normal", "truncated_normal"});
  r.reject_unknown_keys();
  int given = 0;
  for (std::size_t k = 0; k < kPriorNames.size(); ++k)
    if (r.has(kPriorNames[k])) ++given, p.prior = static_cast<PriorKind>(k);
  if (given != 1)
    throw InputError(
        fmt::format("{}: parameter '{}' needs exactly one prior: uniform: [lo, hi], "
                    "log_uniform: [lo, hi], normal: {{mean, sd}} or "
                    "truncated_normal: {{mean, sd, min, max}}",
                    r.where(), p.axis.key));
  const std::string prior_name(kPriorNames[static_cast<int>(p.prior)]);
  const YAML::Node prior = r.get(prior_name);
  switch (p.prior) {
    case PriorKind::uniform:
    case PriorKind::log_uniform:
      p.axis.kind = p.prior == PriorKind::uniform ? AxisKind::uniform : AxisKind::log_uniform;
      read_bounds(p, prior, file, name + "." + prior_name);
      break;
    case PriorKind::normal:
    case PriorKind::truncated_normal: {
      p.axis.kind = AxisKind::normal;
      MapReader n(prior, file, name + "." + prior_name);
      n.reject_duplicates();
      if (p.prior == PriorKind::truncated_normal) n.declare({"min", "max"});
      n.declare({"mean", "sd"});
      read_normal(p, n);
      break;
    }
  }
  return p;
}

std::vector<int> read_years(MapReader& r, const std::string& file, int base_years) {
  const YAML::Node node = r.get("years");
  const auto check = [&](std::int64_t y) {
    if (y < 0 || y > base_years)
      r.fail("years", fmt::format("year {} is not simulated: the base scenario has rows 0 (the "
                                  "world at the start) to {} (run.years)",
                                  y, base_years));
    return static_cast<int>(y);
  };
  std::vector<int> years;
  if (node.IsSequence()) {
    for (const auto& item : node) {
      std::int64_t y = 0;
      const auto problem = item.IsScalar()
                               ? schema::parse_integer(item.Scalar(), {0, 1000000, {}}, y)
                               : std::string("each year must be a whole number");
      if (!problem.empty()) r.fail("years", problem);
      years.push_back(check(y));
    }
  } else if (node.IsMap()) {
    MapReader rr(node, file, r.name("years"));
    rr.reject_duplicates();
    rr.declare({"from", "to"});
    rr.reject_unknown_keys();
    const std::int64_t from = check(rr.integer("from", 0, 1000000));
    const std::int64_t to = check(rr.integer("to", 0, 1000000));
    if (to < from) r.fail("years", fmt::format("to ({}) is before from ({})", to, from));
    for (std::int64_t y = from; y <= to; ++y) years.push_back(static_cast<int>(y));
  } else {
    r.fail("years", node.IsDefined()
                        ? "expected a list of simulated years ([1, 2, 3]) or a range {from: 1, "
                          "to: 5}"
                        : "is required (a list of simulated years or a range {from, to})");
  }
  if (years.empty()) r.fail("years", "must name at least one year");
  return years;
}

SeriesStatistic read_statistic(MapReader& r, const std::string& file, int base_years) {
  SeriesStatistic s;
  s.dataset = r.scalar("dataset", "a /district series (edusim info lists them)");
  const auto series = district_series();
  std::string known;
  std::size_t best_distance = std::string::npos;
  std::string best;
  bool found = false;
  for (std::size_t m = 0; m < series.size(); ++m) {
    if (series[m].name == s.dataset) s.metric = m, found = true;
    const std::size_t d = schema::edit_distance(s.dataset, series[m].name);
    if (d < best_distance) best_distance = d, best = series[m].name;
  }
  if (!found)
    r.fail("dataset", fmt::format("'{}' is not a /district series; did you mean '{}'? (the series "
                                  "are listed in docs/output-schema.md)",
                                  s.dataset, best));
  s.years = read_years(r, file, base_years);
  s.aggregate = r.has("aggregate") ? r.choice<Aggregate>("aggregate") : Aggregate::value;
  if (s.aggregate == Aggregate::ratio)
    r.fail("aggregate", "ratio combines two statistics: give numerator and denominator instead");
  if (s.aggregate == Aggregate::value && s.years.size() != 1)
    r.fail("years", fmt::format("aggregate 'value' takes one year; {} are given (use mean or "
                                "sum over several)",
                                s.years.size()));
  return s;
}

Target read_target(const YAML::Node& key_node, const YAML::Node& spec, const std::string& file,
                   int base_years) {
  Target t;
  t.name = key_node.Scalar();
  t.where = mark_text(file, key_node.Mark());
  MapReader r(spec, file, "targets." + t.name);
  r.reject_duplicates();
  r.declare({"dataset", "years", "aggregate", "numerator", "denominator", "value", "sd",
             "relative_sd", "weight"});
  r.reject_unknown_keys();
  t.aggregate = r.has("aggregate") ? r.choice<Aggregate>("aggregate") : Aggregate::value;
  if (t.aggregate == Aggregate::ratio) {
    for (const char* key : {"dataset", "years"})
      if (r.has(key)) r.fail(key, "is given per part of a ratio (numerator, denominator)");
    for (const char* part : {"numerator", "denominator"}) {
      if (!r.has(part))
        r.fail(part, "is required for aggregate ratio: {dataset, years, aggregate}");
      MapReader pr(r.get(part), file, r.name(part));
      pr.reject_duplicates();
      pr.declare({"dataset", "years", "aggregate"});
      pr.reject_unknown_keys();
      (std::string_view(part) == "numerator" ? t.numerator : t.denominator) =
          read_statistic(pr, file, base_years);
    }
  } else {
    for (const char* key : {"numerator", "denominator"})
      if (r.has(key)) r.fail(key, "is for aggregate ratio only");
    // The target's own mapping holds dataset, years and aggregate.
    t.numerator = read_statistic(r, file, base_years);
  }
  t.observed = r.real("value");
  if (r.has("sd") == r.has("relative_sd"))
    r.fail("sd",
           "give exactly one of sd (the published value's standard deviation, or the "
           "tolerance in its units) and relative_sd (a fraction of the value)");
  if (r.has("sd")) {
    t.sd = r.real("sd", 0, kInf);
    if (!(t.sd > 0)) r.fail("sd", "must be > 0");
  } else {
    const double relative = r.real("relative_sd", 0, kInf);
    t.sd = relative * std::abs(t.observed);
    if (!(t.sd > 0))
      r.fail("relative_sd",
             fmt::format("gives sd {} (must be > 0; the value is {}): give sd", t.sd, t.observed));
  }
  t.weight = r.has("weight") ? r.real("weight", 0, kInf) : 1;
  if (!(t.weight > 0)) r.fail("weight", "must be > 0");
  return t;
}

void read_settings(CalibrationSpec& s, MapReader& r) {
  s.particles = r.has("particles") ? r.integer("particles", 2, 1000000) : 100;
  s.batch = r.has("batch") ? r.integer("batch", 1, 1000000) : s.particles;
  s.generations = r.has("generations") ? r.integer("generations", 1, 1000) : 5;
  s.replicates = r.has("replicates") ? r.integer("replicates", 1, 10000) : 1;
  s.max_proposals = r.has("max_proposals")
                        ? r.integer("max_proposals", s.particles, INT64_C(1) << 31)
                        : 100 * s.particles;
  if (r.has("tolerance_quantile")) {
    s.tolerance_quantile = r.real("tolerance_quantile", 0, 1);
    if (!(s.tolerance_quantile > 0 && s.tolerance_quantile < 1))
      r.fail("tolerance_quantile", "must lie in (0, 1) (0.5: the median schedule)");
  }
  if (r.has("final_tolerance")) s.final_tolerance = r.real("final_tolerance", 0, kInf);
  if (r.has("min_acceptance_rate")) s.min_acceptance_rate = r.real("min_acceptance_rate", 0, 1);
  if (!r.has("seed"))
    r.fail("seed", "is required: every proposal and every run's seed is derived from it");
  s.seed = static_cast<std::uint64_t>(r.integer("seed", 0, INT64_MAX));
  s.distance = r.has("distance") ? r.choice<DistanceKind>("distance") : DistanceKind::euclidean;
  s.kernel = r.has("kernel") ? r.choice<KernelKind>("kernel") : KernelKind::multivariate;
}

/// The base with each parameter at the ends of its prior's support must be a valid
/// scenario (cross-key rules), before anything runs.
void check_support_against_base(const CalibrationSpec& s, const std::string& base_name) {
  for (const CalibratedParameter& p : s.parameters) {
    for (const double value : {p.axis.min, p.axis.max}) {
      if (!std::isfinite(value)) continue;  // a normal prior on an unbounded key
      const std::string text = axis_value_text(p.axis, value);
      const std::string where =
          fmt::format("{}: parameter '{}' = {}", p.axis.where, p.axis.key, text);
      YAML::Node doc = YAML::Clone(s.base);
      apply_override(doc, {p.axis.key, text}, where);
      try {
        scenario_from_document(doc, base_name, s.base_dir);
      } catch (const InputError& e) {
        throw InputError(fmt::format("{}: {}", where, e.what()));
      }
    }
  }
}

}  // namespace

CalibrationSpec load_calibration(const std::string& file) {
  CalibrationSpec s;
  s.file = file;
  const YAML::Node root = schema::load_yaml_file(file);
  MapReader r(root, file, "", "a calibration file");
  r.reject_duplicates();
  BaseDocument base = read_base_document(r, file, "calibration file");
  s.base_file = std::move(base.file);
  s.base_dir = std::move(base.dir);
  s.base = std::move(base.document);
  read_settings(s, r);
  r.declare({"parameters", "targets"});
  r.reject_unknown_keys();
  const std::string base_name = s.base_file.empty() ? file + " (base_scenario)" : s.base_file;
  const Scenario scenario = scenario_from_document(s.base, base_name, s.base_dir);
  s.base_years = scenario.run.years;

  const YAML::Node params = r.get("parameters");
  if (!params.IsDefined() || !params.IsMap() || params.size() == 0)
    r.fail("parameters",
           "needs at least one parameter: a dotted scenario key with a prior, "
           "e.g. rotation.quota_share: {uniform: [0.05, 0.4]}");
  MapReader(params, file, "parameters").reject_duplicates();
  for (auto it = params.begin(); it != params.end(); ++it) {
    CalibratedParameter p = read_parameter(it->first, it->second, file);
    for (const auto& other : s.parameters)
      if (other.axis.key == p.axis.key)
        throw InputError(
            fmt::format("{}: parameter '{}' is given twice", p.axis.where, p.axis.key));
    s.parameters.push_back(std::move(p));
  }
  const YAML::Node targets = r.get("targets");
  if (!targets.IsDefined() || !targets.IsMap() || targets.size() == 0)
    r.fail("targets",
           "needs at least one target: a name with dataset, years, aggregate, value "
           "and sd");
  MapReader(targets, file, "targets").reject_duplicates();
  for (auto it = targets.begin(); it != targets.end(); ++it)
    s.targets.push_back(read_target(it->first, it->second, file, s.base_years));
  for (const Target& t : s.targets)
    for (const SeriesStatistic* part : {&t.numerator, &t.denominator})
      for (const int y : part->years) s.last_year = std::max(s.last_year, y);

  std::vector<VariedKey> varied;
  for (const auto& p : s.parameters) varied.push_back({p.axis.key, p.axis.where, {}});
  require_varied_keys_take_effect(scenario, varied);
  check_support_against_base(s, base_name);
  return s;
}

}  // namespace edusim

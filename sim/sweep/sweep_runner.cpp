#include "sweep/sweep_runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <map>

#include "build/world_source.hpp"
#include "core/error.hpp"
#include "engine/simulation.hpp"
#include "engine/spin_up.hpp"
#include "io/overrides.hpp"
#include "io/scenario_io.hpp"
#include "io/text_file.hpp"
#include "metrics/year_metrics.hpp"

namespace edusim {

namespace fs = std::filesystem;

namespace {

std::string base_name(const SweepSpec& spec) {
  return spec.base_file.empty() ? spec.file + " (base_scenario)" : spec.base_file;
}

std::string axis_kind(const schema::KeyInfo& info) {
  switch (info.type) {
    case schema::KeyType::real:
    case schema::KeyType::integer:
      return "numeric";
    case schema::KeyType::boolean:
      return "bool";
    default:
      return "choice";
  }
}

}  // namespace

SweepPlan plan_sweep(const std::string& file, const std::string& command_line,
                     const SweepOverrides& overrides) {
  SweepPlan plan;
  plan.spec = load_sweep(file, overrides);
  plan.design = expand_design(plan.spec);
  const Scenario base = scenario_from_document(plan.spec.base, base_name(plan.spec),
                                               plan.spec.base_dir, plan.spec.set_by);
  plan.base_outputs = base.outputs.size();
  SweepHeader& h = plan.header;
  h.sweep_file = file;
  h.sweep_text = read_text_file(file, "sweep file");
  h.base_yaml = scenario_to_yaml(base);
  h.digest = design_digest(plan.spec, plan.design, h.base_yaml);
  h.design = std::string(
      enum_names(static_cast<const DesignKind*>(nullptr))[static_cast<int>(plan.spec.design)]);
  h.command_line = command_line;
  h.overrides = plan.spec.overrides;
  h.master_seed = plan.spec.master_seed;
  h.points = static_cast<std::int64_t>(plan.design.points.size());
  h.replicates = plan.design.replicates;
  h.runs = plan.design.runs();
  h.sobol_samples = plan.spec.design == DesignKind::sobol ? plan.spec.samples : -1;
  if (plan.spec.design == DesignKind::morris) {
    h.morris_trajectories = plan.spec.samples;
    h.morris_levels = plan.spec.levels;
  }
  h.common_random_numbers = plan.spec.common_random_numbers ? 1 : 0;
  for (const Axis& a : plan.spec.axes)
    h.axes.push_back({a.key, axis_kind(a.info), a.info.description});
  for (int y = 0; y <= base.run.years; ++y) h.years.push_back(first_calendar_year(base) + y);
  h.district_series = district_series();
  if (plan.spec.per_school) {
    h.school_series = school_series();
    h.schools = school_info(build_world(base));
  }
  return plan;
}

Scenario scenario_for_run(const SweepPlan& plan, std::int64_t run_index) {
  if (run_index < 0 || run_index >= plan.design.runs())
    throw InputError(fmt::format("{}: run {} does not exist; the sweep has runs 0 to {}",
                                 plan.spec.file, run_index, plan.design.runs() - 1));
  const DesignPoint& point =
      plan.design.points[static_cast<std::size_t>(run_index / plan.design.replicates)];
  YAML::Node doc = YAML::Clone(plan.spec.base);
  for (std::size_t a = 0; a < plan.spec.axes.size(); ++a)
    apply_override(doc, {plan.spec.axes[a].key, point.text[a]}, plan.spec.axes[a].where);
  const std::string name = fmt::format("{} (run {})", plan.spec.file, run_index);
  Scenario s = scenario_from_document(doc, name, plan.spec.base_dir);
  s.sources.reset();  // the clone's marks are not lines of any file: name the run only
  // Common random numbers: replicate r has the same seed at every point (paired points).
  const std::int64_t key =
      plan.spec.common_random_numbers ? run_index % plan.design.replicates : run_index;
  s.run.seed = static_cast<std::int64_t>(run_seed(plan.spec.master_seed, key));
  s.run.run_index = 0;
  return s;
}

SweepRun simulate_run(const SweepPlan& plan, std::int64_t run_index) {
  const Scenario scenario = scenario_for_run(plan, run_index);
  const DesignPoint& point =
      plan.design.points[static_cast<std::size_t>(run_index / plan.design.replicates)];
  SweepRun run;
  run.run_index = run_index;
  run.point = run_index / plan.design.replicates;
  run.replicate = run_index % plan.design.replicates;
  run.seed = scenario.run.seed;
  run.sobol_block = point.sobol_block;
  run.sobol_sample = point.sobol_sample;
  run.morris_trajectory = point.morris_trajectory;
  run.morris_step = point.morris_step;
  run.morris_axis = point.morris_axis;
  run.morris_direction = point.morris_direction;
  run.axis_number = point.number;
  run.axis_text = point.text;
  Simulation sim(scenario, start_world(scenario));
  const std::size_t n_schools = sim.world().schools.size();
  if (plan.spec.per_school && n_schools != plan.header.schools.size())
    throw InputError(fmt::format(
        "{}: run {} has {} schools and the base scenario {}; per_school output needs the same "
        "schools in every run (do the axes change the district?)",
        plan.spec.file, run_index, n_schools, plan.header.schools.size()));
  const auto record = [&] {
    const YearMetrics m = sim.measure();
    run.district.insert(run.district.end(), m.district.begin(), m.district.end());
    if (plan.spec.per_school)
      run.schools.insert(run.schools.end(), m.school.begin(), m.school.end());
  };
  record();
  for (int y = 0; y < scenario.run.years; ++y) {
    sim.step();
    record();
  }
  return run;
}

std::pair<std::int64_t, std::int64_t> shard_range(std::int64_t runs, std::int64_t shard,
                                                  std::int64_t shards) {
  // runs * i / shards without overflow (runs <= 1e9, shards <= runs).
  const auto edge = [&](std::int64_t i) { return runs / shards * i + runs % shards * i / shards; };
  return {edge(shard), edge(shard + 1)};
}

PartWriter::PartWriter(const SweepHeader& header, std::string dir, std::string prefix,
                       std::size_t chunk_runs, std::chrono::seconds max_wait)
    : header_(header),
      dir_(std::move(dir)),
      prefix_(std::move(prefix)),
      chunk_runs_(std::max<std::size_t>(chunk_runs, 1)),
      max_wait_(max_wait),
      last_write_(std::chrono::steady_clock::now()) {}

void PartWriter::add(SweepRun run) {
  const std::lock_guard lock(mutex_);
  waiting_.push_back(std::move(run));
  if (waiting_.size() >= chunk_runs_ || std::chrono::steady_clock::now() - last_write_ >= max_wait_)
    write_locked();
}

void PartWriter::flush() {
  const std::lock_guard lock(mutex_);
  write_locked();
}

std::int64_t PartWriter::saved() const {
  const std::lock_guard lock(mutex_);
  return saved_;
}

void PartWriter::write_locked() {
  last_write_ = std::chrono::steady_clock::now();
  if (waiting_.empty()) return;
  std::sort(waiting_.begin(), waiting_.end(),
            [](const SweepRun& a, const SweepRun& b) { return a.run_index < b.run_index; });
  const std::string path = (fs::path(dir_) / fmt::format("{}{:05}.h5", prefix_, parts_)).string();
  write_sweep_file(path, header_, waiting_, false);
  ++parts_;
  saved_ += static_cast<std::int64_t>(waiting_.size());
  waiting_.clear();
}

std::vector<std::string> part_files(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && entry.path().extension() == ".h5") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::set<std::int64_t> saved_runs(const std::string& dir, const std::string& digest) {
  std::set<std::int64_t> done;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return done;
  // A part being written when the sweep was killed never got its final name.
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().filename().string().find(".h5.tmp-") != std::string::npos)
      fs::remove(entry.path(), ec);
  for (const auto& part : part_files(dir)) {
    const auto [part_digest, runs] = read_sweep_runs(part);
    if (part_digest != digest)
      throw InputError(fmt::format(
          "{}: this part belongs to another sweep (digest {}, this sweep {}); the sweep file, "
          "its base scenario or the command line's --set/--seed/--years changed since the parts "
          "were written: resume with the same ones, or start again with --force",
          part, part_digest, digest));
    done.insert(runs.begin(), runs.end());
  }
  return done;
}

namespace {

bool same_results(const SweepRun& a, const SweepRun& b) {
  const auto bits_equal = [](const std::vector<double>& x, const std::vector<double>& y) {
    return x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size() * sizeof(double)) == 0;
  };
  return bits_equal(a.district, b.district) && bits_equal(a.schools, b.schools);
}

/// Adds the build of `input` to `merged`, the build of the runs merged so far: the engine
/// version must be the same (the version goes up when outputs change); other git
/// revisions are listed after the first, separated by ", ", and the merge is clean only
/// if every input is. Throws InputError naming both files otherwise.
void add_build(BuildInfo& merged, const BuildInfo& input, const std::string& input_file,
               const std::string& first_file) {
  if (input.engine_version != merged.engine_version)
    throw InputError(fmt::format(
        "{}: computed by edusim {} and {} by edusim {}; outputs differ between versions: run "
        "every shard with one version (a sweep's own parts: start again with --force)",
        input_file, input.engine_version, first_file, merged.engine_version));
  const std::string listed = ", " + merged.git_revision + ", ";
  if (listed.find(", " + input.git_revision + ", ") == std::string::npos)
    merged.git_revision += ", " + input.git_revision;
  merged.git_clean = merged.git_clean && input.git_clean;
}

}  // namespace

std::int64_t merge_sweep_files(const std::vector<std::string>& inputs, const std::string& output,
                               bool overwrite,
                               std::optional<std::pair<std::int64_t, std::int64_t>> expected,
                               const std::string& command_line, std::int32_t worker_threads) {
  if (inputs.empty()) throw InputError(fmt::format("{}: nothing to merge", output));
  std::optional<SweepHeader> header;
  std::map<std::int64_t, SweepRun> runs;
  for (const auto& input : inputs) {
    SweepFileData data = read_sweep_file(input);
    if (!header) {
      header = std::move(data.header);
    } else if (data.header.digest != header->digest) {
      throw InputError(fmt::format(
          "{}: belongs to another sweep than {} (sweep digest {} vs {}: another sweep file, base "
          "scenario or --set/--seed/--years; it was written by `{}`, {} by `{}`)",
          input, inputs.front(), data.header.digest, header->digest, data.header.command_line,
          inputs.front(), header->command_line));
    } else {
      add_build(header->build, data.header.build, input, inputs.front());
    }
    for (SweepRun& run : data.runs) {
      const auto [it, inserted] = runs.try_emplace(run.run_index, std::move(run));
      if (!inserted && !same_results(it->second, run))
        throw InputError(fmt::format("{}: run {} is also in another input with other results",
                                     input, it->first));
    }
  }
  if (expected) {
    const auto [first, last] = *expected;
    std::int64_t missing = 0, example = -1;
    for (std::int64_t r = first; r < last; ++r)
      if (!runs.count(r)) ++missing, example = example < 0 ? r : example;
    if (missing > 0)
      throw InputError(
          fmt::format("{}: {} of the runs {} to {} are missing (e.g. run {}); "
                      "merge the missing shards too, or pass --allow-partial",
                      output, missing, first, last - 1, example));
  }
  std::vector<SweepRun> sorted;
  sorted.reserve(runs.size());
  for (auto& [index, run] : runs) sorted.push_back(std::move(run));
  header->command_line = command_line;
  header->worker_threads = worker_threads;
  write_sweep_file(output, *header, sorted, overwrite);
  return static_cast<std::int64_t>(sorted.size());
}

}  // namespace edusim

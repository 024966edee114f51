#include "calibrate/calibration_runner.hpp"

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>

#include "build/world_source.hpp"
#include "core/error.hpp"
#include "core/types.hpp"
#include "edusim/version.hpp"
#include "engine/simulation.hpp"
#include "engine/spin_up.hpp"
#include "io/overrides.hpp"
#include "io/scenario_io.hpp"
#include "io/text_file.hpp"
#include "metrics/year_metrics.hpp"

namespace edusim {

namespace fs = std::filesystem;

namespace {

std::string base_name(const CalibrationSpec& spec) {
  return spec.base_file.empty() ? spec.file + " (base_scenario)" : spec.base_file;
}

std::string years_text(const std::vector<int>& years) {
  const bool consecutive = years.size() > 1 &&
                           years.back() - years.front() + 1 == static_cast<int>(years.size()) &&
                           std::is_sorted(years.begin(), years.end());
  if (years.size() == 1) return fmt::format("year {}", years.front());
  if (consecutive) return fmt::format("years {}-{}", years.front(), years.back());
  return fmt::format("years {}", fmt::join(years, ", "));
}

std::string statistic_text(const SeriesStatistic& s) {
  const auto name = enum_names(static_cast<const Aggregate*>(nullptr));
  return fmt::format("{} of {} at {}", name[static_cast<int>(s.aggregate)], s.dataset,
                     years_text(s.years));
}

std::string target_text(const Target& t) {
  if (t.aggregate != Aggregate::ratio) return statistic_text(t.numerator);
  return fmt::format("({}) / ({})", statistic_text(t.numerator), statistic_text(t.denominator));
}

/// FNV-1a over everything that decides the result: the calibration file, the resolved base
/// scenario and the engine version.
std::string calibration_digest(const std::string& text, const std::string& base_yaml) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const std::string_view part :
       {std::string_view(text), std::string_view(base_yaml), std::string_view(kEngineVersion)}) {
    for (const unsigned char c : part) h = (h ^ c) * 0x100000001b3ULL;
    h = (h ^ 0xff) * 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", h);
}

double reduce(const SeriesStatistic& s, std::span<const double> district, std::size_t metrics) {
  double sum = 0;
  for (const int y : s.years) sum += district[static_cast<std::size_t>(y) * metrics + s.metric];
  return s.aggregate == Aggregate::mean ? sum / static_cast<double>(s.years.size()) : sum;
}

/// The variance the kernel keeps at least: a millionth of the prior's width, squared.
std::vector<double> variance_floor(const CalibrationSpec& spec) {
  std::vector<double> floor;
  for (const auto& p : spec.parameters) {
    const double width =
        std::isfinite(p.axis.max - p.axis.min) ? p.axis.max - p.axis.min : p.axis.sd;
    floor.push_back(std::pow(1e-6 * width, 2));
  }
  return floor;
}

abc::Population population_of(const CalibrationSpec& spec, const CalibrationGeneration& g) {
  return {spec.parameters.size(),
          spec.targets.size(),
          g.particles,
          g.weights,
          g.distances,
          g.statistics};
}

/// Why the calibration stops after generation `g`, or nullopt to go on.
std::optional<std::string> stop_after(const CalibrationSpec& spec, const CalibrationGeneration& g) {
  if (spec.final_tolerance > 0 && g.tolerance <= spec.final_tolerance)
    return fmt::format("final_tolerance: generation {} reached tolerance {} <= {}", g.generation,
                       g.tolerance, spec.final_tolerance);
  if (spec.min_acceptance_rate > 0 && g.acceptance_rate < spec.min_acceptance_rate)
    return fmt::format("min_acceptance_rate: generation {} accepted {} < {}", g.generation,
                       g.acceptance_rate, spec.min_acceptance_rate);
  if (g.generation + 1 >= spec.generations)
    return fmt::format("generations: {} generations done", spec.generations);
  return std::nullopt;
}

}  // namespace

CalibrationPlan plan_calibration(const std::string& file, const std::string& command_line) {
  CalibrationPlan plan;
  plan.spec = load_calibration(file);
  const CalibrationSpec& s = plan.spec;
  const Scenario base = scenario_from_document(s.base, base_name(s), s.base_dir);
  CalibrationHeader& h = plan.header;
  h.calibration_file = file;
  h.calibration_text = read_text_file(file, "calibration file");
  h.base_yaml = scenario_to_yaml(base);
  h.digest = calibration_digest(h.calibration_text, h.base_yaml);
  h.command_line = command_line;
  h.seed = s.seed;
  h.particles = s.particles;
  h.replicates = s.replicates;
  h.batch = s.batch;
  h.distance = enum_names(static_cast<const DistanceKind*>(nullptr))[static_cast<int>(s.distance)];
  h.kernel = enum_names(static_cast<const KernelKind*>(nullptr))[static_cast<int>(s.kernel)];
  h.tolerance_quantile = s.tolerance_quantile;
  const double nan = std::nan("");
  for (const auto& p : s.parameters) {
    const bool normal = p.axis.kind == AxisKind::normal;
    h.parameter_names.push_back(p.axis.key);
    h.priors.push_back(p.describe());
    h.prior_kinds.emplace_back(
        enum_names(static_cast<const PriorKind*>(nullptr))[static_cast<int>(p.prior)]);
    h.prior_min.push_back(p.axis.min);
    h.prior_max.push_back(p.axis.max);
    h.prior_mean.push_back(normal ? p.axis.mean : nan);
    h.prior_sd.push_back(normal ? p.axis.sd : nan);
  }
  for (const auto& t : s.targets) {
    h.target_names.push_back(t.name);
    h.target_statistics.push_back(target_text(t));
    h.observed.push_back(t.observed);
    h.target_sd.push_back(t.sd);
    h.target_weight.push_back(t.weight);
  }
  return plan;
}

Scenario scenario_for_proposal(const CalibrationPlan& plan, std::span<const double> theta,
                               std::int64_t generation, std::int64_t index,
                               std::int64_t replicate) {
  const CalibrationSpec& s = plan.spec;
  YAML::Node doc = YAML::Clone(s.base);
  for (std::size_t a = 0; a < s.parameters.size(); ++a)
    apply_override(doc, {s.parameters[a].axis.key, axis_value_text(s.parameters[a].axis, theta[a])},
                   s.parameters[a].axis.where);
  const std::string name =
      fmt::format("{} (generation {}, proposal {})", s.file, generation, index);
  Scenario scenario = scenario_from_document(doc, name, s.base_dir);
  scenario.sources.reset();  // the clone's marks are not lines of any file
  scenario.run.seed =
      static_cast<std::int64_t>(abc::proposal_run_seed(s.seed, generation, index, replicate));
  scenario.run.run_index = 0;
  return scenario;
}

std::vector<double> target_statistics(std::span<const Target> targets,
                                      std::span<const double> district, std::size_t metrics) {
  std::vector<double> out;
  for (const Target& t : targets) {
    const double value = reduce(t.numerator, district, metrics);
    out.push_back(t.aggregate == Aggregate::ratio ? value / reduce(t.denominator, district, metrics)
                                                  : value);
  }
  return out;
}

std::vector<double> simulate_proposal(const CalibrationPlan& plan, std::span<const double> theta,
                                      std::int64_t generation, std::int64_t index) {
  const CalibrationSpec& s = plan.spec;
  std::vector<double> mean(s.targets.size(), 0.0);
  for (std::int64_t r = 0; r < s.replicates; ++r) {
    const Scenario scenario = scenario_for_proposal(plan, theta, generation, index, r);
    Simulation sim(scenario, start_world(scenario));
    std::vector<double> district;
    const auto record = [&] {
      const YearMetrics m = sim.measure();
      district.insert(district.end(), m.district.begin(), m.district.end());
    };
    record();
    for (int y = 0; y < std::min(scenario.run.years, s.last_year); ++y) {
      sim.step();
      record();
    }
    const auto stats =
        target_statistics(s.targets, district, static_cast<std::size_t>(kDistrictMetrics));
    for (std::size_t t = 0; t < mean.size(); ++t) mean[t] += stats[t];
  }
  for (double& m : mean) m /= static_cast<double>(s.replicates);
  return mean;
}

// --- the parts directory ----------------------------------------------------------------

PartsStore::PartsStore(const CalibrationPlan& plan, std::string dir, std::string token,
                       std::size_t chunk, std::chrono::seconds max_wait)
    : plan_(plan),
      dir_(std::move(dir)),
      token_(std::move(token)),
      chunk_(std::max<std::size_t>(chunk, 1)),
      max_wait_(max_wait),
      last_write_(std::chrono::steady_clock::now()) {}

void PartsStore::add_proposal(std::int64_t generation, const EvaluatedProposal& proposal) {
  const std::lock_guard lock(mutex_);
  if (generation != generation_) {
    write_locked();
    generation_ = generation;
  }
  waiting_.index.push_back(proposal.index);
  waiting_.theta.insert(waiting_.theta.end(), proposal.theta.begin(), proposal.theta.end());
  waiting_.statistics.insert(waiting_.statistics.end(), proposal.statistics.begin(),
                             proposal.statistics.end());
  waiting_.distance.push_back(proposal.distance);
  if (waiting_.index.size() >= chunk_ ||
      std::chrono::steady_clock::now() - last_write_ >= max_wait_)
    write_locked();
}

void PartsStore::flush() {
  const std::lock_guard lock(mutex_);
  write_locked();
}

void PartsStore::write_locked() {
  last_write_ = std::chrono::steady_clock::now();
  if (waiting_.index.empty()) return;
  waiting_.generation = generation_;
  const std::string path =
      (fs::path(dir_) / fmt::format("proposals-g{:05}-{}-{:05}.h5", generation_, token_, written_))
          .string();
  write_proposal_chunk(path, plan_.header.digest, plan_.spec.parameters.size(),
                       plan_.spec.targets.size(), waiting_);
  ++written_;
  waiting_ = ProposalChunk{};
}

void PartsStore::finish_generation(const CalibrationGeneration& generation) {
  const std::lock_guard lock(mutex_);
  waiting_ = ProposalChunk{};  // the generation is whole: its proposals are not needed
  const fs::path path = fs::path(dir_) / fmt::format("generation-{:05}.h5", generation.generation);
  write_calibration_file(path.string(), plan_.header, {generation}, true);
  const std::string prefix = fmt::format("proposals-g{:05}-", generation.generation);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec))
    if (entry.path().filename().string().starts_with(prefix)) fs::remove(entry.path(), ec);
}

SavedCalibration load_saved_calibration(const CalibrationPlan& plan, const std::string& dir) {
  SavedCalibration saved;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return saved;
  std::vector<std::string> generation_files, proposal_files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.find(".h5.tmp-") != std::string::npos) {
      fs::remove(entry.path(), ec);  // being written when the calibration was killed
    } else if (name.starts_with("generation-") && name.ends_with(".h5")) {
      generation_files.push_back(entry.path().string());
    } else if (name.starts_with("proposals-") && name.ends_with(".h5")) {
      proposal_files.push_back(entry.path().string());
    }
  }
  std::sort(generation_files.begin(), generation_files.end());
  std::sort(proposal_files.begin(), proposal_files.end());
  const auto other = [&](const std::string& part, const std::string& digest) {
    return InputError(fmt::format(
        "{}: this part belongs to another calibration (digest {}, this one {}); the calibration "
        "file, its base scenario or edusim changed since: start again with --force",
        part, digest, plan.header.digest));
  };
  for (const auto& part : generation_files) {
    CalibrationFileData data = read_calibration_file(part);
    if (data.header.digest != plan.header.digest) throw other(part, data.header.digest);
    for (auto& g : data.generations) saved.generations.push_back(std::move(g));
  }
  std::sort(saved.generations.begin(), saved.generations.end(),
            [](const auto& a, const auto& b) { return a.generation < b.generation; });
  for (std::size_t g = 0; g < saved.generations.size(); ++g)
    if (saved.generations[g].generation != static_cast<std::int64_t>(g))
      throw InputError(
          fmt::format("{}: generation {} is missing from the parts; start again with "
                      "--force",
                      dir, g));
  const auto current = static_cast<std::int64_t>(saved.generations.size());
  const std::size_t k = plan.spec.parameters.size(), t = plan.spec.targets.size();
  for (const auto& part : proposal_files) {
    auto [digest, chunk] = read_proposal_chunk(part, k, t);
    if (digest != plan.header.digest) throw other(part, digest);
    if (chunk.generation != current) continue;  // of a generation saved whole since
    for (std::size_t i = 0; i < chunk.index.size(); ++i) {
      EvaluatedProposal p;
      p.index = chunk.index[i];
      p.theta.assign(chunk.theta.begin() + static_cast<std::ptrdiff_t>(i * k),
                     chunk.theta.begin() + static_cast<std::ptrdiff_t>((i + 1) * k));
      p.statistics.assign(chunk.statistics.begin() + static_cast<std::ptrdiff_t>(i * t),
                          chunk.statistics.begin() + static_cast<std::ptrdiff_t>((i + 1) * t));
      p.distance = chunk.distance[i];
      saved.proposals.emplace(p.index, std::move(p));
    }
  }
  return saved;
}

// --- the algorithm ----------------------------------------------------------------------

BatchResult evaluate_locally(std::span<const std::int64_t> indices, const EvaluateProposal& one,
                             const std::function<bool()>& stop_requested) {
  std::vector<std::optional<EvaluatedProposal>> done(indices.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, indices.size(), 1), [&](const auto& r) {
    for (std::size_t m = r.begin(); m != r.end(); ++m) done[m] = one(indices[m]);
  });
  BatchResult result;
  for (auto& p : done)
    if (p) result.proposals.push_back(std::move(*p));
  result.stopped = stop_requested() || result.proposals.size() < indices.size();
  return result;
}

CalibrationResult run_calibration(
    const CalibrationPlan& plan, const ProposalModel& model, SavedCalibration saved,
    CalibrationStore& store, const std::function<bool()>& stop_requested,
    const std::function<void(std::int64_t, std::int64_t, std::int64_t)>& progress,
    const BatchEvaluator& evaluate) {
  const CalibrationSpec& s = plan.spec;
  const auto n = static_cast<std::size_t>(s.particles);
  CalibrationResult result;
  // Generations saved whole: kept as they are (and the stop rules applied to them).
  for (auto& g : saved.generations) {
    result.generations.push_back(std::move(g));
    if (auto why = stop_after(s, result.generations.back())) {
      result.stop_reason = *why;
      return result;
    }
  }
  const std::vector<double> floor = variance_floor(s);
  std::map<std::int64_t, EvaluatedProposal> evaluated = std::move(saved.proposals);
  for (auto g = static_cast<std::int64_t>(result.generations.size());; ++g) {
    const auto start = std::chrono::steady_clock::now();
    std::optional<abc::Population> previous;
    std::optional<abc::Kernel> kernel;
    double tolerance = kInf;
    if (g > 0) {
      previous = population_of(s, result.generations.back());
      kernel = abc::make_kernel(*previous, floor, s.kernel);
      tolerance = abc::tolerance_quantile(previous->distances, s.tolerance_quantile);
    }
    std::vector<const EvaluatedProposal*> accepted;
    std::int64_t next = 0, considered = 0;
    while (accepted.size() < n) {
      if (next >= s.max_proposals) {
        result.stop_reason = fmt::format(
            "max_proposals: generation {} accepted {} of {} particles in {} proposals at "
            "tolerance {}; the populations up to generation {} are the result",
            g, accepted.size(), n, next, tolerance, g - 1);
        return result;
      }
      std::vector<std::int64_t> missing;
      for (std::int64_t i = next; i < next + s.batch; ++i)
        if (!evaluated.count(i)) missing.push_back(i);
      const EvaluateProposal one = [&](std::int64_t index) -> std::optional<EvaluatedProposal> {
        if (stop_requested()) return std::nullopt;
        EvaluatedProposal p;
        p.index = index;
        p.theta = abc::propose(s.seed, g, index, s.parameters, previous ? &*previous : nullptr,
                               kernel ? &*kernel : nullptr);
        p.statistics = model(p.theta, g, index);
        p.distance = abc::distance(p.statistics, s.targets, s.distance);
        store.add_proposal(g, p);
        return p;
      };
      BatchResult batch =
          evaluate ? evaluate(g, missing, one) : evaluate_locally(missing, one, stop_requested);
      for (auto& p : batch.proposals) evaluated.emplace(p.index, std::move(p));
      if (batch.stopped) {
        store.flush();
        result.interrupted = true;
        return result;
      }
      for (std::int64_t i = next; i < next + s.batch && accepted.size() < n; ++i) {
        const EvaluatedProposal& p = evaluated.at(i);
        if (std::isfinite(p.distance) && p.distance <= tolerance) {
          accepted.push_back(&p);
          considered = i + 1;
        }
      }
      next += s.batch;
      if (progress) progress(g, static_cast<std::int64_t>(accepted.size()), s.particles);
    }
    CalibrationGeneration gen;
    gen.generation = g;
    gen.tolerance = tolerance;
    for (const EvaluatedProposal* p : accepted) {
      gen.particles.insert(gen.particles.end(), p->theta.begin(), p->theta.end());
      gen.statistics.insert(gen.statistics.end(), p->statistics.begin(), p->statistics.end());
      gen.distances.push_back(p->distance);
    }
    gen.weights = g == 0 ? std::vector<double>(n, 1.0 / static_cast<double>(n))
                         : abc::pmc_weights(*previous, *kernel, s.parameters, gen.particles);
    gen.proposals = next;
    gen.runs = next * s.replicates;
    gen.acceptance_rate = static_cast<double>(n) / static_cast<double>(considered);
    gen.effective_sample_size = abc::effective_sample_size(gen.weights);
    gen.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    store.finish_generation(gen);
    evaluated.clear();
    result.generations.push_back(std::move(gen));
    if (auto why = stop_after(s, result.generations.back())) {
      result.stop_reason = *why;
      return result;
    }
  }
}

}  // namespace edusim

#include "app/sweep_command.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>

#include "app/commands.hpp"
#include "app/progress.hpp"
#include "app/signals.hpp"
#include "core/error.hpp"
#include "core/workers.hpp"
#include "engine/simulation.hpp"

namespace edusim {

namespace fs = std::filesystem;

namespace {

std::int64_t parse_count(const std::string& text, const std::string& what) {
  std::size_t used = 0;
  long long v = -1;
  try {
    v = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || v < 0)
    throw InputError(fmt::format("--shard: {} '{}' is not a non-negative integer", what, text));
  return v;
}

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? std::optional<std::string>(v) : std::nullopt;
}

/// (I, N) from a batch scheduler's array-job variables: Slurm, then SGE/UGE.
std::pair<std::int64_t, std::int64_t> shard_from_environment() {
  if (const auto id = env("SLURM_ARRAY_TASK_ID")) {
    const auto count = env("SLURM_ARRAY_TASK_COUNT");
    if (!count)
      throw InputError(
          "--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not");
    const std::int64_t min = parse_count(env("SLURM_ARRAY_TASK_MIN").value_or("0"), "task min");
    return {parse_count(*id, "SLURM_ARRAY_TASK_ID") - min,
            parse_count(*count, "SLURM_ARRAY_TASK_COUNT")};
  }
  if (const auto id = env("SGE_TASK_ID"); id && *id != "undefined") {
    const std::int64_t first = parse_count(env("SGE_TASK_FIRST").value_or("1"), "SGE_TASK_FIRST");
    const std::int64_t last = parse_count(env("SGE_TASK_LAST").value_or(*id), "SGE_TASK_LAST");
    const std::int64_t step =
        std::max<std::int64_t>(1, parse_count(env("SGE_TASK_STEPSIZE").value_or("1"), "step"));
    return {(parse_count(*id, "SGE_TASK_ID") - first) / step, (last - first) / step + 1};
  }
  throw InputError(
      "--shard auto: no array-job variables found (SLURM_ARRAY_TASK_ID and "
      "SLURM_ARRAY_TASK_COUNT, or SGE_TASK_ID, SGE_TASK_FIRST and SGE_TASK_LAST); give --shard "
      "I/N");
}

/// After a failed session: a parts directory this session made and nothing was saved
/// in is removed (a failing sweep leaves nothing behind); saved runs stay for --resume.
void remove_parts_if_unused(const std::string& dir, bool existed_before) {
  if (existed_before || received_signal() || !part_files(dir).empty()) return;
  std::error_code ec;
  fs::remove_all(dir, ec);  // best effort: the error being reported matters more
}

/// A complete output of this very sweep (same digest and run range): nothing left to do.
bool output_complete(const std::string& output, const SweepSession& s) {
  std::error_code ec;
  if (!fs::exists(output, ec)) return false;
  try {
    const auto [digest, runs] = read_sweep_runs(output);
    return digest == s.plan.header.digest &&
           static_cast<std::int64_t>(runs.size()) == s.range.second - s.range.first &&
           (runs.empty() || (runs.front() == s.range.first && runs.back() == s.range.second - 1));
  } catch (const InputError&) {
    return false;
  }
}

/// Re-runs one run of the sweep by itself and writes it as an ordinary run file.
int run_one(const SweepPlan& plan, std::int64_t run_index, const SweepOptions& o,
            const std::string& command_line) {
  const Scenario scenario = scenario_for_run(plan, run_index);
  RunRequest request;
  request.output = o.output;
  request.overwrite = o.force;
  request.threads = worker_count(o.threads);
  request.scenario_file = scenario.file;
  request.command_line = command_line;
  request.progress = [](int, int) { throw_if_interrupted(); };
  run_to_file(scenario, request);
  if (!o.quiet)
    fmt::print("edusim: run {} of {} (seed {}) -> {}\n", run_index, plan.spec.file,
               scenario.run.seed, o.output);
  return 0;
}

}  // namespace

SweepOverrides sweep_overrides(const SweepOptions& o) {
  SweepOverrides out;
  out.set = o.set;
  if (o.seed) out.seed = static_cast<std::uint64_t>(*o.seed);
  out.years = o.years;
  return out;
}

void remove_parts(const std::string& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (ec)
    throw InputError(fmt::format("{}: cannot remove the parts directory: {}", dir, ec.message()));
}

std::pair<std::int64_t, std::int64_t> parse_shard(const std::string& shard) {
  if (shard.empty()) return {0, 1};
  std::pair<std::int64_t, std::int64_t> out;
  if (shard == "auto") {
    out = shard_from_environment();
  } else {
    const auto slash = shard.find('/');
    if (slash == std::string::npos)
      throw InputError(fmt::format("--shard '{}': expected I/N (e.g. 0/10) or auto", shard));
    out = {parse_count(shard.substr(0, slash), "I"), parse_count(shard.substr(slash + 1), "N")};
  }
  if (out.second < 1 || out.first >= out.second)
    throw InputError(
        fmt::format("--shard {}: I/N needs 0 <= I < N (got {}/{})", shard, out.first, out.second));
  return out;
}

std::size_t chunk_runs(std::int64_t requested, std::int64_t pending, int workers) {
  if (requested > 0) return static_cast<std::size_t>(requested);
  const std::int64_t automatic = std::clamp<std::int64_t>(pending / 64, workers, 256);
  return static_cast<std::size_t>(std::max<std::int64_t>(automatic, 1));
}

void prepare_session(SweepSession& s, const SweepOptions& o) {
  const auto [shard, shards] = parse_shard(o.shard);
  if (shards > s.plan.design.runs())
    throw InputError(fmt::format("--shard {}/{}: the sweep has only {} runs", shard, shards,
                                 s.plan.design.runs()));
  s.range = shard_range(s.plan.design.runs(), shard, shards);
  s.parts_dir = o.output + ".parts";
  std::error_code ec;
  const bool parts_exist = fs::exists(s.parts_dir, ec);
  if (o.resume && output_complete(o.output, s)) {
    s.already_complete = true;
    if (parts_exist) remove_parts(s.parts_dir);
    return;
  }
  if (o.resume && fs::exists(o.output, ec))
    throw InputError(fmt::format(
        "{}: the file exists and is not a complete result of this sweep; --resume will not "
        "overwrite it (use --force to start the sweep again)",
        o.output));
  check_output_path(o.output, o.force);
  if (parts_exist && !o.resume) {
    if (!o.force)
      throw InputError(fmt::format(
          "{}: an earlier sweep left its finished runs in {}; continue it with --resume, or start "
          "again with --force",
          o.output, s.parts_dir));
    remove_parts(s.parts_dir);
  }
  std::set<std::int64_t> done;
  if (o.resume) done = saved_runs(s.parts_dir, s.plan.header.digest);
  fs::create_directories(s.parts_dir, ec);
  if (ec)
    throw InputError(
        fmt::format("{}: cannot create the parts directory: {}", s.parts_dir, ec.message()));
  for (std::int64_t r = s.range.first; r < s.range.second; ++r)
    if (!done.count(r)) s.pending.push_back(r);
}

void run_pending(const SweepSession& s, const std::function<std::optional<std::int64_t>()>& next,
                 PartWriter& parts, int workers, bool quiet) {
  const std::int64_t total = s.range.second - s.range.first;
  const std::int64_t before = total - static_cast<std::int64_t>(s.pending.size());
  ProgressBar bar("sweep", "sweep", "runs", !quiet);
  std::atomic<std::int64_t> done{0};
  std::mutex bar_mutex;
  try {
    // One loop per worker pulling runs; each run's phases run in parallel inside it.
    tbb::parallel_for(0, workers, [&](int) {
      while (!received_signal()) {
        const auto run = next();
        if (!run) break;
        parts.add(simulate_run(s.plan, *run));
        const std::int64_t d = ++done;
        const std::lock_guard lock(bar_mutex);
        bar.update(before + d, total);
      }
    });
  } catch (...) {
    parts.flush();  // the finished runs are kept for --resume
    throw;
  }
  parts.flush();
  bar.finish();
  throw_if_interrupted(fmt::format("{} runs are saved in {}; continue with --resume",
                                   parts.saved() + before, s.parts_dir)
                           .c_str());
}

std::int64_t finish_session(const SweepSession& s, const SweepOptions& o,
                            const std::string& command_line, std::int32_t worker_threads) {
  const std::int64_t n = merge_sweep_files(part_files(s.parts_dir), o.output, true, s.range,
                                           command_line, worker_threads);
  remove_parts(s.parts_dir);
  return n;
}

bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "MPI_LOCALNRANKS"})
    if (env(name)) return true;
  // srun starting several tasks of one step: without MPI each would run the whole sweep.
  const auto tasks = env("SLURM_STEP_NUM_TASKS");
  return tasks && std::atoi(tasks->c_str()) > 1;
}

LocalSweep sweep_locally(const SweepOptions& o, const std::string& command_line, WorkerPool& pool) {
  SweepSession s{plan_sweep(o.sweep, command_line, sweep_overrides(o)), {}, {}, {}, false};
  if (s.plan.base_outputs > 0)
    fmt::print(stderr,
               "edusim: warning: {}: the base scenario's outputs: ({} custom outputs) are not "
               "written to a sweep file, which holds the /district series; edusim sweep {} --run "
               "N -o RUN.h5 writes them for run N\n",
               o.sweep, s.plan.base_outputs, o.sweep);
  std::error_code ec;
  const bool parts_existed = fs::exists(o.output + ".parts", ec);
  prepare_session(s, o);
  LocalSweep done;
  if (s.already_complete) {
    done.already_complete = true;
    return done;
  }
  const auto start = std::chrono::steady_clock::now();
  std::atomic<std::size_t> cursor{0};
  const auto next = [&]() -> std::optional<std::int64_t> {
    const std::size_t i = cursor++;
    return i < s.pending.size() ? std::optional(s.pending[i]) : std::nullopt;
  };
  const auto token = std::chrono::system_clock::now().time_since_epoch().count();
  const int threads = pool.threads();
  PartWriter parts(s.plan.header, s.parts_dir, fmt::format("r0-{}-", token),
                   chunk_runs(o.chunk, static_cast<std::int64_t>(s.pending.size()), threads),
                   std::chrono::seconds(60));
  try {
    pool.run([&] { run_pending(s, next, parts, threads, o.quiet); });
  } catch (...) {
    remove_parts_if_unused(s.parts_dir, parts_existed);
    throw;
  }
  // Recorded only when this process ran every run (not after --resume).
  done.runs = finish_session(s, o, command_line, parts_existed ? 0 : pool.threads_seen());
  done.simulated = static_cast<std::int64_t>(s.pending.size());
  done.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return done;
}

int sweep_command(const SweepOptions& o, int argc, char** argv) {
  const std::string command_line = joined_command_line(argc, argv);
  if (launched_by_mpi() && !o.run) return mpi_sweep_command(o, command_line);
  keep_freed_memory();
  WorkerPool pool(o.threads);
  install_signal_handlers();
  if (o.run) {
    const SweepPlan plan = plan_sweep(o.sweep, command_line, sweep_overrides(o));
    check_output_path(o.output, o.force);
    return pool.run([&] { return run_one(plan, *o.run, o, command_line); });
  }
  const LocalSweep done = sweep_locally(o, command_line, pool);
  if (o.quiet) return 0;
  if (done.already_complete)
    fmt::print("edusim: {} is complete; nothing to resume\n", o.output);
  else
    fmt::print("edusim: {} runs ({} simulated now) in {:.1f} s, {:.2f} runs/s, {} threads -> {}\n",
               done.runs, done.simulated, done.seconds,
               static_cast<double>(done.simulated) / done.seconds, pool.threads(), o.output);
  return 0;
}

int merge_command(const MergeOptions& o, int argc, char** argv) {
  check_output_path(o.output, o.force);
  // The first input names the sweep; all runs of it must be there unless told otherwise.
  std::optional<std::pair<std::int64_t, std::int64_t>> expected;
  if (!o.allow_partial) {
    const SweepFileData first = read_sweep_file(o.inputs.front());
    expected = std::pair<std::int64_t, std::int64_t>{0, first.header.runs};
  }
  const std::int64_t n =
      merge_sweep_files(o.inputs, o.output, o.force, expected, joined_command_line(argc, argv));
  fmt::print("edusim: merged {} runs from {} files -> {}\n", n, o.inputs.size(), o.output);
  return 0;
}

}  // namespace edusim

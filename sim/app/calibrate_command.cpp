#include "app/calibrate_command.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <mutex>

#include "app/commands.hpp"
#include "app/progress.hpp"
#include "app/signals.hpp"
#include "app/sweep_command.hpp"
#include "core/error.hpp"
#include "core/workers.hpp"

namespace edusim {

namespace fs = std::filesystem;

namespace {

/// A complete output of this very calibration: nothing left to do.
bool output_complete(const std::string& output, const CalibrationPlan& plan) {
  std::error_code ec;
  if (!fs::exists(output, ec)) return false;
  try {
    return read_calibration_file(output).header.digest == plan.header.digest;
  } catch (const InputError&) {
    return false;
  }
}

bool has_parts(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return false;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".h5") return true;
  return false;
}

}  // namespace

void prepare_calibration(CalibrationSession& c, const CalibrateOptions& o) {
  c.parts_dir = o.output + ".parts";
  std::error_code ec;
  c.parts_existed = fs::exists(c.parts_dir, ec);
  if (o.resume && output_complete(o.output, c.plan)) {
    if (c.parts_existed) remove_parts(c.parts_dir);
    c.already_complete = true;
    return;
  }
  if (o.resume && fs::exists(o.output, ec))
    throw InputError(fmt::format(
        "{}: the file exists and is not a complete result of this calibration; --resume will not "
        "overwrite it (use --force to start again)",
        o.output));
  check_output_path(o.output, o.force);
  if (c.parts_existed && !o.resume) {
    if (!o.force)
      throw InputError(fmt::format(
          "{}: an earlier calibration left its finished work in {}; continue it with --resume, "
          "or start again with --force",
          o.output, c.parts_dir));
    remove_parts(c.parts_dir);
  }
  if (o.resume) c.saved = load_saved_calibration(c.plan, c.parts_dir);
  fs::create_directories(c.parts_dir, ec);
  if (ec)
    throw InputError(
        fmt::format("{}: cannot create the parts directory: {}", c.parts_dir, ec.message()));
}

std::unique_ptr<PartsStore> parts_store(const CalibrationSession& c, const CalibrateOptions& o,
                                        int threads) {
  const auto chunk = static_cast<std::size_t>(
      o.chunk > 0 ? o.chunk : std::max<std::int64_t>(c.plan.spec.batch / 4, threads));
  const auto token = std::chrono::system_clock::now().time_since_epoch().count();
  return std::make_unique<PartsStore>(c.plan, c.parts_dir, fmt::format("{}", token), chunk,
                                      std::chrono::seconds(60));
}

void finish_calibration(CalibrationSession& c, const CalibrationResult& result,
                        const CalibrateOptions& o, int worker_threads, const std::string& workers) {
  throw_if_interrupted(
      fmt::format("the finished generations and evaluated proposals are saved in {}; continue "
                  "with --resume",
                  c.parts_dir)
          .c_str());
  if (result.generations.empty())
    throw InputError(fmt::format("{}: no generation was completed ({}); nothing is written",
                                 o.calibration, result.stop_reason));
  c.plan.header.stop_reason = result.stop_reason;
  c.plan.header.worker_threads = c.parts_existed ? 0 : worker_threads;
  write_calibration_file(o.output, c.plan.header, result.generations, true);
  remove_parts(c.parts_dir);
  if (o.quiet) return;
  std::int64_t runs = 0;
  for (const auto& g : result.generations) runs += g.runs;
  const auto& last = result.generations.back();
  fmt::print(
      "edusim: {} generations, {} runs, last tolerance {:.4g}, acceptance {:.3f}, ESS "
      "{:.1f}; {:.1f} s, {} ({}) -> {}\n",
      result.generations.size(), runs, last.tolerance, last.acceptance_rate,
      last.effective_sample_size,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - c.start).count(), workers,
      result.stop_reason, o.output);
}

int calibrate_command(const CalibrateOptions& o, int argc, char** argv) {
  const std::string command_line = joined_command_line(argc, argv);
  if (launched_by_mpi()) return mpi_calibrate_command(o, command_line);
  WorkerPool pool(o.threads);
  install_signal_handlers();
  CalibrationSession c(plan_calibration(o.calibration, command_line));
  prepare_calibration(c, o);
  if (c.already_complete) {
    if (!o.quiet) fmt::print("edusim: {} is complete; nothing to resume\n", o.output);
    return 0;
  }
  const std::unique_ptr<PartsStore> parts = parts_store(c, o, pool.threads());
  PartsStore& store = *parts;
  ProgressBar bar("calibrate", "calibrate", "particles", !o.quiet);
  std::mutex bar_mutex;
  const ProposalModel model = [&c](std::span<const double> theta, std::int64_t generation,
                                   std::int64_t index) {
    return simulate_proposal(c.plan, theta, generation, index);
  };
  const auto progress = [&](std::int64_t generation, std::int64_t accepted, std::int64_t wanted) {
    const std::lock_guard lock(bar_mutex);
    bar.update(generation * wanted + accepted, c.plan.spec.generations * wanted);
  };
  CalibrationResult result;
  try {
    result = pool.run([&] {
      return run_calibration(
          c.plan, model, std::move(c.saved), store, [] { return received_signal() != 0; },
          progress);
    });
  } catch (...) {
    store.flush();
    std::error_code ec;
    if (!c.parts_existed && !has_parts(c.parts_dir)) fs::remove_all(c.parts_dir, ec);
    throw;
  }
  bar.finish();
  finish_calibration(c, result, o, pool.threads_seen(), fmt::format("{} threads", pool.threads()));
  return 0;
}

}  // namespace edusim

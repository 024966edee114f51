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
#include "calibrate/calibration_runner.hpp"
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

int calibrate_command(const CalibrateOptions& o, int argc, char** argv) {
  const std::string command_line = joined_command_line(argc, argv);
  WorkerPool pool(o.threads);
  install_signal_handlers();
  CalibrationPlan plan = plan_calibration(o.calibration, command_line);
  const std::string parts_dir = o.output + ".parts";
  std::error_code ec;
  const bool parts_existed = fs::exists(parts_dir, ec);
  if (o.resume && output_complete(o.output, plan)) {
    if (parts_existed) remove_parts(parts_dir);
    if (!o.quiet) fmt::print("edusim: {} is complete; nothing to resume\n", o.output);
    return 0;
  }
  if (o.resume && fs::exists(o.output, ec))
    throw InputError(fmt::format(
        "{}: the file exists and is not a complete result of this calibration; --resume will not "
        "overwrite it (use --force to start again)",
        o.output));
  check_output_path(o.output, o.force);
  if (parts_existed && !o.resume) {
    if (!o.force)
      throw InputError(fmt::format(
          "{}: an earlier calibration left its finished work in {}; continue it with --resume, "
          "or start again with --force",
          o.output, parts_dir));
    remove_parts(parts_dir);
  }
  SavedCalibration saved;
  if (o.resume) saved = load_saved_calibration(plan, parts_dir);
  fs::create_directories(parts_dir, ec);
  if (ec)
    throw InputError(
        fmt::format("{}: cannot create the parts directory: {}", parts_dir, ec.message()));
  const auto chunk = static_cast<std::size_t>(
      o.chunk > 0 ? o.chunk : std::max<std::int64_t>(plan.spec.batch / 4, pool.threads()));
  const auto token = std::chrono::system_clock::now().time_since_epoch().count();
  PartsStore store(plan, parts_dir, fmt::format("{}", token), chunk, std::chrono::seconds(60));
  ProgressBar bar("calibrate", "calibrate", "particles", !o.quiet);
  std::mutex bar_mutex;
  const auto start = std::chrono::steady_clock::now();
  const ProposalModel model = [&plan](std::span<const double> theta, std::int64_t generation,
                                      std::int64_t index) {
    return simulate_proposal(plan, theta, generation, index);
  };
  const auto progress = [&](std::int64_t generation, std::int64_t accepted, std::int64_t wanted) {
    const std::lock_guard lock(bar_mutex);
    bar.update(generation * wanted + accepted, plan.spec.generations * wanted);
  };
  CalibrationResult result;
  try {
    result = pool.run([&] {
      return run_calibration(
          plan, model, std::move(saved), store, [] { return received_signal() != 0; }, progress);
    });
  } catch (...) {
    store.flush();
    if (!parts_existed && !has_parts(parts_dir)) fs::remove_all(parts_dir, ec);
    throw;
  }
  bar.finish();
  throw_if_interrupted(
      fmt::format("the finished generations and evaluated proposals are saved in {}; continue "
                  "with --resume",
                  parts_dir)
          .c_str());
  if (result.generations.empty())
    throw InputError(fmt::format("{}: no generation was completed ({}); nothing is written",
                                 o.calibration, result.stop_reason));
  plan.header.stop_reason = result.stop_reason;
  plan.header.worker_threads = parts_existed ? 0 : pool.threads_seen();
  write_calibration_file(o.output, plan.header, result.generations, true);
  remove_parts(parts_dir);
  if (!o.quiet) {
    std::int64_t runs = 0;
    for (const auto& g : result.generations) runs += g.runs;
    const auto& last = result.generations.back();
    fmt::print(
        "edusim: {} generations, {} runs, last tolerance {:.4g}, acceptance {:.3f}, ESS "
        "{:.1f}; {:.1f} s, {} threads ({}) -> {}\n",
        result.generations.size(), runs, last.tolerance, last.acceptance_rate,
        last.effective_sample_size,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
        pool.threads(), result.stop_reason, o.output);
  }
  return 0;
}

}  // namespace edusim

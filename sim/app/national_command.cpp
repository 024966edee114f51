#include "app/national_command.hpp"

#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <optional>

#include "app/commands.hpp"
#include "app/progress.hpp"
#include "app/signals.hpp"
#include "core/error.hpp"
#include "core/workers.hpp"
#include "io/scenario_io.hpp"
#include "national/county_generator.hpp"
#include "national/national_run.hpp"
#include "national/national_spec.hpp"
#include "national/national_writer.hpp"

namespace edusim {

namespace {

double peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0;  // Linux reports KiB
}

/// On a terminal, "counties done/total, student-years/s" redrawn at most every quarter
/// second; otherwise a line every tenth of the counties or 30 s (app/progress.hpp). Called
/// from worker threads.
class NationalProgress {
 public:
  NationalProgress(std::size_t total, bool enabled)
      : total_(total), enabled_(enabled), terminal_(stderr_is_terminal()) {
    if (enabled_ && !terminal_) lines_.emplace("national", "counties");
  }

  void update(std::size_t done, double student_years) {
    const std::lock_guard lock(mutex_);
    student_years_ += student_years;
    if (!enabled_) return;
    if (lines_) {
      if (const auto line = lines_->update(static_cast<long>(done), static_cast<long>(total_))) {
        fmt::print(stderr, "{}\n", *line);
        std::fflush(stderr);
      }
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (done < total_ && now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    fmt::print(stderr, "\rcounties {}/{}  {:.1f} M student-years/s  {:.0f} s ", done, total_,
               student_years_ / std::max(elapsed, 1e-9) / 1e6, elapsed);
    std::fflush(stderr);
  }
  void finish() const {
    if (enabled_ && terminal_) fmt::print(stderr, "\n");
  }

 private:
  std::size_t total_;
  bool enabled_, terminal_;
  std::optional<ProgressSchedule> lines_;
  std::mutex mutex_;
  double student_years_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_{};
};

void check_national_memory(const NationalFile& n, const NationalPlan& plan,
                           const std::vector<std::size_t>& counties, int threads) {
  const double bytes = estimate_national_memory(n, plan, counties, threads);
  const double limit = memory_limit_bytes();
  if (bytes > limit)
    throw InputError(fmt::format(
        "{}: the {} largest counties simulated at once need about {:.1f} GiB of memory; {:.1f} "
        "GiB is available (use fewer --threads, or fewer students per county)",
        n.file, threads, bytes / (1ull << 30), limit / (1ull << 30)));
}

void print_summary(const NationalFile& n, const NationalResult& r, int threads,
                   const std::string& output) {
  std::int64_t students = 0, schools = 0, teachers = 0;
  for (const auto& c : r.results)
    students += c.students, schools += c.schools, teachers += c.teachers;
  fmt::print("edusim: {} ({} counties, {} years, seed {}, {} threads) -> {}\n", n.spec.name,
             r.counties.size(), n.spec.years, n.spec.seed, threads, output);
  fmt::print("  students                  {:>14}\n", students);
  fmt::print("  schools                   {:>14}\n", schools);
  fmt::print("  teachers                  {:>14}\n", teachers);
  fmt::print("  wall time                 {:>14.2f} s\n", r.wall_seconds);
  fmt::print("  generation (thread-s)     {:>14.2f} s\n", r.generation_seconds);
  fmt::print("  simulation (thread-s)     {:>14.2f} s\n", r.simulation_seconds);
  fmt::print("  metrics (thread-s)        {:>14.2f} s\n", r.metrics_seconds);
  fmt::print("  student-years/s (wall)    {:>14.1f} M\n",
             r.student_years / std::max(r.wall_seconds, 1e-9) / 1e6);
  fmt::print("  peak RSS                  {:>14.1f} MiB\n", peak_rss_bytes() / (1 << 20));
}

}  // namespace

int national_command(const NationalOptions& o, int argc, char** argv) {
  NationalFile national = load_national(o.file);
  if (o.years) national.spec.years = *o.years;
  const NationalPlan plan = plan_counties(national.spec);
  if (!national.base.outputs.empty())
    fmt::print(stderr,
               "edusim: warning: {}: the base scenario's outputs: ({} custom outputs) are not "
               "written by national runs, which keep the /district series of each county\n",
               national.base_source, national.base.outputs.size());
  const auto counties = county_selection(plan, static_cast<std::size_t>(o.counties));
  const int threads = worker_count(o.threads);
  check_national_memory(national, plan, counties, threads);
  check_output_path(o.output, o.force);
  keep_freed_memory();
  WorkerPool pool(threads);
  install_signal_handlers();
  NationalProgress progress(counties.size(), !o.quiet);
  NationalRunOptions options;
  options.counties = counties;
  options.progress = [&progress](std::size_t done, double student_years) {
    throw_if_interrupted();
    progress.update(done, student_years);
  };
  const NationalResult result = pool.run([&] { return run_national(national, plan, options); });
  progress.finish();
  const auto write_start = std::chrono::steady_clock::now();
  write_national_file(
      o.output, national, plan, result,
      {joined_command_line(argc, argv), threads, pool.threads_seen(), peak_rss_bytes()}, o.force);
  const double write_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - write_start).count();
  if (!o.quiet) {
    print_summary(national, result, threads, o.output);
    fmt::print("  output written in         {:>14.2f} s\n", write_seconds);
  }
  return 0;
}

}  // namespace edusim

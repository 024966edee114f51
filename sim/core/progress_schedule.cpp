#include "core/progress_schedule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace edusim {

std::string rough_duration(double seconds) {
  const long s = std::lround(std::max(seconds, 0.0));
  if (s < 90) return fmt::format("{} s", s);
  const long minutes = std::lround(static_cast<double>(s) / 60.0);
  if (minutes < 90) return fmt::format("{} min", minutes);
  return fmt::format("{} h {} min", minutes / 60, minutes % 60);
}

std::string progress_line(const std::string& what, const std::string& unit, long done, long total,
                          double elapsed_seconds) {
  const double share =
      total > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 0.0;
  std::string line = fmt::format("edusim: {} {}/{} {} ({:.1f}%)", what, done, total, unit, share);
  if (done <= 0 || elapsed_seconds <= 0) return line + ", time left not known yet";
  const double rate = static_cast<double>(done) / elapsed_seconds;
  line += fmt::format(", {:.{}f} {}/s", rate, rate < 10 ? 2 : 1, unit);
  if (done >= total)
    return line + (elapsed_seconds < 0.5
                       ? std::string(", done in less than a second")
                       : fmt::format(", done in {}", rough_duration(elapsed_seconds)));
  const double left = static_cast<double>(total - done) / rate;
  return line + (left < 0.5 ? std::string(", less than a second left")
                            : fmt::format(", about {} left", rough_duration(left)));
}

double ProgressSchedule::steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

ProgressSchedule::ProgressSchedule(std::string what, std::string unit, Clock clock,
                                   double step_share, double interval_seconds)
    : what_(std::move(what)),
      unit_(std::move(unit)),
      clock_(std::move(clock)),
      step_share_(step_share),
      interval_(interval_seconds),
      start_(clock_()),
      last_line_(start_) {}

std::optional<std::string> ProgressSchedule::update(long done, long total) {
  if (total <= 0) return std::nullopt;
  const double now = clock_();
  const long steps = static_cast<long>(
      std::floor(static_cast<double>(done) / static_cast<double>(total) / step_share_ + 1e-9));
  const bool new_step = steps > last_step_ || (done >= total && last_done_ < total);
  const bool overdue = now - last_line_ >= interval_;
  if (!new_step && !overdue) return std::nullopt;
  last_step_ = std::max(last_step_, steps);
  last_done_ = done;
  last_line_ = now;
  return progress_line(what_, unit_, done, total, now - start_);
}

}  // namespace edusim

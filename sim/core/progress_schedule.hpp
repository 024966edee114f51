#pragma once
// Progress as plain lines, for a stderr that is not a terminal (a log file, a batch job's
// output): a line each time another tenth of the work is done or 30 s have passed since the
// last line, whichever comes first, e.g.
//   edusim: run 3/40 years (7.5%), 2.1 years/s, about 18 s left
// The clock is a parameter, so that the rule can be checked without waiting.
#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace edusim {

/// "about 18 s left", "about 4 min left", "about 2 h 5 min left": a duration in seconds,
/// rounded to what matters at its size.
std::string rough_duration(double seconds);

/// "edusim: WHAT DONE/TOTAL UNIT (P%), R UNIT/s, about T left"; the last line (done ==
/// total) gives the time taken instead of the time left.
std::string progress_line(const std::string& what, const std::string& unit, long done, long total,
                          double elapsed_seconds);

class ProgressSchedule {
 public:
  /// Seconds since any fixed origin.
  using Clock = std::function<double()>;
  /// The steady clock of the machine.
  static double steady_seconds();

  /// `what` names the task ("run", "sweep"), `unit` what is counted ("years", "runs").
  ProgressSchedule(std::string what, std::string unit, Clock clock = &steady_seconds,
                   double step_share = 0.1, double interval_seconds = 30.0);

  /// The line to print now that `done` of `total` are done, or nullopt: a line when `done`
  /// reaches another multiple of `step_share` of `total` (the last line at `total`), or
  /// when `interval_seconds` have passed since the last line (or the start).
  std::optional<std::string> update(long done, long total);

 private:
  std::string what_, unit_;
  Clock clock_;
  double step_share_, interval_;
  double start_, last_line_;
  long last_step_ = 0;  ///< the steps (tenths) reported so far
  long last_done_ = -1;
};

}  // namespace edusim

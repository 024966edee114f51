#pragma once
// Progress on stderr: a one-line bar redrawn in place when stderr is a terminal; otherwise
// (a log file, a pipe, a batch job) a plain line every tenth of the work or 30 s, whichever
// comes first (core/progress_schedule.hpp). Nothing when disabled (--quiet).
#include <chrono>
#include <optional>
#include <string>

#include "core/progress_schedule.hpp"

namespace edusim {

class ProgressBar {
 public:
  /// `label` starts the terminal bar; `what` and `unit` name the task and what is counted
  /// in the lines ("edusim: run 3/40 years (7.5%), ...").
  ProgressBar(std::string label, std::string what, std::string unit, bool enabled);
  void update(long done, long total);
  void finish();

 private:
  std::string label_;
  bool enabled_;
  std::optional<ProgressSchedule> lines_;  ///< set when stderr is not a terminal
  std::chrono::steady_clock::time_point start_;
};

/// True when progress should be drawn in place (stderr is a terminal).
bool stderr_is_terminal();

}  // namespace edusim

#pragma once
// `edusim run`, `edusim sweep` and `edusim validate` inside a Python process (the module of
// sim/python/edusim), by the command line's own code (app/run_setup.hpp, sweep_locally):
// a run from Python writes the file the command line writes. Nothing is printed; what the
// command line prints (warnings, the validation line) goes back to the caller.
#include <functional>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "app/sweep_command.hpp"

namespace edusim {

struct InProcessRun {
  std::vector<std::string> warnings;  ///< keys set without effect (io/switched_off.hpp)
  int threads = 0;                    ///< worker threads of the run
};

/// `edusim run` with `options` (output, force, seed, years, set, threads, check,
/// snapshot_at), recording `command_line` as provenance. `between_years` is called after
/// each simulated year; an exception from it stops the run and leaves no output file.
/// Throws InputError with the command line's messages.
InProcessRun run_in_process(const RunCommandOptions& options, const std::string& command_line,
                            const std::function<void()>& between_years);

/// `edusim sweep` with `options` on this machine (output, force, threads, set, seed, years).
/// Throws InputError with the command line's messages.
LocalSweep sweep_in_process(const SweepOptions& options, const std::string& command_line);

struct InProcessValidation {
  std::vector<std::string> warnings;  ///< keys set without effect
  std::string message;                ///< the line `edusim validate` prints
};

/// `edusim validate FILE`. Throws InputError with the command line's messages.
InProcessValidation validate_in_process(const std::string& file);

}  // namespace edusim

#pragma once
// What `edusim run` and `edusim validate` share with the Python module (sim/python): the
// scenario with the command line's overrides, the engine's request, and the check of a
// scenario, so that a run from Python is the run of the command line.
#include <string>

#include "app/commands.hpp"
#include "engine/simulation.hpp"

namespace edusim {

/// The scenario `edusim run` simulates: the file with each --set KEY=VALUE applied as if
/// written in it, then --seed and --years. Throws InputError for a bad file, key or value.
Scenario run_scenario(const RunCommandOptions& options);

/// The engine's request for `options`: the output, the provenance (`command_line`), the
/// worker `threads` and the --snapshot-at years. The caller adds progress and interruption.
/// Throws InputError for a bad --snapshot-at.
RunRequest run_request(const RunCommandOptions& options, const Scenario& scenario, int threads,
                       const std::string& command_line);

/// Checks `scenario` (read from `file`) as `edusim validate` does, by generating or loading
/// its district, and returns the line the command prints. Throws InputError.
std::string validate_scenario(const Scenario& scenario, const std::string& file);

}  // namespace edusim

// The Python module `edusim._edusim` (pybind11): the engine's run, sweep and validate for
// the package sim/python/edusim, which reads the files they write into DataFrames
// (docs/python.md). The engine runs with the GIL released, so that other Python threads
// go on meanwhile; errors the user can fix raise edusim.InputError (a ValueError) with the
// command line's message.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "core/error.hpp"
#include "edusim/version.hpp"
#include "python/in_process.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace edusim {
namespace {

/// Lets Ctrl-C stop a run between years: Python runs its signal handlers only while it runs
/// Python code, so a long run would otherwise notice the KeyboardInterrupt only at its end.
void check_python_signals() {
  py::gil_scoped_acquire acquire;
  if (PyErr_CheckSignals() != 0) throw py::error_already_set();
}

// The engine runs with the GIL released (the *_released functions): other Python threads go
// on meanwhile, and the engine's own threads never touch Python objects. The results are
// made into Python objects after the GIL is taken back. One call runs at a time, since
// Debian's HDF5 is not thread-safe: a call from a second Python thread waits for the first.
std::mutex engine;

py::dict run_released(RunCommandOptions options, const std::string& command_line) {
  InProcessRun done;
  {
    py::gil_scoped_release release;
    const std::lock_guard lock(engine);
    done = run_in_process(options, command_line, check_python_signals);
  }
  return py::dict("warnings"_a = done.warnings, "threads"_a = done.threads);
}

py::dict sweep_released(const SweepOptions& options, const std::string& command_line) {
  LocalSweep done;
  {
    py::gil_scoped_release release;
    const std::lock_guard lock(engine);
    done = sweep_in_process(options, command_line);
  }
  return py::dict("runs"_a = done.runs, "seconds"_a = done.seconds);
}

py::dict validate_released(const std::string& file) {
  InProcessValidation done;
  {
    py::gil_scoped_release release;
    const std::lock_guard lock(engine);
    done = validate_in_process(file);
  }
  return py::dict("warnings"_a = done.warnings, "message"_a = done.message);
}

void bind_run(py::module_& m) {
  m.def(
      "run",
      [](std::string scenario, std::string output, std::optional<std::int64_t> seed,
         std::optional<int> years, std::vector<std::string> set, int threads, bool force,
         bool check, std::vector<std::string> snapshot_at, const std::string& command_line) {
        RunCommandOptions o;
        o.scenario = std::move(scenario);
        o.output = std::move(output);
        o.seed = seed;
        o.years = years;
        o.set = std::move(set);
        o.threads = threads;
        o.force = force;
        o.check = check;
        o.snapshot_at = std::move(snapshot_at);
        return run_released(std::move(o), command_line);
      },
      "scenario"_a, "output"_a, "seed"_a = py::none(), "years"_a = py::none(),
      "set"_a = std::vector<std::string>{}, "threads"_a = 0, "force"_a = false, "check"_a = false,
      "snapshot_at"_a = std::vector<std::string>{}, "command_line"_a = "",
      "`edusim run SCENARIO -o OUTPUT` with the command line's options (set: KEY=VALUE "
      "strings); returns {'warnings': [...], 'threads': n}.");
}

void bind_sweep(py::module_& m) {
  m.def(
      "sweep",
      [](std::string file, std::string output, std::vector<std::string> set,
         std::optional<std::int64_t> seed, std::optional<int> years, int threads, bool force,
         const std::string& command_line) {
        SweepOptions o;
        o.sweep = std::move(file);
        o.output = std::move(output);
        o.set = std::move(set);
        o.seed = seed;
        o.years = years;
        o.threads = threads;
        o.force = force;
        o.quiet = true;
        return sweep_released(o, command_line);
      },
      "sweep"_a, "output"_a, "set"_a = std::vector<std::string>{}, "seed"_a = py::none(),
      "years"_a = py::none(), "threads"_a = 0, "force"_a = false, "command_line"_a = "",
      "`edusim sweep SWEEP -o OUTPUT` with the command line's options; returns {'runs': n, "
      "'seconds': s}.");
}

}  // namespace
}  // namespace edusim

PYBIND11_MODULE(_edusim, m) {
  using namespace edusim;
  m.doc() = "The edusim engine in this process; use the package `edusim` (docs/python.md).";
  py::register_exception<InputError>(m, "InputError", PyExc_ValueError);
  m.attr("engine_version") = kEngineVersion;
  m.attr("git_revision") = kGitRevision;
  bind_run(m);
  bind_sweep(m);
  m.def("validate", &validate_released, "scenario"_a,
        "`edusim validate SCENARIO`; returns {'warnings': [...], 'message': line}.");
  m.def("check_output_path", &check_output_path, "output"_a, "force"_a,
        "Raises InputError where `edusim run -o OUTPUT [--force]` would refuse OUTPUT.");
}

#pragma once
// Steps a World through the years of a scenario, phase by phase.
#include <functional>
#include <string>
#include <vector>

#include "io/run_writer.hpp"
#include "metrics/year_metrics.hpp"
#include "model/year_context.hpp"
#include "scenario/scenario.hpp"
#include "world/world.hpp"

namespace edusim {

struct SimulationOptions {
  bool check = false;        ///< verify invariants after every phase (slower)
  bool time_phases = false;  ///< accumulate wall time per phase (benchmarks)
};

class Simulation {
 public:
  Simulation(const Scenario& scenario, World world, SimulationOptions options = {});

  /// Simulates one year: every phase of the schedule in order.
  void step();
  /// Metrics of the current state, with the flows of the last simulated year.
  YearMetrics measure() const;

  const World& world() const { return world_; }
  World& mutable_world() { return world_; }
  const YearFlows& flows() const { return flows_; }
  int year() const { return world_.year; }
  int calendar_year() const { return scenario_.run.start_year + world_.year; }
  /// Seconds per phase (in schedule order) when time_phases is on.
  const std::vector<double>& phase_seconds() const { return phase_seconds_; }

 private:
  const Scenario& scenario_;
  World world_;
  SimulationOptions options_;
  YearFlows flows_;
  std::vector<double> phase_seconds_;
};

struct RunRequest {
  std::string output;
  bool overwrite = false;
  bool check = false;
  int threads = 1;
  std::string scenario_file;
  std::string command_line;
  /// On an exception during the years (e.g. an interruption), keep the years written so
  /// far in this file (marked complete = 0) instead of removing them; "" = remove.
  std::string partial_output;
  /// Calendar years at whose end the full World is stored in the file.
  std::vector<std::int32_t> snapshot_at;
  /// Called after each simulated year with (years done, years in total).
  std::function<void(int, int)> progress;
  /// Called with the metrics of the generated world (year 0).
  std::function<void(const YearMetrics&)> on_start;
  /// How many distinct threads executed the run's tasks, asked just before the file is
  /// completed and recorded as the root attribute `worker_threads`; unset: not recorded.
  std::function<int()> worker_threads;
};

/// One row per school of /schools/info.
std::vector<SchoolInfoRow> school_info(const World& world);

/// Generates the district, simulates every year and writes the HDF5 file;
/// returns the metrics of the last year.
YearMetrics run_to_file(const Scenario& scenario, const RunRequest& request);

}  // namespace edusim

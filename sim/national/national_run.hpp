#pragma once
// The national driver: every county an independent district, simulated in parallel (largest
// first, one county per task). A task builds its county's Scenario, generates the district,
// simulates the years, keeps the district metrics of each year and frees the world; it runs
// isolated, so that a thread waiting inside a county's nested parallel loops never starts
// another county. Memory is therefore about threads x the largest county.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "national/county_generator.hpp"
#include "national/national_spec.hpp"

namespace edusim {

struct CountyResult {
  std::int64_t students = 0, schools = 0, teachers = 0;  ///< of the generated world (year 0)
  std::vector<double> metrics;  ///< [year][metric]: years + 1 rows of kDistrictMetrics
  /// [year][series]: the county's balance assessment, the /balance/cv, /balance/verdict and
  /// /balance/basic_cv series of run files (balance_groups), years + 1 rows.
  std::vector<double> balance;
  double generation_seconds = 0, simulation_seconds = 0, metrics_seconds = 0;
  std::vector<double> phase_seconds;  ///< per phase of the schedule
};

struct NationalRunOptions {
  /// Counties to simulate (indices into the plan, any order); empty = all.
  std::vector<std::size_t> counties;
  /// Called from worker threads after each county (counties done, students of that
  /// county x years); may throw to stop the run (the exception reaches run_national's
  /// caller).
  std::function<void(std::size_t done, double student_years)> progress;
};

struct NationalResult {
  std::vector<std::size_t> counties;  ///< the simulated counties, ascending
  std::vector<CountyResult> results;  ///< per entry of `counties`
  std::vector<std::string> phase_names;
  std::vector<double> phase_seconds;  ///< summed over counties (thread-seconds)
  double generation_seconds = 0;      ///< summed over counties (thread-seconds)
  double simulation_seconds = 0;      ///< stepping the years, summed over counties
  double metrics_seconds = 0;         ///< measuring the years, summed over counties
  double wall_seconds = 0;            ///< of the whole parallel loop
  double student_years = 0;           ///< students x simulated years (years 1..n)
};

/// The counties of `plan` to run for `--counties n`: all of them for n == 0 or n >= the
/// plan's, else n counties spread evenly over the plan (every (count/n)-th), ascending.
std::vector<std::size_t> county_selection(const NationalPlan& plan, std::size_t n);

/// Upper estimate of the run's peak memory: the `threads` largest selected counties at once
/// (estimate_memory_bytes of each) plus the metrics kept for every county.
double estimate_national_memory(const NationalFile& national, const NationalPlan& plan,
                                const std::vector<std::size_t>& counties, int threads);

/// Simulates the counties (with the thread count of the current tbb::global_control).
NationalResult run_national(const NationalFile& national, const NationalPlan& plan,
                            const NationalRunOptions& options);

}  // namespace edusim

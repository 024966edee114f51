#include "national/national_run.hpp"

#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <numeric>

#include "build/generator.hpp"
#include "engine/schedule.hpp"
#include "engine/simulation.hpp"
#include "engine/spin_up.hpp"
#include "io/scenario_io.hpp"
#include "metrics/balance.hpp"

namespace edusim {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// The selected counties, largest planned first (ties by index): the long tasks start
/// first, so the last tasks to finish are short ones.
std::vector<std::size_t> largest_first(const NationalPlan& plan,
                                       const std::vector<std::size_t>& counties) {
  std::vector<std::size_t> order = counties;
  std::stable_sort(order.begin(), order.end(), [&plan](std::size_t a, std::size_t b) {
    return plan.counties[a].students > plan.counties[b].students;
  });
  return order;
}

/// Students summed over the simulated years (1..n; year 0 is the generated world).
double student_years(const CountyResult& r) {
  constexpr auto kStudents = static_cast<std::size_t>(DistrictMetric::students);
  double sum = 0;
  for (std::size_t y = 1; y * kDistrictMetrics < r.metrics.size(); ++y)
    sum += r.metrics[y * kDistrictMetrics + kStudents];
  return sum;
}

void append_metrics(CountyResult& r, const Simulation& sim, const Scenario& scenario) {
  const auto start = Clock::now();
  const YearMetrics m = sim.measure();
  r.metrics.insert(r.metrics.end(), m.district.begin(), m.district.end());
  const auto rows =
      balance_rows(assess_year_balance(sim.world(), sim.flows(), scenario.balance_standard));
  for (std::size_t g = 1; g < rows.size(); ++g)  // cv, verdict, basic_cv, misses: not per school
    r.balance.insert(r.balance.end(), rows[g].begin(), rows[g].end());
  r.metrics_seconds += seconds_since(start);
}

/// One county from scenario to metrics; the world is freed on return.
CountyResult simulate_county(const NationalFile& national, const NationalPlan& plan,
                             std::size_t k) {
  CountyResult r;
  auto start = Clock::now();
  const Scenario scenario = county_scenario(national, plan, k);
  Simulation sim(scenario, spun_up(scenario, generate_district(scenario)), {false, true});
  r.generation_seconds = seconds_since(start);
  const World& w = sim.world();
  r.students = static_cast<std::int64_t>(w.students.size());
  r.schools = static_cast<std::int64_t>(w.schools.size());
  r.teachers = static_cast<std::int64_t>(w.teachers.size());
  r.metrics.reserve(static_cast<std::size_t>(scenario.run.years + 1) * kDistrictMetrics);
  append_metrics(r, sim, scenario);
  start = Clock::now();
  for (int y = 0; y < scenario.run.years; ++y) {
    sim.step();
    append_metrics(r, sim, scenario);
  }
  r.simulation_seconds = seconds_since(start) - r.metrics_seconds;
  r.phase_seconds = sim.phase_seconds();
  return r;
}

}  // namespace

std::vector<std::size_t> county_selection(const NationalPlan& plan, std::size_t n) {
  const std::size_t total = plan.counties.size();
  std::vector<std::size_t> out;
  if (n == 0 || n >= total) {
    out.resize(total);
    std::iota(out.begin(), out.end(), std::size_t{0});
    return out;
  }
  for (std::size_t i = 0; i < n; ++i) out.push_back(i * total / n);
  return out;
}

double estimate_national_memory(const NationalFile& national, const NationalPlan& plan,
                                const std::vector<std::size_t>& counties, int threads) {
  const std::vector<std::size_t> order = largest_first(plan, counties);
  double bytes = 0;
  for (std::size_t i = 0; i < order.size() && i < static_cast<std::size_t>(threads); ++i)
    bytes += estimate_memory_bytes(county_scenario(national, plan, order[i]));
  // Per county: its metrics, and the rows of the province and national aggregates.
  bytes += static_cast<double>(counties.size()) * (national.spec.years + 1) * kDistrictMetrics *
           sizeof(double) * 2;
  return bytes;
}

NationalResult run_national(const NationalFile& national, const NationalPlan& plan,
                            const NationalRunOptions& options) {
  NationalResult out;
  out.counties = options.counties.empty() ? county_selection(plan, 0) : options.counties;
  std::sort(out.counties.begin(), out.counties.end());
  out.results.resize(out.counties.size());
  // Position of each county in out.counties, for the tasks to store their results.
  std::vector<std::size_t> slot_of(plan.counties.size());
  for (std::size_t i = 0; i < out.counties.size(); ++i) slot_of[out.counties[i]] = i;
  const std::vector<std::size_t> order = largest_first(plan, out.counties);
  std::atomic<std::size_t> next{0}, done{0};
  const auto start = Clock::now();
  // Each iteration takes the next county of `order` (not the iteration's own index), so
  // counties start strictly largest first whichever thread is free.
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, order.size(), 1),
      [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t it = range.begin(); it != range.end(); ++it) {
          const std::size_t k = order[next.fetch_add(1)];
          CountyResult& r = out.results[slot_of[k]];
          tbb::this_task_arena::isolate([&] { r = simulate_county(national, plan, k); });
          if (options.progress) options.progress(done.fetch_add(1) + 1, student_years(r));
        }
      },
      tbb::simple_partitioner());
  out.wall_seconds = seconds_since(start);
  const auto phases = year_schedule();
  for (const auto& p : phases) out.phase_names.emplace_back(p.name);
  out.phase_seconds.assign(phases.size(), 0.0);
  for (const CountyResult& r : out.results) {  // county order: the sums do not vary by thread
    out.generation_seconds += r.generation_seconds;
    out.simulation_seconds += r.simulation_seconds;
    out.metrics_seconds += r.metrics_seconds;
    for (std::size_t p = 0; p < r.phase_seconds.size() && p < phases.size(); ++p)
      out.phase_seconds[p] += r.phase_seconds[p];
    out.student_years += student_years(r);
  }
  return out;
}

}  // namespace edusim

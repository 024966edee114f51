// `edusim bench`: throughput of the year loop on a synthetic district of a
// given size. Figures: student-years per second for the learning phase and
// for the whole year, per-phase times, and peak resident memory.
#include <fmt/format.h>
#include <sys/resource.h>
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <chrono>
#include <cmath>

#include "app/commands.hpp"
#include "engine/schedule.hpp"
#include "engine/simulation.hpp"
#include "world/generator.hpp"

namespace edusim {

namespace {

SchoolTypeSpec school_type(Level level, Zone zone, double students, double per_grade) {
  SchoolTypeSpec t;
  t.level = level;
  t.zone = zone;
  t.students_per_grade = {per_grade, per_grade * 0.2, per_grade * 0.3, per_grade * 2};
  t.count = std::max(1, static_cast<int>(std::lround(students / (per_grade * grade_count(level)))));
  t.effectiveness_shift = zone == Zone::Urban ? 0.03 : zone == Zone::Rural ? -0.03 : 0.0;
  return t;
}

/// Every workforce policy on, with a budget cap so that interns and substitutes
/// are placed too (promotion and backbone recognition are on by default).
void switch_on_workforce_policies(Scenario& s) {
  s.rotation.enabled = true;
  s.rotation.quota_share = 0.2;
  s.rotation.scope = RotationScope::UrbanRural;
  s.low_title_high_hire.enabled = true;
  s.mentoring.enabled = true;
  s.mentoring.studios = 20;
  s.hiring.placement = HiringPlacement::WeakRuralFirst;
  s.hiring.interns.enabled = true;
  s.hiring.substitutes.enabled = true;
}

/// A county-like mix: two thirds of students in primary schools; urban
/// schools large, rural small.
Scenario bench_scenario(const BenchOptions& o) {
  Scenario s;
  s.run.seed = o.seed;
  s.run.years = o.years;
  s.district.name = fmt::format("benchmark district ({} students)", o.students);
  const double primary = o.students * 2.0 / 3.0, middle = o.students - primary;
  s.district.schools = {
      school_type(Level::Primary, Zone::Urban, 0.40 * primary, 150),
      school_type(Level::Primary, Zone::Town, 0.35 * primary, 90),
      school_type(Level::Primary, Zone::Rural, 0.25 * primary, 30),
      school_type(Level::Middle, Zone::Urban, 0.40 * middle, 300),
      school_type(Level::Middle, Zone::Town, 0.40 * middle, 200),
      school_type(Level::Middle, Zone::Rural, 0.20 * middle, 100),
  };
  if (o.policies) switch_on_workforce_policies(s);
  return s;
}

double peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int bench_command(const BenchOptions& o) {
  const int threads =
      o.threads > 0 ? o.threads : static_cast<int>(tbb::info::default_concurrency());
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  const Scenario scenario = bench_scenario(o);
  auto start = std::chrono::steady_clock::now();
  Simulation sim(scenario, generate_district(scenario), {false, true});
  const double generation = seconds_since(start);
  const auto students = static_cast<double>(sim.world().students.size());
  double student_years = 0, teacher_years = 0, metrics_seconds = 0;
  start = std::chrono::steady_clock::now();
  for (int y = 0; y < o.years; ++y) {
    sim.step();
    student_years += static_cast<double>(sim.world().students.size());
    teacher_years += static_cast<double>(sim.world().teachers.size());
    const auto m0 = std::chrono::steady_clock::now();
    const YearMetrics m = sim.measure();
    metrics_seconds += seconds_since(m0);
  }
  const double total = seconds_since(start);
  fmt::print(
      "edusim bench: {:.0f} students, {} schools, {} teachers, {} years, {} threads, policies "
      "{}\n",
      students, sim.world().schools.size(), sim.world().teachers.size(), o.years, threads,
      o.policies ? "on" : "off");
  fmt::print("  generation            {:9.3f} s\n", generation);
  const auto phases = year_schedule();
  double learning_seconds = 0;
  for (std::size_t p = 0; p < phases.size(); ++p) {
    const double sec = sim.phase_seconds()[p];
    if (phases[p].name == "learning") learning_seconds = sec;
    fmt::print("  {:<20}  {:9.3f} s  {:8.1f} M student-years/s\n", phases[p].name, sec,
               student_years / std::max(sec, 1e-12) / 1e6);
  }
  fmt::print("  {:<20}  {:9.3f} s  {:8.1f} M student-years/s\n", "metrics", metrics_seconds,
             student_years / std::max(metrics_seconds, 1e-12) / 1e6);
  fmt::print("learning phase:  {:.1f} M student-years/s ({:.1f} M per thread)\n",
             student_years / learning_seconds / 1e6,
             student_years / learning_seconds / 1e6 / threads);
  fmt::print(
      "whole year:      {:.1f} M student-years/s, {:.1f} ns per teacher-year, {:.3f} s per year\n",
      student_years / total / 1e6, total / teacher_years * 1e9, total / o.years);
  fmt::print("peak RSS:        {:.1f} MiB\n", peak_rss_mib());
  return 0;
}

}  // namespace edusim

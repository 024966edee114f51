// `edusim bench`: throughput of the year loop on a synthetic district of a
// given size. Figures: student-years per second for the learning phase and
// for the whole year, per-phase times, peak resident memory, and the ratio to
// the memory-bandwidth bound measured by a triad in the same run.
//
// One size: measured in this process. A table (--sizes, --threads-list): each
// row in a child process (this executable run again), so that each row's peak
// RSS (a process high-water mark) is its own; the triad runs in the parent,
// once per thread count, before the rows.
#include <fmt/format.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <tbb/global_control.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>

#include "app/commands.hpp"
#include "app/triad.hpp"
#include "build/generator.hpp"
#include "core/error.hpp"
#include "core/workers.hpp"
#include "engine/schedule.hpp"
#include "engine/simulation.hpp"
#include "io/overrides.hpp"
#include "io/scenario_io.hpp"

extern char** environ;

namespace edusim {

namespace {

/// Bytes the learning phase moves per student-year at sizes far beyond the
/// caches, counted as the triad counts them (no write-allocate): the class-mean
/// pass reads achievement (4); the update reads achievement, teacher_value_added,
/// ses and id (16) and writes achievement and teacher_value_added (8). Class and
/// school inputs are per class, not per student, and are left out.
constexpr double kLearningBytesPerStudentYear = 28.0;

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

/// --set KEY=VALUE on top of the benchmark scenario, checked as in `edusim run`:
/// the scenario is written as YAML, the keys set, and the document parsed again.
Scenario with_overrides(const Scenario& s, const std::vector<std::string>& sets) {
  if (sets.empty()) return s;
  return scenario_with_sets(YAML::Load(scenario_to_yaml(s)), "edusim bench", ".", sets);
}

/// A county-like mix: two thirds of students in primary schools; urban
/// schools large, rural small.
Scenario bench_scenario(const BenchOptions& o, std::int64_t students, int years) {
  Scenario s;
  s.run.seed = o.seed;
  s.run.years = years;
  s.district.name = fmt::format("benchmark district ({} students)", students);
  const double primary = static_cast<double>(students) * 2.0 / 3.0;
  const double middle = static_cast<double>(students) - primary;
  s.district.schools = {
      school_type(Level::Primary, Zone::Urban, 0.40 * primary, 150),
      school_type(Level::Primary, Zone::Town, 0.35 * primary, 90),
      school_type(Level::Primary, Zone::Rural, 0.25 * primary, 30),
      school_type(Level::Middle, Zone::Urban, 0.40 * middle, 300),
      school_type(Level::Middle, Zone::Town, 0.40 * middle, 200),
      school_type(Level::Middle, Zone::Rural, 0.20 * middle, 100),
  };
  if (o.policies) switch_on_workforce_policies(s);
  return with_overrides(s, o.set);
}

/// Years when --years is not given: enough for stable figures at small sizes,
/// few enough that 10^8 students stays practical.
int default_years(std::int64_t students) {
  return students <= 10'000       ? 40
         : students <= 100'000    ? 20
         : students <= 1'000'000  ? 10
         : students <= 10'000'000 ? 5
                                  : 3;
}

/// Peak resident memory of this process image: VmHWM, the high-water mark of its
/// address space, which starts afresh at exec. (getrusage's ru_maxrss does not: a
/// child spawned by a parent that ran the triad would inherit the parent's peak.)
double peak_rss_mib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // in kB
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// One row of the table: named figures in a fixed column order.
class Row {
 public:
  void set(const std::string& name, double value) {
    for (auto& c : columns_)
      if (c.first == name) {
        c.second = value;
        return;
      }
    columns_.emplace_back(name, value);
  }
  double get(std::string_view name) const {
    for (const auto& c : columns_)
      if (c.first == name) return c.second;
    return kNaN;
  }
  const std::vector<std::pair<std::string, double>>& columns() const { return columns_; }

 private:
  std::vector<std::pair<std::string, double>> columns_;
};

std::string phase_column(std::string_view phase) {
  return fmt::format("phase_{}_s", phase);
}

/// The bandwidth columns of a row from a triad run on the row's thread count.
void add_bound(Row& r, const TriadResult& t) {
  const double bound = t.gb_per_s * 1e9 / kLearningBytesPerStudentYear;
  r.set("triad_gb_per_s", t.gb_per_s);
  r.set("bound_student_years_per_s", bound);
  r.set("bound_ratio_learning", r.get("learning_student_years_per_s") / bound);
  r.set("bound_ratio_year", r.get("student_years_per_s") / bound);
}

/// Generates the district and steps it through the years, every phase timed.
Row measure(const BenchOptions& o, std::int64_t students, int threads, int years) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  const Scenario scenario = bench_scenario(o, students, years);
  auto start = std::chrono::steady_clock::now();
  Simulation sim(scenario, generate_district(scenario), {false, true});
  const double generation = seconds_since(start);
  Row r;
  r.set("students", static_cast<double>(sim.world().students.size()));
  r.set("schools", static_cast<double>(sim.world().schools.size()));
  r.set("teachers", static_cast<double>(sim.world().teachers.size()));
  double student_years = 0, teacher_years = 0, metrics_seconds = 0;
  start = std::chrono::steady_clock::now();
  for (int y = 0; y < years; ++y) {
    sim.step();
    student_years += static_cast<double>(sim.world().students.size());
    teacher_years += static_cast<double>(sim.world().teachers.size());
    const auto m0 = std::chrono::steady_clock::now();
    const YearMetrics m = sim.measure();
    metrics_seconds += seconds_since(m0);
  }
  const double total = seconds_since(start);
  const auto phases = year_schedule();
  double learning = 0;
  for (std::size_t p = 0; p < phases.size(); ++p)
    if (phases[p].name == "learning") learning = sim.phase_seconds()[p];
  r.set("threads", threads);
  r.set("years", years);
  r.set("seconds_per_year", total / years);
  r.set("student_years_per_s", student_years / total);
  r.set("learning_student_years_per_s", student_years / std::max(learning, 1e-12));
  r.set("ns_per_teacher_year", total / teacher_years * 1e9);
  for (const char* name :
       {"triad_gb_per_s", "bound_student_years_per_s", "bound_ratio_learning", "bound_ratio_year"})
    r.set(name, kNaN);
  r.set("peak_rss_mib", peak_rss_mib());
  r.set("generation_s", generation);
  for (std::size_t p = 0; p < phases.size(); ++p)
    r.set(phase_column(phases[p].name), sim.phase_seconds()[p] / years);
  r.set("metrics_s", metrics_seconds / years);
  return r;
}

// ---- output -------------------------------------------------------------

bool is_count(std::string_view name) {
  return name == "students" || name == "schools" || name == "teachers" || name == "threads" ||
         name == "years";
}

std::string cell(std::string_view name, double v, std::string_view nan) {
  if (std::isnan(v)) return std::string(nan);
  return is_count(name) ? fmt::format("{:.0f}", v) : fmt::format("{:.6g}", v);
}

std::string to_csv(const std::vector<Row>& rows) {
  std::string out;
  if (rows.empty()) return out;
  for (std::size_t k = 0; k < rows[0].columns().size(); ++k) {
    if (k) out += ',';
    out += rows[0].columns()[k].first;
  }
  out += '\n';
  for (const Row& r : rows) {
    for (std::size_t k = 0; k < r.columns().size(); ++k) {
      if (k) out += ',';
      out += cell(r.columns()[k].first, r.columns()[k].second, "nan");
    }
    out += '\n';
  }
  return out;
}

std::string to_json(const std::vector<Row>& rows) {
  std::string out = "[\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    out += "  {";
    const auto& cols = rows[i].columns();
    for (std::size_t k = 0; k < cols.size(); ++k)
      out += fmt::format("{}\"{}\": {}", k ? ", " : "", cols[k].first,
                         cell(cols[k].first, cols[k].second, "null"));
    out += i + 1 < rows.size() ? "},\n" : "}\n";
  }
  return out + "]\n";
}

/// Markdown: the summary table, then the seconds per year of every phase.
std::string to_table(const std::vector<Row>& rows) {
  std::string out =
      "| students | threads | years | s per year | student-years/s | learning student-years/s | "
      "ns per teacher-year | triad GB/s | bound ratio (learning) | bound ratio (year) | peak RSS "
      "MiB | generation s |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const Row& r : rows)
    out += fmt::format(
        "| {:.0f} | {:.0f} | {:.0f} | {:.4g} | {:.3g} M | {:.3g} M | {:.0f} | {:.1f} | {:.3f} | "
        "{:.3f} | {:.0f} | {:.3g} |\n",
        r.get("students"), r.get("threads"), r.get("years"), r.get("seconds_per_year"),
        r.get("student_years_per_s") / 1e6, r.get("learning_student_years_per_s") / 1e6,
        r.get("ns_per_teacher_year"), r.get("triad_gb_per_s"), r.get("bound_ratio_learning"),
        r.get("bound_ratio_year"), r.get("peak_rss_mib"), r.get("generation_s"));
  if (rows.empty()) return out;
  out += "\nSeconds per simulated year, by phase:\n\n| phase |";
  for (const Row& r : rows)
    out += fmt::format(" {:.0f} x {:.0f} |", r.get("students"), r.get("threads"));
  out += "\n|---|";
  for (std::size_t i = 0; i < rows.size(); ++i) out += "---:|";
  out += "\n";
  for (const auto& [name, value] : rows[0].columns()) {
    if (name.rfind("phase_", 0) != 0 && name != "metrics_s") continue;
    const std::string label = name == "metrics_s" ? "metrics" : name.substr(6, name.size() - 6 - 2);
    out += "| " + label + " |";
    for (const Row& r : rows) out += fmt::format(" {:.4g} |", r.get(name));
    out += "\n";
  }
  return out;
}

/// The original report of one measurement, with the bandwidth bound added.
void print_text(const Row& r, const BenchOptions& o, const std::optional<TriadResult>& triad) {
  const double years = r.get("years");
  const double student_years = r.get("student_years_per_s") * r.get("seconds_per_year") * years;
  fmt::print(
      "edusim bench: {:.0f} students, {:.0f} schools, {:.0f} teachers, {:.0f} years, {:.0f} "
      "threads, policies {}\n",
      r.get("students"), r.get("schools"), r.get("teachers"), years, r.get("threads"),
      o.policies ? "on" : "off");
  fmt::print("  generation            {:9.3f} s\n", r.get("generation_s"));
  for (const auto& [name, value] : r.columns()) {
    if (name.rfind("phase_", 0) != 0 && name != "metrics_s") continue;
    const std::string label = name == "metrics_s" ? "metrics" : name.substr(6, name.size() - 8);
    const double sec = value * years;
    fmt::print("  {:<20}  {:9.3f} s  {:8.1f} M student-years/s\n", label, sec,
               student_years / std::max(sec, 1e-12) / 1e6);
  }
  fmt::print("learning phase:  {:.1f} M student-years/s ({:.1f} M per thread)\n",
             r.get("learning_student_years_per_s") / 1e6,
             r.get("learning_student_years_per_s") / 1e6 / r.get("threads"));
  fmt::print(
      "whole year:      {:.1f} M student-years/s, {:.1f} ns per teacher-year, {:.3f} s per year\n",
      r.get("student_years_per_s") / 1e6, r.get("ns_per_teacher_year"), r.get("seconds_per_year"));
  fmt::print("peak RSS:        {:.1f} MiB\n", r.get("peak_rss_mib"));
  if (!triad) return;
  fmt::print(
      "triad:           {:.1f} GB/s (3 x {:.0f} MiB of double, best of {}, 24 bytes per element, "
      "no write-allocate)\n",
      triad->gb_per_s, triad->array_bytes / 1048576.0, triad->repetitions);
  fmt::print(
      "bandwidth bound: {:.0f} M student-years/s at {:.0f} bytes per student-year of learning; "
      "learning at {:.3f} of it, whole year at {:.3f}\n",
      r.get("bound_student_years_per_s") / 1e6, kLearningBytesPerStudentYear,
      r.get("bound_ratio_learning"), r.get("bound_ratio_year"));
}

void emit(const std::string& text, const std::string& output) {
  if (output.empty()) {
    fmt::print("{}", text);
    return;
  }
  std::ofstream f(output);
  f << text;
  if (!f) throw InputError(fmt::format("cannot write {}", output));
}

void emit_rows(const std::vector<Row>& rows, const BenchOptions& o) {
  if (o.format == "csv") return emit(to_csv(rows), o.output);
  if (o.format == "json") return emit(to_json(rows), o.output);
  emit(to_table(rows), o.output);
}

// ---- a table of sizes and thread counts, one child process per row ------

std::int64_t parse_size(const std::string& text) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !(v >= 1000 && v <= 2e9))
    throw InputError(fmt::format("--sizes: '{}' is not a student count in [1000, 2e9]", text));
  return std::llround(v);
}

/// Runs this executable for one row and reads the CSV it writes.
Row run_child(const BenchOptions& o, std::int64_t students, int threads, int years) {
  const auto file = std::filesystem::temp_directory_path() /
                    fmt::format("edusim-bench-{}-{}-{}.csv", getpid(), students, threads);
  std::vector<std::string> args{"edusim",      "bench",
                                "--students",  std::to_string(students),
                                "--threads",   std::to_string(threads),
                                "--years",     std::to_string(years),
                                "--seed",      std::to_string(o.seed),
                                "--triad-mib", "0",
                                "--format",    "csv",
                                "-o",          file.string()};
  if (o.policies) args.emplace_back("--policies");
  for (const auto& s : o.set) args.insert(args.end(), {"--set", s});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv.data(), environ) != 0)
    throw std::runtime_error("bench: cannot start a child process");
  int status = 0;
  waitpid(pid, &status, 0);
  std::ifstream in(file);
  std::string header, values;
  std::getline(in, header), std::getline(in, values);
  in.close();
  std::filesystem::remove(file);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || values.empty())
    throw std::runtime_error(
        fmt::format("bench: the row for {} students on {} threads failed", students, threads));
  Row r;
  std::stringstream hs(header), vs(values);
  for (std::string h, v; std::getline(hs, h, ',') && std::getline(vs, v, ',');)
    r.set(h, v == "nan" ? kNaN : std::stod(v));
  return r;
}

int bench_table(const BenchOptions& o) {
  std::vector<std::int64_t> sizes;
  for (const auto& s : o.sizes) sizes.push_back(parse_size(s));
  if (sizes.empty()) sizes.push_back(o.students);
  std::vector<int> threads = o.threads_list;
  if (threads.empty()) threads.push_back(worker_count(o.threads));
  std::map<int, TriadResult> triad;
  if (o.triad_mib > 0)
    for (int t : threads) {
      tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                                static_cast<std::size_t>(t));
      triad[t] = measure_triad(static_cast<std::size_t>(o.triad_mib), o.triad_repetitions);
      fmt::print(stderr, "bench: triad on {} threads: {:.1f} GB/s\n", t, triad[t].gb_per_s);
    }
  std::vector<Row> rows;
  for (std::int64_t n : sizes)
    for (int t : threads) {
      const int years = o.years > 0 ? o.years : default_years(n);
      fmt::print(stderr, "bench: {} students, {} threads, {} years\n", n, t, years);
      rows.push_back(run_child(o, n, t, years));
      if (triad.count(t)) add_bound(rows.back(), triad[t]);
    }
  emit_rows(rows, o);
  return 0;
}

}  // namespace

int bench_command(const BenchOptions& o) {
  if (!o.write_scenario.empty()) {
    const int years = o.years > 0 ? o.years : default_years(o.students);
    emit(scenario_to_yaml(bench_scenario(o, o.students, years)), o.write_scenario);
    return 0;
  }
  if (!o.sizes.empty() || !o.threads_list.empty()) return bench_table(o);
  keep_freed_memory();  // as `edusim run`
  const int threads = worker_count(o.threads);
  const int years = o.years > 0 ? o.years : default_years(o.students);
  Row r = measure(o, o.students, threads, years);
  std::optional<TriadResult> triad;
  if (o.triad_mib > 0) {  // after the run: its arrays must not count in the peak RSS above
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(threads));
    triad = measure_triad(static_cast<std::size_t>(o.triad_mib), o.triad_repetitions);
    add_bound(r, *triad);
  }
  if (o.format == "text") {
    print_text(r, o, triad);
    return 0;
  }
  emit_rows({r}, o);
  return 0;
}

}  // namespace edusim

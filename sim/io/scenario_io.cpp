#include "io/scenario_io.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

#include "core/error.hpp"
#include "io/schema_writers.hpp"
#include "io/snapshot.hpp"

namespace edusim {

Scenario parse_scenario(const YAML::Node& root, const std::string& name,
                        schema::SourceMap* sources) {
  schema::SourceMap local;
  schema::SourceMap& map = sources ? *sources : local;
  map.file = name;
  Scenario scenario;
  schema::YamlReader reader(root, "", map);
  scenario.visit(reader);
  reader.reject_unknown_keys();
  scenario.seed_given = map.marks.count("run.seed") > 0;
  scenario.run_index_given = map.marks.count("run.run_index") > 0;
  // A scenario written before 0.17.0 set one degree_shares for every level: its middle
  // schools keep them unless it says otherwise.
  if (map.marks.count("district.teachers.degree_shares") &&
      !map.marks.count("district.teachers.middle_degree_shares"))
    scenario.district.teachers.middle_degree_shares = scenario.district.teachers.degree_shares;
  validate_scenario(scenario, map);
  return scenario;
}

Scenario load_scenario(const std::string& file) {
  const auto dir = std::filesystem::path(file).parent_path();
  return scenario_from_document(schema::load_yaml_file(file), file,
                                dir.empty() ? "." : dir.string());
}

Scenario scenario_from_document(const YAML::Node& root, const std::string& name,
                                const std::string& base_dir,
                                std::map<std::string, std::string> set_by) {
  auto sources = std::make_shared<schema::SourceMap>();
  sources->set_by = std::move(set_by);
  Scenario s = parse_scenario(root, name, sources.get());
  s.base_dir = base_dir;
  s.file = name;
  if (!s.district.from_snapshot.empty()) continue_from_snapshot(s, *sources);
  s.sources = std::move(sources);
  return s;
}

std::string resolve_path(const Scenario& s, const std::string& path) {
  const std::filesystem::path p(path);
  return p.is_absolute() ? path : (std::filesystem::path(s.base_dir) / p).string();
}

void continue_from_snapshot(Scenario& s, const schema::SourceMap& sources) {
  const std::string file = resolve_path(s, s.district.from_snapshot);
  const std::vector<SnapshotInfo> snapshots = list_snapshots(file);
  const std::string where = sources.where("district.from_snapshot");
  if (snapshots.empty())
    throw InputError(
        fmt::format("{}: key 'district.from_snapshot': {} holds no snapshot (write "
                    "one with edusim run --snapshot-at YEAR)",
                    where, file));
  std::string years;
  for (const auto& info : snapshots)
    years += (years.empty() ? "" : ", ") + std::to_string(info.calendar_year);
  if (s.district.snapshot_year == 0 && snapshots.size() > 1)
    throw InputError(
        fmt::format("{}: key 'district.snapshot_year' is needed: {} holds snapshots "
                    "of {}",
                    where, file, years));
  const auto chosen = std::find_if(snapshots.begin(), snapshots.end(), [&](const SnapshotInfo& i) {
    return s.district.snapshot_year == 0 || i.calendar_year == s.district.snapshot_year;
  });
  if (chosen == snapshots.end())
    throw InputError(fmt::format(
        "{}: key 'district.snapshot_year': {} has no snapshot of {}; it "
        "has {}",
        sources.where("district.snapshot_year"), file, s.district.snapshot_year, years));
  // The calendar and, unless the scenario sets them, the random key continue
  // the original run: a restart with the same seed reproduces it bit for bit.
  s.district.snapshot_year = chosen->calendar_year;
  s.run.start_year = chosen->calendar_year - chosen->year;
  if (!s.seed_given) s.run.seed = static_cast<std::int64_t>(chosen->seed);
  if (!s.run_index_given) s.run.run_index = chosen->run_index;
}

namespace {

class Checker {
 public:
  explicit Checker(const schema::SourceMap& sources) : sources_(sources) {}

  /// Fails naming `path`; the location is that of the first of `path` and
  /// `also` that the file actually writes (the key to change).
  void require(bool ok, const std::string& path, const std::string& message,
               const std::string& also = "") const {
    if (ok) return;
    const std::string at = !sources_.marks.count(path) && sources_.marks.count(also)
                               ? sources_.where(also)
                               : sources_.where(path);
    throw InputError(fmt::format("{}: key '{}' {}", at, path, message));
  }

  template <class Shares>
  void shares_sum_to_one(const Shares& shares, const std::string& path) const {
    double sum = 0;
    for (double s : shares) sum += s;
    require(std::abs(sum - 1.0) < 1e-6, path,
            fmt::format("shares sum to {}; they must sum to 1", sum));
  }

  void ordered(const TruncatedNormal& d, const std::string& path) const {
    require(d.min <= d.max, path + ".min",
            fmt::format("({}) must not exceed {}.max ({})", d.min, path, d.max));
    require(d.min <= d.mean && d.mean <= d.max, path + ".mean",
            fmt::format("({}) must lie within [{}.min, {}.max] = [{}, {}]", d.mean, path, path,
                        d.min, d.max));
  }

 private:
  const schema::SourceMap& sources_;
};

/// The researcher's outputs: names that can name /custom/<name>, each once; a value
/// exactly where the aggregate reads one, and a probability for a quantile.
void check_outputs(const Scenario& s, const Checker& check) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < s.outputs.size(); ++i) {
    const CustomOutput& o = s.outputs[i];
    const std::string path = fmt::format("outputs[{}]", i);
    check.require(valid_output_name(o.name), path + ".name",
                  fmt::format("\"{}\" cannot name the dataset /custom/<name>: use a letter or '_', "
                              "then letters, digits or '_' (at most 64 characters)",
                              o.name));
    check.require(
        names.insert(o.name).second, path + ".name",
        fmt::format("\"{}\" is the name of an earlier output; names must be unique", o.name));
    const std::string_view aggregate = kOutputAggregateNames[static_cast<std::size_t>(o.aggregate)];
    const OutputColumnDef& column = output_column(o.of);
    if (!needs_value(o.aggregate)) {
      check.require(std::isnan(o.value), path + ".value",
                    fmt::format("is not read by aggregate {}; only share_above, share_below and "
                                "quantile take a value",
                                aggregate));
      continue;
    }
    const bool quantile = o.aggregate == OutputAggregate::Quantile;
    check.require(
        !std::isnan(o.value), path + ".value",
        quantile ? std::string("is needed by aggregate quantile: the probability q, in [0, 1]")
                 : fmt::format("is needed by aggregate {}: the threshold, in the units of {} ({})",
                               aggregate, column.name, column.unit),
        path + ".aggregate");
    check.require(
        !quantile || (o.value >= 0 && o.value <= 1), path + ".value",
        fmt::format("({}) must lie in [0, 1] for aggregate quantile (the probability q)", o.value));
  }
}

}  // namespace

void validate_scenario(const Scenario& s, const schema::SourceMap& sources) {
  const Checker check(sources);
  const auto& teachers = s.district.teachers;
  check.shares_sum_to_one(teachers.title_shares, "district.teachers.title_shares");
  check.shares_sum_to_one(teachers.degree_shares, "district.teachers.degree_shares");
  check.shares_sum_to_one(teachers.middle_degree_shares, "district.teachers.middle_degree_shares");
  check.shares_sum_to_one(teachers.backbone_shares, "district.teachers.backbone_shares");
  check.shares_sum_to_one(s.hiring.degree_shares, "hiring.degree_shares");
  check.shares_sum_to_one(s.leaders.rank_shares, "leaders.rank_shares");
  check.ordered(teachers.age, "district.teachers.age");
  check.ordered(teachers.talent, "district.teachers.talent");
  check.require(teachers.age.max < s.demography.retirement_age, "district.teachers.age.max",
                fmt::format("({}) must be below demography.retirement_age ({})", teachers.age.max,
                            s.demography.retirement_age),
                "demography.retirement_age");
  const std::pair<const TruncatedNormal*, const char*> hire_ages[] = {
      {&s.hiring.age, "hiring.age"},
      {&s.hiring.interns.age, "hiring.interns.age"},
      {&s.hiring.substitutes.age, "hiring.substitutes.age"}};
  for (const auto& [age, key] : hire_ages) {
    check.ordered(*age, key);
    check.require(age->max < s.demography.retirement_age, std::string(key) + ".max",
                  fmt::format("({}) must be below demography.retirement_age ({})", age->max,
                              s.demography.retirement_age),
                  "demography.retirement_age");
  }
  check.require(s.leaders.min_age <= s.leaders.max_age, "leaders.min_age",
                fmt::format("({}) must not exceed leaders.max_age ({})", s.leaders.min_age,
                            s.leaders.max_age),
                "leaders.max_age");
  check.require(s.leaders.max_age < s.leaders.retirement_age, "leaders.max_age",
                fmt::format("({}) must be below leaders.retirement_age ({})", s.leaders.max_age,
                            s.leaders.retirement_age),
                "leaders.retirement_age");
  const int n_sources = !s.district.schools.empty() + s.district.from_data.given() +
                        !s.district.from_snapshot.empty();
  check.require(n_sources == 1, "district",
                n_sources == 0 ? "needs a source: schools (generated), from_data (tables) or "
                                 "from_snapshot (an earlier run)"
                               : "has more than one source; give only one of schools, from_data, "
                                 "from_snapshot");
  std::int64_t schools = 0, primaries = 0, middles = 0;
  for (std::size_t i = 0; i < s.district.schools.size(); ++i) {
    const auto& type = s.district.schools[i];
    const std::string path = fmt::format("district.schools[{}]", i);
    check.ordered(type.students_per_grade, path + ".students_per_grade");
    schools += type.count;
    (type.level == Level::Primary ? primaries : middles) += type.count;
  }
  check.require(schools > 0 || s.district.schools.empty(), "district.schools",
                "generates no school (every count is 0)");
  // Grade-6 pupils move on to a middle school; without one they would leave silently.
  check.require(primaries == 0 || middles > 0, "district.schools",
                fmt::format("generates {} primary schools but no middle school: their grade-6 "
                            "students would have nowhere to go (give a middle school type a "
                            "count of at least 1)",
                            primaries));
  check_outputs(s, check);
  check_memory(s, sources);
}

void check_memory(const Scenario& s, const schema::SourceMap& sources) {
  const double bytes = estimate_memory_bytes(s);
  const double limit = memory_limit_bytes();
  if (bytes > limit)
    throw InputError(fmt::format(
        "{}: key 'district.schools' describes a district needing about {:.1f} GiB of memory "
        "over {} years; {:.1f} GiB is available (reduce counts, students_per_grade, "
        "enrolment.intake_growth or run.years)",
        sources.where("district.schools"), bytes / (1ull << 30), s.run.years,
        limit / (1ull << 30)));
}

double memory_limit_bytes() {
  // MemAvailable from /proc/meminfo; 64 GiB where it cannot be read.
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line))  // "MemAvailable:   24593052 kB"
    if (line.starts_with("MemAvailable:")) return std::stod(line.substr(13)) * 1024.0;
  return 64.0 * (1ull << 30);
}

double estimate_memory_bytes(const Scenario& s) {
  // Per student: 17 bytes of state, doubled while the layout is rebuilt, plus
  // sorting buffers of the metrics; per teacher about 64 bytes.
  double students = 0, teachers = 0;
  for (const auto& type : s.district.schools) {
    // Cohorts grow by compounding, so the largest enter in the last year.
    const auto& size = type.students_per_grade;
    const double per_grade = std::min(size.max, size.mean + size.sd);
    const double growth = std::pow(1.0 + std::max(0.0, s.enrolment.intake_growth), s.run.years);
    const double n = static_cast<double>(type.count) * per_grade * grade_count(type.level) * growth;
    students += n;
    teachers += n / s.district.teachers.student_teacher_ratio[index(type.level)];
  }
  return students * 48.0 + teachers * 128.0 + kRunOverheadBytes;
}

std::string scenario_to_yaml(const Scenario& scenario) {
  Scenario copy = scenario;
  YAML::Emitter out;
  out << YAML::BeginMap;
  schema::YamlWriter writer(out);
  copy.visit(writer);
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

std::string scenario_reference_markdown() {
  Scenario defaults;
  defaults.district.schools.clear();
  schema::ReferenceWriter writer;
  writer.with_basis();
  defaults.visit(writer);
  return "| key | type | default | allowed | unit | description | source | basis |\n"
         "|---|---|---|---|---|---|---|---|\n" +
         writer.markdown();
}

}  // namespace edusim

#include "engine/simulation.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <chrono>

#include "core/error.hpp"
#include "engine/schedule.hpp"
#include "io/h5_handle.hpp"
#include "io/run_writer.hpp"
#include "io/scenario_io.hpp"
#include "io/snapshot.hpp"
#include "io/switched_off.hpp"
#include "metrics/balance.hpp"
#include "metrics/costs.hpp"
#include "metrics/custom_outputs.hpp"
#include "metrics/kindergarten_series.hpp"
#include "phases/kindergartens.hpp"
#include "phases/leaders.hpp"
#include "world/group_gaps.hpp"
#include "world/invariants.hpp"

#include <algorithm>
#include "build/world_source.hpp"
#include "engine/spin_up.hpp"

namespace edusim {

Simulation::Simulation(const Scenario& scenario, World world, SimulationOptions options)
    : scenario_(scenario), world_(std::move(world)), options_(options) {
  flows_.reset(world_.schools.size());
  phase_seconds_.assign(year_schedule().size(), 0.0);
  update_leadership(world_);  // the world's leaders as built (generated, loaded or restored)
  if (options_.check) check_invariants(world_, "year 0 (generated world)", ClassTeachers::Required);
}

void Simulation::step() {
  const YearContext ctx = year_context(scenario_, static_cast<std::uint32_t>(world_.year + 1));
  flows_.reset(world_.schools.size());
  const auto phases = year_schedule();
  for (std::size_t p = 0; p < phases.size(); ++p) {
    const auto start = std::chrono::steady_clock::now();
    phases[p].run(world_, scenario_, ctx, flows_);
    if (options_.time_phases)
      phase_seconds_[p] +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (options_.check)  // classes get their teachers back in class_assignment
      check_invariants(world_, fmt::format("year {}, after phase {}", ctx.year, phases[p].name),
                       ClassTeachers::MayBeMissing);
  }
  ++world_.year;
  if (options_.check) {
    const std::string where = fmt::format("end of year {}", ctx.year);
    check_invariants(world_, where, ClassTeachers::Required);
    check_flows(world_, flows_, where);
  }
}

YearMetrics Simulation::measure() const {
  YearMetrics m = edusim::measure(world_, flows_, scenario_.metrics);
  measure_costs(world_, scenario_.pay, scenario_.housing, m);
  return m;
}

std::vector<SchoolInfoRow> school_info(const World& w) {
  std::vector<SchoolInfoRow> rows;
  for (std::size_t s = 0; s < w.schools.size(); ++s)
    rows.push_back(
        {static_cast<std::int32_t>(s), w.schools.name[s],
         std::string(kLevelNames[index(w.schools.level[s])]),
         std::string(kZoneNames[index(w.schools.zone[s])]), w.schools.group[s],
         w.schools.alliance[s],
         std::string(kGroupRoleNames[static_cast<std::size_t>(w.schools.group_role[s])]),
         std::string(kGroupTypeNames[static_cast<std::size_t>(w.schools.group_type[s])])});
  return rows;
}

namespace {

/// /events/rotations: one row per move of a teacher between schools.
EventTableDef rotation_events_def() {
  std::string kinds;
  for (std::size_t k = 0; k < kRotationKindNames.size(); ++k)
    kinds += fmt::format("{}{}={}", k ? "; " : "", k, kRotationKindNames[k]);
  return {"events/rotations",
          {{"year", "calendar year", "calendar year of the school year in which the move happened"},
           {"teacher", "id", "the teacher's id (stable over the run; /snapshots/*/teachers/id)"},
           {"from_school", "index", "school left (row of /schools/info)"},
           {"to_school", "index", "school joined (row of /schools/info)"},
           {"kind", "code", "what the move was: " + kinds}},
          {{"kind_names", kinds},
           {"description", "every rotation move, return and stay, in the order they happened"}}};
}

/// /events/consolidations: one row per (closed school, receiving school) pair.
EventTableDef closure_events_def() {
  return {"events/consolidations",
          {{"year", "calendar year", "calendar year of the school year the school closed in"},
           {"school", "index", "the closed school (row of /schools/info)"},
           {"to_school", "index", "a school that received its students or teachers"},
           {"students", "students", "students moved to to_school"},
           {"teachers", "teachers", "teachers moved to to_school (or back home there)"}},
          {{"description", "where the students and teachers of each closed school went"}}};
}

/// Appends `events` as rows: columns(e) gives an event's values after the year.
template <class Event, class Columns>
void append_events(RunWriter& writer, std::size_t table, std::int32_t calendar_year,
                   const std::vector<Event>& events, Columns columns) {
  const std::size_t n = events.size();
  std::vector<std::int64_t> v;
  for (std::size_t r = 0; r < n; ++r) {
    const auto row = columns(events[r]);
    if (v.empty()) v.resize((row.size() + 1) * n);
    v[r] = calendar_year;
    for (std::size_t c = 0; c < row.size(); ++c) v[(c + 1) * n + r] = row[c];
  }
  writer.append_events(table, v, n);
}

/// Refuses an output by group in a district without education groups (known only once
/// the world is built).
void check_output_groups(const Scenario& s, std::size_t n_groups) {
  for (std::size_t i = 0; i < s.outputs.size(); ++i) {
    if (s.outputs[i].by != OutputBy::Group || n_groups > 0) continue;
    const std::string path = fmt::format("outputs[{}].by", i);
    throw InputError(
        fmt::format("{}: key '{}' is group, but the district has no education groups "
                    "(structure.groups, structure.group_rule); use district, school, zone or level",
                    s.sources ? s.sources->where(path) : s.file, path));
  }
}

}  // namespace

YearMetrics run_to_file(const Scenario& scenario, const RunRequest& request) {
  Simulation sim(scenario, start_world(scenario, request.check), {request.check, false});
  const std::size_t n_groups = group_count(sim.world());
  check_output_groups(scenario, n_groups);
  RunProvenance provenance{request.scenario_file,
                           scenario_to_yaml(scenario),
                           static_cast<std::uint64_t>(scenario.run.seed),
                           scenario.run.run_index,
                           request.threads,
                           request.command_line,
                           fmt::format("{}", fmt::join(no_effect_warnings(scenario), "\n"))};
  provenance.world_seed = world_seed(scenario);
  RunWriter writer(request.output, provenance, school_info(sim.world()), district_series(),
                   school_series(), request.overwrite);
  const int first = sim.calendar_year(), last = first + scenario.run.years;
  for (const auto y : request.snapshot_at)
    if (y < first || y > last)
      throw InputError(
          fmt::format("--snapshot-at {}: the run covers the years {} to {}", y, first, last));
  std::vector<std::size_t> groups;
  for (auto& group : balance_groups(sim.world().schools.size()))
    groups.push_back(writer.add_group(std::move(group)));
  // /groups exists only in districts with education groups.
  const std::size_t gaps = n_groups > 0 ? writer.add_group(group_series(n_groups)) : 0;
  // /custom exists only when the scenario lists outputs.
  std::vector<std::size_t> custom;
  for (const CustomOutput& output : scenario.outputs)
    custom.push_back(writer.add_group(custom_output_group(output, sim.world(), n_groups)));
  // /kindergartens and /kindergarten_district exist only in districts with kindergartens.
  const bool kindergartens = sim.world().kindergartens.size() > 0;
  const std::size_t kg_group =
      kindergartens ? writer.add_group(kindergarten_series(sim.world())) : 0;
  const std::size_t kg_district =
      kindergartens ? writer.add_group(kindergarten_district_series()) : 0;
  const std::size_t rotations = writer.add_events(rotation_events_def());
  const std::size_t closures = writer.add_events(closure_events_def());
  EventTableDef leader_def = rotation_events_def();
  leader_def.path = "events/leader_rotations";
  leader_def.columns[1] = {"leader", "id", "the leader's id (stable over the run)"};
  leader_def.attributes[1] = {"description", "every rotation move, return and stay of a leader"};
  const std::size_t leader_moves = writer.add_events(std::move(leader_def));
  auto record = [&](const YearMetrics& metrics) {
    const auto move = [](const RotationEvent& e) {
      return std::array<std::int64_t, 4>{e.teacher, e.from, e.to,
                                         static_cast<std::int64_t>(e.kind)};
    };
    append_events(writer, rotations, sim.calendar_year(), sim.flows().rotation_events, move);
    append_events(writer, leader_moves, sim.calendar_year(), sim.flows().leader_rotation_events,
                  move);
    append_events(
        writer, closures, sim.calendar_year(), sim.flows().closure_events,
        [](const ClosureEvent& e) {
          return std::array<std::int64_t, 4>{e.school, e.to_school, e.students, e.teachers};
        });
    writer.append_year(sim.calendar_year(), metrics.district, metrics.school);
    const auto rows =
        balance_rows(assess_year_balance(sim.world(), sim.flows(), scenario.balance_standard));
    for (std::size_t g = 0; g < groups.size(); ++g) writer.append_group(groups[g], rows[g]);
    if (n_groups > 0) writer.append_group(gaps, group_gap_rows(sim.world(), n_groups));
    if (kindergartens) {
      const KindergartenSpec& spec = scenario.district.kindergartens;
      writer.append_group(kg_group, kindergarten_rows(sim.world(), spec, scenario.pay));
      writer.append_group(
          kg_district, kindergarten_district_rows(
                           sim.world(), spec, scenario.pay,
                           zone_cohorts(sim.world(), scenario.enrolment, sim.year()), sim.flows()));
    }
    for (std::size_t i = 0; i < custom.size(); ++i)
      writer.append_group(custom[i],
                          measure_custom_output(scenario.outputs[i], sim.world(), n_groups));
    if (std::find(request.snapshot_at.begin(), request.snapshot_at.end(), sim.calendar_year()) !=
        request.snapshot_at.end())
      write_snapshot(writer, sim.world(),
                     {sim.calendar_year(), sim.year(),
                      static_cast<std::uint64_t>(scenario.run.seed), scenario.run.run_index});
  };
  YearMetrics metrics = sim.measure();
  try {
    record(metrics);  // year 0 first: a partial file always holds the generated world
    if (request.on_start) request.on_start(metrics);
    for (int y = 0; y < scenario.run.years; ++y) {
      sim.step();
      metrics = sim.measure();
      record(metrics);
      if (request.progress) request.progress(y + 1, scenario.run.years);
    }
  } catch (...) {
    // Callbacks throw between years (after a whole year is recorded), so the file is
    // consistent up to the last year written.
    if (!request.partial_output.empty()) writer.finish_partial(request.partial_output);
    throw;
  }
  if (request.worker_threads)
    h5::write_int32_attr(writer.native_file(), "worker_threads", request.worker_threads(),
                         request.output + ": /");
  writer.finish();
  return metrics;
}

}  // namespace edusim

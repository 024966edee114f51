#include "phases/consolidation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "phases/leaders.hpp"
#include "world/layout.hpp"

namespace edusim {

void ClosureSpec::visit(schema::Visitor& v) {
  v.field("school", school,
          {{"name of the school to close", "", "see `edusim export-world` for the names"}, true});
  v.field("year", year,
          {0,
           9999,
           {"calendar year of the school year from which the school is closed (its students "
            "and teachers move at the start of that year)",
            "calendar year", "setting: the district's plan"},
           true});
}

void ClosureRule::visit(schema::Visitor& v) {
  v.field("enabled", enabled,
          {"close every open school at or below max_students (weak and rural if so asked) each "
           "year"});
  v.field("max_students", max_students,
          {0,
           100000,
           {"enrolment at or below which a school is closed by the rule", "students",
            "国办发〔2012〕48号 (State Council, 2012) halts blind closures and requires keeping "
            "small village schools and teaching points (教学点) where needed; the national "
            "balance standard leaves schools under 50 students out as teaching points; the "
            "default closes schools of 50 or fewer"}});
  v.field("only_weak", only_weak,
          {"close only schools classed weak (薄弱校) by school_strength that year"});
  v.field("only_rural", only_rural, {"close only rural (village) schools"});
  v.field("first_year", first_year,
          {0,
           9999,
           {"calendar year from which the rule applies; 0: from the first simulated year",
            "calendar year", "setting: the district's plan"}});
}

void ConsolidationParams::visit(schema::Visitor& v) {
  v.field("plan", plan,
          schema::ListSpec{{"schools closed by name in a given year (撤并 plan)", "",
                            "seed policies: consolidation of small weak village schools"}});
  v.field("rule", rule, schema::SectionSpec{{"schools closed by a size rule"}});
  v.field("boarding_km", boarding_km,
          {0,
           1000,
           {"distance from the closed school to the receiving one above which moved students "
            "board (寄宿); recorded only",
            "km",
            "assumption: about 3 km, the walking distance primary pupils are commonly expected "
            "to cover; set from local policy"}});
}

namespace {

/// Open, not closing schools of `level`, nearest to `from` first (ties by index).
std::vector<std::int32_t> receivers_by_distance(const Schools& sc,
                                                const std::vector<std::uint8_t>& closing,
                                                std::size_t from, Level level) {
  std::vector<std::int32_t> out;
  for (std::size_t s = 0; s < sc.size(); ++s)
    if (sc.open[s] && !closing[s] && sc.level[s] == level)
      out.push_back(static_cast<std::int32_t>(s));
  std::stable_sort(out.begin(), out.end(), [&](std::int32_t a, std::int32_t b) {
    return school_distance_km(sc, from, static_cast<std::size_t>(a)) <
           school_distance_km(sc, from, static_cast<std::size_t>(b));
  });
  return out;
}

bool rule_picks(const World& w, const ClosureRule& rule, std::size_t s) {
  const Schools& sc = w.schools;
  return w.school_students(s) <= rule.max_students &&
         (!rule.only_rural || sc.zone[s] == Zone::Rural) &&
         (!rule.only_weak || sc.strength[s] == Strength::Weak);
}

/// The k-th of n units shared out in proportion to the order of `placed`
/// (the receiving school of each moved student): unit k goes where the student
/// at the matching position went, so shares follow the students.
std::int32_t proportional(const std::vector<std::int32_t>& placed, std::size_t k, std::size_t n,
                          std::int32_t nearest) {
  if (placed.empty()) return nearest;
  return placed[(2 * k + 1) * placed.size() / (2 * n)];
}

/// The state of one year's closures while they are carried out.
struct Closing {
  World& w;
  const ConsolidationParams& p;
  std::vector<std::uint8_t> closing;
  std::vector<std::int64_t> load;                 ///< students per school as placed so far
  std::vector<std::int32_t> destination;          ///< per student, -1 stays
  std::vector<std::int32_t> nearest;              ///< per school: nearest receiver
  std::vector<std::vector<std::int32_t>> placed;  ///< per school: receiver of each student
  std::map<std::pair<std::int32_t, std::int32_t>, ConsolidationEvent> events;
  ConsolidationOutcome out;

  ConsolidationEvent& event(std::int32_t from, std::int32_t to) {
    auto& e = events[{from, to}];
    e.school = from, e.to_school = to;
    return e;
  }

  void place_students(std::size_t c) {
    const auto receivers = receivers_by_distance(w.schools, closing, c, w.schools.level[c]);
    nearest[c] = receivers.front();
    const auto first = w.school_student_begin(c), last = w.school_student_begin(c + 1);
    for (auto i = first; i < last; ++i) {
      auto it = std::find_if(receivers.begin(), receivers.end(), [&](std::int32_t r) {
        return load[static_cast<std::size_t>(r)] < w.schools.capacity[static_cast<std::size_t>(r)];
      });
      if (it == receivers.end()) {
        it = receivers.begin();
        ++out.students_overflow;
      }
      const std::int32_t r = *it;
      ++load[static_cast<std::size_t>(r)];
      destination[static_cast<std::size_t>(i)] = r;
      placed[c].push_back(r);
      ++event(static_cast<std::int32_t>(c), r).students;
      if (school_distance_km(w.schools, c, static_cast<std::size_t>(r)) > p.boarding_km)
        ++out.students_boarding;
    }
    out.students_moved += last - first;
  }

  /// (b): employees of a closing school follow its students; a teacher rotating
  /// out of it stays where it teaches, one rotating into it returns home.
  void redeploy_teachers() {
    Teachers& t = w.teachers;
    std::vector<std::vector<std::size_t>> staff(w.schools.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
      const auto home = static_cast<std::size_t>(t.home_school[i]);
      const auto at = static_cast<std::size_t>(t.school[i]);
      if (!closing[home] && !closing[at]) continue;
      ++out.teachers_moved;
      if (closing[home] && !closing[at]) {
        t.home_school[i] = t.school[i];
      } else if (!closing[home]) {
        ++event(t.school[i], t.home_school[i]).teachers;
        t.school[i] = t.home_school[i];
        t.years_at_school[i] = 0;
      } else {
        staff[home].push_back(i);
      }
      t.rotation_destination[i] = -1;
      t.rotation_years_left[i] = 0;
      t.rotation_kind[i] = RotationKind::None;
    }
    for (std::size_t c = 0; c < staff.size(); ++c)
      for (std::size_t k = 0; k < staff[c].size(); ++k) {
        const std::size_t i = staff[c][k];
        const std::int32_t r = proportional(placed[c], k, staff[c].size(), nearest[c]);
        ++event(static_cast<std::int32_t>(c), r).teachers;
        t.school[i] = t.home_school[i] = r;
        t.years_at_school[i] = 0;
      }
  }

  /// Entrants of a closed school's catchment enrol where its students went.
  void move_intake(std::size_t c) {
    Schools& sc = w.schools;
    const auto n = static_cast<std::size_t>(std::max(0, sc.base_intake[c]));
    for (std::size_t k = 0; k < n; ++k)
      ++sc.base_intake[static_cast<std::size_t>(proportional(placed[c], k, n, nearest[c]))];
    sc.base_intake[c] = 0;
  }

  /// (c): primaries whose catchment middle school closed get the nearest open one.
  void reassign_catchments() {
    Schools& sc = w.schools;
    for (std::size_t s = 0; s < sc.size(); ++s) {
      const auto m = sc.catchment_middle[s];
      if (sc.level[s] != Level::Primary || m < 0 || !closing[static_cast<std::size_t>(m)]) continue;
      const auto receivers = receivers_by_distance(sc, closing, s, Level::Middle);
      sc.catchment_middle[s] = receivers.empty() ? -1 : receivers.front();
    }
  }
};

}  // namespace

std::vector<std::int32_t> schools_to_close(const World& w, const ConsolidationParams& p,
                                           std::int32_t calendar_year) {
  const Schools& sc = w.schools;
  std::vector<std::uint8_t> pick(sc.size(), 0);
  for (const ClosureSpec& c : p.plan)
    if (c.year == calendar_year)
      for (std::size_t s = 0; s < sc.size(); ++s) pick[s] |= sc.name[s] == c.school;
  const bool rule_on = p.rule.enabled && calendar_year >= p.rule.first_year;
  for (std::size_t s = 0; s < sc.size(); ++s) pick[s] |= rule_on && rule_picks(w, p.rule, s);
  // Every level stays served: when all open schools of a level are picked, the
  // largest (ties: the lowest index) stays open to receive the others.
  std::vector<std::int32_t> out;
  for (int l = 0; l < kLevels; ++l) {
    std::vector<std::int32_t> open, picked;
    for (std::size_t s = 0; s < sc.size(); ++s) {
      if (!sc.open[s] || index(sc.level[s]) != l) continue;
      open.push_back(static_cast<std::int32_t>(s));
      if (pick[s]) picked.push_back(static_cast<std::int32_t>(s));
    }
    if (!open.empty() && picked.size() == open.size()) {
      const auto keep = *std::max_element(picked.begin(), picked.end(), [&](auto a, auto b) {
        return w.school_students(static_cast<std::size_t>(a)) <
               w.school_students(static_cast<std::size_t>(b));
      });
      picked.erase(std::find(picked.begin(), picked.end(), keep));
    }
    out.insert(out.end(), picked.begin(), picked.end());
  }
  std::sort(out.begin(), out.end());
  return out;
}

ConsolidationOutcome consolidation(World& w, const ConsolidationParams& p,
                                   std::int32_t calendar_year, const YearContext&) {
  const std::vector<std::int32_t> closes = schools_to_close(w, p, calendar_year);
  if (closes.empty()) return {};
  const std::size_t n = w.schools.size();
  Closing run{w,
              p,
              std::vector<std::uint8_t>(n, 0),
              std::vector<std::int64_t>(n, 0),
              std::vector<std::int32_t>(w.students.size(), -1),
              std::vector<std::int32_t>(n, -1),
              std::vector<std::vector<std::int32_t>>(n),
              {},
              {}};
  for (auto c : closes) run.closing[static_cast<std::size_t>(c)] = 1;
  for (std::size_t s = 0; s < n; ++s) run.load[s] = w.school_students(s);
  for (auto c : closes) run.place_students(static_cast<std::size_t>(c));
  run.redeploy_teachers();
  for (auto c : closes) run.move_intake(static_cast<std::size_t>(c));
  run.reassign_catchments();
  for (auto c : closes) w.schools.open[static_cast<std::size_t>(c)] = 0;
  relocate_students(w, run.destination);
  index_teachers(w);
  run.out.closures = static_cast<std::int64_t>(closes.size());
  for (const auto& [key, e] : run.events) run.out.events.push_back(e);
  return run.out;
}

void consolidation(World& w, const ConsolidationParams& p, std::int32_t calendar_year,
                   const YearContext& ctx, YearFlows& f) {
  const ConsolidationOutcome o = consolidation(w, p, calendar_year, ctx);
  f.closures += o.closures;
  f.consolidation_students_moved += o.students_moved;
  f.consolidation_teachers_moved += o.teachers_moved;
  f.consolidation_overflow += o.students_overflow;
  f.consolidation_boarding += o.students_boarding;
  for (const ConsolidationEvent& e : o.events)
    f.closure_events.push_back({e.school, e.to_school, e.students, e.teachers});
  release_leaders_of_closed_schools(w, f);
}

}  // namespace edusim

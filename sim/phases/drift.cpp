#include "phases/drift.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>

#include "core/error.hpp"
#include "phases/school_strength.hpp"
#include "world/layout.hpp"

namespace edusim {

namespace {
// Draws of the Drift stream, keyed by student id.
constexpr std::uint32_t kDecisionDraw = 0;
constexpr std::uint32_t kOrderDraw = 1;
}  // namespace

void ExpansionSpec::visit(schema::Visitor& v) {
  v.field("school", school,
          {{"name of the school that gets new places", "", "see `edusim export-world`"}, true});
  v.field("year", year,
          {0,
           9999,
           {"calendar year from which the places exist", "calendar year",
            "setting: the district's plan"},
           true});
  v.field("places", places,
          {0,
           10000000,
           {"student places added", "students",
            "seed 003: about 15,000 new compulsory-education places in the county towns"},
           true});
}

void DriftParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled,
          {"move students of rural schools to town and urban schools each year (城挤)"});
  v.field("rate", rate,
          {0,
           1,
           {"yearly share of rural-school students whose families move them, when the best "
            "reachable school is no better than their own",
            "1/year",
            "assumption: 2% a year empties a village school by a third over 20 years, the "
            "order of 'village empty, town weak, city crowded' (村空、乡弱、城挤) in seed 003"}});
  v.field("quality_sensitivity", quality_sensitivity,
          {0,
           1000,
           {"rise of the moving probability with the quality gap: probability = rate * "
            "exp(sensitivity * gap), gap = best reachable school's mean teacher effectiveness "
            "minus the home school's",
            "1/(student SD)",
            "assumption: a school 0.07 SD a year better (the novice-to-experienced gap, Papay & "
            "Kraft 2015) doubles the rate"}});
  v.field("max_distance_km", max_distance_km,
          {0,
           10000,
           {"farthest town or urban school a family considers, from the home school", "km",
            "assumption: a county-town commute"}});
  // New places are added with drift off too (drift(): expand_capacity comes first); they
  // are reported in /district/capacity_added.
  v.field("capacity_expansion", capacity_expansion,
          schema::ListSpec{{"new student places by school and year (扩容)", "",
                            "seed 003: 15,000 new places", schema::WhenOff::still_read}});
  v.field("expansion_rate", expansion_rate,
          {0,
           1,
           {"yearly relative growth of the capacity of every open urban and town school", "1/year",
            "assumption: 0, only the places listed", schema::WhenOff::still_read}});
}

double drift_probability(const DriftParams& p, double gap) {
  return std::min(1.0, p.rate * std::exp(p.quality_sensitivity * std::max(0.0, gap)));
}

std::int64_t expand_capacity(World& w, const DriftParams& p, std::int32_t calendar_year) {
  Schools& sc = w.schools;
  std::int64_t added = 0;
  for (const ExpansionSpec& e : p.capacity_expansion)
    if (e.year == calendar_year)
      for (std::size_t s = 0; s < sc.size(); ++s)
        if (sc.name[s] == e.school) sc.capacity[s] += e.places, added += e.places;
  if (p.expansion_rate > 0)
    for (std::size_t s = 0; s < sc.size(); ++s) {
      if (!sc.open[s] || sc.zone[s] == Zone::Rural) continue;
      const auto more = static_cast<std::int32_t>(std::lround(sc.capacity[s] * p.expansion_rate));
      sc.capacity[s] += more, added += more;
    }
  return added;
}

namespace {

/// Town and urban open schools of the home school's level within reach, best
/// mean teacher effectiveness first (ties by index); schools without teachers
/// are not considered.
std::vector<std::int32_t> reachable(const World& w, const DriftParams& p,
                                    const std::vector<double>& quality, std::size_t home) {
  const Schools& sc = w.schools;
  std::vector<std::int32_t> out;
  for (std::size_t s = 0; s < sc.size(); ++s)
    if (sc.open[s] && sc.zone[s] != Zone::Rural && sc.level[s] == sc.level[home] &&
        !std::isnan(quality[s]) && school_distance_km(sc, s, home) <= p.max_distance_km)
      out.push_back(static_cast<std::int32_t>(s));
  std::stable_sort(out.begin(), out.end(), [&](std::int32_t a, std::int32_t b) {
    return quality[static_cast<std::size_t>(a)] > quality[static_cast<std::size_t>(b)];
  });
  return out;
}

struct Mover {
  std::uint32_t key, id, student;
  std::size_t home;
  bool operator<(const Mover& o) const { return std::tie(key, id) < std::tie(o.key, o.id); }
};

/// Students of rural schools whose families decide to move them this year, in
/// a random order of placement. Students in the last grade of their level are
/// not moved: they leave the school this year anyway.
std::vector<Mover> movers(const World& w, const DriftParams& p, const std::vector<double>& quality,
                          const std::vector<std::vector<std::int32_t>>& options,
                          const RandomStream& stream) {
  std::vector<Mover> out;
  for (std::size_t h = 0; h < w.schools.size(); ++h) {
    if (!w.schools.open[h] || w.schools.zone[h] != Zone::Rural || options[h].empty()) continue;
    const double best = quality[static_cast<std::size_t>(options[h].front())];
    const double prob = drift_probability(p, std::isnan(quality[h]) ? 0.0 : best - quality[h]);
    const int last = last_grade(w.schools.level[h]);
    for (auto c = w.school_class_begin[h]; c < w.school_class_begin[h + 1]; ++c) {
      const auto ci = static_cast<std::size_t>(c);
      if (w.classes.grade[ci] == last) continue;
      for (auto i = w.classes.student_begin[ci]; i < w.classes.student_begin[ci + 1]; ++i) {
        const std::uint32_t id = w.students.id[static_cast<std::size_t>(i)];
        if (stream.uniform(id, kDecisionDraw) < prob)
          out.push_back({stream.words(id, kOrderDraw)[0], id, static_cast<std::uint32_t>(i), h});
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

DriftOutcome drift(World& w, const DriftParams& p, std::int32_t calendar_year,
                   const YearContext& ctx) {
  DriftOutcome out;
  out.places_added = expand_capacity(w, p, calendar_year);
  if (!p.enabled || p.rate <= 0) return out;
  const std::vector<double> quality = school_mean_effectiveness(w);
  std::vector<std::vector<std::int32_t>> options(w.schools.size());
  for (std::size_t h = 0; h < w.schools.size(); ++h)
    if (w.schools.open[h] && w.schools.zone[h] == Zone::Rural)
      options[h] = reachable(w, p, quality, h);
  std::vector<std::int64_t> load(w.schools.size());
  for (std::size_t s = 0; s < load.size(); ++s) load[s] = w.school_students(s);
  std::vector<std::int32_t> destination(w.students.size(), -1);
  for (const Mover& m : movers(w, p, quality, options, ctx.stream(Stream::Drift))) {
    const auto& o = options[m.home];
    const auto it = std::find_if(o.begin(), o.end(), [&](std::int32_t r) {
      return load[static_cast<std::size_t>(r)] < w.schools.capacity[static_cast<std::size_t>(r)];
    });
    if (it == o.end()) {
      ++out.blocked;
      continue;
    }
    ++load[static_cast<std::size_t>(*it)];
    destination[m.student] = *it;
    ++out.moved;
  }
  if (out.moved > 0) relocate_students(w, destination);
  return out;
}

void drift(World& w, const DriftParams& p, std::int32_t calendar_year, const YearContext& ctx,
           YearFlows& f) {
  const DriftOutcome o = drift(w, p, calendar_year, ctx);
  f.drift_moved += o.moved;
  f.drift_blocked += o.blocked;
  f.capacity_added += o.places_added;
}

}  // namespace edusim

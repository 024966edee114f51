#include "phases/group_spillover.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "phases/school_strength.hpp"

namespace edusim {

void SpilloverParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled,
          {"pull member-school teachers toward their group's lead school (and alliance "
           "members toward the core school) every year; without groups or alliances it does "
           "nothing"});
  const schema::Doc docs[] = {
      {},
      {"tight integration (紧密融合型): share of the gap in mean effectiveness between the lead "
       "school and a member school closed in a year",
       "1/year",
       "assumption, ordered by seed 001's type definitions: one management and shared teachers "
       "(strongest); 0.15 a year closes half the gap in about 4.3 years"},
      {"collaborative support (协作帮扶型): share of the gap closed in a year", "1/year",
       "assumption: joint lesson preparation and pairing without shared management, about half "
       "of tight integration (half-gap in about 8 years)"},
      {"regional cooperation (区域合作型): share of the gap closed in a year", "1/year",
       "assumption: looser regional coordination, a third of tight integration"},
      {"strong-strong (强强联合型): share of the gap closed in a year", "1/year",
       "assumption: partners of similar strength share practice, not support; small"},
  };
  v.section("group_rate", schema::SectionSpec{{"yearly pull toward the lead school by group type"}},
            [&](schema::Visitor& z) {
              for (std::size_t t = 1; t < group_rate.size(); ++t)
                z.real(kGroupTypeNames[t], group_rate[t], {0, 1, docs[t]});
            });
  v.field("alliance_rate", alliance_rate,
          {0,
           1,
           {"share of the gap in mean effectiveness between the alliance's core school and a "
            "member closed in a year (synchronized teaching research, 同步教研)",
            "1/year",
            "assumption: alliances are a weaker spillover than groups (issue 4); 0.03 is below "
            "every group type but strong-strong, whose members are already strong"}});
}

namespace {

/// Lead school of each group and core school of each alliance (-1 none).
std::vector<std::int32_t> heads(const std::vector<std::int32_t>& id,
                                const std::vector<std::uint8_t>& is_head) {
  std::int32_t n = 0;
  for (auto g : id) n = std::max(n, g + 1);
  std::vector<std::int32_t> head(static_cast<std::size_t>(n), -1);
  for (std::size_t s = 0; s < id.size(); ++s)
    if (id[s] >= 0 && is_head[s])
      head[static_cast<std::size_t>(id[s])] = static_cast<std::int32_t>(s);
  return head;
}

/// rate * (head mean - own mean) when positive and both means exist.
double pull(double rate, double head_mean, double own_mean) {
  if (std::isnan(head_mean) || std::isnan(own_mean) || head_mean <= own_mean) return 0.0;
  return rate * (head_mean - own_mean);
}

}  // namespace

std::vector<double> spillover_gain(const World& w, const SpilloverParams& p,
                                   const std::vector<double>& mean) {
  const Schools& sc = w.schools;
  std::vector<std::uint8_t> is_lead(sc.size());
  for (std::size_t s = 0; s < sc.size(); ++s) is_lead[s] = sc.group_role[s] == GroupRole::Lead;
  const std::vector<std::int32_t> lead = heads(sc.group, is_lead);
  const std::vector<std::int32_t> core = heads(sc.alliance, sc.alliance_core);
  std::vector<double> gain(sc.size(), 0.0);
  for (std::size_t s = 0; s < sc.size(); ++s) {
    if (!sc.open[s]) continue;
    if (sc.group[s] >= 0 && sc.group_role[s] == GroupRole::Member) {
      const auto l = lead[static_cast<std::size_t>(sc.group[s])];
      if (l >= 0 && sc.open[static_cast<std::size_t>(l)])
        gain[s] += pull(p.group_rate[static_cast<std::size_t>(sc.group_type[s])],
                        mean[static_cast<std::size_t>(l)], mean[s]);
    }
    if (sc.alliance[s] >= 0 && !sc.alliance_core[s]) {
      const auto c = core[static_cast<std::size_t>(sc.alliance[s])];
      if (c >= 0 && sc.open[static_cast<std::size_t>(c)])
        gain[s] += pull(p.alliance_rate, mean[static_cast<std::size_t>(c)], mean[s]);
    }
  }
  return gain;
}

void group_spillover(World& w, const SpilloverParams& p, const YearContext&, YearFlows&) {
  if (!p.enabled) return;
  const std::vector<double> gain = spillover_gain(w, p, school_mean_effectiveness(w));
  // Each teacher is indexed under one school, so the schools write disjoint teachers.
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, w.schools.size()),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t s = r.begin(); s < r.end(); ++s) {
                        if (gain[s] == 0.0) continue;
                        const auto delta = static_cast<float>(gain[s]);
                        for (auto k = w.school_teacher_begin[s]; k < w.school_teacher_begin[s + 1];
                             ++k)
                          w.teachers.effectiveness[static_cast<std::size_t>(
                              w.teachers_by_school[static_cast<std::size_t>(k)])] += delta;
                      }
                    });
}

}  // namespace edusim

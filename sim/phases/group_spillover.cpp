#include "phases/group_spillover.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "phases/kindergarten_teachers.hpp"
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
  v.field("kindergarten_group_rate", kindergarten_group_rate,
          {0,
           1,
           {"share of the gap in mean teacher effectiveness between a kindergarten group's lead "
            "and a member (a private kindergarten paired with a public lead, 结对帮扶) closed in "
            "a year",
            "1/year",
            "assumption: seed 000 (Qiaodong) says the pairing raised the private kindergartens' "
            "level but gives no size; pairing is the collaborative-support form (协作帮扶型) of "
            "seed 001's group types, so its rate, 0.08 (half-gap in about 8 years)"}});
  v.field("kindergarten_community_rate", kindergarten_community_rate,
          {0,
           1,
           {"share of the gap in mean teacher effectiveness between a kindergarten community's "
            "core kindergarten and a member closed in a year",
            "1/year",
            "assumption: a community is the kindergartens' alliance (seed 002 puts them beside "
            "the primary communities), so alliance_rate's value, 0.03"}});
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

/// Lead of each group of a table with group and group_role columns (-1 none).
template <class Table>
std::vector<std::int32_t> group_leads(const Table& t) {
  std::vector<std::uint8_t> is_lead(t.size());
  for (std::size_t s = 0; s < t.size(); ++s) is_lead[s] = t.group_role[s] == GroupRole::Lead;
  return heads(t.group, is_lead);
}

/// Index `id` of `head` (the head of set id), -1 for none or beyond the list.
std::int32_t head_of(const std::vector<std::int32_t>& head, std::int32_t id) {
  return id >= 0 && static_cast<std::size_t>(id) < head.size() ? head[static_cast<std::size_t>(id)]
                                                               : -1;
}

}  // namespace

std::vector<double> kindergarten_spillover_gain(const World& w, const SpilloverParams& p,
                                                const std::vector<double>& school_mean) {
  const Kindergartens& kg = w.kindergartens;
  const Schools& sc = w.schools;
  std::vector<double> gain(kg.size(), 0.0);
  if (kg.size() == 0) return gain;
  const std::vector<std::int32_t> lead = group_leads(kg);
  const std::vector<std::int32_t> core = heads(kg.alliance, kg.alliance_core);
  const std::vector<std::int32_t> school_lead = group_leads(sc);
  const auto& e = kg.teacher_effectiveness;
  for (std::size_t k = 0; k < kg.size(); ++k) {
    if (!kg.open[k]) continue;
    const std::int32_t l = kg.group_role[k] == GroupRole::Member ? head_of(lead, kg.group[k]) : -1;
    if (l >= 0 && kg.open[static_cast<std::size_t>(l)])
      gain[k] += pull(p.kindergarten_group_rate, e[static_cast<std::size_t>(l)], e[k]);
    const std::int32_t c = kg.alliance_core[k] ? -1 : head_of(core, kg.alliance[k]);
    if (c >= 0 && kg.open[static_cast<std::size_t>(c)])
      gain[k] += pull(p.kindergarten_community_rate, e[static_cast<std::size_t>(c)], e[k]);
    const std::int32_t s = head_of(school_lead, kg.school_group[k]);
    if (s >= 0 && sc.open[static_cast<std::size_t>(s)]) {
      const auto si = static_cast<std::size_t>(s);
      gain[k] +=
          pull(p.group_rate[static_cast<std::size_t>(sc.group_type[si])], school_mean[si], e[k]);
    }
  }
  return gain;
}

std::vector<double> spillover_gain(const World& w, const SpilloverParams& p,
                                   const std::vector<double>& mean) {
  const Schools& sc = w.schools;
  const std::vector<std::int32_t> lead = group_leads(sc);
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
  const std::vector<double> mean = school_mean_effectiveness(w);
  const std::vector<double> gain = spillover_gain(w, p, mean);
  const std::vector<double> kg_gain = kindergarten_spillover_gain(w, p, mean);
  // The kindergartens' gains go to their teachers, whose mean follows.
  if (std::any_of(kg_gain.begin(), kg_gain.end(), [](double g) { return g != 0.0; }))
    add_kindergarten_gain(w, kg_gain);
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

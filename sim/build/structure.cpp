#include "build/structure.hpp"

#include "build/school_names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.hpp"
#include "io/scalar_parse.hpp"
#include "model/schema.hpp"
#include "phases/school_strength.hpp"

namespace edusim {

namespace {

/// Label of each group or alliance id, for "already in" messages.
std::vector<std::string> existing_labels(const std::vector<std::int32_t>& column,
                                         std::string_view what) {
  std::int32_t n = 0;
  for (auto g : column) n = std::max(n, g + 1);
  std::vector<std::string> labels;
  for (std::int32_t g = 0; g < n; ++g)
    labels.push_back(fmt::format("{} {} of the schools table", what, g));
  return labels;
}

std::string label(const std::string& name, const std::string& path) {
  return name.empty() ? path : fmt::format("'{}' ({})", name, path);
}

/// Writes group g's member kindergartens (a cross-level group) into school_group.
void apply_group_kindergartens(World& w, const GroupSpec& gs, const SchoolNames& kr,
                               const std::string& path, std::int32_t g) {
  if (gs.kindergartens.empty()) return;
  const std::vector<std::string> names = split_school_names(gs.kindergartens);
  for (std::size_t j = 0; j < names.size(); ++j) {
    const std::string at = fmt::format("{}.kindergartens[{}]", path, j);
    const std::size_t k = kr.find(at, names[j]);
    if (w.kindergartens.school_group[k] >= 0)
      kr.fail(at, fmt::format("kindergarten '{}' is already in another school's group", names[j]));
    w.kindergartens.school_group[k] = g;
  }
}

void apply_groups(World& w, const StructureSpec& spec, const SchoolNames& r, const SchoolNames& kr,
                  std::vector<std::string>& labels) {
  Schools& sc = w.schools;
  auto take = [&](std::size_t s, const std::string& path, std::int32_t g) {
    if (sc.group[s] >= 0)
      r.fail(path, fmt::format("school '{}' is already in group {}", sc.name[s],
                               labels[static_cast<std::size_t>(sc.group[s])]));
    sc.group[s] = g;
  };
  for (std::size_t i = 0; i < spec.groups.size(); ++i) {
    const GroupSpec& gs = spec.groups[i];
    const std::string path = fmt::format("structure.groups[{}]", i);
    if (gs.type == GroupType::None)
      r.fail(path + ".type",
             "is none; a group needs one of tight_integration, collaborative_support, "
             "regional_cooperation, strong_strong");
    const auto g = static_cast<std::int32_t>(labels.size());
    labels.push_back(label(gs.name, path));
    const std::size_t lead = r.find(path + ".lead", gs.lead);
    const std::vector<std::string> names = split_school_names(gs.members);
    if (names.empty())
      r.fail(path + ".members", "is empty; list the member schools, separated by commas");
    take(lead, path + ".lead", g);
    sc.group_role[lead] = GroupRole::Lead;
    sc.group_type[lead] = gs.type;
    for (std::size_t j = 0; j < names.size(); ++j) {
      const std::string at = fmt::format("{}.members[{}]", path, j);
      const std::size_t m = r.find(at, names[j]);
      if (m == lead)
        r.fail(at, fmt::format("names the group's lead school '{}'; a lead is not also a member",
                               names[j]));
      take(m, at, g);
      sc.group_role[m] = GroupRole::Member;
      sc.group_type[m] = gs.type;
    }
    apply_group_kindergartens(w, gs, kr, path, g);
  }
}

/// Mean teacher effectiveness with schools without teachers last (+inf).
std::vector<double> ranking_means(World& w) {
  if (w.school_teacher_begin.size() != w.schools.size() + 1) index_teachers(w);
  std::vector<double> mean = school_mean_effectiveness(w);
  for (auto& m : mean)
    if (std::isnan(m)) m = std::numeric_limits<double>::infinity();
  return mean;
}

/// Group rule: strong schools without a group, strongest first, take turns
/// picking the weakest remaining school of their pool (level unless
/// cross_level, zone if same_zone), for members_per_lead rounds.
void apply_group_rule(World& w, const GroupRule& rule) {
  if (!rule.enabled) return;
  Schools& sc = w.schools;
  const std::vector<double> mean = ranking_means(w);
  auto pool = [&](std::size_t s) {
    return (rule.cross_level ? 0 : index(sc.level[s])) * kZones +
           (rule.same_zone ? index(sc.zone[s]) : 0);
  };
  std::vector<std::size_t> leads;
  std::vector<std::vector<std::size_t>> candidates(kLevels * kZones);
  for (std::size_t s = 0; s < sc.size(); ++s) {
    if (!sc.open[s] || sc.group[s] >= 0) continue;
    if (sc.strength[s] == Strength::Strong)
      leads.push_back(s);
    else
      candidates[static_cast<std::size_t>(pool(s))].push_back(s);
  }
  std::stable_sort(leads.begin(), leads.end(),
                   [&](std::size_t a, std::size_t b) { return mean[a] > mean[b]; });
  for (auto& c : candidates)
    std::stable_sort(c.begin(), c.end(),
                     [&](std::size_t a, std::size_t b) { return mean[a] < mean[b]; });
  std::vector<std::size_t> head(candidates.size(), 0);
  std::vector<std::vector<std::size_t>> members(leads.size());
  for (std::int32_t round = 0; round < rule.members_per_lead; ++round)
    for (std::size_t l = 0; l < leads.size(); ++l) {
      const auto p = static_cast<std::size_t>(pool(leads[l]));
      if (head[p] < candidates[p].size()) members[l].push_back(candidates[p][head[p]++]);
    }
  std::int32_t next = 0;
  for (auto g : sc.group) next = std::max(next, g + 1);
  for (std::size_t l = 0; l < leads.size(); ++l) {
    if (members[l].empty()) continue;  // nothing left in its pool: no group
    const std::int32_t g = next++;
    sc.group[leads[l]] = g, sc.group_role[leads[l]] = GroupRole::Lead;
    sc.group_type[leads[l]] = rule.type;
    for (auto m : members[l])
      sc.group[m] = g, sc.group_role[m] = GroupRole::Member, sc.group_type[m] = rule.type;
  }
}

void apply_alliances(World& w, const StructureSpec& spec, const SchoolNames& r,
                     std::vector<std::string>& labels) {
  Schools& sc = w.schools;
  auto take = [&](std::size_t s, const std::string& path, std::int32_t a) {
    if (sc.alliance[s] >= 0)
      r.fail(path, fmt::format("school '{}' is already in alliance {}", sc.name[s],
                               labels[static_cast<std::size_t>(sc.alliance[s])]));
    sc.alliance[s] = a;
  };
  for (std::size_t i = 0; i < spec.alliances.size(); ++i) {
    const AllianceSpec& as = spec.alliances[i];
    const std::string path = fmt::format("structure.alliances[{}]", i);
    const auto a = static_cast<std::int32_t>(labels.size());
    labels.push_back(label(as.name, path));
    const std::size_t core = r.find(path + ".core", as.core);
    const std::vector<std::string> names = split_school_names(as.members);
    if (names.empty())
      r.fail(path + ".members", "is empty; list the member schools, separated by commas");
    take(core, path + ".core", a);
    sc.alliance_core[core] = 1;
    for (std::size_t j = 0; j < names.size(); ++j) {
      const std::string at = fmt::format("{}.members[{}]", path, j);
      const std::size_t m = r.find(at, names[j]);
      if (m == core)
        r.fail(at, fmt::format("names the alliance's core school '{}'; the core is not also a "
                               "member",
                               names[j]));
      take(m, at, a);
    }
  }
}

struct Pair {
  float distance;
  std::uint32_t core, school;  ///< index into the cores, school index
};

/// Alliance rule: strong primaries outside alliances are cores; the primaries
/// outside groups and alliances join the nearest core with room. Pairs (core,
/// candidate) are taken nearest first over each core's 4k nearest candidates;
/// a core still short (its nearest were taken) then takes its nearest free ones.
void apply_alliance_rule(World& w, const AllianceRule& rule) {
  if (!rule.enabled) return;
  Schools& sc = w.schools;
  std::vector<std::size_t> cores, free;
  for (std::size_t s = 0; s < sc.size(); ++s) {
    if (!sc.open[s] || sc.level[s] != Level::Primary || sc.alliance[s] >= 0) continue;
    if (sc.strength[s] == Strength::Strong)
      cores.push_back(s);
    else if (sc.group[s] < 0)
      free.push_back(s);
  }
  auto distance = [&](std::size_t a, std::size_t b) {
    return std::hypot(sc.x_km[a] - sc.x_km[b], sc.y_km[a] - sc.y_km[b]);
  };
  const auto k = static_cast<std::size_t>(rule.members_per_core);
  const std::size_t near = std::min(free.size(), 4 * k);
  std::vector<Pair> pairs;
  std::vector<Pair> row(free.size());
  for (std::size_t c = 0; c < cores.size(); ++c) {
    for (std::size_t f = 0; f < free.size(); ++f)
      row[f] = {distance(cores[c], free[f]), static_cast<std::uint32_t>(c),
                static_cast<std::uint32_t>(free[f])};
    auto closer = [](const Pair& a, const Pair& b) {
      return a.distance != b.distance ? a.distance < b.distance : a.school < b.school;
    };
    std::nth_element(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(near), row.end(),
                     closer);
    pairs.insert(pairs.end(), row.begin(), row.begin() + static_cast<std::ptrdiff_t>(near));
  }
  std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
    if (a.distance != b.distance) return a.distance < b.distance;
    return a.core != b.core ? a.core < b.core : a.school < b.school;
  });
  std::vector<std::vector<std::size_t>> members(cores.size());
  std::vector<std::uint8_t> taken(sc.size(), 0);
  for (const Pair& p : pairs)
    if (!taken[p.school] && members[p.core].size() < k)
      taken[p.school] = 1, members[p.core].push_back(p.school);
  for (std::size_t c = 0; c < cores.size(); ++c)
    while (members[c].size() < k) {  // fallback: linear scan, rare
      std::size_t best = sc.size();
      for (auto f : free)
        if (!taken[f] && (best == sc.size() || distance(cores[c], f) < distance(cores[c], best)))
          best = f;
      if (best == sc.size()) break;
      taken[best] = 1, members[c].push_back(best);
    }
  std::int32_t next = 0;
  for (auto a : sc.alliance) next = std::max(next, a + 1);
  for (std::size_t c = 0; c < cores.size(); ++c) {
    if (members[c].empty()) continue;
    const std::int32_t a = next++;
    sc.alliance[cores[c]] = a, sc.alliance_core[cores[c]] = 1;
    for (auto m : members[c]) sc.alliance[m] = a;
  }
}

std::int32_t next_id(const std::vector<std::int32_t>& column) {
  std::int32_t next = 0;
  for (auto g : column) next = std::max(next, g + 1);
  return next;
}

/// One kindergarten group or community written in the scenario.
struct NamedSet {
  std::string path;  ///< key path, e.g. structure.kindergarten_groups[0]
  const char* what;  ///< "kindergarten group" or "kindergarten community"
  const char* head_key;
  const std::string& head;
  const std::string& members;
};

/// Puts the head and members of `set` into set `id` of `column`; a kindergarten already in
/// a set of the column is refused. Returns the head.
std::size_t take_kindergartens(const SchoolNames& kr, const NamedSet& set,
                               std::vector<std::int32_t>& column, std::int32_t id) {
  const std::string& path = set.path;
  const char* head_key = set.head_key;
  auto take = [&](std::size_t k, const std::string& at, const std::string& name) {
    if (column[k] >= 0)
      kr.fail(at, fmt::format("kindergarten '{}' is already in another {}", name, set.what));
    column[k] = id;
  };
  const std::string& head = set.head;
  const std::string& members = set.members;
  const std::size_t h = kr.find(path + "." + head_key, head);
  take(h, path + "." + head_key, head);
  const std::vector<std::string> names = split_school_names(members);
  if (names.empty())
    kr.fail(path + ".members", "is empty; list the member kindergartens, separated by commas");
  for (std::size_t j = 0; j < names.size(); ++j) {
    const std::string at = fmt::format("{}.members[{}]", path, j);
    const std::size_t m = kr.find(at, names[j]);
    if (m == h)
      kr.fail(at, fmt::format("names the {} '{}'; it is not also a member", head_key, names[j]));
    take(m, at, names[j]);
  }
  return h;
}

/// Kindergarten groups (lead and members) and communities (core and members) by name.
void apply_kindergarten_sets(World& w, const StructureSpec& spec, const SchoolNames& kr) {
  Kindergartens& kg = w.kindergartens;
  std::int32_t next = next_id(kg.group);
  for (std::size_t i = 0; i < spec.kindergarten_groups.size(); ++i) {
    const KindergartenGroupSpec& gs = spec.kindergarten_groups[i];
    const std::int32_t g = next++;
    const NamedSet set{fmt::format("structure.kindergarten_groups[{}]", i), "kindergarten group",
                       "lead", gs.lead, gs.members};
    const std::size_t lead = take_kindergartens(kr, set, kg.group, g);
    for (std::size_t k = 0; k < kg.size(); ++k)
      if (kg.group[k] == g) kg.group_role[k] = k == lead ? GroupRole::Lead : GroupRole::Member;
  }
  next = next_id(kg.alliance);
  for (std::size_t i = 0; i < spec.kindergarten_communities.size(); ++i) {
    const KindergartenCommunitySpec& cs = spec.kindergarten_communities[i];
    const NamedSet set{fmt::format("structure.kindergarten_communities[{}]", i),
                       "kindergarten community", "core", cs.core, cs.members};
    const std::size_t core = take_kindergartens(kr, set, kg.alliance, next++);
    kg.alliance_core[core] = 1;
  }
}

}  // namespace

void apply_structure(World& world, const StructureSpec& spec, const std::string& scenario_file,
                     const schema::SourceMap* sources) {
  const SchoolNames resolver(world.schools, scenario_file, sources);
  const SchoolNames kindergartens(world.kindergartens, scenario_file, sources);
  std::vector<std::string> group_labels = existing_labels(world.schools.group, "group");
  std::vector<std::string> alliance_labels = existing_labels(world.schools.alliance, "alliance");
  apply_groups(world, spec, resolver, kindergartens, group_labels);
  apply_alliances(world, spec, resolver, alliance_labels);
  apply_group_rule(world, spec.group_rule);
  apply_alliance_rule(world, spec.alliance_rule);
  apply_kindergarten_sets(world, spec, kindergartens);
}

}  // namespace edusim

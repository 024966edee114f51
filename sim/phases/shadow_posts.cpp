#include "phases/shadow_posts.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace edusim {

void ShadowParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled,
          {"send young teachers of member and rural schools to a lead or strong school for a "
           "year (跟岗)"});
  v.field("posts_per_school", posts_per_school,
          {0,
           1000,
           {"young teachers a sending school sends in a year", "teachers",
            "assumption: one; Fushun sends outstanding teachers to shadow at strong schools "
            "without a count (seed 001)"}});
  v.field("max_posts", max_posts,
          {-1,
           1000000,
           {"shadow posts in the district in a year at most; -1: no cap", "posts",
            "setting: the district's quota (-1: none)"}});
  v.field("max_experience", max_experience,
          {0,
           60,
           {"young teachers: experience at most this", "years",
            "assumption: the first five years, as rotation.young_max_experience"}});
  v.field("term_years", term_years,
          {1,
           10,
           {"length of a shadow post", "years",
            "assumption: a term or a year (issue brief); one year"}});
  v.field("growth_boost", growth_boost,
          {0,
           1,
           {"effectiveness added to a teacher returning from a shadow post", "student SD",
            "assumption: as much as a year of 1:1 pairing (mentoring.pairing_gain)"}});
}

namespace {

/// Ends the shadow terms that are over and marks those teachers in `returned`;
/// true if anyone moved (the teacher index is then stale).
bool end_shadow_terms(World& w, const ShadowParams& p, YearFlows& flows,
                      std::vector<std::uint8_t>& returned) {
  Teachers& t = w.teachers;
  bool moved = false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t.rotation_kind[i] != RotationKind::Shadow || --t.rotation_years_left[i] > 0) continue;
    const std::int32_t home = t.home_school[i], host = t.school[i];
    if (w.schools.open[static_cast<std::size_t>(home)]) {
      t.school[i] = home;
      t.years_at_school[i] = 0;
      flows.rotation_events.push_back({t.id[i], host, home, RotationKind::Return});
      moved = true;
    } else {
      t.home_school[i] = host;
      flows.rotation_events.push_back({t.id[i], home, host, RotationKind::Stay});
    }
    t.effectiveness[i] += static_cast<float>(p.growth_boost);
    t.rotation_destination[i] = -1;
    t.rotation_years_left[i] = 0;
    t.rotation_kind[i] = RotationKind::None;
    returned[i] = 1;
  }
  return moved;
}

/// The young teachers school s sends, least experienced first, then by id.
std::vector<std::size_t> young_of(const World& w, const ShadowParams& p, std::size_t s,
                                  const std::vector<std::uint8_t>& returned) {
  const Teachers& t = w.teachers;
  std::vector<std::size_t> young;
  for (auto k = w.school_teacher_begin[s]; k < w.school_teacher_begin[s + 1]; ++k) {
    const auto i = static_cast<std::size_t>(w.teachers_by_school[static_cast<std::size_t>(k)]);
    if (t.contract[i] == Contract::Regular && t.rotation_destination[i] < 0 && !returned[i] &&
        t.experience[i] <= p.max_experience)
      young.push_back(i);
  }
  const auto keep = std::min(young.size(), static_cast<std::size_t>(p.posts_per_school));
  std::partial_sort(young.begin(), young.begin() + static_cast<std::ptrdiff_t>(keep), young.end(),
                    [&](std::size_t a, std::size_t b) {
                      if (t.experience[a] != t.experience[b])
                        return t.experience[a] < t.experience[b];
                      return t.id[a] < t.id[b];
                    });
  young.resize(keep);
  return young;
}

}  // namespace

std::vector<std::int32_t> shadow_hosts(const World& w) {
  const Schools& sc = w.schools;
  const std::size_t n = sc.size();
  std::vector<std::int32_t> lead_of_group, host(n, -1);
  for (std::size_t s = 0; s < n; ++s)
    if (sc.group_role[s] == GroupRole::Lead && sc.group[s] >= 0) {
      const auto g = static_cast<std::size_t>(sc.group[s]);
      if (lead_of_group.size() <= g) lead_of_group.resize(g + 1, -1);
      lead_of_group[g] = static_cast<std::int32_t>(s);
    }
  std::array<std::vector<std::size_t>, kLevels> strong;
  for (std::size_t s = 0; s < n; ++s)
    if (sc.open[s] && sc.strength[s] == Strength::Strong)
      strong[static_cast<std::size_t>(index(sc.level[s]))].push_back(s);
  for (std::size_t s = 0; s < n; ++s) {
    if (!sc.open[s]) continue;
    if (sc.group_role[s] == GroupRole::Member) {
      const auto g = static_cast<std::size_t>(sc.group[s]);
      const std::int32_t lead = g < lead_of_group.size() ? lead_of_group[g] : -1;
      if (lead >= 0 && sc.open[static_cast<std::size_t>(lead)] &&
          sc.level[static_cast<std::size_t>(lead)] == sc.level[s])
        host[s] = lead;
    } else if (sc.group_role[s] == GroupRole::None && sc.zone[s] == Zone::Rural) {
      // Strong schools are few: scanning them per rural school is cheap.
      double best = 0;
      for (std::size_t h : strong[static_cast<std::size_t>(index(sc.level[s]))]) {
        const double d = school_distance_km(sc, s, h);
        if (h != s && (host[s] < 0 || d < best)) host[s] = static_cast<std::int32_t>(h), best = d;
      }
    }
  }
  return host;
}

void shadow_posts(World& w, const ShadowParams& p, const YearContext&, YearFlows& flows) {
  if (!p.enabled) return;
  Teachers& t = w.teachers;
  std::vector<std::uint8_t> returned(t.size(), 0);
  if (end_shadow_terms(w, p, flows, returned)) index_teachers(w);
  const std::vector<std::int32_t> host = shadow_hosts(w);
  std::int64_t sent = 0;
  for (std::size_t s = 0; s < w.schools.size(); ++s) {
    if (host[s] < 0) continue;
    for (std::size_t i : young_of(w, p, s, returned)) {
      if (p.max_posts >= 0 && sent >= p.max_posts) break;
      t.school[i] = t.rotation_destination[i] = host[s];
      t.rotation_years_left[i] = static_cast<std::int16_t>(p.term_years);
      t.rotation_kind[i] = RotationKind::Shadow;
      t.years_at_school[i] = 0;
      flows.rotation_events.push_back(
          {t.id[i], static_cast<std::int32_t>(s), host[s], RotationKind::Shadow});
      ++sent;
    }
  }
  flows.shadow_posts += sent;
  if (sent > 0) index_teachers(w);
}

}  // namespace edusim

#include "phases/leader_rotation.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>
#include <vector>

namespace edusim {

namespace {
constexpr std::array<std::string_view, 3> kFormNames{"developmental", "cooperative", "exchange"};
constexpr std::array<std::string_view, 3> kRolesNames{"principals", "vice_principals", "both"};
}  // namespace

std::span<const std::string_view> enum_names(const LeaderRotationForm*) {
  return kFormNames;
}
std::span<const std::string_view> enum_names(const LeaderRotationRoles*) {
  return kRolesNames;
}

void LeaderRotationParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled,
          {"rotate school leaders (principals, vice-principals) between schools (干部交流)", "",
           "assumption: off unless a scenario asks for the policy"});
  v.field("eligibility_years", eligibility_years,
          {0,
           40,
           {"years in post at the current school from which a leader is eligible", "years",
            "教师〔2014〕4号: principals and teachers with 6 consecutive years at one school "
            "rotate; Miyun (seed 002) applies it to principals and vice-principals"}});
  v.field("years_before_retirement", years_before_retirement,
          {0,
           40,
           {"leaders within this many years of leaders.retirement_age are not eligible", "years",
            "assumption: leaders close to retirement are exempt; 3 years"}});
  v.field(
      "quota_share", quota_share,
      {0,
       1,
       {"leader moves per year (both leaders of a swap) as a share of eligible leaders", "1/year",
        "seed 002 (Miyun 2021): 38 principals and 12 vice-principals rotated, 50 = 55% of "
        "those eligible"}});
  v.field("form", form,
          schema::ChoiceSpec{
              {"developmental: strong, lead or urban schools swap leaders with weak, member or "
               "rural schools of the same level; cooperative: lead and member schools inside "
               "each education group (else core and other schools inside each alliance); "
               "exchange: strong and weak schools of the same level only",
               "",
               "seed 002 (Miyun): developmental, cooperative, project and optimisation forms; "
               "developmental (城内优秀干部向农村学校、城内薄弱学校流动) is the one described"}});
  v.field("roles", roles,
          schema::ChoiceSpec{{"which leaders rotate: principals, vice_principals or both", "",
                              "seed 002 (Miyun): 38 principals and 12 vice-principals"}});
  v.field("term_years", term_years,
          {1, 10, {"length of a rotation term", "years", "seeds: terms of 1-3 years; 3 assumed"}});
  // Read with leader rotation off too: terms already running (a run continued from a
  // snapshot) still end (end_terms).
  v.field("on_term_end", on_term_end,
          schema::ChoiceSpec{{"at the end of the term the two leaders of a swap go back "
                              "(return), or both keep the post they hold (stay)",
                              "",
                              "assumption: cadres return to their post of record, like "
                              "teachers (Fushun: personnel relation unchanged)",
                              schema::WhenOff::still_read}});
  v.field("teachers_first", teachers_first,
          {"teachers before cadres (先教师后干部): the leader moves of a year may not exceed "
           "teachers_first_ratio times the teacher movers of that year (rotation phase)",
           "", "Dongcheng (seed 002): 先教师后干部、先小学后初中、先骨干后普通"});
  v.field("include_kindergartens", include_kindergartens,
          {"kindergarten heads and deputy heads (园长) of public kindergartens are eligible under "
           "the same rules and count in the same quota; they swap only with kindergarten "
           "heads (false: kindergartens are outside the rotation)",
           "", "seed 002 (Miyun): cadre rotation covers 各级各类干部, 校(园)长"});
  v.field("include_schools", include_schools,
          {"principals and vice-principals of the schools are eligible (false: a rotation of "
           "kindergarten heads alone, with include_kindergartens)",
           "", "assumption: schools' cadres rotate wherever the policy is on (教师〔2014〕4号)"});
  v.field("teachers_first_ratio", teachers_first_ratio,
          {0,
           100,
           {"leader moves allowed per teacher mover when teachers_first is on", "1",
            "assumption: at most one cadre per teacher moved"}});
}

namespace {

enum class Side : std::uint8_t { None, Sender, Receiver };

bool rotates(LeaderRotationRoles roles, LeaderRole role) {
  return roles == LeaderRotationRoles::Both ||
         (roles == LeaderRotationRoles::Principals) == (role == LeaderRole::Principal);
}

/// Ends the terms due this year. A return is a swap back: a leader goes home
/// only together with the partner that holds its home post and comes back from
/// its own destination, so no post is left empty or doubled; a leader whose
/// partner left the post (retired, promoted, or home closed) keeps the post it
/// holds. Returns whose term ended.
std::vector<std::uint8_t> end_terms(Leaders& l, const std::vector<std::uint8_t>& open_posts,
                                    const LeaderRotationParams& p,
                                    std::vector<RotationEvent>& events, YearFlows& flows) {
  std::vector<std::uint8_t> ended(l.size(), 0);
  using Key = std::tuple<std::int32_t, std::int32_t, LeaderRole>;  // home, school, role
  std::map<Key, std::vector<std::size_t>> by_key;
  for (std::size_t i = 0; i < l.size(); ++i) {
    if (l.rotation_destination[i] < 0) continue;
    if (--l.rotation_years_left[i] > 0) continue;
    ended[i] = 1;
    by_key[{l.home_school[i], l.school[i], l.role[i]}].push_back(i);
  }
  std::vector<std::uint8_t> returns(l.size(), 0), done(l.size(), 0);
  if (p.on_term_end == TermEnd::Return)
    for (auto& [key, group] : by_key) {
      const auto& [home, school, role] = key;
      const auto partners = by_key.find({school, home, role});
      if (partners == by_key.end()) continue;
      const bool open = open_posts[static_cast<std::size_t>(home)] &&
                        open_posts[static_cast<std::size_t>(school)];
      // Pair the k-th of each side (both in leader order); both keys mark the same pairs.
      for (std::size_t k = 0; open && k < std::min(group.size(), partners->second.size()); ++k)
        returns[group[k]] = returns[partners->second[k]] = 1;
    }
  for (std::size_t i = 0; i < l.size(); ++i) {
    if (!ended[i] || done[i]) continue;
    done[i] = 1;
    const std::int32_t home = l.home_school[i], away = l.school[i];
    if (returns[i]) {
      l.school[i] = home;
      l.years_in_post[i] = 0;
      events.push_back({l.id[i], away, home, RotationKind::Return});
    } else {
      l.home_school[i] = away;
      events.push_back({l.id[i], home, away, RotationKind::Stay});
    }
    l.rotation_destination[i] = -1;
    l.rotation_years_left[i] = 0;
    ++flows.leader_rotations_ended;
  }
  return ended;
}

/// Each open school's pool (-1 none) and side under the form.
struct Pools {
  std::vector<std::int32_t> key;
  std::vector<Side> side;
};

Side developmental_side(const Schools& s, std::size_t i) {
  // Strength decides first, then the group role, then the zone.
  if (s.strength[i] != Strength::Ordinary)
    return s.strength[i] == Strength::Strong ? Side::Sender : Side::Receiver;
  if (s.group_role[i] != GroupRole::None)
    return s.group_role[i] == GroupRole::Lead ? Side::Sender : Side::Receiver;
  return s.zone[i] == Zone::Urban ? Side::Sender : Side::Receiver;
}

Pools build_pools(const Schools& s, LeaderRotationForm form) {
  Pools pools{std::vector<std::int32_t>(s.size(), -1), std::vector<Side>(s.size(), Side::None)};
  std::int32_t groups = 0;
  for (std::size_t i = 0; i < s.size(); ++i) groups = std::max(groups, s.group[i] + 1);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!s.open[i]) continue;
    switch (form) {
      case LeaderRotationForm::Developmental:
        pools.key[i] = index(s.level[i]);
        pools.side[i] = developmental_side(s, i);
        break;
      case LeaderRotationForm::Exchange:
        pools.key[i] = index(s.level[i]);
        pools.side[i] = s.strength[i] == Strength::Strong ? Side::Sender
                        : s.strength[i] == Strength::Weak ? Side::Receiver
                                                          : Side::None;
        break;
      case LeaderRotationForm::Cooperative:
        if (s.group[i] >= 0) {
          pools.key[i] = s.group[i];
          pools.side[i] = s.group_role[i] == GroupRole::Lead     ? Side::Sender
                          : s.group_role[i] == GroupRole::Member ? Side::Receiver
                                                                 : Side::None;
        } else if (s.alliance[i] >= 0) {
          pools.key[i] = groups + s.alliance[i];
          pools.side[i] = s.alliance_core[i] ? Side::Sender : Side::Receiver;
        }
        break;
    }
  }
  return pools;
}

/// Kindergartens' pools: public kindergartens only (private heads are not public cadres).
/// Developmental and exchange forms: one district-wide pool of kindergartens, group leads
/// (else urban kindergartens) sending (kindergartens have no strength classes, so the
/// exchange form uses the same sides); cooperative: inside each kindergarten group, else
/// each community.
Pools build_kindergarten_pools(const Kindergartens& kg, LeaderRotationForm form) {
  Pools pools{std::vector<std::int32_t>(kg.size(), -1), std::vector<Side>(kg.size(), Side::None)};
  std::int32_t groups = 0;
  for (std::size_t i = 0; i < kg.size(); ++i) groups = std::max(groups, kg.group[i] + 1);
  for (std::size_t i = 0; i < kg.size(); ++i) {
    if (!kg.open[i] || kg.is_private[i]) continue;
    if (form != LeaderRotationForm::Cooperative) {
      pools.key[i] = 0;
      // As for schools without strength classes: the group role first, then the zone.
      const bool sends = kg.group_role[i] != GroupRole::None ? kg.group_role[i] == GroupRole::Lead
                                                             : kg.zone[i] == Zone::Urban;
      pools.side[i] = sends ? Side::Sender : Side::Receiver;
    } else if (kg.group[i] >= 0) {
      pools.key[i] = kg.group[i];
      pools.side[i] = kg.group_role[i] == GroupRole::Lead ? Side::Sender : Side::Receiver;
    } else if (kg.alliance[i] >= 0) {
      pools.key[i] = groups + kg.alliance[i];
      pools.side[i] = kg.alliance_core[i] ? Side::Sender : Side::Receiver;
    }
  }
  return pools;
}

/// One candidate swap: sender leader out, receiver leader in.
struct Pair {
  double gap;  ///< sender quality - receiver quality
  int table;   ///< 0 schools' leaders, 1 kindergartens' leaders
  std::int32_t pool;
  LeaderRole role;
  std::size_t rank;  ///< position in the pool's lists
  std::size_t sender, receiver;
};

/// The candidate swaps of every (pool, role): each school offers one eligible
/// leader per role (a sender its best, a receiver its weakest), and the k-th
/// best sender is paired with the k-th weakest receiver.
std::vector<Pair> candidate_pairs(const Leaders& l, std::size_t n, const Pools& pools,
                                  const std::vector<std::uint8_t>& eligible, int table) {
  const auto better = [&l](std::size_t a, std::size_t b) {
    return l.quality[a] > l.quality[b] || (l.quality[a] == l.quality[b] && l.id[a] < l.id[b]);
  };
  const auto weaker = [&l](std::size_t a, std::size_t b) {
    return l.quality[a] < l.quality[b] || (l.quality[a] == l.quality[b] && l.id[a] < l.id[b]);
  };
  // offer[role][school]: the leader the school offers, or npos.
  constexpr auto npos = std::numeric_limits<std::size_t>::max();
  std::array<std::vector<std::size_t>, 2> offer{std::vector<std::size_t>(n, npos),
                                                std::vector<std::size_t>(n, npos)};
  for (std::size_t i = 0; i < l.size(); ++i) {
    if (!eligible[i]) continue;
    const auto s = static_cast<std::size_t>(l.school[i]);
    if (pools.side[s] == Side::None) continue;
    std::size_t& o = offer[static_cast<std::size_t>(l.role[i])][s];
    if (o == npos || (pools.side[s] == Side::Sender ? better(i, o) : weaker(i, o))) o = i;
  }
  // Lists per (pool, role), then zipped.
  std::map<std::pair<std::int32_t, int>,
           std::pair<std::vector<std::size_t>, std::vector<std::size_t>>>
      lists;
  for (int r = 0; r < 2; ++r)
    for (std::size_t s = 0; s < n; ++s) {
      const std::size_t o = offer[static_cast<std::size_t>(r)][s];
      if (o == npos) continue;
      auto& list = lists[{pools.key[s], r}];
      (pools.side[s] == Side::Sender ? list.first : list.second).push_back(o);
    }
  std::vector<Pair> pairs;
  for (auto& [key, list] : lists) {
    auto& [senders, receivers] = list;
    std::sort(senders.begin(), senders.end(), better);
    std::sort(receivers.begin(), receivers.end(), weaker);
    for (std::size_t k = 0; k < std::min(senders.size(), receivers.size()); ++k)
      pairs.push_back({static_cast<double>(l.quality[senders[k]]) - l.quality[receivers[k]], table,
                       key.first, static_cast<LeaderRole>(key.second), k, senders[k],
                       receivers[k]});
  }
  return pairs;
}

/// Largest gain first; within a pool the gaps never increase with the rank.
void sort_pairs(std::vector<Pair>& pairs) {
  std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) {
    return std::tuple(-a.gap, a.table, a.pool, a.role, a.rank) <
           std::tuple(-b.gap, b.table, b.pool, b.role, b.rank);
  });
}

/// One leader starts a term at `to`.
void move(Leaders& l, const LeaderRotationParams& p, std::size_t i, std::int32_t to,
          RotationKind kind, std::vector<RotationEvent>& events) {
  const std::int32_t from = l.school[i];
  l.school[i] = l.rotation_destination[i] = to;
  l.rotation_years_left[i] = static_cast<std::int16_t>(p.term_years);
  l.has_rotated[i] = 1;
  l.years_in_post[i] = 0;
  events.push_back({l.id[i], from, to, kind});
}

/// Who of a leader table may rotate this year: not away, no term just ended, not near
/// retirement, long enough in post, of a rotating role, at an open post.
std::vector<std::uint8_t> eligible_leaders(const Leaders& l, const std::vector<std::uint8_t>& open,
                                           const LeaderRotationParams& p, std::int32_t max_age,
                                           const std::vector<std::uint8_t>& ended,
                                           std::int64_t& count) {
  std::vector<std::uint8_t> eligible(l.size(), 0);
  count = 0;
  for (std::size_t i = 0; i < l.size(); ++i) {
    eligible[i] = l.rotation_destination[i] < 0 && !ended[i] && l.age[i] < max_age &&
                  l.years_in_post[i] >= p.eligibility_years && rotates(p.roles, l.role[i]) &&
                  open[static_cast<std::size_t>(l.school[i])];
    count += eligible[i];
  }
  return eligible;
}

/// The most leader moves this year: the quota, and under "teachers before
/// cadres" the teacher movers of the year times the ratio.
std::int64_t move_cap(const LeaderRotationParams& p, std::int64_t eligible,
                      const YearFlows& flows) {
  std::int64_t cap = std::llround(p.quota_share * static_cast<double>(eligible));
  if (p.teachers_first)
    cap = std::min(cap, static_cast<std::int64_t>(std::floor(
                            p.teachers_first_ratio * static_cast<double>(flows.rotations) + 1e-9)));
  return cap;
}

}  // namespace

void leader_rotation(World& w, const LeaderRotationParams& p, std::int32_t retirement_age,
                     std::int32_t kg_retirement_age, const YearContext&, YearFlows& flows) {
  // Terms run out even with the policy off: nobody stays away for good.
  const std::vector<std::uint8_t> ended =
      end_terms(w.leaders, w.schools.open, p, flows.leader_rotation_events, flows);
  const std::vector<std::uint8_t> kg_ended =
      end_terms(w.kindergarten_leaders, w.kindergartens.open, p,
                flows.kindergarten_leader_rotation_events, flows);
  if (!p.enabled) return;

  // One quota over the cadres of every kind (校(园)长): schools' and kindergartens' leaders
  // are eligible under the same rules; kindergarten heads swap only with kindergarten heads.
  const std::int32_t max_age = retirement_age - p.years_before_retirement;  // exclusive
  std::int64_t n_school = 0, n_kg = 0;
  auto eligible = eligible_leaders(w.leaders, w.schools.open, p, max_age, ended, n_school);
  if (!p.include_schools) std::fill(eligible.begin(), eligible.end(), 0), n_school = 0;
  auto kg_eligible =
      eligible_leaders(w.kindergarten_leaders, w.kindergartens.open, p,
                       kg_retirement_age - p.years_before_retirement, kg_ended, n_kg);
  // Private kindergartens' heads are not public cadres: never eligible.
  for (std::size_t i = 0; i < kg_eligible.size(); ++i) {
    const bool is_private =
        w.kindergartens.is_private[static_cast<std::size_t>(w.kindergarten_leaders.school[i])];
    if (kg_eligible[i] && (is_private || !p.include_kindergartens)) kg_eligible[i] = 0, --n_kg;
  }
  flows.leader_rotation_eligible = n_school + n_kg;
  flows.kindergarten_leader_rotation_eligible = n_kg;

  const std::int64_t cap = move_cap(p, n_school + n_kg, flows);
  if (cap < 2) return;
  std::vector<Pair> pairs =
      candidate_pairs(w.leaders, w.schools.size(), build_pools(w.schools, p.form), eligible, 0);
  if (n_kg > 0) {
    const auto kg_pairs =
        candidate_pairs(w.kindergarten_leaders, w.kindergartens.size(),
                        build_kindergarten_pools(w.kindergartens, p.form), kg_eligible, 1);
    pairs.insert(pairs.end(), kg_pairs.begin(), kg_pairs.end());
  }
  sort_pairs(pairs);
  std::int64_t moves = 0;
  for (const Pair& pair : pairs) {
    if (moves + 2 > cap) break;
    const bool kg = pair.table == 1;
    Leaders& l = kg ? w.kindergarten_leaders : w.leaders;
    auto& events = kg ? flows.kindergarten_leader_rotation_events : flows.leader_rotation_events;
    const std::int32_t strong = l.school[pair.sender], weak = l.school[pair.receiver];
    move(l, p, pair.sender, weak, RotationKind::BackboneOut, events);
    move(l, p, pair.receiver, strong, RotationKind::ExchangeIn, events);
    moves += 2;
    flows.leader_rotations += 2;
    if (kg) flows.kindergarten_leader_rotations += 2;
  }
}

}  // namespace edusim

#include "phases/rotation.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <queue>
#include <tuple>
#include <vector>

#include "phases/school_strength.hpp"

namespace edusim {

namespace {
constexpr std::array<std::string_view, 4> kScopeNames{"district", "group", "alliance",
                                                      "urban_rural"};
constexpr std::array<std::string_view, 2> kExchangeNames{"paired", "one_way"};
constexpr std::array<std::string_view, 2> kTermEndNames{"return", "stay"};
}  // namespace

std::span<const std::string_view> enum_names(const RotationScope*) {
  return kScopeNames;
}
std::span<const std::string_view> enum_names(const RotationExchange*) {
  return kExchangeNames;
}
std::span<const std::string_view> enum_names(const TermEnd*) {
  return kTermEndNames;
}

void RotationParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled,
          {"rotate teachers between schools every year (交流轮岗)", "",
           "assumption: off unless a scenario asks for the policy"});
  v.field("eligibility_years", eligibility_years,
          {0,
           40,
           {"years at the current school from which a teacher is eligible", "years",
            "教师〔2014〕4号: teachers with 6 consecutive years at one school rotate"}});
  v.field("years_before_retirement", years_before_retirement,
          {0,
           40,
           {"teachers within this many years of demography.retirement_age are not eligible",
            "years", "assumption: teachers near retirement are exempt; 5 years"}});
  v.field("quota_share", quota_share,
          {0,
           1,
           {"movers per year (both directions of an exchange) as a share of eligible teachers",
            "1/year",
            "教师〔2014〕4号: at least 10% of eligible teachers a year; Qiaodong 2019: 132 of 681 "
            "eligible (19.4%) rotating, a stock rather than a yearly flow"}});
  v.field("backbone_min_share", backbone_min_share,
          {0,
           1,
           {"floor of the share of backbone teachers (district level or higher) among the "
            "movers, met whenever enough are eligible in sending schools",
            "1", "教师〔2014〕4号: backbone teachers at least 20% of rotators"}});
  v.field("backbone_first", backbone_first,
          {"backbone teachers are sent before ordinary ones", "",
           "Dongcheng: 先骨干后普通 (backbone before ordinary)"});
  v.field("primary_first", primary_first,
          {"primary teachers are sent before middle-school ones", "",
           "Dongcheng: 先小学后初中 (primary before middle)"});
  v.field("scope", scope,
          schema::ChoiceSpec{
              {"where teachers move: district (strong to weak schools of a level), group (lead to "
               "member schools), alliance (above to below the alliance mean), urban_rural "
               "(urban to town and rural schools)",
               "",
               "seeds: within groups (Qiaodong, Dongcheng), alliances and urban-rural "
               "(Miyun); district-wide is the national default"}});
  v.field("exchange", exchange,
          schema::ChoiceSpec{
              {"paired: a young (or else eligible) teacher of the receiver goes to the sender; "
               "one_way: no partner, hiring fills the sender's vacancy",
               "", "Qiaodong, Dongcheng: backbone out to branches, young teachers in to train"}});
  v.field("young_max_experience", young_max_experience,
          {0,
           40,
           {"a partner with at most this experience is young and goes to train (training_in)",
            "years", "assumption: the early-career years of demography (5)"}});
  v.field("term_years", term_years,
          {1, 10, {"length of a rotation term", "years", "seeds: terms of 1-3 years; 3 assumed"}});
  v.field("on_term_end", on_term_end,
          schema::ChoiceSpec{{"at the end of the term the teacher returns home, or stays at "
                              "the destination (which becomes the home school)",
                              "", "Fushun: personnel relation unchanged while rotating (return)"}});
  v.field("max_share_per_school", max_share_per_school,
          {0,
           1,
           {"cap on the teachers a receiving school gets in one year, as a share of its "
            "teachers (at least 1)",
            "1", "assumption: limits disruption of one school"}});
  v.field("morale_shock", morale_shock,
          {0, 1, {"morale lost once at the move", "0..1", "assumption"}});
  v.field("burnout_shock", burnout_shock,
          {0, 1, {"burnout added once at the move", "0..1", "assumption"}});
  v.field("burnout_per_year", burnout_per_year,
          {0,
           1,
           {"burnout added every year a teacher is away", "1/year",
            "EduEcosystem (J. ECNU Educ. Sci. 2026): burnout accumulates under rotation; off by "
            "default"}});
  v.field("settling_years", settling_years,
          {0,
           5,
           {"years of settling in at the new school (the learning phase applies its penalty)",
            "years", "assumption"}});
}

namespace {

enum class Role : std::uint8_t { None, Sender, Receiver };

float clamp01(double x) {
  return static_cast<float>(std::clamp(x, 0.0, 1.0));
}

/// Step 1: counts terms and settling down, ends the terms due, adds the burnout
/// of another year away. Returns whose term ended.
std::vector<std::uint8_t> end_terms(World& w, const RotationParams& p, YearFlows& flows) {
  Teachers& t = w.teachers;
  std::vector<std::uint8_t> ended(t.size(), 0);
  tbb::parallel_for(std::size_t{0}, t.size(), [&](std::size_t i) {
    if (t.settling_years_left[i] > 0) --t.settling_years_left[i];
    // Shadow posts (跟岗) run their own one-year terms (phases/shadow_posts).
    if (t.rotation_destination[i] < 0 || t.rotation_kind[i] == RotationKind::Shadow) return;
    if (--t.rotation_years_left[i] <= 0)
      ended[i] = 1;
    else
      t.burnout[i] = clamp01(t.burnout[i] + p.burnout_per_year);
  });
  bool moved = false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!ended[i]) continue;
    const std::int32_t home = t.home_school[i], away = t.school[i];
    const bool stay =
        p.on_term_end == TermEnd::Stay || !w.schools.open[static_cast<std::size_t>(home)];
    if (stay) {
      t.home_school[i] = away;
      flows.rotation_events.push_back({t.id[i], home, away, RotationKind::Stay});
    } else {
      t.school[i] = home;
      t.years_at_school[i] = 0;
      moved = true;
      flows.rotation_events.push_back({t.id[i], away, home, RotationKind::Return});
    }
    t.rotation_destination[i] = -1;
    t.rotation_years_left[i] = 0;
    t.rotation_kind[i] = RotationKind::None;
    ++flows.rotations_ended;
  }
  if (moved) index_teachers(w);
  return ended;
}

/// Who may be sent or taken as a partner: a regular teacher at home, not near
/// retirement, whose term did not just end (nobody moves twice in one year).
struct Rules {
  const Teachers& t;
  const RotationParams& p;
  std::int32_t max_age;  ///< exclusive
  const std::vector<std::uint8_t>& ended;

  bool available(std::size_t i) const {
    return t.contract[i] == Contract::Regular && t.rotation_destination[i] < 0 &&
           t.age[i] < max_age && !ended[i];
  }
  bool eligible(std::size_t i) const {
    return available(i) && t.years_at_school[i] >= p.eligibility_years;
  }
  bool young(std::size_t i) const { return t.experience[i] <= p.young_max_experience; }
};

/// The (unit, level) pools of the scope: each open school's pool key and role,
/// and each pool's reference mean effectiveness.
struct Pools {
  std::vector<std::int32_t> key;  ///< unit * kLevels + level, -1 outside every unit
  std::vector<Role> role;
  std::vector<double> reference;  ///< per key: mean effectiveness of its teachers
};

std::int32_t unit_of(const Schools& s, std::size_t i, RotationScope scope) {
  switch (scope) {
    case RotationScope::Group:
      return s.group[i];
    case RotationScope::Alliance:
      return s.alliance[i];
    default:
      return 0;
  }
}

Role role_of(const Schools& s, std::size_t i, RotationScope scope, double mean, double reference) {
  switch (scope) {
    case RotationScope::District:
      return s.strength[i] == Strength::Strong ? Role::Sender
             : s.strength[i] == Strength::Weak ? Role::Receiver
                                               : Role::None;
    case RotationScope::Group:
      return s.group_role[i] == GroupRole::Lead     ? Role::Sender
             : s.group_role[i] == GroupRole::Member ? Role::Receiver
                                                    : Role::None;
    case RotationScope::Alliance:
      return mean > reference ? Role::Sender : mean < reference ? Role::Receiver : Role::None;
    case RotationScope::UrbanRural:
      return s.zone[i] == Zone::Urban ? Role::Sender : Role::Receiver;
  }
  return Role::None;
}

Pools build_pools(const World& w, RotationScope scope, const std::vector<double>& mean) {
  const Schools& s = w.schools;
  Pools pools;
  pools.key.assign(s.size(), -1);
  pools.role.assign(s.size(), Role::None);
  std::int32_t n_keys = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::int32_t unit = unit_of(s, i, scope);
    if (!s.open[i] || unit < 0 || w.school_teachers(i) == 0) continue;
    pools.key[i] = unit * kLevels + index(s.level[i]);
    n_keys = std::max(n_keys, pools.key[i] + 1);
  }
  // Sums in school order: the same value for any thread count.
  std::vector<double> sum(static_cast<std::size_t>(n_keys), 0.0);
  std::vector<std::int64_t> count(sum.size(), 0);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (pools.key[i] < 0) continue;
    const auto k = static_cast<std::size_t>(pools.key[i]);
    sum[k] += mean[i] * w.school_teachers(i);
    count[k] += w.school_teachers(i);
  }
  pools.reference.assign(sum.size(), 0.0);
  for (std::size_t k = 0; k < sum.size(); ++k)
    if (count[k] > 0) pools.reference[k] = sum[k] / static_cast<double>(count[k]);
  for (std::size_t i = 0; i < s.size(); ++i)
    if (pools.key[i] >= 0)
      pools.role[i] =
          role_of(s, i, scope, mean[i], pools.reference[static_cast<std::size_t>(pools.key[i])]);
  return pools;
}

/// A receiver in its pool's max-heap: largest deficit first, ties to the lower index.
struct Need {
  double deficit;
  std::int32_t school;
  bool operator<(const Need& o) const {
    return deficit < o.deficit || (deficit == o.deficit && school > o.school);
  }
};

/// The state of this year's assignment.
class Assignment {
 public:
  Assignment(World& w, const RotationParams& p, const Rules& rules, YearFlows& flows,
             std::int64_t quota)
      : w_(w), p_(p), rules_(rules), flows_(flows), quota_(quota) {
    const std::vector<double> mean = school_mean_effectiveness(w);
    pools_ = build_pools(w, p.scope, mean);
    const std::size_t n = w.schools.size();
    sum_.assign(n, 0.0), count_.assign(n, 0), room_.assign(n, 0);
    heaps_.resize(pools_.reference.size());
    for (std::size_t s = 0; s < n; ++s) {
      if (pools_.role[s] != Role::Receiver) continue;
      count_[s] = w.school_teachers(s);
      sum_[s] = mean[s] * count_[s];
      room_[s] = std::max<std::int32_t>(
          1, static_cast<std::int32_t>(std::floor(p.max_share_per_school * count_[s] + 1e-9)));
      const double d = deficit(s);
      if (d > 0)
        heaps_[static_cast<std::size_t>(pools_.key[s])].push({d, static_cast<std::int32_t>(s)});
    }
    if (p.exchange == RotationExchange::Paired) list_partners();
  }

  /// Sends the candidates, in order, the backbone floor first.
  void run(std::vector<std::size_t> candidates) {
    const auto floor = static_cast<std::int64_t>(
        std::ceil(p_.backbone_min_share * static_cast<double>(quota_) - 1e-9));
    std::vector<std::uint8_t> tried(candidates.size(), 0);
    for (std::size_t k = 0; k < candidates.size() && backbone_ < floor && has_slots(); ++k)
      if (w_.teachers.backbone[candidates[k]] >= 2) tried[k] = 1, place(candidates[k]);
    for (std::size_t k = 0; k < candidates.size() && has_slots(); ++k)
      if (!tried[k]) place(candidates[k]);
  }

  /// Whether a teacher at school s could be sent this year.
  bool sends(std::size_t s) const {
    return pools_.role[s] == Role::Sender &&
           !heaps_[static_cast<std::size_t>(pools_.key[s])].empty();
  }

 private:
  double deficit(std::size_t s) const {
    return pools_.reference[static_cast<std::size_t>(pools_.key[s])] - sum_[s] / count_[s];
  }
  bool has_slots() const {
    return movers_ + (p_.exchange == RotationExchange::Paired ? 2 : 1) <= quota_;
  }

  /// Paired partners at each receiver, best first: young ones, then eligible ones.
  void list_partners() {
    const std::size_t n = w_.schools.size();
    young_.resize(n), others_.resize(n), next_young_.assign(n, 0), next_other_.assign(n, 0);
    const Teachers& t = w_.teachers;
    for (std::size_t s = 0; s < n; ++s) {
      if (pools_.role[s] != Role::Receiver) continue;
      for (auto k = w_.school_teacher_begin[s]; k < w_.school_teacher_begin[s + 1]; ++k) {
        const auto i = static_cast<std::size_t>(w_.teachers_by_school[static_cast<std::size_t>(k)]);
        if (!rules_.available(i)) continue;
        if (rules_.young(i))
          young_[s].push_back(i);
        else if (rules_.eligible(i))
          others_[s].push_back(i);
      }
      const auto best = [&t](std::size_t a, std::size_t b) {
        return t.effectiveness[a] > t.effectiveness[b] ||
               (t.effectiveness[a] == t.effectiveness[b] && t.id[a] < t.id[b]);
      };
      std::sort(young_[s].begin(), young_[s].end(), best);
      std::sort(others_[s].begin(), others_[s].end(), best);
    }
  }

  /// The next partner at receiver r and its kind; -1 when none is left.
  std::ptrdiff_t take_partner(std::size_t r, RotationKind& kind) {
    if (next_young_[r] < young_[r].size()) {
      kind = RotationKind::TrainingIn;
      return static_cast<std::ptrdiff_t>(young_[r][next_young_[r]++]);
    }
    if (next_other_[r] < others_[r].size()) {
      kind = RotationKind::ExchangeIn;
      return static_cast<std::ptrdiff_t>(others_[r][next_other_[r]++]);
    }
    return -1;
  }

  /// Sends candidate c to the neediest receiver of its pool that can take it.
  void place(std::size_t c) {
    Teachers& t = w_.teachers;
    const auto from = static_cast<std::size_t>(t.school[c]);
    auto& heap = heaps_[static_cast<std::size_t>(pools_.key[from])];
    while (!heap.empty()) {
      const auto r = static_cast<std::size_t>(heap.top().school);
      heap.pop();
      RotationKind partner_kind = RotationKind::None;
      std::ptrdiff_t partner = -1;
      if (p_.exchange == RotationExchange::Paired) {
        partner = take_partner(r, partner_kind);
        if (partner < 0) continue;  // nobody to send back: the receiver drops out
      }
      sum_[r] += t.effectiveness[c];
      move(c, r, t.backbone[c] >= 2 ? RotationKind::BackboneOut : RotationKind::OrdinaryOut);
      if (partner >= 0) {
        sum_[r] -= t.effectiveness[static_cast<std::size_t>(partner)];
        move(static_cast<std::size_t>(partner), from, partner_kind);
      } else {
        ++count_[r];
      }
      const double d = deficit(r);
      if (--room_[r] > 0 && d > 0) heap.push({d, static_cast<std::int32_t>(r)});
      return;
    }
  }

  /// Step 5: one teacher starts a term at `to`.
  void move(std::size_t i, std::size_t to, RotationKind kind) {
    Teachers& t = w_.teachers;
    const std::int32_t from = t.school[i];
    t.school[i] = t.rotation_destination[i] = static_cast<std::int32_t>(to);
    t.rotation_years_left[i] = static_cast<std::int16_t>(p_.term_years);
    t.rotation_kind[i] = kind;
    t.has_rotated[i] = 1;
    t.years_at_school[i] = 0;
    t.settling_years_left[i] = static_cast<std::int8_t>(p_.settling_years);
    t.morale[i] = clamp01(t.morale[i] - p_.morale_shock);
    t.burnout[i] = clamp01(t.burnout[i] + p_.burnout_shock);
    flows_.rotation_events.push_back({t.id[i], from, static_cast<std::int32_t>(to), kind});
    ++flows_.rotations_started;
    ++movers_;
    if (t.backbone[i] >= 2) ++flows_.rotations_backbone, ++backbone_;
    ++flows_.school_rotations_out[static_cast<std::size_t>(from)];
    ++flows_.school_rotations_in[to];
  }

  World& w_;
  const RotationParams& p_;
  const Rules& rules_;
  YearFlows& flows_;
  std::int64_t quota_;
  std::int64_t movers_ = 0, backbone_ = 0;
  Pools pools_;
  std::vector<double> sum_;  ///< receivers: effectiveness summed over their teachers
  std::vector<std::int32_t> count_, room_;
  std::vector<std::priority_queue<Need>> heaps_;
  std::vector<std::vector<std::size_t>> young_, others_;
  std::vector<std::size_t> next_young_, next_other_;
};

/// Eligible teachers of sending schools in sending order.
std::vector<std::size_t> ordered_candidates(const World& w, const RotationParams& p,
                                            const std::vector<std::uint8_t>& eligible,
                                            const Assignment& a) {
  const Teachers& t = w.teachers;
  std::vector<std::size_t> c;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (eligible[i] && a.sends(static_cast<std::size_t>(t.school[i]))) c.push_back(i);
  const auto rank = [&](std::size_t i) {
    const int level =
        p.primary_first ? index(w.schools.level[static_cast<std::size_t>(t.school[i])]) : 0;
    const int ordinary = p.backbone_first ? t.backbone[i] < 2 : 0;
    return std::tuple(level, ordinary, -t.effectiveness[i], t.id[i]);
  };
  std::sort(c.begin(), c.end(), [&](std::size_t a, std::size_t b) { return rank(a) < rank(b); });
  return c;
}

}  // namespace

void rotation(World& w, const RotationParams& p, const DemographyParams& demography,
              const YearContext&, YearFlows& flows) {
  const std::size_t n_schools = w.schools.size();
  flows.school_rotations_out.resize(n_schools, 0);
  flows.school_rotations_in.resize(n_schools, 0);
  // Terms run out even with rotation switched off (e.g. a run continued from a
  // snapshot with the policy stopped): nobody stays away for good.
  const std::vector<std::uint8_t> ended = end_terms(w, p, flows);
  if (!p.enabled) {
    if (std::find(ended.begin(), ended.end(), 1) != ended.end()) index_teachers(w);
    return;
  }

  const Rules rules{w.teachers, p, demography.retirement_age - p.years_before_retirement, ended};
  std::vector<std::uint8_t> eligible(w.teachers.size(), 0);
  tbb::parallel_for(std::size_t{0}, eligible.size(),
                    [&](std::size_t i) { eligible[i] = rules.eligible(i); });
  std::int64_t n_eligible = 0;
  for (auto e : eligible) n_eligible += e;
  flows.rotation_eligible = n_eligible;
  const auto quota = static_cast<std::int64_t>(std::llround(p.quota_share * n_eligible));

  Assignment assignment(w, p, rules, flows, quota);
  if (quota > 0) assignment.run(ordered_candidates(w, p, eligible, assignment));
  index_teachers(w);
}

}  // namespace edusim

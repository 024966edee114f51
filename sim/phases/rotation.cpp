#include "phases/rotation.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <queue>
#include <tuple>
#include <utility>
#include <vector>

#include "phases/school_strength.hpp"

namespace edusim {

namespace {
constexpr std::array<std::string_view, 4> kScopeNames{"district", "group", "alliance",
                                                      "urban_rural"};
constexpr std::array<std::string_view, 2> kExchangeNames{"paired", "one_way"};
constexpr std::array<std::string_view, 2> kTermEndNames{"return", "stay"};
constexpr std::array<std::string_view, 2> kModeNames{"need", "coverage"};
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
std::span<const std::string_view> enum_names(const RotationMode*) {
  return kModeNames;
}

void RotationParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled,
          {"rotate teachers between schools every year (交流轮岗)", "",
           "assumption: off unless a scenario asks for the policy"});
  v.field("mode", mode,
          schema::ChoiceSpec{
              {"need: sending schools (by scope) send to the neediest receivers until their "
               "teachers' mean effectiveness reaches the pool mean; coverage (全覆盖): every "
               "school of a pool sends and receives by one-for-one swaps, never-rotated teachers "
               "first, then those longest since their last rotation, no deficit stop, so that "
               "every teacher rotates once in ceil(1 / quota_share) years (quota_share then "
               "counts all regular teachers below the age limit, away or at home; exchange and "
               "backbone_min_share do not apply)",
               "",
               "national policy (教师〔2014〕4号): rotation for balance (need); Dongcheng 2021 "
               "(seed 002): 100% of teachers and cadres within three years, 全覆盖 (coverage)"}});
  v.field("eligibility_years", eligibility_years,
          {0,
           40,
           {"years at the current school from which a teacher is eligible", "years",
            "教师〔2014〕4号: teachers with 6 consecutive years at one school rotate"}});
  v.field("years_before_retirement", years_before_retirement,
          {0,
           40,
           {"teachers within this many years of their retirement age (demography."
            "retirement_age, retirement_age_women, retirement_age_senior_women) are not "
            "eligible",
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
  // Read with rotation off too: terms already running (a run continued from a snapshot,
  // training at a strong school) still end (end_terms).
  v.field("on_term_end", on_term_end,
          schema::ChoiceSpec{{"at the end of the term the teacher returns home, or stays at "
                              "the destination (which becomes the home school)",
                              "", "Fushun: personnel relation unchanged while rotating (return)",
                              schema::WhenOff::still_read}});
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
  // Read with rotation off too, for the terms still running (end_terms).
  v.field("burnout_per_year", burnout_per_year,
          {0,
           1,
           {"burnout added every year a teacher is away", "1/year",
            "EduEcosystem (J. ECNU Educ. Sci. 2026): burnout accumulates under rotation; off by "
            "default",
            schema::WhenOff::still_read}});
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
  const DemographyParams& demography;
  const std::vector<std::uint8_t>& ended;

  /// Not within years_before_retirement of the teacher's own retirement age.
  bool before_age_limit(std::size_t i) const {
    return t.age[i] <
           demography.retirement_age_of(t.female[i] != 0, t.title[i]) - p.years_before_retirement;
  }
  bool available(std::size_t i) const {
    return t.contract[i] == Contract::Regular && t.rotation_destination[i] < 0 &&
           before_age_limit(i) && !ended[i];
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

/// Step 5: teacher i starts a term at school `to` (both modes).
void start_term(World& w, const RotationParams& p, std::size_t i, std::size_t to, RotationKind kind,
                YearFlows& flows) {
  Teachers& t = w.teachers;
  const std::int32_t from = t.school[i];
  t.school[i] = t.rotation_destination[i] = static_cast<std::int32_t>(to);
  t.rotation_years_left[i] = static_cast<std::int16_t>(p.term_years);
  t.rotation_kind[i] = kind;
  t.has_rotated[i] = 1;
  t.years_at_school[i] = 0;
  t.settling_years_left[i] = static_cast<std::int8_t>(p.settling_years);
  t.morale[i] = clamp01(t.morale[i] - p.morale_shock);
  t.burnout[i] = clamp01(t.burnout[i] + p.burnout_shock);
  flows.rotation_events.push_back({t.id[i], from, static_cast<std::int32_t>(to), kind});
  ++flows.rotations;
  if (district_backbone(t.backbone[i])) ++flows.rotations_backbone;
  ++flows.school_rotations_out[static_cast<std::size_t>(from)];
  ++flows.school_rotations_in[to];
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
      if (district_backbone(w_.teachers.backbone[candidates[k]]))
        tried[k] = 1, place(candidates[k]);
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
      move(
          c, r,
          district_backbone(t.backbone[c]) ? RotationKind::BackboneOut : RotationKind::OrdinaryOut);
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
    start_term(w_, p_, i, to, kind, flows_);
    ++movers_;
    if (district_backbone(w_.teachers.backbone[i])) ++backbone_;
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
    const int ordinary = p.backbone_first ? !district_backbone(t.backbone[i]) : 0;
    return std::tuple(level, ordinary, -t.effectiveness[i], t.id[i]);
  };
  std::sort(c.begin(), c.end(), [&](std::size_t a, std::size_t b) { return rank(a) < rank(b); });
  return c;
}

// --- coverage mode (全覆盖) ---------------------------------------------------

/// Movers of a coverage round: quota_share of the programme's teachers (regular,
/// below the age limit, at home or away on a term of this phase), rounded up to
/// whole swaps, so that ceil(1 / quota_share) rounds can reach everyone.
std::int64_t coverage_quota(const World& w, const RotationParams& p, const Rules& rules) {
  const Teachers& t = w.teachers;
  std::int64_t base = 0;
  for (std::size_t i = 0; i < t.size(); ++i)
    base += t.contract[i] == Contract::Regular && rules.before_age_limit(i) &&
            !(t.rotation_destination[i] >= 0 && t.rotation_kind[i] == RotationKind::Shadow);
  const auto movers =
      static_cast<std::int64_t>(std::ceil(p.quota_share * static_cast<double>(base) - 1e-9));
  return movers + movers % 2;
}

/// Eligible teachers of pooled schools in coverage order: never rotated first
/// (primary, backbone first as configured, then longest at the school), then
/// the rotated by years since their return (years_at_school restarts then).
std::vector<std::size_t> coverage_candidates(const World& w, const RotationParams& p,
                                             const std::vector<std::uint8_t>& eligible,
                                             const Pools& pools) {
  const Teachers& t = w.teachers;
  std::vector<std::size_t> c;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (eligible[i] && pools.key[static_cast<std::size_t>(t.school[i])] >= 0) c.push_back(i);
  const auto rank = [&](std::size_t i) {
    const int rotated = t.has_rotated[i] != 0;
    const int level =
        p.primary_first ? index(w.schools.level[static_cast<std::size_t>(t.school[i])]) : 0;
    const int ordinary = p.backbone_first ? !district_backbone(t.backbone[i]) : 0;
    return std::tuple(rotated, rotated ? -t.years_at_school[i] : 0, level, ordinary,
                      -t.years_at_school[i], t.id[i]);
  };
  std::sort(c.begin(), c.end(), [&](std::size_t a, std::size_t b) { return rank(a) < rank(b); });
  return c;
}

/// The positions of a fixed order that are still alive: the first alive at or
/// after a position, or the last at or before it (union-find with path
/// compression, so a year's searches stay near-linear).
class AliveList {
 public:
  explicit AliveList(std::size_t n) : next_(n + 1), prev_(n + 1) {
    std::iota(next_.begin(), next_.end(), std::size_t{0});
    std::iota(prev_.begin(), prev_.end(), std::size_t{0});  // shifted by one; 0: none
  }
  void kill(std::size_t k) { next_[k] = k + 1, prev_[k + 1] = k; }
  /// First alive position >= k; size() when none.
  std::size_t first_from(std::size_t k) { return find(next_, k); }
  /// Last alive position <= k (k may be -1); -1 when none.
  std::ptrdiff_t last_from(std::ptrdiff_t k) {
    return static_cast<std::ptrdiff_t>(find(prev_, static_cast<std::size_t>(k + 1))) - 1;
  }
  std::size_t size() const { return next_.size() - 1; }

 private:
  static std::size_t find(std::vector<std::size_t>& parent, std::size_t k) {
    std::size_t root = k;
    while (parent[root] != root) root = parent[root];
    while (parent[k] != root) k = std::exchange(parent[k], root);
    return root;
  }
  std::vector<std::size_t> next_, prev_;
};

/// One coverage round: candidates in coverage order each swap with the first
/// waiting candidate of another school of their pool. While other schools have a
/// never-rotated teacher waiting, the partner comes from the one where they are the
/// largest share of its teachers (ties: the neediest), so that every school's
/// waiting teachers run out at the same pace and can all swap before the cycle
/// ends, and movers spread over the schools in proportion to their size. Otherwise any school with
/// a teacher waiting swaps: from a school at or above its pool's mean effectiveness the neediest,
/// from one below it the strongest. Every school gives and takes one teacher per swap, so head
/// counts never change; a school leaves the round when its room or its candidates run out.
class Coverage {
 public:
  Coverage(World& w, const RotationParams& p, const std::vector<std::uint8_t>& eligible,
           YearFlows& flows, std::int64_t quota)
      : w_(w), p_(p), rules_young_(p.young_max_experience), flows_(flows), quota_(quota) {
    const std::vector<double> mean = school_mean_effectiveness(w);
    pools_ = build_pools(w, p.scope, mean);
    candidates_ = coverage_candidates(w, p, eligible, pools_);
    const std::size_t n = w.schools.size();
    queue_.resize(n), next_.assign(n, 0), room_.assign(n, 0), pos_.assign(n, 0);
    above_.assign(n, 0);
    for (std::size_t c : candidates_)
      queue_[static_cast<std::size_t>(w.teachers.school[c])].push_back(c);
    order_.resize(pools_.reference.size());
    for (std::size_t s = 0; s < n; ++s) {
      if (pools_.key[s] < 0) continue;
      const auto k = static_cast<std::size_t>(pools_.key[s]);
      above_[s] = mean[s] >= pools_.reference[k];
      room_[s] = std::max<std::int32_t>(
          1, static_cast<std::int32_t>(
                 std::floor(p.max_share_per_school * w.school_teachers(s) + 1e-9)));
      order_[k].push_back(s);
    }
    for (std::size_t k = 0; k < order_.size(); ++k) {
      // Neediest first: largest deficit (reference - mean), ties to the lower index.
      std::stable_sort(order_[k].begin(), order_[k].end(),
                       [&](std::size_t a, std::size_t b) { return mean[a] < mean[b]; });
      alive_.emplace_back(order_[k].size());
      for (std::size_t j = 0; j < order_[k].size(); ++j) pos_[order_[k][j]] = j;
    }
    moved_.assign(w.teachers.size(), 0);
    waiting_.assign(n, 0);
    for (std::size_t c : candidates_)
      waiting_[static_cast<std::size_t>(w.teachers.school[c])] += !w.teachers.has_rotated[c];
    most_waiting_.resize(order_.size());
    for (std::size_t s = 0; s < n; ++s)
      if (pools_.key[s] >= 0) update(s);
  }

  void run() {
    for (std::size_t c : candidates_) {
      if (turns_ >= quota_) break;
      if (moved_[c]) continue;  // already taken as a partner this year
      const auto from = static_cast<std::size_t>(w_.teachers.school[c]);
      const std::ptrdiff_t to = destination(from);
      if (to < 0) continue;
      swap(c, static_cast<std::size_t>(to));
    }
  }

 private:
  /// The school of c's pool that takes c, or -1 when no other school can.
  std::ptrdiff_t destination(std::size_t from) {
    if (room_[from] <= 0) return -1;
    const auto k = static_cast<std::size_t>(pools_.key[from]);
    if (const std::ptrdiff_t s = most_waiting_other_than(k, from); s >= 0) return s;
    const std::ptrdiff_t j = pick(alive_[k], pos_[from], above_[from]);
    return j < 0 ? -1 : static_cast<std::ptrdiff_t>(order_[k][static_cast<std::size_t>(j)]);
  }

  /// The school of pool k, other than `from`, with the largest share of its
  /// teachers never rotated and waiting, and room left (lazy max-heap: stale
  /// entries are dropped).
  std::ptrdiff_t most_waiting_other_than(std::size_t k, std::size_t from) {
    auto& heap = most_waiting_[k];
    const auto valid = [&](const Waiting& e) {
      return e.count == waiting_[e.school] && e.count > 0 && room_[e.school] > 0 &&
             peek(e.school) >= 0;
    };
    while (!heap.empty() && !valid(heap.top())) heap.pop();
    if (heap.empty()) return -1;
    if (heap.top().school != from) return static_cast<std::ptrdiff_t>(heap.top().school);
    const Waiting mine = heap.top();
    heap.pop();
    while (!heap.empty() && !valid(heap.top())) heap.pop();
    const std::ptrdiff_t other = heap.empty() ? -1 : static_cast<std::ptrdiff_t>(heap.top().school);
    heap.push(mine);
    return other;
  }

  /// The neediest (from above) or strongest (from below) position alive but `here`.
  static std::ptrdiff_t pick(AliveList& alive, std::size_t here, bool above) {
    const auto me = static_cast<std::ptrdiff_t>(here);
    if (above) {
      std::size_t f = alive.first_from(0);
      if (f == here) f = alive.first_from(here + 1);
      return f < alive.size() ? static_cast<std::ptrdiff_t>(f) : -1;
    }
    std::ptrdiff_t j = alive.last_from(static_cast<std::ptrdiff_t>(alive.size()) - 1);
    if (j == me) j = alive.last_from(me - 1);
    return j;
  }

  /// The next candidate of school s not yet moved this year, if any.
  std::ptrdiff_t peek(std::size_t s) {
    while (next_[s] < queue_[s].size() && moved_[queue_[s][next_[s]]]) ++next_[s];
    return next_[s] < queue_[s].size() ? static_cast<std::ptrdiff_t>(queue_[s][next_[s]]) : -1;
  }

  /// Refreshes school s in its pool's partner lists.
  void update(std::size_t s) {
    const auto k = static_cast<std::size_t>(pools_.key[s]);
    if (room_[s] <= 0 || peek(s) < 0) {
      alive_[k].kill(pos_[s]);
      return;
    }
    if (waiting_[s] > 0)
      most_waiting_[k].push(
          {static_cast<double>(waiting_[s]) / w_.school_teachers(s), waiting_[s], pos_[s], s});
  }

  /// c goes to school `to`, whose first candidate comes the other way.
  void swap(std::size_t c, std::size_t to) {
    const auto from = static_cast<std::size_t>(w_.teachers.school[c]);
    moved_[c] = 1;
    const auto partner = static_cast<std::size_t>(peek(to));
    moved_[partner] = 1;
    const Teachers& t = w_.teachers;
    // A partner who has had a turn, taken only because no school with a teacher
    // still waiting could swap, keeps head counts but is not one of the year's turns.
    turns_ += 1 + (t.has_rotated[c] || !t.has_rotated[partner]);
    waiting_[from] -= !t.has_rotated[c];
    waiting_[to] -= !t.has_rotated[partner];
    start_term(
        w_, p_, c, to,
        district_backbone(t.backbone[c]) ? RotationKind::BackboneOut : RotationKind::OrdinaryOut,
        flows_);
    start_term(
        w_, p_, partner, from,
        t.experience[partner] <= rules_young_ ? RotationKind::TrainingIn : RotationKind::ExchangeIn,
        flows_);
    --room_[from], --room_[to];
    update(from);
    update(to);
  }

  World& w_;
  const RotationParams& p_;
  std::int32_t rules_young_;
  YearFlows& flows_;
  std::int64_t quota_;
  std::int64_t turns_ = 0;  ///< moves that count toward the quota
  Pools pools_;
  std::vector<std::size_t> candidates_;
  std::vector<std::vector<std::size_t>> queue_;  ///< per school: its candidates in order
  std::vector<std::size_t> next_, pos_;
  std::vector<std::int32_t> room_;
  std::vector<std::uint8_t> above_, moved_;
  std::vector<std::vector<std::size_t>> order_;  ///< per pool: schools, neediest first
  /// Per pool, positions of the schools still in the round (room and a candidate).
  std::vector<AliveList> alive_;
  /// A school's never-rotated candidates waiting, as a share of its teachers;
  /// largest first, then the neediest (lower position). `count` tells stale entries.
  struct Waiting {
    double share;
    std::int32_t count;
    std::size_t pos, school;
    bool operator<(const Waiting& o) const {
      return share < o.share || (share == o.share && pos > o.pos);
    }
  };
  std::vector<std::int32_t> waiting_;
  std::vector<std::priority_queue<Waiting>> most_waiting_;
};

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

  const Rules rules{w.teachers, p, demography, ended};
  std::vector<std::uint8_t> eligible(w.teachers.size(), 0);
  tbb::parallel_for(std::size_t{0}, eligible.size(),
                    [&](std::size_t i) { eligible[i] = rules.eligible(i); });
  std::int64_t n_eligible = 0;
  for (auto e : eligible) n_eligible += e;
  flows.rotation_eligible = n_eligible;
  if (p.mode == RotationMode::Coverage) {
    Coverage(w, p, eligible, flows, coverage_quota(w, p, rules)).run();
    index_teachers(w);
    return;
  }
  const auto quota = static_cast<std::int64_t>(std::llround(p.quota_share * n_eligible));

  Assignment assignment(w, p, rules, flows, quota);
  if (quota > 0) assignment.run(ordered_candidates(w, p, eligible, assignment));
  index_teachers(w);
}

}  // namespace edusim

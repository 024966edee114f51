#include "phases/part_time_exchange.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <functional>
#include <queue>
#include <utility>

namespace edusim {

void PartTimeParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled,
          {"lend PE/art teachers part-time to schools short of them every year (兼职交流, 兼课)"});
  v.field("share", share,
          {0,
           1,
           {"share of a lent teacher's load taught at the receiving school", "1",
            "assumption: 0.3, one or two days of a five-day week; Miyun names part-time exchange "
            "(兼职交流) as one of its three exchange forms without a share (seed 002)"}});
  v.field("max_per_receiver", max_per_receiver,
          {0,
           1000,
           {"part-time teachers one school receives at most in a year", "teachers",
            "assumption: two, e.g. one music and one PE teacher"}});
  v.field("max_teachers", max_teachers,
          {-1,
           1000000,
           {"part-time teachers lent in the district in a year at most; -1: no cap", "teachers",
            "assumption: limited by need and surplus only"}});
  v.field("direction", direction,
          schema::ChoiceSpec{{"urban_rural: urban schools lend to town and rural schools; "
                              "strong_weak: strong schools lend to weak schools",
                              "", "seed 002 (Miyun): exchange from urban to rural schools"}});
}

namespace {

bool sends(const World& w, const PartTimeParams& p, std::size_t s) {
  return p.direction == PartTimeDirection::UrbanRural ? w.schools.zone[s] == Zone::Urban
                                                      : w.schools.strength[s] == Strength::Strong;
}
bool receives(const World& w, const PartTimeParams& p, std::size_t s) {
  return p.direction == PartTimeDirection::UrbanRural ? w.schools.zone[s] != Zone::Urban
                                                      : w.schools.strength[s] == Strength::Weak;
}

/// (ratio of PE/art teachers to the threshold, school index): smallest first.
using Entry = std::pair<double, std::int32_t>;
using MinHeap = std::priority_queue<Entry, std::vector<Entry>, std::greater<>>;

/// The greedy matching of one year: PE/art staff (have) against the threshold (need).
struct Lending {
  World& w;
  const PartTimeParams& p;
  std::vector<double> have, need;
  std::vector<std::vector<std::int32_t>> lendable;  ///< per sender, in lending order
  std::vector<std::size_t> next;                    ///< per sender: next lendable teacher
  std::vector<std::int32_t> received;               ///< teachers received per school
  MinHeap receivers;
  std::array<MinHeap, kLevels> senders;  ///< keyed by -ratio: the largest surplus first

  Lending(World& world, const PartTimeParams& params, const BalanceStandardParams& balance)
      : w(world), p(params) {
    const std::size_t n = w.schools.size();
    have.assign(n, 0), need.assign(n, 0), lendable.resize(n), next.assign(n, 0);
    received.assign(n, 0);
    const auto pe_art = static_cast<std::size_t>(Indicator::PeArtTeachers);
    for (std::size_t s = 0; s < n; ++s) {
      if (!w.schools.open[s] || w.school_students(s) <= 0) continue;
      const auto level = static_cast<std::size_t>(index(w.schools.level[s]));
      need[s] = balance.threshold[pe_art][level] * w.school_students(s) / 100.0;
      collect(s);
      if (need[s] <= 0) continue;
      if (receives(w, p, s) && have[s] < need[s])
        receivers.push({have[s] / need[s], static_cast<std::int32_t>(s)});
      if (sends(w, p, s) && !lendable[s].empty())
        senders[level].push({-have[s] / need[s], static_cast<std::int32_t>(s)});
    }
  }

  /// Counts the PE/art teachers of school s; the senders' lendable ones are
  /// regular teachers at home, most experienced first, then by id.
  void collect(std::size_t s) {
    const Teachers& t = w.teachers;
    for (auto k = w.school_teacher_begin[s]; k < w.school_teacher_begin[s + 1]; ++k) {
      const std::int32_t i = w.teachers_by_school[static_cast<std::size_t>(k)];
      const auto u = static_cast<std::size_t>(i);
      if (t.subject[u] != Subject::PeArt) continue;
      have[s] += 1;
      if (t.contract[u] == Contract::Regular && t.rotation_destination[u] < 0 &&
          t.guidance_share[u] < 1.0f)
        lendable[s].push_back(i);
    }
    std::sort(lendable[s].begin(), lendable[s].end(), [&](std::int32_t a, std::int32_t b) {
      const auto ua = static_cast<std::size_t>(a), ub = static_cast<std::size_t>(b);
      if (t.experience[ua] != t.experience[ub]) return t.experience[ua] > t.experience[ub];
      return t.id[ua] < t.id[ub];
    });
  }

  float share_of(std::size_t i) const {
    return std::min(static_cast<float>(p.share), 1.0f - w.teachers.guidance_share[i]);
  }

  /// The sender with the largest surplus that can lend without falling below
  /// its threshold, or -1; senders that cannot lend any more are dropped.
  std::int32_t sender(std::size_t level) {
    MinHeap& heap = senders[level];
    while (!heap.empty()) {
      const auto q = static_cast<std::size_t>(heap.top().second);
      if (next[q] < lendable[q].size() &&
          have[q] - share_of(static_cast<std::size_t>(lendable[q][next[q]])) >= need[q])
        return static_cast<std::int32_t>(q);
      heap.pop();
    }
    return -1;
  }

  std::int64_t run() {
    std::int64_t lent = 0;
    while (!receivers.empty() && (p.max_teachers < 0 || lent < p.max_teachers)) {
      const auto r = static_cast<std::size_t>(receivers.top().second);
      receivers.pop();
      if (received[r] >= p.max_per_receiver || have[r] >= need[r]) continue;
      const auto level = static_cast<std::size_t>(index(w.schools.level[r]));
      const std::int32_t q = sender(level);
      if (q < 0) continue;
      senders[level].pop();
      const auto qs = static_cast<std::size_t>(q);
      const auto i = static_cast<std::size_t>(lendable[qs][next[qs]++]);
      const float share = share_of(i);
      w.teachers.part_time_school[i] = static_cast<std::int32_t>(r);
      w.teachers.part_time_share[i] = share;
      have[qs] -= share, have[r] += share;
      ++received[r], ++lent;
      senders[level].push({-have[qs] / need[qs], q});
      if (have[r] < need[r]) receivers.push({have[r] / need[r], static_cast<std::int32_t>(r)});
    }
    return lent;
  }
};

}  // namespace

void part_time_exchange(World& w, const PartTimeParams& p, const BalanceStandardParams& balance,
                        const YearContext&, YearFlows& flows) {
  if (!p.enabled) return;
  Teachers& t = w.teachers;
  tbb::parallel_for(std::size_t{0}, t.size(), [&](std::size_t i) {
    t.part_time_school[i] = -1;
    t.part_time_share[i] = 0.0f;
  });
  if (p.share <= 0) return;
  Lending lending(w, p, balance);
  flows.part_time_teachers += lending.run();
}

SharesBySchool shares_by_school(const World& w, const std::vector<std::int32_t>& other_school,
                                const std::vector<float>& share) {
  const std::size_t n = w.schools.size();
  SharesBySchool out{std::vector<double>(n, 0.0), std::vector<double>(n, 0.0)};
  const Teachers& t = w.teachers;
  for (std::size_t i = 0; i < t.size(); ++i) {  // serial: fixed order of the sums
    if (other_school[i] < 0) continue;
    out.sent[static_cast<std::size_t>(t.school[i])] += share[i];
    out.received[static_cast<std::size_t>(other_school[i])] += share[i];
  }
  return out;
}

SharesBySchool part_time_shares(const World& w) {
  return shares_by_school(w, w.teachers.part_time_school, w.teachers.part_time_share);
}

}  // namespace edusim

#include "phases/backbone_recognition.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/float_key.hpp"

namespace edusim {

void BackboneParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled, {"recognise new backbone teachers in review years"});
  v.section(
      "target_shares",
      schema::SectionSpec{
          {"target share of regular staff holding exactly each backbone level", "1",
           "the generator's district.teachers.backbone_shares (school 0.15, district 0.12, city "
           "0.04: 31% in all, as Qiaodong's backbone and award-level teachers)"}},
      [this](schema::Visitor& levels) {
        for (int l = 1; l < kBackboneLevels; ++l)
          levels.real(kBackboneNames[static_cast<std::size_t>(l)],
                      target_shares[static_cast<std::size_t>(l)],
                      {0, 1, {"target share of regular staff at this level", "1"}});
      });
  v.field("min_experience", min_experience,
          schema::IntegerSpec{0,
                              60,
                              {"years of teaching before a teacher can be recognised", "years",
                               "assumption: selection rules commonly ask for about 5 years of "
                               "teaching"}});
  v.field(
      "review_every_years", review_every_years,
      schema::IntegerSpec{1,
                          20,
                          {"years between reviews (a review runs when the year is divisible "
                           "by it)",
                           "years", "assumption: yearly; many districts review every 2-3 years"}});
  v.field(
      "allocation", allocation,
      schema::ChoiceSpec{
          {"whose staff the target shares apply to: district (the district's places go to "
           "its most effective eligible teachers, wherever they teach) or school (名额分配到校: "
           "each school gets the target shares of its own regular staff, by employer of "
           "record, and fills them with its own best)",
           "",
           "setting: how a district allocates its review places; district as before, school "
           "for districts that allocate places to schools (an assumption about how such "
           "quotas are set: in proportion to staff)"}});
}

std::int32_t backbone_target(const BackboneParams& p, int level, std::int32_t staff) {
  return static_cast<std::int32_t>(
      std::lround(p.target_shares[static_cast<std::size_t>(level)] * staff));
}

namespace {

/// A candidate's rank in the review's order (higher effectiveness, then more
/// experience, then lower id) packed into two words, so that a selection compares
/// two integers instead of reading three columns at random; `lo` ends with the
/// teacher's index. Ids are unique, so the order is the same strict total order
/// as the columns' (an effectiveness of -0 counts as +0, as float comparison has it).
struct RankKey {
  std::uint64_t hi = 0, lo = 0;
  bool operator<(const RankKey& o) const { return hi != o.hi ? hi < o.hi : lo < o.lo; }
  std::size_t index() const { return static_cast<std::uint32_t>(lo); }
};

RankKey rank_key(const Teachers& t, std::size_t i) {
  const std::uint32_t ascending = float_rank_key(t.effectiveness[i]);
  const auto experience = static_cast<std::uint16_t>(t.experience[i] + 32768);
  return {(std::uint64_t{~ascending} << 32) | (std::uint64_t{0xFFFFu} - experience),
          (std::uint64_t{t.id[i]} << 32) | i};
}

/// A review's view of some teachers: regular staff, holders of each level and
/// the candidates for each level (eligible regular teachers one level below).
struct ReviewPools {
  std::int32_t staff = 0;
  std::array<std::int32_t, kBackboneLevels> holders{};
  std::array<std::vector<RankKey>, kBackboneLevels> candidates;
};

/// Counts first, then sizes every pool once and fills it (no regrowing).
void gather(const Teachers& t, const BackboneParams& p, std::span<const std::size_t> members,
            ReviewPools& out) {
  std::array<std::size_t, kBackboneLevels> eligible{};
  const auto candidate_level = [&](std::size_t i) -> std::size_t {  // 0: none
    const auto level = static_cast<std::size_t>(t.backbone[i]);
    return level + 1 < kBackboneLevels && t.experience[i] >= p.min_experience ? level + 1 : 0;
  };
  for (const std::size_t i : members) {
    if (t.contract[i] != Contract::Regular) continue;
    ++out.staff, ++out.holders[static_cast<std::size_t>(t.backbone[i])];
    ++eligible[candidate_level(i)];
  }
  for (std::size_t l = 1; l < kBackboneLevels; ++l) out.candidates[l].reserve(eligible[l]);
  for (const std::size_t i : members)
    if (const std::size_t l = candidate_level(i); l > 0 && t.contract[i] == Contract::Regular)
      out.candidates[l].push_back(rank_key(t, i));
}

/// Keeps the k best of `keys` (in no particular order): a selection (linear), not a sort.
void keep_best(std::vector<RankKey>& keys, std::size_t k) {
  if (k == 0) return keys.clear();
  if (k >= keys.size()) return;
  std::nth_element(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(k - 1), keys.end());
  keys.resize(k);
}

/// One review of the teachers `members`: each level, from the top, topped up to its target
/// share of their regular staff with its best candidates. Raising teachers into a level
/// empties places in the level below but changes no other level's candidates, so every
/// pool is gathered first: per chunk of members (in parallel for large reviews), each
/// chunk's best kept, then the best of those, which are the best of all (one set: the
/// order is strict and total). Returns how many were raised.
std::int32_t review(Teachers& t, const BackboneParams& p, std::span<const std::size_t> members) {
  constexpr std::size_t kChunk = std::size_t{1} << 14;
  const std::size_t chunks = std::max<std::size_t>(1, members.size() / kChunk);
  std::vector<ReviewPools> pools(chunks);
  tbb::parallel_for(std::size_t{0}, chunks, [&](std::size_t c) {
    gather(t, p,
           members.subspan(members.size() * c / chunks,
                           members.size() * (c + 1) / chunks - members.size() * c / chunks),
           pools[c]);
  });
  ReviewPools all;
  for (const ReviewPools& c : pools) {
    all.staff += c.staff;
    for (std::size_t l = 0; l < kBackboneLevels; ++l) all.holders[l] += c.holders[l];
  }
  std::int32_t recognised = 0;
  for (int level = kBackboneLevels - 1; level >= 1; --level) {
    const auto l = static_cast<std::size_t>(level);
    const std::int32_t need = backbone_target(p, level, all.staff) - all.holders[l];
    if (need <= 0) continue;
    const auto k = static_cast<std::size_t>(need);
    tbb::parallel_for(std::size_t{0}, chunks,
                      [&](std::size_t c) { keep_best(pools[c].candidates[l], k); });
    std::vector<RankKey>& best = all.candidates[l];
    std::size_t kept = 0;
    for (const ReviewPools& c : pools) kept += c.candidates[l].size();
    best.reserve(kept);
    for (const ReviewPools& c : pools)
      best.insert(best.end(), c.candidates[l].begin(), c.candidates[l].end());
    keep_best(best, k);
    for (const RankKey& key : best) t.backbone[key.index()] = static_cast<std::int8_t>(level);
    const auto raised = static_cast<std::int32_t>(best.size());
    all.holders[l] += raised;
    all.holders[l - 1] -= raised;
    recognised += raised;
  }
  return recognised;
}

/// The teachers of each school by employer of record, in index order: [school][k].
std::vector<std::vector<std::size_t>> staff_by_school(const Teachers& t, std::size_t schools) {
  std::vector<std::vector<std::size_t>> out(schools);
  for (std::size_t i = 0; i < t.size(); ++i)
    out[static_cast<std::size_t>(t.home_school[i])].push_back(i);
  return out;
}

}  // namespace

void backbone_recognition(World& w, const BackboneParams& p, const YearContext& ctx,
                          YearFlows& flows) {
  if (!p.enabled || ctx.year % static_cast<std::uint32_t>(p.review_every_years) != 0) return;
  Teachers& t = w.teachers;
  if (p.allocation == BackboneAllocation::School) {
    // Schools are independent: each raises only its own staff. Counts are integers.
    const auto staff = staff_by_school(t, w.schools.size());
    std::vector<std::int32_t> raised(staff.size());
    tbb::parallel_for(std::size_t{0}, staff.size(),
                      [&](std::size_t s) { raised[s] = review(t, p, staff[s]); });
    for (const auto r : raised) flows.backbone_recognitions += r;
    return;
  }
  std::vector<std::size_t> everyone(t.size());
  for (std::size_t i = 0; i < everyone.size(); ++i) everyone[i] = i;
  flows.backbone_recognitions += review(t, p, everyone);
}

}  // namespace edusim

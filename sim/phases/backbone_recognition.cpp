#include "phases/backbone_recognition.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

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

/// The review's order: higher effectiveness, then more experience, then lower id.
bool ranks_before(const Teachers& t, std::size_t a, std::size_t b) {
  if (t.effectiveness[a] != t.effectiveness[b]) return t.effectiveness[a] > t.effectiveness[b];
  if (t.experience[a] != t.experience[b]) return t.experience[a] > t.experience[b];
  return t.id[a] < t.id[b];
}

/// Raises the `n` best eligible regular teachers of `members` at `level - 1` to `level`;
/// returns how many.
std::int32_t raise_best(Teachers& t, const BackboneParams& p, int level, std::int32_t n,
                        std::span<const std::size_t> members) {
  std::vector<std::size_t> candidates;
  for (const std::size_t i : members)
    if (t.contract[i] == Contract::Regular && t.backbone[i] == level - 1 &&
        t.experience[i] >= p.min_experience)
      candidates.push_back(i);
  const auto k = std::min(static_cast<std::size_t>(n), candidates.size());
  // The order is strict and total (ids are unique), so the k best are one set
  // however they are found: a selection (linear), not a partial sort.
  if (k > 0 && k < candidates.size())
    std::nth_element(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(k - 1),
                     candidates.end(),
                     [&t](std::size_t a, std::size_t b) { return ranks_before(t, a, b); });
  for (std::size_t j = 0; j < k; ++j) t.backbone[candidates[j]] = static_cast<std::int8_t>(level);
  return static_cast<std::int32_t>(k);
}

/// One review of the teachers `members`: each level, from the top, topped up to its target
/// share of their regular staff. Returns how many were raised.
std::int32_t review(Teachers& t, const BackboneParams& p, std::span<const std::size_t> members) {
  std::int32_t staff = 0, recognised = 0;
  std::array<std::int32_t, kBackboneLevels> holders{};
  for (const std::size_t i : members)
    if (t.contract[i] == Contract::Regular) {
      ++staff;
      ++holders[static_cast<std::size_t>(t.backbone[i])];
    }
  // Top level first: raising teachers into a level empties places in the level below.
  for (int level = kBackboneLevels - 1; level >= 1; --level) {
    const std::int32_t need =
        backbone_target(p, level, staff) - holders[static_cast<std::size_t>(level)];
    if (need <= 0) continue;
    const std::int32_t raised = raise_best(t, p, level, need, members);
    holders[static_cast<std::size_t>(level)] += raised;
    holders[static_cast<std::size_t>(level - 1)] -= raised;
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
    for (const auto& members : staff_by_school(t, w.schools.size()))
      flows.backbone_recognitions += review(t, p, members);
    return;
  }
  std::vector<std::size_t> everyone(t.size());
  for (std::size_t i = 0; i < everyone.size(); ++i) everyone[i] = i;
  flows.backbone_recognitions += review(t, p, everyone);
}

}  // namespace edusim

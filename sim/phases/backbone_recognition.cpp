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

/// Raises the `n` best eligible regular teachers at `level - 1` to `level`; returns how many.
std::int32_t raise_best(Teachers& t, const BackboneParams& p, int level, std::int32_t n) {
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < t.size(); ++i)
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

}  // namespace

void backbone_recognition(World& w, const BackboneParams& p, const YearContext& ctx,
                          YearFlows& flows) {
  if (!p.enabled || ctx.year % static_cast<std::uint32_t>(p.review_every_years) != 0) return;
  Teachers& t = w.teachers;
  std::int32_t staff = 0;
  std::array<std::int32_t, kBackboneLevels> holders{};
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t.contract[i] == Contract::Regular) {
      ++staff;
      ++holders[static_cast<std::size_t>(t.backbone[i])];
    }
  // Top level first: raising teachers into a level empties places in the level below.
  for (int level = kBackboneLevels - 1; level >= 1; --level) {
    const std::int32_t need =
        backbone_target(p, level, staff) - holders[static_cast<std::size_t>(level)];
    if (need <= 0) continue;
    const std::int32_t raised = raise_best(t, p, level, need);
    holders[static_cast<std::size_t>(level)] += raised;
    holders[static_cast<std::size_t>(level - 1)] -= raised;
    flows.backbone_recognitions += raised;
  }
}

}  // namespace edusim

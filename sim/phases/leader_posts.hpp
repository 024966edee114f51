#pragma once
// The posts a leader table fills at each of its units (schools, or kindergartens
// for the kindergarten heads): who is principal (head), how many vice-principals
// (deputy heads) serve there, and the best at-home vice-principal, the first in
// line when the principal's post falls vacant. One rule for both tables, so that
// a school and a kindergarten fill a vacant head's post alike.
#include <array>
#include <cstdint>
#include <vector>

#include "world/world.hpp"

namespace edusim {

/// Leaders serving at each unit, by role (vice-principals at home only: one away
/// on rotation keeps its post at the destination and is not promoted there).
struct LeaderPosts {
  std::vector<std::int32_t> principal;  ///< leader index or -1
  std::vector<std::int32_t> vices;      ///< vice-principals serving there
  std::vector<std::int32_t> best_vice;  ///< best at-home vice-principal, -1 none
};

/// Higher quality first; ties by the lower id, so the order is total and the
/// choice does not depend on the table's order.
inline bool better_leader(const Leaders& l, std::size_t a, std::size_t b) {
  return l.quality[a] != l.quality[b] ? l.quality[a] > l.quality[b] : l.id[a] < l.id[b];
}

/// The teacher a leader post is filled from: the lowest tier offered (tier 0 the most
/// qualified), then the higher effectiveness, then the lower id; tier 2 (any teacher) only
/// when asked. One rule for a school's teachers and a kindergarten's.
class LeaderCandidates {
 public:
  static constexpr int kTiers = 3;
  void offer(int tier, std::int32_t i, float effectiveness, std::uint32_t id) {
    Best& b = best_[static_cast<std::size_t>(tier)];
    if (b.index < 0 || effectiveness > b.effectiveness ||
        (effectiveness == b.effectiveness && id < b.id))
      b = {i, effectiveness, id};
  }
  /// The chosen teacher's index, -1 if none.
  std::int32_t choice(bool any_teacher) const {
    if (best_[0].index >= 0) return best_[0].index;
    if (best_[1].index >= 0) return best_[1].index;
    return any_teacher ? best_[2].index : -1;
  }

 private:
  struct Best {
    std::int32_t index = -1;
    float effectiveness = 0;
    std::uint32_t id = 0;
  };
  std::array<Best, kTiers> best_{};
};

/// The posts of `units` units served by the leaders of `l` (l.school indexes the unit).
inline LeaderPosts count_leader_posts(const Leaders& l, std::size_t units) {
  LeaderPosts p{std::vector<std::int32_t>(units, -1), std::vector<std::int32_t>(units, 0),
                std::vector<std::int32_t>(units, -1)};
  for (std::size_t i = 0; i < l.size(); ++i) {
    const auto u = static_cast<std::size_t>(l.school[i]);
    if (l.role[i] == LeaderRole::Principal) {
      p.principal[u] = static_cast<std::int32_t>(i);
      continue;
    }
    ++p.vices[u];
    const std::int32_t best = p.best_vice[u];
    if (l.rotation_destination[i] < 0 &&
        (best < 0 || better_leader(l, i, static_cast<std::size_t>(best))))
      p.best_vice[u] = static_cast<std::int32_t>(i);
  }
  return p;
}

}  // namespace edusim

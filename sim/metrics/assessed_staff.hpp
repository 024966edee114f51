#pragma once
// The teachers each school is assessed with under the balance standards (metrics/balance,
// metrics/basic_balance): those teaching there this year, or those it employs, so that a
// teacher away on rotation counts at its destination or at its home school
// (balance_standard.rotating_teachers).
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "model/balance_standard.hpp"
#include "world/world.hpp"

namespace edusim {

class AssessedStaff {
 public:
  /// Destination: the world's teacher index (no copy; the world must outlive this).
  /// Home: the teachers by home school, in teacher order within each school.
  AssessedStaff(const World& world, RotatingTeachers rule);
  AssessedStaff(const AssessedStaff&) = delete;  // the views would point into the original
  AssessedStaff& operator=(const AssessedStaff&) = delete;

  /// Teacher indices assessed at school s.
  std::span<const std::int32_t> of(std::size_t s) const {
    return teachers_.subspan(static_cast<std::size_t>(begin_[s]),
                             static_cast<std::size_t>(begin_[s + 1] - begin_[s]));
  }
  std::int32_t count(std::size_t s) const { return begin_[s + 1] - begin_[s]; }

 private:
  std::vector<std::int32_t> own_begin_, own_teachers_;  ///< filled under `home` only
  std::span<const std::int32_t> begin_, teachers_;
};

}  // namespace edusim

#pragma once
// Floats as unsigned integer keys in their order, so that sorts and selections
// compare integers (and can pack several fields into one word).
#include <cstdint>
#include <cstring>

namespace edusim {

/// An unsigned key in the order of the floats: a < b iff float_key(a) < float_key(b),
/// except -0 and +0 (equal as floats, keys one apart) and NaN. Negative values flip.
inline std::uint32_t float_key(float x) {
  std::uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return bits & 0x80000000u ? ~bits : bits | 0x80000000u;
}

/// float_key with -0 counted as +0: equal keys exactly where the floats compare equal
/// (NaN aside), for orders that must agree with float comparison.
inline std::uint32_t float_rank_key(float x) {
  return float_key(x == 0.0f ? 0.0f : x);
}

}  // namespace edusim

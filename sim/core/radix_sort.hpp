#pragma once
// LSD radix sort of unsigned integer keys on a range of their bits: linear
// time, stable and exact. Used where the engine sorts many small arrays every
// year (the metrics' Gini, the grade-7 shuffle), where comparison sorts cost
// n log n mispredicted branches.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <vector>

namespace edusim {

/// Sorts `keys` by bits [kFirstBit, kLastBit) in passes of kDigitBits bits;
/// keys equal on those bits keep their order (stable). The digit histograms
/// come from one pass over the keys, and a digit that every key shares is
/// skipped. `scratch` is working storage (kept by callers across calls).
template <int kDigitBits, int kFirstBit, int kLastBit, class Key>
void radix_sort(std::vector<Key>& keys, std::vector<Key>& scratch) {
  static_assert(std::is_unsigned_v<Key> && 0 <= kFirstBit && kFirstBit < kLastBit &&
                kLastBit <= static_cast<int>(8 * sizeof(Key)));
  constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;
  constexpr Key kMask = static_cast<Key>(kBuckets - 1);
  constexpr int kDigits = (kLastBit - kFirstBit + kDigitBits - 1) / kDigitBits;
  if (keys.size() >= std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("radix_sort: more than 2^32 - 2 keys");
  // 32-bit counts: the histograms stay small enough for the first-level cache.
  std::array<std::array<std::uint32_t, kBuckets + 1>, kDigits> start{};
  for (const Key k : keys)
    for (int d = 0; d < kDigits; ++d)
      ++start[static_cast<std::size_t>(d)][((k >> (kFirstBit + d * kDigitBits)) & kMask) + 1];
  scratch.resize(keys.size());
  for (int d = 0; d < kDigits; ++d) {
    auto& begin = start[static_cast<std::size_t>(d)];
    if (*std::max_element(begin.begin() + 1, begin.end()) == keys.size()) continue;  // shared
    for (std::size_t b = 0; b < kBuckets; ++b) begin[b + 1] += begin[b];
    const int shift = kFirstBit + d * kDigitBits;
    for (const Key k : keys) scratch[begin[(k >> shift) & kMask]++] = k;
    keys.swap(scratch);
  }
}

}  // namespace edusim

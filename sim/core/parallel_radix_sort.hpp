#pragma once
// The LSD radix sort of radix_sort.hpp on every thread: each digit is one pass
// of chunked_counting_sort (one chunk per thread). Each pass is stable, so the
// result is the one sorted sequence of the keys: identical to radix_sort's
// whatever the chunks, and so for any thread count.
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "core/chunked_counting_sort.hpp"
#include "core/radix_sort.hpp"

namespace edusim {

/// Below this many keys one thread sorts (radix_sort): the chunks' counts
/// would cost more than they save.
inline constexpr std::size_t kParallelRadixMin = std::size_t{1} << 17;

/// Sorts `keys` by bits [kFirstBit, kLastBit) as radix_sort does, in parallel
/// for kParallelRadixMin keys or more. `scratch` is working storage.
template <int kDigitBits, int kFirstBit, int kLastBit, class Key>
void parallel_radix_sort(std::vector<Key>& keys, std::vector<Key>& scratch) {
  static_assert(std::is_unsigned_v<Key> && 0 <= kFirstBit && kFirstBit < kLastBit &&
                kLastBit <= static_cast<int>(8 * sizeof(Key)));
  const std::size_t n = keys.size();
  const auto threads = static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
  if (n < kParallelRadixMin || threads < 2)
    return radix_sort<kDigitBits, kFirstBit, kLastBit>(keys, scratch);
  if (n >= std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("parallel_radix_sort: more than 2^32 - 2 keys");
  constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;
  constexpr Key kMask = static_cast<Key>(kBuckets - 1);
  constexpr int kDigits = (kLastBit - kFirstBit + kDigitBits - 1) / kDigitBits;
  // One chunk per thread, of at least 2^15 keys: a chunk's counts (kBuckets each)
  // stay small beside its keys, and combining them is short.
  const std::size_t chunks = std::min(threads, n >> 15);
  std::vector<std::uint32_t> count;
  scratch.resize(n);
  for (int d = 0; d < kDigits; ++d) {
    const int shift = kFirstBit + d * kDigitBits;
    const auto digit = [&keys, shift](std::size_t i) {
      return static_cast<std::size_t>((keys[i] >> shift) & kMask);
    };
    // A digit every key shares moves nothing (radix_sort skips it too).
    if (!chunked_counting_sort(
            n, kBuckets, chunks, count, digit,
            [&](std::size_t i, std::uint32_t slot) { scratch[slot] = keys[i]; }, true))
      continue;
    keys.swap(scratch);
  }
}

}  // namespace edusim

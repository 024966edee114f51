#pragma once
// The LSD radix sort of radix_sort.hpp on every thread: the keys are cut into
// one chunk per thread, each chunk counts its digits, the counts are combined
// in (digit, chunk) order into each chunk's first slot per digit, then every
// chunk scatters its keys. Each pass is stable, so the result is the one
// sorted sequence of the keys: identical to radix_sort's whatever the chunks,
// and so for any thread count.
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <vector>

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
  const auto chunk_begin = [n, chunks](std::size_t c) { return n * c / chunks; };
  std::vector<std::uint32_t> count(chunks * kBuckets);
  scratch.resize(n);
  for (int d = 0; d < kDigits; ++d) {
    const int shift = kFirstBit + d * kDigitBits;
    tbb::parallel_for(std::size_t{0}, chunks, [&](std::size_t c) {  // the digit's counts
      std::uint32_t* own = count.data() + c * kBuckets;
      std::fill_n(own, kBuckets, 0u);
      for (std::size_t i = chunk_begin(c); i < chunk_begin(c + 1); ++i)
        ++own[(keys[i] >> shift) & kMask];
    });
    // A digit every key shares moves nothing (radix_sort skips it too).
    bool shared = false;
    for (std::size_t b = 0; b < kBuckets && !shared; ++b) {
      std::size_t total = 0;
      for (std::size_t c = 0; c < chunks; ++c) total += count[c * kBuckets + b];
      shared = total == n;
    }
    if (shared) continue;
    std::uint32_t next = 0;  // each chunk's first slot per bucket, buckets then chunks
    for (std::size_t b = 0; b < kBuckets; ++b)
      for (std::size_t c = 0; c < chunks; ++c) {
        const std::uint32_t k = count[c * kBuckets + b];
        count[c * kBuckets + b] = next;
        next += k;
      }
    tbb::parallel_for(std::size_t{0}, chunks, [&](std::size_t c) {
      std::uint32_t* slot = count.data() + c * kBuckets;
      for (std::size_t i = chunk_begin(c); i < chunk_begin(c + 1); ++i) {
        const Key k = keys[i];
        scratch[slot[(k >> shift) & kMask]++] = k;
      }
    });
    keys.swap(scratch);
  }
}

}  // namespace edusim

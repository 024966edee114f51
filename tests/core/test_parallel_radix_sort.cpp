// The parallel LSD radix sort gives the serial sort's sequence, on one thread and on
// several, above and below the size at which it runs in parallel.
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "core/parallel_radix_sort.hpp"

using namespace edusim;

namespace {

std::vector<std::uint32_t> float_like_keys(std::size_t n, std::uint32_t seed) {
  // Keys sharing their top bits, as the metrics' scale scores do, and many ties.
  std::mt19937 gen(seed);
  std::vector<std::uint32_t> keys(n);
  for (auto& k : keys) k = 0xC3000000u | (gen() & 0x00FFF000u);
  return keys;
}

std::vector<std::uint32_t> sorted_on(int threads, std::vector<std::uint32_t> keys) {
  std::vector<std::uint32_t> scratch;
  tbb::task_arena(threads).execute([&] { parallel_radix_sort<11, 0, 32>(keys, scratch); });
  return keys;
}

}  // namespace

TEST(ParallelRadixSort, SameSequenceAsTheSerialSortOnAnyThreadCount) {
  for (const std::size_t n : {std::size_t{1000}, kParallelRadixMin, kParallelRadixMin * 3 + 17}) {
    const std::vector<std::uint32_t> keys = float_like_keys(n, static_cast<std::uint32_t>(n));
    std::vector<std::uint32_t> expected = keys, scratch;
    radix_sort<11, 0, 32>(expected, scratch);
    for (const int threads : {1, 2, 3, 8}) EXPECT_EQ(sorted_on(threads, keys), expected) << n;
  }
}

TEST(ParallelRadixSort, HighWordOfSixtyFourBitKeysIsStable) {
  std::mt19937_64 gen(7);
  std::vector<std::uint64_t> keys(kParallelRadixMin + 5);
  for (std::size_t i = 0; i < keys.size(); ++i) keys[i] = (gen() & 0xFFFF00000000ull) | i;
  std::vector<std::uint64_t> expected = keys, scratch, scratch2;
  radix_sort<8, 32, 64>(expected, scratch);
  tbb::task_arena(2).execute([&] { parallel_radix_sort<8, 32, 64>(keys, scratch2); });
  EXPECT_EQ(keys, expected);
}

TEST(BucketInsertionSort, AscendingOrderOfRandomAndUnevenKeys) {
  std::mt19937_64 gen(11);
  for (const std::size_t n : {0, 1, 2, 17, 300, 2047, 5000}) {
    std::vector<std::uint64_t> random(n), uneven(n), scratch;
    for (std::size_t i = 0; i < n; ++i) {
      random[i] = (gen() & 0xFFFFFFFF00000000ull) | i;         // the grade-7 shuffle's keys
      uneven[i] = (std::uint64_t{0x7F} << 56) | (gen() >> 8);  // shared top bits: one bucket
    }
    for (auto keys : {random, uneven}) {
      std::vector<std::uint64_t> expected = keys;
      std::sort(expected.begin(), expected.end());
      bucket_insertion_sort(keys, scratch);
      EXPECT_EQ(keys, expected) << n;
    }
  }
}

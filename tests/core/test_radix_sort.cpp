// The LSD radix sort against std::stable_sort: every bit range, stability,
// shared digits skipped, empty and single inputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "core/radix_sort.hpp"

using namespace edusim;

namespace {

template <class Key>
std::vector<Key> random_keys(std::size_t n, Key mask, std::uint32_t seed) {
  std::mt19937_64 gen(seed);
  std::vector<Key> keys(n);
  for (auto& k : keys) k = static_cast<Key>(gen()) & mask;
  return keys;
}

template <int kBits, int first_bit, int last_bit, class Key>
void expect_like_stable_sort(std::vector<Key> keys) {
  const Key range_mask = static_cast<Key>((last_bit - first_bit >= static_cast<int>(8 * sizeof(Key))
                                               ? ~Key{0}
                                               : (Key{1} << (last_bit - first_bit)) - 1)
                                          << first_bit);
  std::vector<Key> expected = keys, scratch;
  std::stable_sort(expected.begin(), expected.end(),
                   [&](Key a, Key b) { return (a & range_mask) < (b & range_mask); });
  radix_sort<kBits, first_bit, last_bit>(keys, scratch);
  EXPECT_EQ(keys, expected);
}

}  // namespace

TEST(RadixSort, WholeKeysLikeStdSort) {
  expect_like_stable_sort<8, 0, 32>(random_keys<std::uint32_t>(5000, ~0u, 1));
  expect_like_stable_sort<11, 0, 32>(random_keys<std::uint32_t>(5000, ~0u, 2));
  expect_like_stable_sort<8, 0, 64>(random_keys<std::uint64_t>(5000, ~0ull, 3));
}

TEST(RadixSort, HighWordOnlyIsStableOnTheLowWord) {
  // Few distinct high words, so ties are common: their low words (the input
  // order) must stay in order.
  auto keys = random_keys<std::uint64_t>(4000, 0x7ull << 32, 4);
  for (std::size_t i = 0; i < keys.size(); ++i) keys[i] |= i;
  expect_like_stable_sort<8, 32, 64>(keys);
}

TEST(RadixSort, SharedDigitsAndTinyInputs) {
  // Keys that share their top and bottom bytes: only the middle passes run.
  auto keys = random_keys<std::uint32_t>(3000, 0x00FFFF00u, 5);
  for (auto& k : keys) k |= 0xAB0000CDu;
  expect_like_stable_sort<8, 0, 32>(keys);
  expect_like_stable_sort<8, 0, 32>(std::vector<std::uint32_t>{});
  expect_like_stable_sort<8, 0, 32>(std::vector<std::uint32_t>{42u});
  expect_like_stable_sort<8, 0, 32>(std::vector<std::uint32_t>(100, 7u));
}

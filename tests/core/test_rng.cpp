// Counter-based random streams: pure functions of their key and counter, with
// the right distributions (statistical checks with fixed seeds).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "core/rng.hpp"

using namespace edusim;

TEST(Rng, SameCounterSameNumber) {
  const RandomStream a(42, 0, 3, Stream::Learning), b(42, 0, 3, Stream::Learning);
  EXPECT_EQ(a.normal(17), b.normal(17));
  EXPECT_NE(a.normal(17), a.normal(18));
}

TEST(Rng, EveryKeyPartChangesTheDraw) {
  const double base = RandomStream(42, 0, 3, Stream::Learning).uniform(5);
  EXPECT_NE(base, RandomStream(43, 0, 3, Stream::Learning).uniform(5));
  EXPECT_NE(base, RandomStream(42, 1, 3, Stream::Learning).uniform(5));
  EXPECT_NE(base, RandomStream(42, 0, 4, Stream::Learning).uniform(5));
  EXPECT_NE(base, RandomStream(42, 0, 3, Stream::Quit).uniform(5));
  EXPECT_NE(base, RandomStream(42, 0, 3, Stream::Learning).uniform(5, 1));
  EXPECT_NE(base, RandomStream(42ull | (1ull << 40), 0, 3, Stream::Learning).uniform(5));
}

TEST(Rng, UniformMomentsWithinFourStandardErrors) {
  const RandomStream r(1, 0, 1, Stream::Quit);
  constexpr int n = 200000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double u = r.uniform(static_cast<std::uint32_t>(i));
    ASSERT_GT(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u, sum_sq += u * u;
  }
  EXPECT_NEAR(sum / n, 0.5, 4 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(sum_sq / n - (sum / n) * (sum / n), 1.0 / 12, 0.002);
}

TEST(Rng, NormalMomentsAndTails) {
  const RandomStream r(2, 0, 1, Stream::Learning);
  constexpr int n = 200000;
  double sum = 0, sum_sq = 0;
  int beyond_two = 0;
  for (int i = 0; i < n; ++i) {
    const double z = r.normal(static_cast<std::uint32_t>(i));
    sum += z, sum_sq += z * z;
    beyond_two += std::abs(z) > 2;
  }
  EXPECT_NEAR(sum / n, 0.0, 4 / std::sqrt(n));
  EXPECT_NEAR(sum_sq / n, 1.0, 4 * std::sqrt(2.0 / n));
  const double p = 0.0455;  // P(|Z| > 2)
  EXPECT_NEAR(static_cast<double>(beyond_two) / n, p, 4 * std::sqrt(p * (1 - p) / n));
}

TEST(Rng, TruncatedNormalStaysInBounds) {
  const RandomStream r(3, 0, 1, Stream::Hiring);
  for (std::uint32_t i = 0; i < 10000; ++i) {
    const double x = r.truncated_normal(0.0, 1.0, -0.5, 0.25, i, 0);
    ASSERT_GE(x, -0.5);
    ASSERT_LE(x, 0.25);
  }
}

TEST(Rng, CategoricalFollowsShares) {
  const RandomStream r(4, 0, 1, Stream::Hiring);
  const std::array<double, 3> shares{0.2, 0.5, 0.3};
  std::array<int, 3> count{};
  constexpr int n = 100000;
  for (int i = 0; i < n; ++i)
    ++count[static_cast<std::size_t>(
        RandomStream::categorical(r.uniform(static_cast<std::uint32_t>(i)), shares))];
  for (std::size_t k = 0; k < 3; ++k)
    EXPECT_NEAR(static_cast<double>(count[k]) / n, shares[k],
                4 * std::sqrt(shares[k] * (1 - shares[k]) / n));
}

TEST(Rng, ShuffleKeysAreTheFirstWordAndTheValue) {
  const RandomStream r(5, 2, 7, Stream::ClassAssignment);
  std::vector<std::uint32_t> ids(100000), values(ids.size());
  for (std::uint32_t i = 0; i < ids.size(); ++i) ids[i] = i * 7919u, values[i] = 3 * i + 1;
  std::vector<std::uint64_t> keys(ids.size());
  r.shuffle_keys(ids.data(), values.data(), ids.size(), keys.data());
  for (std::size_t i = 0; i < ids.size(); ++i)
    ASSERT_EQ(keys[i], std::uint64_t{r.words(ids[i])[0]} << 32 | values[i]) << i;
}

TEST(Rng, BlockWordsEqualTheScalarWordsForEveryLength) {
  // Every length from 0 to 70 (whole groups of 16 for the AVX-512 kernel, where the CPU
  // has one, and every remainder) and a long run, at scattered agent ids.
  const RandomStream r(0x1234567890ABCDEFull, 3, 9, Stream::Entrant);
  std::vector<std::uint32_t> ids(1000);
  for (std::uint32_t i = 0; i < ids.size(); ++i) ids[i] = i * 2654435761u;
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{15}, std::size_t{16},
                              std::size_t{17}, std::size_t{33}, std::size_t{70}, ids.size()}) {
    std::vector<std::uint32_t> w0(n), w1(n), w2(n), w3(n);
    r.all_words(ids.data(), n, w0.data(), w1.data(), w2.data(), w3.data());
    for (std::size_t i = 0; i < n; ++i) {
      const auto w = r.words(ids[i]);
      ASSERT_EQ(w0[i], w[0]) << n << " " << i;
      ASSERT_EQ(w1[i], w[1]) << n << " " << i;
      ASSERT_EQ(w2[i], w[2]) << n << " " << i;
      ASSERT_EQ(w3[i], w[3]) << n << " " << i;
    }
    std::vector<double> z(std::min(n, RandomStream::kNormalsBlock));
    r.normals(ids.data(), z.size(), z.data());
    for (std::size_t i = 0; i < z.size(); ++i) ASSERT_EQ(z[i], r.normal(ids[i])) << n << " " << i;
  }
}

TEST(Rng, BlockNormalsEqualTheScalarNormalEdgeAndTailCasesIncluded) {
  const RandomStream r(11, 0, 3, Stream::Learning);
  std::vector<std::uint32_t> ids(100000);
  for (std::uint32_t i = 0; i < ids.size(); ++i) ids[i] = i * 104729u + 17u;
  std::vector<double> z(RandomStream::kNormalsBlock);
  std::size_t beyond_rectangle = 0, tail = 0;
  for (std::size_t first = 0; first < ids.size(); first += z.size()) {
    const std::size_t n = std::min(z.size(), ids.size() - first);  // last block is partial
    r.normals(&ids[first], n, z.data());
    for (std::size_t k = 0; k < n; ++k) {
      ASSERT_EQ(z[k], r.normal(ids[first + k])) << first + k;
      double x;
      const auto w = r.words(ids[first + k]);
      beyond_rectangle += !ziggurat::try_rectangle(w[0], w[1], x);
      tail += std::abs(z[k]) > ziggurat::kR;
    }
  }
  // The slow paths were exercised: about 2.8% of draws leave the rectangles.
  EXPECT_GT(beyond_rectangle, 1000u);
  EXPECT_GT(tail, 5u);
  EXPECT_THROW(r.normals(ids.data(), RandomStream::kNormalsBlock + 1, z.data()), std::logic_error);
}

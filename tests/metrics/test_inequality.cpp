// Inequality measures against hand-computed values.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "metrics/inequality.hpp"

using namespace edusim;

TEST(Inequality, GiniOfEqualValuesIsZero) {
  std::vector<float> v(100, 3.0f);
  EXPECT_NEAR(gini(v), 0.0, 1e-12);
}

TEST(Inequality, GiniOfOneOwnerOfEverything) {
  // n-1 zeros and one positive value: G = (n-1)/n.
  std::vector<float> v(10, 0.0f);
  v[3] = 5.0f;
  EXPECT_NEAR(gini(v), 0.9, 1e-12);
}

TEST(Inequality, GiniOfUniformIsOneThird) {
  // Values 1..n: G = (n-1)/(3n) exactly for the discrete uniform.
  std::vector<float> v;
  for (int i = 1; i <= 1000; ++i) v.push_back(static_cast<float>(i));
  EXPECT_NEAR(gini(v), 999.0 / 3000.0, 1e-9);
}

TEST(Inequality, TheilByHand) {
  // Two groups {1,1} and {2,4}: mu = 2.
  std::vector<float> v{1, 1, 2, 4};
  std::vector<std::int32_t> groups{0, 2, 4};
  const TheilIndex t = theil(v, groups);
  double direct = 0;
  for (float x : v) direct += (x / 2.0) * std::log(x / 2.0);
  direct /= 4;
  EXPECT_NEAR(t.total, direct, 1e-12);
  // between: group means 1 and 3, shares (2*1)/(4*2)=0.25 and (2*3)/8=0.75.
  EXPECT_NEAR(t.between, 0.25 * std::log(0.5) + 0.75 * std::log(1.5), 1e-12);
  // within: group 2 Theil = 0.5*((2/3)ln(2/3) + (4/3)ln(4/3)); group 1 is 0.
  EXPECT_NEAR(t.within,
              0.75 * 0.5 * ((2.0 / 3) * std::log(2.0 / 3) + (4.0 / 3) * std::log(4.0 / 3)), 1e-12);
  EXPECT_NEAR(t.between + t.within, t.total, 1e-15);
}

TEST(Inequality, TheilIgnoresEmptyGroups) {
  std::vector<float> v{1, 3};
  std::vector<std::int32_t> groups{0, 0, 2, 2};
  const TheilIndex t = theil(v, groups);
  EXPECT_NEAR(t.between, 0.0, 1e-15);
  EXPECT_GT(t.within, 0.0);
}

TEST(Inequality, WeightedCvThreeSchools) {
  // Worked by hand: x = {2, 4, 6}, P = {100, 200, 100}.
  // X = (200 + 800 + 600) / 400 = 4; S^2 = (100*4 + 0 + 100*4) / 400 = 2; CV = sqrt(2)/4.
  std::vector<double> x{2, 4, 6}, p{100, 200, 100};
  EXPECT_NEAR(weighted_cv(x, p), std::sqrt(2.0) / 4.0, 1e-15);
}

TEST(Inequality, QuartileGap) {
  // 8 units: quartile = 2 units. Top {7, 8} weights {1, 3} -> 7.75; bottom {1, 2} -> 1.5.
  std::vector<double> x{5, 1, 8, 3, 2, 7, 4, 6}, w{1, 1, 3, 1, 1, 1, 1, 1};
  EXPECT_NEAR(quartile_gap(x, w), 7.75 - 1.5, 1e-12);
  EXPECT_TRUE(std::isnan(quartile_gap({}, {})));
}

TEST(Inequality, RadixSortMatchesStdSort) {
  std::vector<float> v;
  std::uint32_t x = 12345;
  for (int i = 0; i < 50000; ++i) {
    x = x * 1664525u + 1013904223u;
    v.push_back(static_cast<float>(static_cast<std::int32_t>(x)) * 1e-6f);
  }
  v.push_back(0.0f), v.push_back(-0.0f), v.push_back(1e30f), v.push_back(-1e30f);
  std::vector<float> expected = v;
  std::sort(expected.begin(), expected.end());
  const std::vector<float> sorted = radix_sorted(v);
  ASSERT_EQ(sorted.size(), expected.size());
  for (std::size_t i = 0; i < sorted.size(); ++i) ASSERT_EQ(sorted[i], expected[i]) << i;
}

TEST(Inequality, TheilLByHandAndItsDecomposition) {
  // Groups {1,1} and {2,4}: mu = 2, group means 1 and 3.
  std::vector<float> v{1, 1, 2, 4};
  std::vector<std::int32_t> groups{0, 2, 4};
  const TheilIndex t = theil(v, groups);
  double direct = 0;
  for (float x : v) direct += std::log(2.0 / x);
  EXPECT_NEAR(t.l_total, direct / 4, 1e-12);
  EXPECT_NEAR(t.l_between, 0.5 * std::log(2.0 / 1) + 0.5 * std::log(2.0 / 3), 1e-12);
  EXPECT_NEAR(t.l_within, 0.5 * 0.5 * (std::log(3.0 / 2) + std::log(3.0 / 4)), 1e-12);
}

TEST(Inequality, LogOfFloatIsWithinTwoUlpOfStdLog) {
  // Every 4099th positive float bit pattern (normals and subnormals, both ends
  // of every bin of the table), and the special cases.
  for (std::uint32_t bits = 1; bits < 0x7F800000u; bits += 4099) {
    float x;
    std::memcpy(&x, &bits, sizeof x);
    const double expected = std::log(static_cast<double>(x));
    const double got = log_of_float(x);
    ASSERT_LE(std::abs(got - expected),
              std::max(2 * std::abs(std::nextafter(expected, 0.0) - expected), 0x1p-54))
        << "x = " << x;
  }
  EXPECT_EQ(log_of_float(1.0f), 0.0);
  EXPECT_EQ(log_of_float(0.0f), -INFINITY);
  EXPECT_TRUE(std::isnan(log_of_float(-1.0f)));
  EXPECT_EQ(log_of_float(INFINITY), INFINITY);
}

TEST(Inequality, LogsOfFloatsGiveTheBitsOfLogOfFloat) {
  // Every 4099th bit pattern of all 2^32 (negatives, zeros, subnormals, infinities and
  // NaNs among them), in an array whose length is not a multiple of the vector width:
  // the vectorized kernel (where the CPU has one) against the scalar, bit for bit.
  std::vector<float> x;
  for (std::uint64_t bits = 0; bits < (std::uint64_t{1} << 32); bits += 4099) {
    float v;
    const auto b = static_cast<std::uint32_t>(bits);
    std::memcpy(&v, &b, sizeof v);
    x.push_back(v);
  }
  for (const float v : {0.0f, -0.0f, 1.0f, INFINITY, -INFINITY, NAN, 1e-40f, 0.75f, 1.5f})
    x.push_back(v);
  std::vector<double> out(x.size());
  logs_of_floats(x, out);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double expected = log_of_float(x[i]);
    if (std::isnan(expected)) {
      ASSERT_TRUE(std::isnan(out[i])) << "x = " << x[i];
      continue;
    }
    std::uint64_t got_bits, expected_bits;
    std::memcpy(&got_bits, &out[i], sizeof got_bits);
    std::memcpy(&expected_bits, &expected, sizeof expected_bits);
    ASSERT_EQ(got_bits, expected_bits) << "x = " << x[i];
  }
}

TEST(Inequality, TheilMatchesTheDefinitionOnScaleScores) {
  // 40 schools of 10-900 scale scores spread like the simulation's: the
  // one-log-per-value form against r ln r summed directly, to 1e-12.
  std::vector<float> v;
  std::vector<std::int32_t> groups{0};
  std::uint32_t state = 12345;
  auto next = [&state] { return state = state * 1664525u + 1013904223u; };
  for (int g = 0; g < 40; ++g) {
    const int n = 10 + static_cast<int>(next() % 900);
    const float centre = 350.0f + static_cast<float>(next() % 300);
    for (int i = 0; i < n; ++i)
      v.push_back(std::max(1.0f, centre + static_cast<float>(next() % 400) - 200.0f));
    groups.push_back(static_cast<std::int32_t>(v.size()));
  }
  double mu = 0;
  for (float x : v) mu += x;
  mu /= static_cast<double>(v.size());
  double t_direct = 0, l_direct = 0;
  for (float x : v) t_direct += x / mu * std::log(x / mu), l_direct += std::log(mu / x);
  const TheilIndex t = theil(v, groups);
  EXPECT_NEAR(t.total, t_direct / static_cast<double>(v.size()), 1e-12);
  EXPECT_NEAR(t.l_total, l_direct / static_cast<double>(v.size()), 1e-12);
  EXPECT_GT(t.within, 0.0);
  EXPECT_GT(t.between, 0.0);
}

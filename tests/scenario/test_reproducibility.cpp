// The same scenario and seed give bit-identical results for any thread count.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cstring>

#include "engine/simulation.hpp"
#include "io/scenario_io.hpp"
#include "unit/test_helpers.hpp"
#include "world/generator.hpp"

using namespace edusim;

namespace {

struct RunRecord {
  std::vector<double> district, school;
  std::vector<float> achievement, effectiveness;
};

RunRecord simulate(const Scenario& s, int threads) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  Simulation sim(s, generate_district(s));
  RunRecord r;
  for (int y = 0; y <= s.run.years; ++y) {
    if (y > 0) sim.step();
    const YearMetrics m = sim.measure();
    r.district.insert(r.district.end(), m.district.begin(), m.district.end());
    r.school.insert(r.school.end(), m.school.begin(), m.school.end());
  }
  r.achievement = sim.world().students.achievement;
  r.effectiveness = sim.world().teachers.effectiveness;
  return r;
}

template <class T>
bool bit_identical(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

}  // namespace

TEST(Reproducibility, OneAndTwoThreadsAreBitIdentical) {
  const Scenario s = load_scenario(EDUSIM_SOURCE_DIR "/scenarios/baseline.yaml");
  const RunRecord one = simulate(s, 1), two = simulate(s, 2), four = simulate(s, 4);
  EXPECT_TRUE(bit_identical(one.district, two.district));
  EXPECT_TRUE(bit_identical(one.school, two.school));
  EXPECT_TRUE(bit_identical(one.achievement, two.achievement));
  EXPECT_TRUE(bit_identical(one.effectiveness, two.effectiveness));
  EXPECT_TRUE(bit_identical(one.district, four.district));
  EXPECT_TRUE(bit_identical(one.achievement, four.achievement));
}

TEST(Reproducibility, SeedAndRunIndexChangeTheResult) {
  Scenario s = edusim::testing::small_scenario(2, 11);
  const RunRecord base = simulate(s, 2);
  s.run.seed = 12;
  EXPECT_FALSE(bit_identical(base.achievement, simulate(s, 2).achievement));
  s.run.seed = 11;
  s.run.run_index = 1;
  EXPECT_FALSE(bit_identical(base.achievement, simulate(s, 2).achievement));
}

// The scenario's outputs in a whole run (engine/simulation.cpp): /custom/<name> written at
// the /district measurement point, the same bits on 1 and 2 threads, every other dataset
// unchanged by the outputs, and by: group refused in a district without groups.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "engine/simulation.hpp"
#include "io/h5_handle.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

namespace fs = std::filesystem;

fs::path temp_file(const std::string& name) {
  return fs::temp_directory_path() / ("edusim_custom_" + std::to_string(::getpid()) + "_" + name);
}

Scenario with_outputs() {
  Scenario s = edusim::testing::small_scenario(2);
  s.run.spin_up_years = 0;
  CustomOutput low;
  low.name = "low_achievers";
  low.of = OutputColumn::students_achievement;
  low.aggregate = OutputAggregate::ShareBelow;
  low.value = -1;
  low.by = OutputBy::Zone;
  CustomOutput mean;
  mean.name = "achievement_mean";
  mean.of = OutputColumn::students_achievement;
  CustomOutput p90;
  p90.name = "effectiveness_p90";
  p90.of = OutputColumn::teachers_effectiveness;
  p90.aggregate = OutputAggregate::Quantile;
  p90.value = 0.9;
  p90.by = OutputBy::School;
  s.outputs = {low, mean, p90};
  return s;
}

void run(const Scenario& s, const fs::path& out, int threads) {
  RunRequest request;
  request.output = out.string();
  request.overwrite = true;
  request.threads = threads;
  tbb::task_arena arena(threads);
  arena.execute([&] { run_to_file(s, request); });
}

std::vector<double> read(const fs::path& file, const std::string& path) {
  const h5::Handle f = h5::open_for_reading(file.string());
  const auto slash = path.rfind('/');
  const h5::Handle group = h5::open_group(f.get(), path.substr(0, slash), file.string());
  return h5::read_numbers<double>(group.get(), path.substr(slash + 1), H5T_NATIVE_DOUBLE,
                                  file.string());
}

bool has(const fs::path& file, const char* path) {
  const h5::Handle f = h5::open_for_reading(file.string());
  return h5::has_link(f.get(), path);
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

TEST(CustomOutputsRun, WrittenBitIdenticalAndLeavingTheRestUnchanged) {
  const Scenario s = with_outputs();
  const fs::path one = temp_file("1.h5"), two = temp_file("2.h5"), plain = temp_file("plain.h5");
  run(s, one, 1);
  run(s, two, 2);
  Scenario without = s;
  without.outputs.clear();
  run(without, plain, 2);
  // The district mean of /custom is /district/achievement_mean, row by row (3 rows).
  const auto custom_mean = read(one, "custom/achievement_mean");
  const auto district_mean = read(one, "district/achievement_mean");
  ASSERT_EQ(custom_mean.size(), 3u);
  ASSERT_EQ(district_mean.size(), 3u);
  for (std::size_t y = 0; y < 3; ++y) EXPECT_NEAR(custom_mean[y], district_mean[y], 1e-9);
  // Share below -1 by zone: urban, town (no schools: NaN), rural; the district share of
  // /district/below_proficiency_share_* uses the same threshold by default.
  const auto low = read(one, "custom/low_achievers");
  const auto urban = read(one, "district/below_proficiency_share_urban");
  const auto rural = read(one, "district/below_proficiency_share_rural");
  ASSERT_EQ(low.size(), 9u);
  for (std::size_t y = 0; y < 3; ++y) {
    EXPECT_DOUBLE_EQ(low[3 * y], urban[y]);
    EXPECT_TRUE(std::isnan(low[3 * y + 1]));
    EXPECT_DOUBLE_EQ(low[3 * y + 2], rural[y]);
  }
  EXPECT_EQ(read(one, "custom/effectiveness_p90").size(), 3u * 8u);  // 8 schools
  for (const char* path :
       {"custom/low_achievers", "custom/achievement_mean", "custom/effectiveness_p90"})
    EXPECT_TRUE(same_bits(read(one, path), read(two, path))) << path;
  // Without outputs: no /custom, and the other datasets are the same bits.
  EXPECT_FALSE(has(plain, "custom"));
  for (const char* path : {"district/achievement_mean", "district/achievement_gini",
                           "schools/effectiveness_mean", "district/quits"})
    EXPECT_TRUE(same_bits(read(one, path), read(plain, path))) << path;
  fs::remove(one), fs::remove(two), fs::remove(plain);
}

TEST(CustomOutputsRun, ByGroupWithoutGroupsIsRefused) {
  Scenario s = with_outputs();
  s.outputs[1].by = OutputBy::Group;
  const fs::path out = temp_file("group.h5");
  try {
    run(s, out, 1);
    FAIL() << "accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("key 'outputs[1].by' is group, but the district has no "
                                         "education groups"),
              std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists(out));
}

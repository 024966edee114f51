// A 10-year run equals a 5-year run plus a 5-year restart from its snapshot,
// bit for bit, through the whole pipeline (scenario files, HDF5 output).
#include <gtest/gtest.h>
#include <hdf5.h>
#include <tbb/global_control.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "engine/simulation.hpp"
#include "io/scenario_io.hpp"
#include "metrics/year_metrics.hpp"

using namespace edusim;
namespace fs = std::filesystem;

namespace {

/// Rows [first, first + n) of a [year] or [year, school] dataset, as raw doubles.
std::vector<double> read_rows(const std::string& file, const std::string& path, hsize_t first,
                              hsize_t n) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t d = H5Dopen2(f, path.c_str(), H5P_DEFAULT);
  const hid_t space = H5Dget_space(d);
  hsize_t dims[2] = {0, 1};
  const int rank = H5Sget_simple_extent_dims(space, dims, nullptr);
  const hsize_t columns = rank == 2 ? dims[1] : 1;
  std::vector<double> all(dims[0] * columns);
  H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, all.data());
  H5Sclose(space), H5Dclose(d), H5Fclose(f);
  return {all.begin() + static_cast<long>(first * columns),
          all.begin() + static_cast<long>((first + n) * columns)};
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

void run(const std::string& scenario_file, const std::string& output,
         std::vector<std::int32_t> at = {}) {
  RunRequest request;
  request.output = output;
  request.overwrite = true;
  request.snapshot_at = std::move(at);
  run_to_file(load_scenario(scenario_file), request);
}

class Restart : public ::testing::TestWithParam<int> {};

}  // namespace

TEST_P(Restart, TenYearsEqualFivePlusFiveFromTheSnapshot) {
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism, GetParam());
  const fs::path dir = fs::temp_directory_path() / ("edusim-restart-" + std::to_string(GetParam()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string baseline = EDUSIM_SOURCE_DIR "/scenarios/baseline.yaml";  // 10 years from 2024
  run(baseline, (dir / "full.h5").string());
  // The first half, with a snapshot at its end (2029).
  const Scenario base = load_scenario(baseline);
  Scenario first = base;
  first.run.years = 5;
  RunRequest request;
  request.output = (dir / "first.h5").string();
  request.snapshot_at = {2029};
  run_to_file(first, request);
  std::ofstream(dir / "second.yaml") << "run: {years: 5}\ndistrict: {from_snapshot: first.h5}\n";
  const Scenario second = load_scenario((dir / "second.yaml").string());
  EXPECT_EQ(second.run.seed, base.run.seed);  // taken from the snapshot
  EXPECT_EQ(second.run.start_year, 2024);
  run((dir / "second.yaml").string(), (dir / "second.h5").string());
  const std::string full = (dir / "full.h5").string(), restarted = (dir / "second.h5").string();
  for (const auto& series : district_series())
    EXPECT_TRUE(same_bits(read_rows(full, "/district/" + series.name, 6, 5),
                          read_rows(restarted, "/district/" + series.name, 1, 5)))
        << series.name;
  for (const auto& series : school_series())
    EXPECT_TRUE(same_bits(read_rows(full, "/schools/" + series.name, 6, 5),
                          read_rows(restarted, "/schools/" + series.name, 1, 5)))
        << series.name;
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Threads, Restart, ::testing::Values(1, 2));

TEST(RestartErrors, SnapshotYearOutsideTheRunIsRefused) {
  Scenario s = load_scenario(EDUSIM_SOURCE_DIR "/scenarios/baseline.yaml");
  s.run.years = 2;
  RunRequest request;
  request.output = (fs::temp_directory_path() / "edusim-restart-bad.h5").string();
  request.overwrite = true;
  request.snapshot_at = {2030};
  EXPECT_THROW(run_to_file(s, request), InputError);
  EXPECT_FALSE(fs::exists(request.output));
}

TEST(RestartErrors, FileWithoutSnapshotsIsRefusedWhenLoading) {
  const fs::path dir = fs::temp_directory_path() / "edusim-restart-none";
  fs::remove_all(dir);
  fs::create_directories(dir);
  run(EDUSIM_SOURCE_DIR "/scenarios/baseline.yaml", (dir / "plain.h5").string());
  std::ofstream(dir / "again.yaml") << "district: {from_snapshot: plain.h5}\n";
  try {
    load_scenario((dir / "again.yaml").string());
    FAIL() << "a file without snapshots was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("holds no snapshot"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

// `edusim national` end to end: the output is the same bit for bit on 1 and 2 threads, the
// aggregates add up, a subset of counties runs, and bad national files are refused with
// file:line and leave no output behind.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cstring>

#include "cli_helpers.hpp"
#include "edusim/version.hpp"
#include "io/h5_handle.hpp"
#include "io/scenario_io.hpp"
#include "national/national_spec.hpp"

namespace edusim::testing::cli {
namespace {

const fs::path kData = kSourceDir / "tests/data/national";
const std::string kTiny = (kData / "tiny.yaml").string();

/// The datasets of group `path` (hard links that are datasets), in creation order.
std::vector<std::string> datasets(hid_t file, const std::string& path) {
  const h5::Handle g =
      h5::checked(H5Gopen2(file, path.c_str(), H5P_DEFAULT), H5Gclose, "H5Gopen2", path);
  std::vector<std::string> out;
  for (const h5::Link& l : h5::list_links(g.get(), H5_INDEX_CRT_ORDER)) {
    const h5::Handle object =
        h5::checked(H5Oopen(g.get(), l.name.c_str(), H5P_DEFAULT), H5Oclose, "H5Oopen", l.name);
    if (H5Iget_type(object.get()) == H5I_DATASET) out.push_back(path + "/" + l.name);
  }
  return out;
}

std::vector<double> numbers(hid_t file, const std::string& name) {
  return h5::read_numbers<double>(file, name, H5T_NATIVE_DOUBLE, name);
}

/// The numeric columns of /counties/info, read by field name.
struct InfoNumbers {
  std::int64_t county, students, schools, teachers, seed;
};
std::vector<InfoNumbers> county_info(hid_t file) {
  const h5::Handle ds =
      h5::checked(H5Dopen2(file, "/counties/info", H5P_DEFAULT), H5Dclose, "H5Dopen2", "info");
  const h5::Handle type =
      h5::checked(H5Tcreate(H5T_COMPOUND, sizeof(InfoNumbers)), H5Tclose, "H5Tcreate", "info");
  H5Tinsert(type.get(), "county", HOFFSET(InfoNumbers, county), H5T_NATIVE_INT64);
  H5Tinsert(type.get(), "students", HOFFSET(InfoNumbers, students), H5T_NATIVE_INT64);
  H5Tinsert(type.get(), "schools", HOFFSET(InfoNumbers, schools), H5T_NATIVE_INT64);
  H5Tinsert(type.get(), "teachers", HOFFSET(InfoNumbers, teachers), H5T_NATIVE_INT64);
  H5Tinsert(type.get(), "seed", HOFFSET(InfoNumbers, seed), H5T_NATIVE_INT64);
  std::vector<InfoNumbers> rows(h5::dataset_dims(ds.get(), "info").at(0));
  EXPECT_GE(H5Dread(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), 0);
  return rows;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

TEST(NationalCli, SameOutputForOneAndTwoThreads) {
  const TempDir dir;
  const auto one = run_edusim({"national", kTiny, "-o", "one.h5", "--threads", "1"}, dir.path());
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto two = run_edusim({"national", kTiny, "-o", "two.h5", "--threads", "2"}, dir.path());
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_NE(one.out.find("students"), std::string::npos) << one.out;
  EXPECT_NE(one.out.find("peak RSS"), std::string::npos) << one.out;

  const h5::Handle a = h5::open_for_reading((dir / "one.h5").string());
  const h5::Handle b = h5::open_for_reading((dir / "two.h5").string());
  EXPECT_EQ(h5::read_string_attr(a.get(), "file_kind"), "national");
  EXPECT_EQ(h5::read_int64_attr(a.get(), "complete"), 1);
  EXPECT_EQ(h5::read_int64_attr(a.get(), "counties"), 20);
  std::size_t compared = 0;
  for (const char* group :
       {"/counties", "/provinces", "/provinces/between", "/national", "/national/between"}) {
    const auto names = datasets(a.get(), group);
    EXPECT_EQ(names, datasets(b.get(), group)) << group;
    for (const auto& name : names) {
      if (name.ends_with("/info")) continue;
      EXPECT_TRUE(same_bits(numbers(a.get(), name), numbers(b.get(), name))) << name;
      ++compared;
    }
  }
  EXPECT_GT(compared, 300u);
  const auto info_a = county_info(a.get()), info_b = county_info(b.get());
  ASSERT_EQ(info_a.size(), 20u);
  ASSERT_EQ(info_b.size(), 20u);
  EXPECT_EQ(std::memcmp(info_a.data(), info_b.data(), info_a.size() * sizeof(InfoNumbers)), 0);
}

/// `edusim national tiny.yaml -o out.h5 --counties N --years 1 --quiet` in `dir`, which must
/// succeed and print nothing; the file, opened.
h5::Handle run_one_year(const TempDir& dir, const std::string& counties) {
  const auto r = run_edusim(
      {"national", kTiny, "-o", "out.h5", "--counties", counties, "--years", "1", "--quiet"},
      dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  return h5::open_for_reading((dir / "out.h5").string());
}

TEST(NationalCli, AggregatesAddUpAndSubsetRuns) {
  const TempDir dir;
  const h5::Handle f = run_one_year(dir, "7");
  const auto info = county_info(f.get());
  ASSERT_EQ(info.size(), 7u);
  const auto years = h5::read_numbers<std::int32_t>(f.get(), "/year", H5T_NATIVE_INT32, "year");
  ASSERT_EQ(years.size(), 2u);  // the generated world and one simulated year
  // /counties/students is [county, year]; the nation's is their sum in each year.
  const auto counties = numbers(f.get(), "/counties/students");
  const auto nation = numbers(f.get(), "/national/students");
  const auto provinces = numbers(f.get(), "/provinces/students");
  ASSERT_EQ(counties.size(), 14u);
  ASSERT_EQ(provinces.size(), 8u);  // 4 provinces x 2 years
  for (std::size_t y = 0; y < 2; ++y) {
    double sum = 0, by_province = 0;
    for (std::size_t c = 0; c < 7; ++c) sum += counties[c * 2 + y];
    for (std::size_t p = 0; p < 4; ++p) by_province += provinces[p * 2 + y];
    EXPECT_DOUBLE_EQ(nation[y], sum);
    EXPECT_DOUBLE_EQ(nation[y], by_province);
  }
  double year0 = 0;
  for (const auto& row : info) year0 += static_cast<double>(row.students);
  EXPECT_DOUBLE_EQ(nation[0], year0);
  const auto phases = numbers(f.get(), "/timing/phase_seconds");
  EXPECT_GT(phases.size(), 10u);
}

TEST(NationalCli, EachCountyCarriesItsBalanceVerdictsAndTheSharesAddUp) {
  const TempDir dir;
  const h5::Handle f = run_one_year(dir, "7");
  // As /balance/cv and /balance/verdict of run files: 2 levels x 7 CVs; the verdicts.
  EXPECT_EQ(datasets(f.get(), "/counties/balance/cv").size(), 14u);
  const auto verdicts = datasets(f.get(), "/counties/balance/verdict");
  EXPECT_EQ(verdicts.front(), "/counties/balance/verdict/quality");
  for (const std::string v : {"quality", "basic"}) {
    SCOPED_TRACE(v);
    const auto county = numbers(f.get(), "/counties/balance/verdict/" + v);
    const auto nation = numbers(f.get(), "/national/balance/" + v + "_share");
    const auto provinces = numbers(f.get(), "/provinces/balance/" + v + "_share");
    ASSERT_EQ(county.size(), 14u);  // [county, year]
    ASSERT_EQ(nation.size(), 2u);
    ASSERT_EQ(provinces.size(), 8u);  // [province, year]
    for (std::size_t y = 0; y < 2; ++y) {
      double passing = 0;
      for (std::size_t c = 0; c < 7; ++c) {
        EXPECT_TRUE(county[c * 2 + y] == 0.0 || county[c * 2 + y] == 1.0) << county[c * 2 + y];
        passing += county[c * 2 + y];
      }
      EXPECT_DOUBLE_EQ(nation[y], passing / 7);
      for (std::size_t p = 0; p < 4; ++p) {
        EXPECT_GE(provinces[p * 2 + y], 0.0);
        EXPECT_LE(provinces[p * 2 + y], 1.0);
      }
    }
  }
}

TEST(NationalCli, FileCarriesTheBuildTheSeedAndTheResolvedNationalFile) {
  const TempDir dir;
  const h5::Handle f = run_one_year(dir, "2");
  EXPECT_EQ(h5::read_string_attr(f.get(), "engine_version"), kEngineVersion);
  EXPECT_EQ(h5::read_string_attr(f.get(), "git_revision"), kGitRevision);
  EXPECT_EQ(h5::read_int64_attr(f.get(), "git_clean"), kGitClean ? 1 : 0);
  EXPECT_EQ(h5::read_int64_attr(f.get(), "master_seed"), 7);
  // `national` is the national file resolved (--years applied): it reads back as itself.
  const auto resolved = h5::read_string_attr(f.get(), "national");
  ASSERT_TRUE(resolved);
  write_file(dir / "resolved.yaml", *resolved);
  const NationalFile again = load_national((dir / "resolved.yaml").string());
  EXPECT_EQ(again.spec.years, 1);
  EXPECT_EQ(again.spec.seed, 7);
  EXPECT_EQ(again.spec.provinces.size(), 4u);
  EXPECT_EQ(national_to_yaml(again), *resolved);
  EXPECT_EQ(h5::read_string_attr(f.get(), "base_scenario"), scenario_to_yaml(again.base));

  const auto info = run_edusim({"info", "out.h5"}, dir.path());
  EXPECT_EQ(info.exit_code, 0) << info.err;
  for (const std::string expected :
       {"file_kind: national\n", "seed: 7 (master_seed)\n", "root attribute 'base_scenario'",
        "root attribute 'national'", "national_file: "})
    EXPECT_NE(info.out.find(expected), std::string::npos) << expected << "\n" << info.out;
  EXPECT_EQ(info.out.find("(missing)"), std::string::npos) << info.out;
}

TEST(NationalCli, RefusesAnExistingOutputUnlessForced) {
  const TempDir dir;
  write_file(dir / "out.h5", "keep me");
  const auto r = run_edusim({"national", kTiny, "-o", "out.h5", "--counties", "2"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("exists"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(dir / "out.h5"), "keep me");
  const auto forced =
      run_edusim({"national", kTiny, "-o", "out.h5", "--counties", "2", "--years", "1", "--force"},
                 dir.path());
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(read_file(dir / "out.h5"), "keep me");
}

TEST(NationalCli, BadFilesAreRefusedWithFileLineAndNoOutput) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"unknown_key.yaml", "unknown_key.yaml:7:"},
      {"share_sum.yaml", "share_sum.yaml:5:"},
      {"negative_counties.yaml", "negative_counties.yaml:7:"},
      {"top_level_typo.yaml", "top_level_typo.yaml:8:1"},
  };
  for (const auto& [file, where] : cases) {
    const TempDir dir;
    const auto r = run_edusim({"national", (kData / file).string(), "-o", "out.h5"}, dir.path());
    EXPECT_EQ(r.exit_code, 2) << file << ": " << r.err;
    EXPECT_NE(r.err.find(where), std::string::npos) << r.err;
    EXPECT_TRUE(dir.entries().empty()) << file;  // no output, no temporary file
  }
}

}  // namespace
}  // namespace edusim::testing::cli

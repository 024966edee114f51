// The worked real-district example (scenarios/qiaodong_data.yaml with the tables of
// scenarios/data/qiaodong/), run through the `edusim` binary: it validates, loads the 21
// schools and about 1,980 teachers the seed article gives, and runs (DataExample*).
#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <string>

#include "cli_helpers.hpp"

namespace {

namespace fs = std::filesystem;
using namespace edusim::testing::cli;

const fs::path kScenario = kSourceDir / "scenarios" / "qiaodong_data.yaml";
const fs::path kTables = kSourceDir / "scenarios" / "data" / "qiaodong";

constexpr int kSchools = 21;          // 5 middle + 16 primary schools (seed article)
constexpr double kStaff = 198 / 0.1;  // 198 low-title-high-hire teachers = 10% of staff

/// The example is larger than the test scenarios: more time, and no address-space limit.
const Limits kExampleLimits{.timeout_s = 120, .limit_address_space = false};

/// Rows of a table, header excluded (the example's tables hold no quoted line breaks).
std::size_t data_rows(const fs::path& table) {
  std::ifstream in(table);
  std::size_t rows = 0;
  for (std::string line; std::getline(in, line);) rows += !line.empty();
  return rows > 0 ? rows - 1 : 0;
}

TEST(DataExample, ValidatesWith21SchoolsAndAbout1980Teachers) {
  const TempDir work;
  const Result r = run_edusim({"validate", kScenario.string()}, work.path(), kExampleLimits);
  std::cout << r.out << r.err;
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  const std::regex summary(R"((\d+) schools, (\d+) teachers, (\d+) students)");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, summary)) << r.out;
  EXPECT_EQ(std::stoi(m[1]), kSchools);
  const double teachers = std::stod(m[2]);
  EXPECT_LE(std::abs(teachers - kStaff), 0.02 * kStaff) << "teachers: " << teachers;
  EXPECT_GT(std::stoi(m[3]), 0);
}

TEST(DataExample, RunsTwoYears) {
  const TempDir work;
  const Result r = run_edusim(
      {"run", kScenario.string(), "-o", (work / "qiaodong.h5").string(), "--years", "2", "--quiet"},
      work.path(), kExampleLimits);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  ASSERT_TRUE(fs::is_regular_file(work / "qiaodong.h5"));

  const Result info = run_edusim({"info", "qiaodong.h5"}, work.path(), kExampleLimits);
  EXPECT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("complete: yes"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("years: 3 (2019-2021)"), std::string::npos) << info.out;
}

TEST(DataExample, TablesMatchTheSeedFigures) {
  // The tables as committed: the generator script's totals (README.md lists the figures).
  EXPECT_EQ(data_rows(kTables / "schools.csv"), static_cast<std::size_t>(kSchools));
  EXPECT_EQ(data_rows(kTables / "teachers.csv"), static_cast<std::size_t>(kStaff));
  const std::string teachers = read_file(kTables / "teachers.csv");
  std::size_t uplift = 0;
  for (auto at = teachers.find(",true,"); at != std::string::npos;
       at = teachers.find(",true,", at + 1))
    ++uplift;
  EXPECT_EQ(uplift, 198u) << "低职高聘 teachers in 2019";
  const std::string schools = read_file(kTables / "schools.csv");
  EXPECT_NE(schools.find("宝善街小学"), std::string::npos);
  EXPECT_NE(schools.find("张家口市第五中学"), std::string::npos);
  EXPECT_TRUE(fs::is_regular_file(kTables / "make_tables.py"));
  EXPECT_TRUE(fs::is_regular_file(kTables / "README.md"));
}

}  // namespace

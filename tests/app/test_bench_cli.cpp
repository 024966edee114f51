// `edusim bench` end to end: the table modes write well-formed CSV and JSON with every
// column and positive figures; the one-size report keeps its lines; bad sizes are refused.
// Nothing here asserts a time: the figures only have to exist and be positive.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "cli_helpers.hpp"

namespace edusim::testing::cli {
namespace {

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::stringstream in(line);
  for (std::string cell; std::getline(in, cell, sep);) out.push_back(cell);
  return out;
}

const std::vector<std::string> kRequired{"students",
                                         "threads",
                                         "years",
                                         "seconds_per_year",
                                         "student_years_per_s",
                                         "learning_student_years_per_s",
                                         "ns_per_teacher_year",
                                         "triad_gb_per_s",
                                         "bound_student_years_per_s",
                                         "bound_ratio_learning",
                                         "bound_ratio_year",
                                         "peak_rss_mib",
                                         "generation_s",
                                         "phase_learning_s",
                                         "phase_student_progression_s",
                                         "metrics_s"};

TEST(BenchCli, CsvTableHasEveryColumnAndPositiveFigures) {
  const TempDir dir;
  const Result r = run_edusim({"bench", "--sizes", "1e4", "--threads-list", "1", "--years", "2",
                               "--triad-mib", "8", "--format", "csv", "-o", "bench.csv"},
                              dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = lines_of(read_file(dir / "bench.csv"));
  ASSERT_EQ(lines.size(), 2u);  // header and one row
  const auto header = split(lines[0], ','), row = split(lines[1], ',');
  ASSERT_EQ(header.size(), row.size());
  std::map<std::string, double> value;
  for (std::size_t k = 0; k < header.size(); ++k) value[header[k]] = std::stod(row[k]);
  for (const auto& name : kRequired) {
    ASSERT_TRUE(value.count(name)) << name;
    EXPECT_TRUE(std::isfinite(value[name]) && value[name] > 0) << name << " = " << value[name];
  }
  // Every phase column is a time, never negative.
  for (const auto& [name, v] : value) {
    if (name.rfind("phase_", 0) == 0) {
      EXPECT_GE(v, 0) << name;
    }
  }
  EXPECT_EQ(value["threads"], 1);
  EXPECT_EQ(value["years"], 2);
  EXPECT_NEAR(value["students"], 1e4, 2e3);  // the generator rounds to whole schools
  // The ratio columns are the throughputs over the bound.
  EXPECT_NEAR(value["bound_ratio_learning"],
              value["learning_student_years_per_s"] / value["bound_student_years_per_s"],
              1e-4 * value["bound_ratio_learning"]);
  EXPECT_NEAR(value["bound_student_years_per_s"], value["triad_gb_per_s"] * 1e9 / 28,
              1e-4 * value["bound_student_years_per_s"]);
}

TEST(BenchCli, JsonTableHasOneObjectPerSizeAndThreadCount) {
  const TempDir dir;
  const Result r = run_edusim({"bench", "--sizes", "1e4,2e4", "--threads-list", "1,2", "--years",
                               "1", "--triad-mib", "8", "--format", "json"},
                              dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& out = r.out;
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.front(), '[');
  std::size_t objects = 0;
  for (std::size_t p = out.find("\"students\""); p != std::string::npos;
       p = out.find("\"students\"", p + 1))
    ++objects;
  EXPECT_EQ(objects, 4u);
  EXPECT_EQ(out.find("null"), std::string::npos) << out;  // the triad filled every bound
}

TEST(BenchCli, OneSizeReportKeepsItsLines) {
  const TempDir dir;
  const Result r = run_edusim(
      {"bench", "--students", "10000", "--years", "2", "--threads", "1", "--triad-mib", "8"},
      dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* line : {"edusim bench:", "learning phase:", "whole year:", "peak RSS:", "triad:",
                           "bandwidth bound:"})
    EXPECT_NE(r.out.find(line), std::string::npos) << line << "\n" << r.out;
}

TEST(BenchCli, WritesItsScenarioWithOverridesApplied) {
  const TempDir dir;
  const Result r = run_edusim({"bench", "--students", "10000", "--set", "rotation.enabled=true",
                               "--write-scenario", "bench.yaml"},
                              dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string yaml = read_file(dir / "bench.yaml");
  const auto rotation = yaml.find("\nrotation:");
  ASSERT_NE(rotation, std::string::npos);
  EXPECT_EQ(yaml.find("enabled: true", rotation), yaml.find("enabled:", rotation));
  EXPECT_EQ(run_edusim({"validate", "bench.yaml"}, dir.path()).exit_code, 0);
}

TEST(BenchCli, RefusesBadSizesAndKeys) {
  const TempDir dir;
  EXPECT_EQ(run_edusim({"bench", "--sizes", "1e4,lots"}, dir.path()).exit_code, 2);
  EXPECT_EQ(run_edusim({"bench", "--sizes", "10"}, dir.path()).exit_code, 2);
  const Result r = run_edusim({"bench", "--set", "learning.no_such_key=1"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no_such_key"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace edusim::testing::cli

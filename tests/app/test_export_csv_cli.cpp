// `edusim export-csv` run as a separate process: a run's tables are written and described, and
// bad inputs and existing directories are refused with one line, exit status 2 and no
// directory (the tables themselves are tested in tests/io/test_tidy_export.cpp and, read back
// with pandas, in tests/python/test_export_csv.py).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cli_helpers.hpp"

namespace {

namespace fs = std::filesystem;
using namespace edusim::testing::cli;

constexpr const char* kSmallScenario = R"(run: {years: 2, start_year: 2020}
district:
  name: small
  schools:
    - {level: primary, zone: urban, count: 2, students_per_grade: {mean: 40, sd: 5, min: 20, max: 60}}
    - {level: middle, zone: rural, count: 1, students_per_grade: {mean: 40, sd: 5, min: 20, max: 60}}
)";

TEST(ExportCsvCli, WritesTheTablesOfARunAndRefusesToOverwrite) {
  const TempDir dir;
  write_file(dir / "s.yaml", kSmallScenario);
  ASSERT_EQ(run_edusim({"run", "s.yaml", "-o", "r.h5", "--quiet"}, dir.path()).exit_code, 0);
  const Result ok = run_edusim({"export-csv", "r.h5", "-o", "csv"}, dir.path());
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out,
            "csv: wrote district.csv, schools.csv, events_rotations.csv, "
            "events_consolidations.csv, events_leader_rotations.csv, units.csv, README.txt (the "
            "run file r.h5; README.txt describes every column)\n");
  EXPECT_EQ(lines_of(read_file(dir / "csv" / "district.csv")).size(), 4u);  // header + 3 years
  EXPECT_EQ(lines_of(read_file(dir / "csv" / "schools.csv")).size(), 10u);  // + 3 x 3 schools
  const Result again = run_edusim({"export-csv", "r.h5", "-o", "csv"}, dir.path());
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_EQ(again.err, "edusim: error: csv: output directory exists; use --force to replace it\n");
  EXPECT_EQ(run_edusim({"export-csv", "r.h5", "-o", "csv", "--force"}, dir.path()).exit_code, 0);
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"csv", "r.h5", "s.yaml"}));
}

TEST(ExportCsvCli, RefusesWhatIsNotAnEdusimRunOrSweepFile) {
  const TempDir dir;
  write_file(dir / "s.yaml", kSmallScenario);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"s.yaml", "edusim: error: s.yaml: not an HDF5 file\n"},
      {"missing.h5", "edusim: error: missing.h5: not an HDF5 file (no such file)\n"},
  };
  for (const auto& [input, message] : cases) {
    const Result r = run_edusim({"export-csv", input, "-o", "csv"}, dir.path());
    EXPECT_EQ(r.exit_code, 2) << input;
    EXPECT_EQ(r.err, message);
    EXPECT_TRUE(r.out.empty());
  }
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"s.yaml"});  // no csv, no temporary
}

TEST(ExportCsvCli, HelpShowsAnExample) {
  const Result r = run_edusim({"export-csv", "--help"}, kSourceDir);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("e.g. edusim export-csv out/baseline.h5 -o out/baseline-csv"),
            std::string::npos)
      << r.out;
}

}  // namespace

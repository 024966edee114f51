// The tidy CSV export (sim/io/tidy_export.cpp, run_reader.cpp, tidy_tables.cpp, output_dir.cpp):
// a run file and a sweep file written here come back cell for cell, school names with commas,
// quotes, line breaks and Chinese text included; bad inputs and existing directories are refused
// without leaving anything behind.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli_helpers.hpp"
#include "core/error.hpp"
#include "io/csv.hpp"
#include "io/output_dir.hpp"
#include "io/run_writer.hpp"
#include "io/sweep_file.hpp"
#include "io/tidy_export.hpp"

namespace edusim {
namespace {

namespace fs = std::filesystem;
using testing::cli::read_file;
using testing::cli::TempDir;
using testing::cli::write_file;

const std::vector<std::string> kNames = {"东城区第一小学, 北校区", "the \"new\" school",
                                         "two\nlines"};
const std::vector<SeriesDef> kDistrict = {{"achievement_mean", "SD", "mean achievement"},
                                          {"students", "students", "students enrolled"}};
const std::vector<SeriesDef> kSchool = {{"quality", "SD", "school quality, \"quoted\""}};

double district_value(int y, std::size_t m) {
  return m == 0 && y == 1 ? std::nan("") : 0.1 * y + 1.0 / 3 + static_cast<double>(m);
}
double school_value(int y, std::size_t s) {
  return y + s / 7.0;
}

std::vector<SchoolInfoRow> schools() {
  std::vector<SchoolInfoRow> rows;
  for (std::size_t s = 0; s < kNames.size(); ++s)
    rows.push_back({static_cast<std::int32_t>(s), kNames[s], "primary", "rural", -1, 3});
  return rows;
}

/// Three years of three schools and two rotation events; `finish` false leaves an incomplete
/// file (complete = 0) at `path`.
void write_run(const std::string& path, bool finish = true) {
  RunProvenance p;
  p.scenario_file = "s.yaml";
  p.seed = 18446744073709551557ULL;
  RunWriter w(finish ? path : path + ".unused", p, schools(), kDistrict, kSchool, true);
  const std::size_t t = w.add_events(
      {"events/rotations",
       {{"year", "calendar year", "year of the move"}, {"kind", "code", "the kind of move"}},
       {{"kind_names", "1=out; 5=return"}}});
  for (int y = 0; y < 3; ++y) {
    std::vector<double> school_values;
    for (std::size_t s = 0; s < kNames.size(); ++s) school_values.push_back(school_value(y, s));
    w.append_year(2020 + y, std::vector<double>{district_value(y, 0), district_value(y, 1)},
                  school_values);
    if (y == 1) w.append_events(t, std::vector<std::int64_t>{2021, 2021, 1, 5}, 2);
  }
  if (finish)
    w.finish();
  else
    w.finish_partial(path);
}

std::string column_cell(const CsvTable& t, std::size_t row, const std::string& column) {
  for (std::size_t c = 0; c < t.header.size(); ++c)
    if (t.header[c] == column) return std::string(t.cell(row, c));
  throw std::runtime_error(t.file + ": no column " + column);
}

/// The InputError message of `f`, or "" if it throws none.
template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(TidyExport, RunFileComesBackCellForCell) {
  const TempDir dir;
  const std::string h5 = (dir / "run.h5").string(), out = (dir / "csv").string();
  write_run(h5);
  const TidyExport result = export_tidy_csv(h5, out, false);
  EXPECT_EQ(result.kind, "run");
  EXPECT_EQ(result.files,
            (std::vector<std::string>{"district.csv", "schools.csv", "events_rotations.csv",
                                      "units.csv", "README.txt"}));
  const CsvTable district = read_csv(out + "/district.csv");
  ASSERT_EQ(district.header, (std::vector<std::string>{"year", "achievement_mean", "students"}));
  ASSERT_EQ(district.size(), 3u);
  for (int y = 0; y < 3; ++y) {
    const auto r = static_cast<std::size_t>(y);
    EXPECT_EQ(column_cell(district, r, "year"), std::to_string(2020 + y));
    for (std::size_t m = 0; m < 2; ++m) {
      const std::string cell = column_cell(district, r, kDistrict[m].name);
      if (std::isnan(district_value(y, m)))
        EXPECT_EQ(cell, "");
      else
        EXPECT_EQ(std::strtod(cell.c_str(), nullptr), district_value(y, m)) << cell;
    }
  }
  const CsvTable sch = read_csv(out + "/schools.csv");
  ASSERT_EQ(sch.size(), 9u);
  for (std::size_t r = 0; r < 9; ++r) {
    EXPECT_EQ(column_cell(sch, r, "year"), std::to_string(2020 + r / 3));
    EXPECT_EQ(column_cell(sch, r, "school"), std::to_string(r % 3));
    EXPECT_EQ(column_cell(sch, r, "name"), kNames[r % 3]);
    EXPECT_EQ(column_cell(sch, r, "alliance"), "3");
    EXPECT_EQ(std::strtod(column_cell(sch, r, "quality").c_str(), nullptr),
              school_value(static_cast<int>(r / 3), r % 3));
  }
  const CsvTable ev = read_csv(out + "/events_rotations.csv");
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(column_cell(ev, 1, "kind"), "5");
  const std::string units = read_file(out + "/units.csv");
  EXPECT_NE(units.find("schools.csv,quality,SD,\"school quality, \"\"quoted\"\"\""),
            std::string::npos)
      << units;
  const std::string readme = read_file(out + "/README.txt");
  EXPECT_NE(readme.find("seed: 18446744073709551557"), std::string::npos) << readme;
  EXPECT_NE(readme.find("kind [code]: the kind of move (codes: 1=out; 5=return)"),
            std::string::npos)
      << readme;
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"csv", "run.h5"}));  // no temporary left
}

TEST(TidyExport, SweepFileHasParamsAndARunColumn) {
  const TempDir dir;
  SweepHeader h;
  h.sweep_file = "s.yaml";
  h.design = "grid";
  h.points = h.runs = 2;
  h.axes = {{"rotation.quota_share", "numeric", "share"}, {"hiring.placement", "choice", "where"}};
  h.years = {2020, 2021};
  h.district_series = kDistrict;
  std::vector<SweepRun> runs(2);
  for (std::size_t r = 0; r < 2; ++r) {
    runs[r].run_index = runs[r].point = static_cast<std::int64_t>(r);
    runs[r].seed = -5 + static_cast<std::int64_t>(r);
    runs[r].axis_number = {0.1 * static_cast<double>(r + 1), std::nan("")};
    runs[r].axis_text = {"", r == 0 ? "need" : "weak, \"rural\" 先"};
    runs[r].district = {1.0 / 3, 22500, std::nan(""), 7};
  }
  const std::string h5 = (dir / "sweep.h5").string(), out = (dir / "csv").string();
  write_sweep_file(h5, h, runs, false);
  EXPECT_EQ(export_tidy_csv(h5, out, false).kind, "sweep");
  const CsvTable params = read_csv(out + "/params.csv");
  ASSERT_EQ(params.header, (std::vector<std::string>{"run", "point", "replicate", "seed",
                                                     "rotation.quota_share", "hiring.placement"}));
  EXPECT_EQ(column_cell(params, 1, "seed"), "-4");
  EXPECT_EQ(column_cell(params, 1, "rotation.quota_share"), "0.2");
  EXPECT_EQ(column_cell(params, 1, "hiring.placement"), "weak, \"rural\" 先");
  const CsvTable district = read_csv(out + "/district.csv");
  ASSERT_EQ(district.size(), 4u);
  EXPECT_EQ(column_cell(district, 3, "run"), "1");
  EXPECT_EQ(column_cell(district, 3, "year"), "2021");
  EXPECT_EQ(column_cell(district, 2, "achievement_mean"), "0.3333333333333333");
  EXPECT_EQ(column_cell(district, 3, "achievement_mean"), "");
  EXPECT_EQ(column_cell(district, 3, "students"), "7");
  EXPECT_FALSE(fs::exists(out + "/schools.csv"));  // no per-school series in this sweep
}

TEST(TidyExport, RefusesFilesThatAreNotCompleteRunsOrSweeps) {
  const TempDir dir;
  const std::string out = (dir / "csv").string();
  write_file(dir / "text.h5", "not hdf5\n");
  EXPECT_EQ(error_of([&] { export_tidy_csv((dir / "text.h5").string(), out, false); }),
            (dir / "text.h5").string() + ": not an HDF5 file");
  {
    const hid_t f = H5Fcreate((dir / "plain.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    H5Fclose(f);
  }
  EXPECT_NE(error_of([&] {
              export_tidy_csv((dir / "plain.h5").string(), out, false);
            }).find("plain.h5: not an edusim output file"),
            std::string::npos);
  write_run((dir / "partial.h5").string(), false);
  EXPECT_NE(error_of([&] {
              export_tidy_csv((dir / "partial.h5").string(), out, false);
            }).find("partial.h5: the file is incomplete"),
            std::string::npos);
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"partial.h5", "plain.h5", "text.h5"}));
}

TEST(TidyExport, RefusesAnExistingDirectoryUnlessForced) {
  const TempDir dir;
  const std::string h5 = (dir / "run.h5").string(), out = (dir / "csv").string();
  write_run(h5);
  fs::create_directory(out);
  write_file(dir / "csv" / "mine.txt", "keep me");
  EXPECT_EQ(error_of([&] { export_tidy_csv(h5, out, false); }),
            out + ": output directory exists; use --force to replace it");
  EXPECT_EQ(read_file(dir / "csv" / "mine.txt"), "keep me");
  export_tidy_csv(h5, out + "/", true);  // replaced as a whole
  EXPECT_FALSE(fs::exists(dir / "csv" / "mine.txt"));
  EXPECT_TRUE(fs::exists(dir / "csv" / "README.txt"));
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"csv", "run.h5"}));
}

TEST(OutputDirectory, AFailedFillLeavesNothingAndKeepsTheOld) {
  const TempDir dir;
  const std::string out = (dir / "d").string();
  EXPECT_THROW(write_directory_atomically(out, false,
                                          [](const std::string& tmp) {
                                            write_file(fs::path(tmp) / "half.csv", "a\n");
                                            throw InputError("disk full");
                                          }),
               InputError);
  EXPECT_TRUE(dir.entries().empty());
  fs::create_directory(out);
  write_file(dir / "d" / "old.txt", "old");
  EXPECT_THROW(
      write_directory_atomically(out, true, [](const std::string&) { throw InputError("x"); }),
      InputError);
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"d"});
  EXPECT_EQ(read_file(dir / "d" / "old.txt"), "old");
}

TEST(OutputDirectory, RefusesAFileAndAMissingParent) {
  const TempDir dir;
  write_file(dir / "f", "x");
  EXPECT_NE(error_of([&] {
              check_output_directory((dir / "f").string(), true);
            }).find("exists and is not a directory"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              check_output_directory((dir / "no" / "d").string(), false);
            }).find("parent directory"),
            std::string::npos);
  EXPECT_EQ(error_of([&] { check_output_directory((dir / "new").string(), false); }), "");
}

}  // namespace
}  // namespace edusim

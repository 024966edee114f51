// CsvWriter and csv_number (sim/io/csv_writer.cpp): quoting of names with commas, quotes,
// line breaks and Chinese text, numbers that read back exactly, and write errors.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "io/csv.hpp"
#include "io/csv_writer.hpp"

namespace edusim {
namespace {

namespace fs = std::filesystem;

fs::path temp_file(const std::string& name) {
  return fs::temp_directory_path() / ("edusim-csvw-" + std::to_string(::getpid()) + "-" + name);
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const std::vector<std::string> kAwkward = {"plain",          "a,b",        "say \"hi\"",
                                           "line\nbreak",    "cr\rreturn", "",
                                           "东城区第一小学", "\"quoted\"", "汉字, \"引号\"\n第二行",
                                           "trailing,"};

TEST(CsvWriter, QuotesOnlyFieldsThatNeedIt) {
  const fs::path path = temp_file("quote.csv");
  CsvWriter out(path.string());
  out.write_row(kAwkward);
  out.close();
  EXPECT_EQ(slurp(path),
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",\"cr\rreturn\",,东城区第一小学,"
            "\"\"\"quoted\"\"\",\"汉字, \"\"引号\"\"\n第二行\",\"trailing,\"\n");
  fs::remove(path);
}

TEST(CsvWriter, RoundTripsThroughTheReader) {
  const fs::path path = temp_file("round.csv");
  CsvWriter out(path.string());
  std::vector<std::string> header;
  for (std::size_t c = 0; c < kAwkward.size(); ++c) header.push_back(fmt::format("c{}", c));
  out.write_row(header);
  out.write_row(kAwkward);
  out.write_row(kAwkward);
  out.close();
  const CsvTable table = read_csv(path.string());
  ASSERT_EQ(table.size(), 2u);
  for (std::size_t row = 0; row < 2; ++row)
    for (std::size_t c = 0; c < kAwkward.size(); ++c)
      EXPECT_EQ(table.cell(row, c), kAwkward[c]) << "row " << row << " column " << c;
  fs::remove(path);
}

TEST(CsvWriter, RefusesAFileItCannotCreate) {
  const std::string path = "/nonexistent-edusim-dir/x.csv";
  try {
    CsvWriter out(path);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(path + ": cannot create file"), std::string::npos)
        << e.what();
  }
}

TEST(CsvWriter, ReportsAFailedWrite) {
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  CsvWriter out("/dev/full");
  for (int i = 0; i < 10000; ++i) out.write_row({"0123456789", "0123456789"});
  EXPECT_THROW(out.close(), InputError);
}

TEST(CsvNumber, ShortestTextThatReadsBackExactly) {
  EXPECT_EQ(csv_number(0.1), "0.1");
  EXPECT_EQ(csv_number(22500), "22500");
  EXPECT_EQ(csv_number(-3), "-3");
  EXPECT_EQ(csv_number(1e-7), "1e-07");
  EXPECT_EQ(csv_number(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(csv_number(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(csv_number(std::nan("")), "");
  std::mt19937_64 rng(12345);
  std::vector<double> values = {DBL_MAX, DBL_MIN, 5e-324, 1.0 / 3, 0.6000000238418579, -0.0};
  std::uniform_real_distribution<double> unit(-1, 1);
  std::uniform_int_distribution<int> exponent(-300, 300);
  for (int i = 0; i < 10000; ++i) values.push_back(std::ldexp(unit(rng), exponent(rng)));
  for (const double v : values) {
    const std::string text = csv_number(v);
    EXPECT_EQ(std::strtod(text.c_str(), nullptr), v) << text;
    EXPECT_EQ(std::signbit(std::strtod(text.c_str(), nullptr)), std::signbit(v)) << text;
  }
}

}  // namespace
}  // namespace edusim

// District tables (`district.from_data`), run through the `edusim` binary: every malformed
// table of tests/data/bad_tables is refused by `validate` and `run` with one line naming the
// table, the line and the column (BadTable*), and tables saved with a UTF-8 byte-order mark
// are accepted (BadTableGood*). The binary is run as in test_cli (cli_helpers.hpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "cli_helpers.hpp"

namespace {

namespace fs = std::filesystem;
using namespace edusim::testing::cli;

const fs::path kBadTables = kSourceDir / "tests" / "data" / "bad_tables";
const fs::path kBomCase = kSourceDir / "tests" / "data" / "good_tables" / "bom";

/// Copies a case directory (with any subdirectory) into `to`.
void copy_case(const fs::path& from, const fs::path& to) {
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

/// The first line of expect.txt, without trailing blanks ("" if none).
std::string expectation(const fs::path& case_dir) {
  const std::vector<std::string> lines = lines_of(read_file(case_dir / "expect.txt"));
  std::string line = lines.empty() ? "" : lines.front();
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

/// The table the expectation names: its text up to the first ':' ("schools.csv:3: ..."
/// -> "schools.csv").
std::string table_named(const std::string& expect) {
  return expect.substr(0, expect.find(':'));
}

/// Entries of `dir` that are an output file or a half-written one.
std::vector<std::string> outputs_left(const TempDir& dir) {
  std::vector<std::string> left;
  for (const auto& name : dir.entries())
    if (name == "out.h5" || name.starts_with("out.h5.tmp")) left.push_back(name);
  return left;
}

std::vector<std::string> bad_cases() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(kBadTables, ec))
    if (e.is_directory()) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

std::string case_name(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

// --- malformed tables --------------------------------------------------------------

class BadTableCase : public ::testing::TestWithParam<std::string> {};

TEST_P(BadTableCase, IsRefusedWithOneLineNamingTableLineAndColumn) {
  const std::string& name = GetParam();
  const std::string expect = expectation(kBadTables / name);
  ASSERT_FALSE(expect.empty()) << name << ": expect.txt is missing or empty";
  const std::string table = table_named(expect);
  ASSERT_FALSE(table.empty()) << name << ": expect.txt must start with the table's file name";

  for (const std::string command : {"validate", "run"}) {
    SCOPED_TRACE(command);
    const TempDir work;  // a fresh copy: independent of the source tree and of the other run
    copy_case(kBadTables / name, work.path());
    const std::vector<std::string> before = work.entries();
    std::vector<std::string> args{command, "scenario.yaml"};
    if (command == "run") args.insert(args.end(), {"-o", "out.h5", "--quiet"});
    const Result r = run_edusim(args, work.path());
    const std::vector<std::string> lines = lines_of(r.err);
    const std::string message = lines.empty() ? "" : lines.front();
    std::cout << name << " [" << command << ", exit " << r.exit_code << "]: " << message << "\n";

    EXPECT_NE(r.exit_code, 0) << "accepted; stdout: " << r.out;
    EXPECT_EQ(lines.size(), 1u) << "stderr must be exactly one line:\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << "stdout: " << r.out;
    EXPECT_NE(message.find(expect), std::string::npos)
        << "expected to contain: " << expect << "\nmessage: " << message;
    EXPECT_NE(message.find("/" + table), std::string::npos)
        << "the table's path is not named: " << message;
    EXPECT_TRUE(outputs_left(work).empty())
        << "left behind: " << testing::PrintToString(outputs_left(work));
    EXPECT_EQ(work.entries(), before) << "the directory changed";
  }
}

INSTANTIATE_TEST_SUITE_P(BadTable, BadTableCase, ::testing::ValuesIn(bad_cases()), case_name);

TEST(BadTableCatalog, HasAtLeast18CasesEachComplete) {
  const std::vector<std::string> cases = bad_cases();
  EXPECT_GE(cases.size(), 18u);
  for (const auto& name : cases) {
    SCOPED_TRACE(name);
    const fs::path dir = kBadTables / name;
    EXPECT_TRUE(fs::is_regular_file(dir / "scenario.yaml"));
    EXPECT_NE(read_file(dir / "scenario.yaml").find("from_data:"), std::string::npos);
    EXPECT_FALSE(expectation(dir).empty()) << "expect.txt is missing or empty";
    EXPECT_EQ(lines_of(read_file(dir / "expect.txt")).size(), 1u) << "expect.txt: one line";
    // Every case carries the three tables (the enrolment one may sit in a subdirectory).
    EXPECT_TRUE(fs::is_regular_file(dir / "schools.csv"));
    EXPECT_TRUE(fs::is_regular_file(dir / "teachers.csv"));
    EXPECT_TRUE(fs::is_regular_file(dir / "enrolment.csv") ||
                fs::is_regular_file(dir / "data" / "enrolment.csv"));
  }
}

TEST(BadTableCatalog, ReadmeDescribesEveryCase) {
  const std::string readme = read_file(kBadTables / "README.md");
  for (const auto& name : bad_cases())
    EXPECT_NE(readme.find("`" + name + "`"), std::string::npos)
        << name << " is not described in README.md";
}

// --- well-formed tables ------------------------------------------------------------

TEST(BadTableGood, ByteOrderMarkTablesValidateAndRun) {
  for (const std::string table : {"schools.csv", "teachers.csv", "enrolment.csv"})
    ASSERT_TRUE(read_file(kBomCase / table).starts_with("\xEF\xBB\xBF"))
        << table << " lost its byte-order mark";
  const TempDir work;
  copy_case(kBomCase, work.path());

  const Result v = run_edusim({"validate", "scenario.yaml"}, work.path());
  std::cout << "bom [validate, exit " << v.exit_code << "]: " << v.out << v.err;
  EXPECT_EQ(v.exit_code, 0) << v.err;
  EXPECT_TRUE(v.err.empty()) << v.err;
  EXPECT_NE(v.out.find("3 schools, 7 teachers, 338 students"), std::string::npos) << v.out;

  const Result r = run_edusim({"run", "scenario.yaml", "-o", "out.h5", "--quiet"}, work.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  EXPECT_TRUE(fs::is_regular_file(work / "out.h5"));
  const Result info = run_edusim({"info", "out.h5"}, work.path());
  EXPECT_EQ(info.exit_code, 0) << info.out << info.err;
}

}  // namespace

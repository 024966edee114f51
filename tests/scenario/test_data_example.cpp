// The worked real-district example (scenarios/qiaodong_data.yaml with the tables of
// scenarios/data/qiaodong/), run through the `edusim` binary: it validates, loads the 21
// schools and about 1,980 teachers the seed article gives, and runs (DataExample*).
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kBinary = EDUSIM_BINARY;
const fs::path kSourceDir = EDUSIM_SOURCE_DIR;
const fs::path kScenario = kSourceDir / "scenarios" / "qiaodong_data.yaml";
const fs::path kTables = kSourceDir / "scenarios" / "data" / "qiaodong";

constexpr int kSchools = 21;          // 5 middle + 16 primary schools (seed article)
constexpr double kStaff = 198 / 0.1;  // 198 low-title-high-hire teachers = 10% of staff

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

/// A fresh directory under the system temp directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "edusim-example-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

struct Result {
  int exit_code = -1;
  std::string out;  ///< stdout
  std::string err;  ///< stderr
};

/// Runs `edusim ARGS` in `cwd` with a time limit; captures stdout and stderr.
Result run_edusim(const std::vector<std::string>& args, const fs::path& cwd) {
  const TempDir capture;
  const fs::path err_file = capture / "stderr";
  // Appended piece by piece: GCC 12 gives a false -Wrestrict on `"literal" + std::string`.
  std::string command = "cd ";
  command.append(shell_quote(cwd.string()));
  command.append(" && exec timeout -k 2 120 ").append(shell_quote(kBinary.string()));
  for (const auto& a : args) command.append(" ").append(shell_quote(a));
  command.append(" 2>").append(shell_quote(err_file.string())).append(" </dev/null");
  Result r;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed: " + command);
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.err = read_file(err_file);
  return r;
}

/// Rows of a table, header excluded (the example's tables hold no quoted line breaks).
std::size_t data_rows(const fs::path& table) {
  std::ifstream in(table);
  std::size_t rows = 0;
  for (std::string line; std::getline(in, line);) rows += !line.empty();
  return rows > 0 ? rows - 1 : 0;
}

TEST(DataExample, ValidatesWith21SchoolsAndAbout1980Teachers) {
  const TempDir work;
  const Result r = run_edusim({"validate", kScenario.string()}, work.path());
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
      work.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  ASSERT_TRUE(fs::is_regular_file(work / "qiaodong.h5"));

  const Result info = run_edusim({"info", "qiaodong.h5"}, work.path());
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

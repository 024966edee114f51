// `edusim sweep` on malformed sweep files (tests/data/bad_sweeps, plus an empty file, a
// directory and a missing path made here) and on outputs it must not write (an existing
// output, an earlier sweep's parts, a path that cannot be written): every one is refused
// with exit status 2 and one line naming the file (and, for a file with content, the line),
// and nothing is left behind: no OUT.h5 and no OUT.h5.parts.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>
#include <regex>
#include <string>
#include <vector>

#include "bad_catalog.hpp"
#include "cli_helpers.hpp"

namespace edusim::testing::cli {
namespace {

const fs::path kCatalog = kSourceDir / "tests" / "data" / "bad_sweeps";

/// A small valid sweep: 2 replicates of a 3-school district over 2 years (under a second).
const char* kSmallSweep = R"(base_scenario:
  run: {years: 2, start_year: 2020}
  district:
    name: sweep test county
    schools:
      - {level: primary, zone: town, count: 2, students_per_grade: {mean: 30, sd: 5, min: 10, max: 60}}
      - {level: middle, zone: town, count: 1, students_per_grade: {mean: 60, sd: 10, min: 20, max: 120}}
seed: 1
replicates: 2
)";

/// `text` with every occurrence of `what` removed (the path may contain the expected text).
std::string without(std::string text, const std::string& what) {
  for (auto at = text.find(what); !what.empty() && at != std::string::npos; at = text.find(what))
    text.erase(at, what.size());
  return text;
}

/// `edusim sweep FILE -o WORK/out.h5 --quiet --threads 2 EXTRA...` run in `work`.
Result sweep(const fs::path& file, const TempDir& work,
             const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args{"sweep",   file.string(), "-o", (work / "out.h5").string(),
                                "--quiet", "--threads",   "2"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_edusim(args, work.path());
}

/// The checks every refusal gets: status 2, one line on stderr, nothing on stdout, the
/// message contains `expect` and names `named`.
void expect_refused(const Result& r, const std::string& named, const std::string& expect) {
  const std::vector<std::string> lines = lines_of(r.err);
  EXPECT_EQ(r.exit_code, 2) << "stderr: " << r.err << "\nstdout: " << r.out;
  EXPECT_EQ(lines.size(), 1u) << "stderr must be exactly one line:\n" << r.err;
  EXPECT_TRUE(r.out.empty()) << "stdout: " << r.out;
  const std::string message = lines.empty() ? "" : lines.front();
  EXPECT_NE(message.find(named), std::string::npos) << named << " not named: " << message;
  EXPECT_NE(without(message, named).find(expect), std::string::npos)
      << "expected to contain: " << expect << "\nmessage: " << message;
}

// --- the catalog ----------------------------------------------------------------------

std::vector<BadCase> bad_cases() {
  return catalog_cases(kCatalog, {"empty", "directory", "missing"});
}

class BadSweepCatalog : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadSweepCatalog, IsRefusedWithOneLineNamingFileLineAndKeyAndLeavesNothing) {
  const BadCase& c = GetParam();
  const TempDir inputs, work;
  const auto [file, text, expect] = prepare(c, kCatalog, inputs.path());
  if (c.generated.empty()) {
    ASSERT_FALSE(expect.empty()) << c.name << ": first line must be '# expect: <text>'";
  }
  const Result r = sweep(file, work);
  const std::string message = lines_of(r.err).empty() ? "" : lines_of(r.err).front();
  std::cout << c.name << " [exit " << r.exit_code << "]: " << message << "\n";
  expect_refused(r, file.string(), expect);
  if (has_yaml_content(text)) {
    // FILE:LINE: (a column may follow), where FILE may be "SWEEP (base_scenario)" for an
    // error inside the inline base scenario.
    const std::string quoted =
        std::regex_replace(file.string(), std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)");
    const std::regex located(quoted + R"(( \(base_scenario\))?:[0-9]+:)");
    EXPECT_TRUE(std::regex_search(message, located)) << "no file:line: " << message;
  }
  EXPECT_EQ(work.entries(), std::vector<std::string>{})
      << "left behind: " << ::testing::PrintToString(work.entries());
}

INSTANTIATE_TEST_SUITE_P(BadSweep, BadSweepCatalog, ::testing::ValuesIn(bad_cases()), case_name);

TEST(BadSweepFiles, AtLeast12FilesEachWithAnExpectationAndDescribedInTheReadme) {
  const std::string readme = read_file(kCatalog / "README.md");
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(kCatalog)) {
    if (e.path().extension() != ".yaml") continue;
    ++files;
    EXPECT_FALSE(expectation(read_file(e.path())).empty()) << e.path();
    EXPECT_NE(readme.find("`" + e.path().filename().string() + "`"), std::string::npos)
        << e.path().filename() << " is not described in README.md";
  }
  EXPECT_GE(files, 12u);
}

// --- outputs a sweep must not write ---------------------------------------------------

class SweepOutput : public ::testing::Test {
 protected:
  void SetUp() override { write_file(file_, kSmallSweep); }
  TempDir inputs_, work_;
  fs::path file_ = inputs_ / "small.yaml";
};

TEST_F(SweepOutput, TheSmallSweepRunsAndLeavesOnlyItsOutput) {
  const Result r = sweep(file_, work_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(work_.entries(), std::vector<std::string>{"out.h5"});
}

TEST_F(SweepOutput, AnExistingOutputIsKeptUnlessForced) {
  const std::string previous = "an earlier result that must survive\n";
  write_file(work_ / "out.h5", previous);
  expect_refused(sweep(file_, work_), "out.h5", "--force");
  EXPECT_EQ(read_file(work_ / "out.h5"), previous);
  EXPECT_EQ(work_.entries(), std::vector<std::string>{"out.h5"});

  const Result forced = sweep(file_, work_, {"--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_NE(read_file(work_ / "out.h5"), previous);
  EXPECT_EQ(work_.entries(), std::vector<std::string>{"out.h5"});
}

TEST_F(SweepOutput, AnEarlierSweepsPartsAreKeptWithoutResumeOrForce) {
  fs::create_directory(work_ / "out.h5.parts");
  write_file(work_ / "out.h5.parts" / "part-0.h5", "saved runs\n");
  expect_refused(sweep(file_, work_), "out.h5.parts", "--resume");
  EXPECT_EQ(read_file(work_ / "out.h5.parts" / "part-0.h5"), "saved runs\n");
  EXPECT_EQ(work_.entries(), std::vector<std::string>{"out.h5.parts"});
}

TEST_F(SweepOutput, AnOutputInAMissingDirectoryIsRefused) {
  const fs::path out = work_ / "no such dir" / "out.h5";
  const Result r =
      run_edusim({"sweep", file_.string(), "-o", out.string(), "--quiet"}, work_.path());
  expect_refused(r, out.string(), "does not exist");
  EXPECT_EQ(work_.entries(), std::vector<std::string>{});
}

TEST_F(SweepOutput, AnOutputUnderARegularFileIsRefused) {
  write_file(work_ / "notes.txt", "not a directory\n");
  const fs::path out = work_ / "notes.txt" / "out.h5";
  const Result r =
      run_edusim({"sweep", file_.string(), "-o", out.string(), "--quiet"}, work_.path());
  expect_refused(r, out.string(), "notes.txt is not a directory");
  EXPECT_EQ(work_.entries(), std::vector<std::string>{"notes.txt"});
}

TEST_F(SweepOutput, ARunThatFailsBeforeAnyIsSavedLeavesNoPartsDirectory) {
  // Each axis is fine with the base, so the checks before the sweep pass; their
  // combination in run 0 (one rural primary, a member 'rural primary 2') fails.
  write_file(file_, R"(base_scenario:
  run: {years: 2, start_year: 2020}
  district:
    schools:
      - {name: town primary, level: primary, zone: town, count: 2, students_per_grade: {mean: 30, sd: 5, min: 10, max: 60}}
      - {name: rural primary, level: primary, zone: rural, count: 2, students_per_grade: {mean: 15, sd: 4, min: 5, max: 30}}
      - {name: town middle, level: middle, zone: town, count: 1, students_per_grade: {mean: 60, sd: 10, min: 20, max: 120}}
  structure:
    groups:
      - {name: g, lead: town primary 1, members: rural primary 1}
seed: 1
axes:
  district.schools[1].count: [1, 2]
  structure.groups[0].members: [rural primary 2, rural primary 1]
)");
  const Result r = run_edusim(
      {"sweep", file_.string(), "-o", (work_ / "out.h5").string(), "--quiet", "--threads", "1"},
      work_.path());
  expect_refused(r, file_.string() + " (run 0)", "names no school 'rural primary 2'");
  EXPECT_EQ(work_.entries(), std::vector<std::string>{});
}

TEST_F(SweepOutput, AnOutputThatIsADirectoryIsRefusedEvenWithForce) {
  fs::create_directory(work_ / "out.h5");
  expect_refused(sweep(file_, work_, {"--force"}), "out.h5", "directory");
  EXPECT_TRUE(fs::is_directory(work_ / "out.h5"));
  EXPECT_EQ(work_.entries(), std::vector<std::string>{"out.h5"});
}

TEST_F(SweepOutput, AnOutputInAnUnwritableDirectoryIsRefused) {
  // /proc refuses new files even to root, where a chmod'ed directory would not.
  const fs::path out = "/proc/edusim-bad-sweep-test.h5";
  const Result r =
      run_edusim({"sweep", file_.string(), "-o", out.string(), "--quiet"}, work_.path());
  expect_refused(r, out.string(), "");
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out.string() + ".parts"));
}

}  // namespace
}  // namespace edusim::testing::cli

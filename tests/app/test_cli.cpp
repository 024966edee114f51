// The `edusim` command line, run as a separate process: every malformed scenario of
// tests/data/bad_scenarios is refused by `validate` and `run` with one clear line
// (BadScenario*), and run/validate/info behave as documented on valid input (Cli*).
#include <gtest/gtest.h>
#include <hdf5.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "bad_catalog.hpp"
#include "cli_helpers.hpp"
#include "edusim/version.hpp"
#include "io/h5_handle.hpp"

namespace {

namespace fs = std::filesystem;
using namespace edusim::testing::cli;

const fs::path kCatalog = kSourceDir / "tests" / "data" / "bad_scenarios";

/// `text` with every occurrence of `what` removed.
std::string without(std::string text, const std::string& what) {
  if (what.empty()) return text;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at))
    text.erase(at, what.size());
  return text;
}

// --- reading output files (HDF5 C API) --------------------------------------------

/// Closes an HDF5 identifier when it goes out of scope.
class Hid {
 public:
  Hid(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Hid() {
    if (id_ >= 0) close_(id_);
  }
  Hid(const Hid&) = delete;
  Hid& operator=(const Hid&) = delete;
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

/// A dataset's shape and values as bytes that compare equal iff the data are
/// bit-identical: fixed-size values as stored in memory, variable-length strings
/// (inside /schools/info) by their contents rather than their pointers.
std::string dataset_bytes(hid_t file, const std::string& name) {
  const Hid ds(H5Dopen2(file, name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!ds.ok()) throw std::runtime_error("cannot open dataset " + name);
  const Hid file_type(H5Dget_type(ds.get()), H5Tclose);
  const Hid type(H5Tget_native_type(file_type.get(), H5T_DIR_ASCEND), H5Tclose);
  const Hid space(H5Dget_space(ds.get()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  std::string out = "class " + std::to_string(H5Tget_class(type.get())) + " shape";
  for (auto d : dims) (out += ' ') += std::to_string(d);
  out += ":";
  const auto points = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.get()));
  const std::size_t size = H5Tget_size(type.get());
  std::vector<unsigned char> buf(points * size);
  if (points > 0 && H5Dread(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) < 0)
    throw std::runtime_error("cannot read dataset " + name);

  // The parts of one element: (offset, size, is a variable-length string).
  struct Part {
    std::size_t offset, size;
    bool vlen_string;
  };
  std::vector<Part> parts;
  bool has_vlen = false;
  if (H5Tget_class(type.get()) == H5T_COMPOUND) {
    for (int m = 0; m < H5Tget_nmembers(type.get()); ++m) {
      const Hid member(H5Tget_member_type(type.get(), static_cast<unsigned>(m)), H5Tclose);
      const bool vlen = H5Tis_variable_str(member.get()) > 0;
      has_vlen = has_vlen || vlen;
      parts.push_back({H5Tget_member_offset(type.get(), static_cast<unsigned>(m)),
                       H5Tget_size(member.get()), vlen});
    }
  } else {
    const bool vlen = H5Tis_variable_str(type.get()) > 0;
    has_vlen = vlen;
    parts.push_back({0, size, vlen});
  }
  if (!has_vlen) {
    out.append(reinterpret_cast<const char*>(buf.data()), buf.size());
    return out;
  }
  for (std::size_t i = 0; i < points; ++i) {
    const unsigned char* element = buf.data() + i * size;
    for (const Part& p : parts) {
      if (p.vlen_string) {
        const char* s = nullptr;
        std::memcpy(&s, element + p.offset, sizeof s);
        const std::string text = s ? s : "";
        out += std::to_string(text.size()) + "|" + text;
      } else {
        out.append(reinterpret_cast<const char*>(element + p.offset), p.size);
      }
    }
  }
  H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, buf.data());
  return out;
}

/// Every dataset of the groups /district and /schools, by full path.
std::map<std::string, std::string> read_datasets(const fs::path& path) {
  const Hid file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file.ok()) throw std::runtime_error("cannot open " + path.string());
  std::map<std::string, std::string> data;
  for (const std::string group_name : {"/district", "/schools"}) {
    const Hid group(H5Gopen2(file.get(), group_name.c_str(), H5P_DEFAULT), H5Gclose);
    if (!group.ok()) throw std::runtime_error("no group " + group_name + " in " + path.string());
    H5G_info_t info{};
    H5Gget_info(group.get(), &info);
    for (hsize_t i = 0; i < info.nlinks; ++i) {
      std::array<char, 256> name{};
      H5Lget_name_by_idx(group.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, name.data(), name.size(),
                         H5P_DEFAULT);
      const std::string full = group_name + "/" + name.data();
      const Hid object(H5Oopen(file.get(), full.c_str(), H5P_DEFAULT), H5Oclose);
      if (object.ok() && H5Iget_type(object.get()) == H5I_DATASET)
        data[full] = dataset_bytes(file.get(), full);
    }
  }
  return data;
}

/// Names of the datasets that differ between two outputs (or exist in only one).
std::vector<std::string> differing(const std::map<std::string, std::string>& a,
                                   const std::map<std::string, std::string>& b) {
  std::vector<std::string> names;
  for (const auto& [name, bytes] : a)
    if (auto it = b.find(name); it == b.end() || it->second != bytes) names.push_back(name);
  for (const auto& [name, bytes] : b)
    if (!a.contains(name)) names.push_back(name);
  return names;
}

// --- scenarios ----------------------------------------------------------------------

/// Six schools in three types, three years: runs in well under a second.
const char* kSmallScenario = R"(run:
  years: 3
  seed: 424242
district:
  name: cli test county
  radius_km: 15
  schools:
    - name: urban primary
      level: primary
      zone: urban
      count: 2
      students_per_grade: {mean: 40, sd: 8, min: 20, max: 80}
    - name: rural primary
      level: primary
      zone: rural
      count: 2
      students_per_grade: {mean: 15, sd: 4, min: 5, max: 30}
    - name: town middle
      level: middle
      zone: town
      count: 2
      students_per_grade: {mean: 60, sd: 10, min: 30, max: 100}
)";

/// A temporary directory holding small.yaml.
class Cli : public ::testing::Test {
 protected:
  void SetUp() override { write_file(scenario_, kSmallScenario); }

  /// `edusim run small.yaml -o NAME --quiet EXTRA...`; asserts success.
  fs::path run_ok(const std::string& name, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"run", scenario_.string(), "-o", (dir_ / name).string(),
                                  "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    const Result r = run_edusim(args, dir_.path());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::is_regular_file(dir_ / name)) << r.err;
    return dir_ / name;
  }

  TempDir dir_;
  fs::path scenario_ = dir_ / "small.yaml";
};

// --- malformed scenarios ---------------------------------------------------------

/// The catalog's files, then the ones the test creates (empty, blank, directory, missing).
std::vector<BadCase> bad_cases() {
  return catalog_cases(kCatalog, {"empty", "blank", "directory", "missing"});
}

class BadScenarioFile : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadScenarioFile, IsRefusedWithOneLineNamingFileLineAndProblem) {
  const BadCase& c = GetParam();
  const TempDir inputs;  // for the generated cases
  const auto [file, text, expect] = prepare(c, kCatalog, inputs.path());
  if (c.generated.empty()) {
    ASSERT_FALSE(expect.empty()) << c.name << ": first line must be '# expect: <text>'";
  }
  const bool needs_line = has_yaml_content(text);
  const std::regex line_number(":[0-9]+:");

  for (const std::string command : {"validate", "run"}) {
    SCOPED_TRACE(command);
    const TempDir work;
    std::vector<std::string> args{command, file.string()};
    if (command == "run")
      args.insert(args.end(), {"-o", (work / "out.h5").string(), "--quiet", "--threads", "2"});
    const Result r = run_edusim(args, work.path());
    const std::vector<std::string> lines = lines_of(r.err);
    const std::string message = lines.empty() ? "" : lines.front();
    std::cout << c.name << " [" << command << ", exit " << r.exit_code << "]: " << message << "\n";

    EXPECT_NE(r.exit_code, 0) << "accepted; stdout: " << r.out;
    EXPECT_EQ(lines.size(), 1u) << "stderr must be exactly one line:\n" << r.err;
    EXPECT_TRUE(r.out.empty()) << "stdout: " << r.out;
    EXPECT_NE(message.find(file.string()), std::string::npos) << "file not named: " << message;
    // The file's path may contain the expected text; look for it in the rest.
    EXPECT_NE(without(message, file.string()).find(expect), std::string::npos)
        << "expected to contain: " << expect << "\nmessage: " << message;
    if (needs_line) {
      const std::string after_file = message.substr(
          std::min(message.size(), message.find(file.string()) + file.string().size()));
      EXPECT_TRUE(std::regex_search(after_file, line_number) && after_file.starts_with(":"))
          << "no :<line>: after the file name: " << message;
    }
    EXPECT_TRUE(work.entries().empty())
        << "left behind: " << testing::PrintToString(work.entries());
  }
}

INSTANTIATE_TEST_SUITE_P(BadScenario, BadScenarioFile, ::testing::ValuesIn(bad_cases()), case_name);

TEST(BadScenarioCatalog, HasAtLeast40FilesEachWithAnExpectation) {
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(kCatalog)) {
    if (e.path().extension() != ".yaml") continue;
    ++files;
    EXPECT_FALSE(expectation(read_file(e.path())).empty()) << e.path();
  }
  EXPECT_GE(files, 40u);
}

TEST(BadScenarioCatalog, ReadmeDescribesEveryFile) {
  const std::string readme = read_file(kCatalog / "README.md");
  for (const auto& e : fs::directory_iterator(kCatalog)) {
    if (e.path().extension() != ".yaml") continue;
    EXPECT_NE(readme.find(std::string("`") + e.path().filename().string() + "`"), std::string::npos)
        << e.path().filename() << " is not described in README.md";
  }
}

// --- the command line on valid input ---------------------------------------------

TEST_F(Cli, OneAndTwoThreadsGiveBitIdenticalDatasets) {
  const auto one = read_datasets(run_ok("one.h5", {"--threads", "1"}));
  const auto two = read_datasets(run_ok("two.h5", {"--threads", "2"}));
  EXPECT_TRUE(one.contains("/schools/info"));
  EXPECT_TRUE(one.contains("/district/achievement_gini"));
  EXPECT_TRUE(one.contains("/schools/achievement_mean"));
  EXPECT_GT(one.size(), 20u);
  EXPECT_EQ(differing(one, two), std::vector<std::string>{});
}

TEST_F(Cli, SameRunTwiceGivesIdenticalDatasets) {
  const auto first = read_datasets(run_ok("first.h5", {"--threads", "2"}));
  const auto second = read_datasets(run_ok("second.h5", {"--threads", "2"}));
  EXPECT_EQ(differing(first, second), std::vector<std::string>{});
}

TEST_F(Cli, AnotherSeedGivesOtherAchievement) {
  const auto a = read_datasets(run_ok("a.h5", {"--threads", "2"}));
  const auto b = read_datasets(run_ok("b.h5", {"--threads", "2", "--seed", "17"}));
  for (const std::string name :
       {"/district/achievement_mean", "/district/achievement_gini", "/schools/achievement_mean"}) {
    ASSERT_TRUE(a.contains(name) && b.contains(name)) << name;
    EXPECT_NE(a.at(name), b.at(name)) << name;
  }
  EXPECT_EQ(a.at("/schools/info"), b.at("/schools/info"));  // same schools, other draws
}

TEST_F(Cli, InfoListsTheDatasets) {
  const fs::path out = run_ok("out.h5", {"--threads", "2"});
  const Result r = run_edusim({"info", out.string()}, dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("/district/achievement_gini"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/schools/info"), std::string::npos) << r.out;
}

TEST_F(Cli, RunRefusesAnExistingOutputUnlessForced) {
  const fs::path out = dir_ / "out.h5";
  const std::string previous = "an earlier result that must survive\n";
  write_file(out, previous);
  const Result refused = run_edusim(
      {"run", scenario_.string(), "-o", out.string(), "--quiet", "--threads", "2"}, dir_.path());
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  EXPECT_EQ(lines_of(refused.err).size(), 1u) << refused.err;
  EXPECT_EQ(read_file(out), previous);
  EXPECT_EQ(dir_.entries(), (std::vector<std::string>{"out.h5", "small.yaml"}));

  const Result forced = run_edusim(
      {"run", scenario_.string(), "-o", out.string(), "--quiet", "--threads", "2", "--force"},
      dir_.path());
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_GT(H5Fis_hdf5(out.c_str()), 0);
  EXPECT_TRUE(read_datasets(out).contains("/district/achievement_gini"));
  EXPECT_EQ(dir_.entries(), (std::vector<std::string>{"out.h5", "small.yaml"}));
}

TEST_F(Cli, OutputInAMissingDirectoryFailsAndLeavesNothing) {
  const fs::path out = dir_ / "no such dir" / "out.h5";
  const Result r = run_edusim(
      {"run", scenario_.string(), "-o", out.string(), "--quiet", "--threads", "2"}, dir_.path());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_FALSE(fs::exists(out.parent_path()));
  EXPECT_EQ(dir_.entries(), std::vector<std::string>{"small.yaml"});
}

TEST_F(Cli, ValidateAcceptsTheBaselineScenario) {
  const fs::path baseline = kSourceDir / "scenarios" / "baseline.yaml";
  const Result r = run_edusim({"validate", baseline.string()}, dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("valid scenario"), std::string::npos) << r.out;
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST_F(Cli, YearsOverrideSetsTheNumberOfRows) {
  const fs::path out = run_ok("out.h5", {"--threads", "2", "--years", "2"});
  const auto data = read_datasets(out);
  ASSERT_TRUE(data.contains("/district/year"));
  EXPECT_TRUE(
      data.at("/district/year").starts_with("class " + std::to_string(H5T_INTEGER) + " shape 3:"))
      << "expected 3 rows (start year + 2 simulated years)";
  // Same rows for a per-school series: [year, school].
  EXPECT_TRUE(data.at("/schools/achievement_mean").find(" shape 3 6:") != std::string::npos);
}

TEST_F(Cli, HelpExitsZero) {
  const Result r = run_edusim({"--help"}, dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("run"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("validate"), std::string::npos) << r.out;
}

TEST_F(Cli, NoArgumentsPrintTheUsageAndExitTwo) {
  const Result r = run_edusim({}, dir_.path());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("Usage:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("run"), std::string::npos) << r.err;
}

TEST_F(Cli, VersionNamesTheEngineTheRevisionItsTreeAndMpi) {
  using edusim::kEngineVersion, edusim::kGitClean, edusim::kGitRevision;
  const Result r = run_edusim({"--version"}, dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with(std::string("edusim ") + kEngineVersion + "\n")) << r.out;
  EXPECT_NE(r.out.find(std::string("git revision: ") + kGitRevision + "\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("source tree: "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("source tree: clean\n") != std::string::npos, kGitClean) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("\nMPI: (yes|no)"))) << r.out;
}

/// The two values of the summary row `label` (first and last year); fails if absent.
std::pair<std::string, std::string> summary_row(const std::string& out, const std::string& label) {
  for (const std::string& line : lines_of(out)) {
    std::smatch m;
    if (std::regex_match(line, m, std::regex("  " + label + " +(\\S+) +(\\S+)")))
      return {m[1], m[2]};
  }
  ADD_FAILURE() << "no summary row '" << label << "' in\n" << out;
  return {};
}

TEST_F(Cli, SummaryPrintsTheBetweenSchoolShareOfVariance) {
  const Result r =
      run_edusim({"run", scenario_.string(), "-o", "out.h5", "--threads", "2"}, dir_.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto [first, last] = summary_row(r.out, "between-school share of variance");
  namespace h5 = edusim::h5;
  const h5::Handle file = h5::open_for_reading((dir_ / "out.h5").string());
  const auto share = h5::read_numbers<double>(
      file.get(), "district/achievement_between_school_share", H5T_NATIVE_DOUBLE, "out.h5");
  ASSERT_EQ(share.size(), 4u);
  for (const auto& [printed, value] :
       {std::pair{first, share.front()}, std::pair{last, share.back()}}) {
    EXPECT_GE(std::stod(printed), 0.0) << r.out;
    EXPECT_LE(std::stod(printed), 1.0) << r.out;
    EXPECT_NEAR(std::stod(printed), value, 5e-5) << r.out;
  }
}

TEST_F(Cli, SummaryOfARestartStartsAtTheSnapshotYear) {
  run_ok("first.h5", {"--snapshot-at", "2026"});  // 2024 to 2027
  write_file(dir_ / "restart.yaml", "run: {years: 2}\ndistrict: {from_snapshot: first.h5}\n");
  const Result r = run_edusim({"run", "restart.yaml", "-o", "second.h5"}, dir_.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The header row has no label: the first and the last calendar year.
  EXPECT_EQ(summary_row(r.out, ""), (std::pair<std::string, std::string>{"2026", "2028"}));
}

TEST_F(Cli, UnknownSubcommandFails) {
  const Result r = run_edusim({"simulate-everything"}, dir_.path());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_FALSE(r.err.empty());
}

TEST_F(Cli, InfoRefusesAFileThatIsNotHdf5) {
  write_file(dir_ / "notes.h5", "these are not the data you are looking for\n");
  const Result r = run_edusim({"info", (dir_ / "notes.h5").string()}, dir_.path());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("not an HDF5 file"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("notes.h5"), std::string::npos) << r.err;
}

}  // namespace

// RunWriter (HDF5 output) and h5_inspect: round trip through the HDF5 C API,
// the temporary-file / rename protocol, and the errors a user can cause.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "edusim/version.hpp"
#include "io/h5_inspect.hpp"
#include "io/run_writer.hpp"

namespace edusim {
namespace {

namespace fs = std::filesystem;

constexpr int kYears = 4;
constexpr int kFirstYear = 2020;

RunProvenance sample_provenance() {
  RunProvenance p;
  p.scenario_file = "scenarios/small.yaml";
  p.scenario_yaml = "world:\n  schools: 3\nyears: 4\n";
  p.seed = 18446744073709551557ULL;  // > INT64_MAX: must stay unsigned
  p.run_index = 7;
  p.threads = 2;
  p.command_line = "edusim run scenarios/small.yaml -o out.h5";
  return p;
}

std::vector<SchoolInfoRow> sample_schools(int n) {
  std::vector<SchoolInfoRow> rows;
  for (int s = 0; s < n; ++s) {
    rows.push_back({s, "School " + std::to_string(s), s == 0 ? "primary" : "middle", "rural",
                    s == 2 ? 1 : -1, -1, s == 2 ? "lead" : "none",
                    s == 2 ? "strong_strong" : "none"});
  }
  return rows;
}

const std::vector<SeriesDef> kDistrictSeries = {
    {"achievement_mean", "SD", "mean achievement of all students"},
    {"enrolment", "students", "students enrolled"}};
const std::vector<SeriesDef> kSchoolSeries = {{"size", "students", "students in the school"},
                                              {"quality", "SD", "school quality"}};

double district_value(int year, std::size_t series) {
  return year * 10.0 + series + 0.5;
}
double school_value(int year, std::size_t series, std::size_t school) {
  return year * 100.0 + series * 10.0 + school + 0.25;
}

/// Writes kYears years for `n_schools` schools; finishes unless told not to.
void write_sample(const std::string& path, int n_schools, bool overwrite = false,
                  bool finish = true) {
  RunWriter w(path, sample_provenance(), sample_schools(n_schools), kDistrictSeries, kSchoolSeries,
              overwrite);
  const auto n = static_cast<std::size_t>(n_schools);
  for (int y = 0; y < kYears; ++y) {
    std::vector<double> district, schools;
    for (std::size_t i = 0; i < kDistrictSeries.size(); ++i)
      district.push_back(district_value(y, i));
    for (std::size_t i = 0; i < kSchoolSeries.size(); ++i) {
      for (std::size_t s = 0; s < n; ++s) schools.push_back(school_value(y, i, s));
    }
    w.append_year(kFirstYear + y, district, schools);
  }
  if (finish) w.finish();
}

// --- minimal HDF5 reading helpers for the checks ---------------------------------

struct Id {
  hid_t id;
  herr_t (*close)(hid_t);
  ~Id() {
    if (id >= 0) close(id);
  }
};

std::vector<hsize_t> dims_of(hid_t file, const char* path) {
  Id ds{H5Dopen2(file, path, H5P_DEFAULT), H5Dclose};
  Id space{H5Dget_space(ds.id), H5Sclose};
  std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space.id)));
  H5Sget_simple_extent_dims(space.id, dims.data(), nullptr);
  return dims;
}

template <typename T>
std::vector<T> read_all(hid_t file, const char* path, hid_t mem_type) {
  Id ds{H5Dopen2(file, path, H5P_DEFAULT), H5Dclose};
  Id space{H5Dget_space(ds.id), H5Sclose};
  std::vector<T> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.id)));
  EXPECT_GE(H5Dread(ds.id, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0) << path;
  return values;
}

template <typename T>
T read_attr(hid_t obj, const char* name, hid_t mem_type) {
  Id attr{H5Aopen(obj, name, H5P_DEFAULT), H5Aclose};
  T value{};
  EXPECT_GE(H5Aread(attr.id, mem_type, &value), 0) << name;
  return value;
}

/// Reads a variable-length UTF-8 string attribute; nullopt if it is stored otherwise.
std::optional<std::string> read_string_attr(hid_t obj, const char* name) {
  Id attr{H5Aopen(obj, name, H5P_DEFAULT), H5Aclose};
  Id type{H5Aget_type(attr.id), H5Tclose};
  if (H5Tis_variable_str(type.id) <= 0 || H5Tget_cset(type.id) != H5T_CSET_UTF8) {
    return std::nullopt;
  }
  char* raw = nullptr;
  if (H5Aread(attr.id, type.id, &raw) < 0) return std::nullopt;
  std::string text(raw);
  H5free_memory(raw);
  return text;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class RunWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("edusim-run-writer-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // expected failures: no stderr noise
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const char* name) const { return (dir_ / name).string(); }
  std::size_t files_in_dir() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), {}));
  }

  fs::path dir_;
};

TEST_F(RunWriterTest, RoundTripsShapesValuesAndAttributes) {
  const std::string out = path("run.h5");
  write_sample(out, 3);
  EXPECT_TRUE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out + ".tmp-" + std::to_string(::getpid())));
  EXPECT_EQ(files_in_dir(), 1u);

  Id file{H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  ASSERT_GE(file.id, 0);
  EXPECT_EQ(dims_of(file.id, "/district/year"), std::vector<hsize_t>{kYears});
  EXPECT_EQ(read_all<std::int32_t>(file.id, "/district/year", H5T_NATIVE_INT32),
            (std::vector<std::int32_t>{2020, 2021, 2022, 2023}));
  for (std::size_t i = 0; i < kDistrictSeries.size(); ++i) {
    const std::string p = "/district/" + kDistrictSeries[i].name;
    EXPECT_EQ(dims_of(file.id, p.c_str()), std::vector<hsize_t>{kYears});
    const auto values = read_all<double>(file.id, p.c_str(), H5T_NATIVE_DOUBLE);
    for (int y = 0; y < kYears; ++y) EXPECT_EQ(values[y], district_value(y, i)) << p;
  }
  for (std::size_t i = 0; i < kSchoolSeries.size(); ++i) {
    const std::string p = "/schools/" + kSchoolSeries[i].name;
    EXPECT_EQ(dims_of(file.id, p.c_str()), (std::vector<hsize_t>{kYears, 3}));
    const auto values = read_all<double>(file.id, p.c_str(), H5T_NATIVE_DOUBLE);
    for (int y = 0; y < kYears; ++y) {
      for (std::size_t s = 0; s < 3; ++s) EXPECT_EQ(values[y * 3 + s], school_value(y, i, s)) << p;
    }
    Id ds{H5Dopen2(file.id, p.c_str(), H5P_DEFAULT), H5Dclose};
    EXPECT_EQ(read_string_attr(ds.id, "units"), kSchoolSeries[i].units);
    EXPECT_EQ(read_string_attr(ds.id, "description"), kSchoolSeries[i].description);
    EXPECT_EQ(read_string_attr(ds.id, "dimensions"), "year, school");
  }
  Id year{H5Dopen2(file.id, "/district/year", H5P_DEFAULT), H5Dclose};
  EXPECT_EQ(read_string_attr(year.id, "units"), "calendar year");
  Id mean{H5Dopen2(file.id, "/district/achievement_mean", H5P_DEFAULT), H5Dclose};
  EXPECT_EQ(read_string_attr(mean.id, "units"), "SD");
  EXPECT_EQ(read_string_attr(mean.id, "description"), "mean achievement of all students");
}

TEST_F(RunWriterTest, WritesProvenanceAndCompleteAttributes) {
  const std::string out = path("run.h5");
  write_sample(out, 3);
  Id file{H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  ASSERT_GE(file.id, 0);
  const RunProvenance p = sample_provenance();
  EXPECT_EQ(read_attr<std::int32_t>(file.id, "schema_version", H5T_NATIVE_INT32),
            kOutputSchemaVersion);
  EXPECT_EQ(read_attr<std::uint64_t>(file.id, "seed", H5T_NATIVE_UINT64), p.seed);
  EXPECT_EQ(read_attr<std::int64_t>(file.id, "run_index", H5T_NATIVE_INT64), p.run_index);
  EXPECT_EQ(read_attr<std::int32_t>(file.id, "threads", H5T_NATIVE_INT32), p.threads);
  EXPECT_EQ(read_attr<std::int32_t>(file.id, "complete", H5T_NATIVE_INT32), 1);
  EXPECT_EQ(read_string_attr(file.id, "engine_version"), std::string(kEngineVersion));
  EXPECT_EQ(read_string_attr(file.id, "git_revision"), std::string(kGitRevision));
  EXPECT_EQ(read_attr<std::int32_t>(file.id, "git_clean", H5T_NATIVE_INT32), kGitClean ? 1 : 0);
  EXPECT_EQ(read_string_attr(file.id, "file_kind"), "run");
  EXPECT_EQ(read_string_attr(file.id, "scenario_file"), p.scenario_file);
  EXPECT_EQ(read_string_attr(file.id, "scenario"), p.scenario_yaml);
  EXPECT_EQ(read_string_attr(file.id, "command_line"), p.command_line);
  const std::optional<std::string> created = read_string_attr(file.id, "created_utc");
  ASSERT_TRUE(created.has_value());
  EXPECT_EQ(created->size(), 20u) << *created;  // 2024-05-01T12:34:56Z
  EXPECT_EQ(created->back(), 'Z');
}

TEST_F(RunWriterTest, WritesSchoolInfoTable) {
  const std::string out = path("run.h5");
  write_sample(out, 3);
  Id file{H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  EXPECT_EQ(dims_of(file.id, "/schools/info"), std::vector<hsize_t>{3});
  // Read two fields by name, the way a reader that knows only the names would.
  struct Row {
    std::int32_t group;
    char* name;
    char* group_role;
    char* group_type;
  };
  Id str{H5Tcopy(H5T_C_S1), H5Tclose};
  H5Tset_size(str.id, H5T_VARIABLE);
  H5Tset_cset(str.id, H5T_CSET_UTF8);
  Id mem{H5Tcreate(H5T_COMPOUND, sizeof(Row)), H5Tclose};
  H5Tinsert(mem.id, "group", HOFFSET(Row, group), H5T_NATIVE_INT32);
  H5Tinsert(mem.id, "name", HOFFSET(Row, name), str.id);
  H5Tinsert(mem.id, "group_role", HOFFSET(Row, group_role), str.id);
  H5Tinsert(mem.id, "group_type", HOFFSET(Row, group_type), str.id);
  std::vector<Row> rows(3);
  Id ds{H5Dopen2(file.id, "/schools/info", H5P_DEFAULT), H5Dclose};
  ASSERT_GE(H5Dread(ds.id, mem.id, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), 0);
  EXPECT_STREQ(rows[1].name, "School 1");
  EXPECT_EQ(rows[2].group, 1);
  EXPECT_EQ(rows[0].group, -1);
  EXPECT_STREQ(rows[2].group_role, "lead");
  EXPECT_STREQ(rows[2].group_type, "strong_strong");
  EXPECT_STREQ(rows[0].group_role, "none");
  EXPECT_STREQ(rows[0].group_type, "none");
  Id space{H5Dget_space(ds.id), H5Sclose};
  H5Dvlen_reclaim(mem.id, space.id, H5P_DEFAULT, rows.data());
}

TEST_F(RunWriterTest, WriterDestroyedWithoutFinishLeavesNoFile) {
  const std::string out = path("run.h5");
  {
    RunWriter w(out, sample_provenance(), sample_schools(3), kDistrictSeries, kSchoolSeries, false);
    EXPECT_TRUE(fs::exists(w.temporary_path()));
    EXPECT_FALSE(fs::exists(out));
    EXPECT_FALSE(h5_file_complete(w.temporary_path()));
    EXPECT_NE(describe_h5_file(w.temporary_path()).find("complete: NO"), std::string::npos);
  }
  EXPECT_EQ(files_in_dir(), 0u);
  write_sample(out, 3, false, /*finish=*/false);  // all years written, but no finish()
  EXPECT_EQ(files_in_dir(), 0u);
}

TEST_F(RunWriterTest, ExceptionDuringRunLeavesNoFile) {
  const std::string out = path("run.h5");
  const auto run = [&] {
    RunWriter w(out, sample_provenance(), sample_schools(3), kDistrictSeries, kSchoolSeries, false);
    w.append_year(2020, std::vector<double>(2, 1.0), std::vector<double>(6, 1.0));
    throw std::runtime_error("simulated failure");
  };
  EXPECT_THROW(run(), std::runtime_error);
  EXPECT_EQ(files_in_dir(), 0u);
}

TEST_F(RunWriterTest, ExistingOutputWithoutOverwriteThrowsAndKeepsIt) {
  const std::string out = path("run.h5");
  std::ofstream(out) << "keep me";
  try {
    write_sample(out, 3);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), out + ": output file exists; use --force to overwrite");
  }
  EXPECT_EQ(slurp(out), "keep me");
  EXPECT_EQ(files_in_dir(), 1u);
}

TEST_F(RunWriterTest, OverwriteReplacesExistingOutput) {
  const std::string out = path("run.h5");
  std::ofstream(out) << "old";
  write_sample(out, 3, true);
  EXPECT_TRUE(h5_file_complete(out));
  EXPECT_EQ(files_in_dir(), 1u);
}

TEST_F(RunWriterTest, MissingDirectoryThrowsInputError) {
  try {
    write_sample("/nonexistent-dir/x.h5", 3);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x.h5"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos);
  }
}

TEST_F(RunWriterTest, ReadOnlyDirectoryThrowsInputError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can write anywhere";
  const fs::path ro = dir_ / "ro";
  fs::create_directory(ro);
  fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
  EXPECT_THROW(write_sample((ro / "x.h5").string(), 3), InputError);
  fs::permissions(ro, fs::perms::owner_all);
  EXPECT_TRUE(fs::is_empty(ro));
}

TEST_F(RunWriterTest, OutputPathThatIsADirectoryThrowsInputError) {
  EXPECT_THROW(write_sample(dir_.string(), 3, true), InputError);
}

TEST_F(RunWriterTest, WrongSpanSizesThrowInvalidArgument) {
  const std::string out = path("run.h5");
  {
    RunWriter w(out, sample_provenance(), sample_schools(3), kDistrictSeries, kSchoolSeries, false);
    EXPECT_THROW(w.append_year(2020, std::vector<double>(1), std::vector<double>(6)),
                 std::invalid_argument);
    EXPECT_THROW(w.append_year(2020, std::vector<double>(2), std::vector<double>(5)),
                 std::invalid_argument);
    w.append_year(2020, std::vector<double>(2), std::vector<double>(6));  // still usable
    w.finish();
  }
  Id file{H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  EXPECT_EQ(dims_of(file.id, "/schools/size"), (std::vector<hsize_t>{1, 3}));
}

TEST_F(RunWriterTest, BadSeriesNamesThrowInvalidArgument) {
  const auto make = [&](std::vector<SeriesDef> district, std::vector<SeriesDef> schools) {
    RunWriter w(path("run.h5"), sample_provenance(), sample_schools(3), std::move(district),
                std::move(schools), false);
  };
  EXPECT_THROW(make({{"year", "", ""}}, {}), std::invalid_argument);
  EXPECT_THROW(make({}, {{"info", "", ""}}), std::invalid_argument);
  EXPECT_THROW(make({{"a/b", "", ""}}, {}), std::invalid_argument);
  EXPECT_THROW(make({{"a", "", ""}, {"a", "", ""}}, {}), std::invalid_argument);
  EXPECT_EQ(files_in_dir(), 0u);
}

TEST_F(RunWriterTest, ZeroSchoolsGivesZeroColumns) {
  const std::string out = path("run.h5");
  write_sample(out, 0);
  Id file{H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  ASSERT_GE(file.id, 0);
  EXPECT_EQ(dims_of(file.id, "/schools/size"), (std::vector<hsize_t>{kYears, 0}));
  EXPECT_EQ(dims_of(file.id, "/schools/info"), std::vector<hsize_t>{0});
  EXPECT_EQ(dims_of(file.id, "/district/enrolment"), std::vector<hsize_t>{kYears});
}

TEST_F(RunWriterTest, ManySchoolsSpanSeveralChunks) {
  const std::string out = path("run.h5");
  write_sample(out, 5000);  // > 4096: two column chunks per row
  Id file{H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  const auto values = read_all<double>(file.id, "/schools/quality", H5T_NATIVE_DOUBLE);
  ASSERT_EQ(values.size(), kYears * 5000u);
  EXPECT_EQ(values[3 * 5000 + 4999], school_value(3, 1, 4999));
  EXPECT_EQ(values[2 * 5000 + 4096], school_value(2, 1, 4096));
}

TEST_F(RunWriterTest, DescribeListsProvenanceAndDatasets) {
  const std::string out = path("run.h5");
  write_sample(out, 3);
  const std::string text = describe_h5_file(out);
  for (const std::string& expected :
       {std::string("complete: yes"), std::string("schema_version: 1"),
        std::string("seed: 18446744073709551557"), std::string("run_index: 7"),
        std::string("scenario: 3 lines"), std::string("years: 4 (2020-2023)"),
        std::string("/district  group"), std::string("/district/year  int32 [4]  calendar year"),
        std::string("/district/achievement_mean  float64 [4]  SD  mean achievement of all "
                    "students"),
        std::string("/schools/info  compound{"), std::string("/schools/size  float64 [4, 3]"),
        std::string("/schools/quality  float64 [4, 3]  SD  school quality")}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n---\n" << text;
  }
  EXPECT_EQ(text.find("world:"), std::string::npos) << "scenario text must not be printed";
}

TEST_F(RunWriterTest, DescribeRejectsMissingAndNonHdf5Files) {
  EXPECT_THROW(describe_h5_file(path("missing.h5")), InputError);
  const std::string text_file = path("notes.txt");
  std::ofstream(text_file) << "not hdf5";
  try {
    describe_h5_file(text_file);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), text_file + ": not an HDF5 file");
  }
}

TEST_F(RunWriterTest, FileCompleteOnlyForFinishedRuns) {
  EXPECT_FALSE(h5_file_complete(path("missing.h5")));
  const std::string text_file = path("notes.txt");
  std::ofstream(text_file) << "not hdf5";
  EXPECT_FALSE(h5_file_complete(text_file));
  const std::string out = path("run.h5");
  write_sample(out, 3);
  EXPECT_TRUE(h5_file_complete(out));
}

}  // namespace
}  // namespace edusim

TEST(RunWriterGroups, ExtraGroupsRoundTripAndMustKeepUpWithTheYears) {
  const auto dir = std::filesystem::temp_directory_path() / "edusim-writer-groups";
  std::filesystem::create_directories(dir);
  const std::string out = (dir / "g.h5").string();
  {
    edusim::RunWriter w(out, {}, {}, {{"a", "1", "a"}}, {}, true);
    const auto g = w.add_group({"balance/cv", 0, {{"x", "1", "x"}, {"y", "1", "y"}}});
    const std::vector<double> district{1.0};
    w.append_year(2024, district, {});
    const std::vector<double> row{0.25, 0.5};
    w.append_group(g, row);
    w.append_year(2025, district, {});
    EXPECT_THROW(w.finish(), std::logic_error);  // the group is a row behind
  }
  EXPECT_FALSE(std::filesystem::exists(out));
  {
    edusim::RunWriter w(out, {}, {}, {{"a", "1", "a"}}, {}, true);
    const auto g = w.add_group({"balance/cv", 0, {{"x", "1", "x"}, {"y", "1", "y"}}});
    const std::vector<double> district{1.0}, row{0.25, 0.5};
    w.append_year(2024, district, {});
    w.append_group(g, row);
    w.finish();
  }
  EXPECT_NE(edusim::describe_h5_file(out).find("/balance/cv/y  float64 [1]"), std::string::npos)
      << edusim::describe_h5_file(out);
  std::filesystem::remove_all(dir);
}

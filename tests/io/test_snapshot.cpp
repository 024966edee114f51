// World snapshots (io/snapshot.hpp): every column round-trips bit for bit, a run
// restarted from a snapshot reproduces the original run, and the errors a user can
// cause (missing year, not an HDF5 file, damaged snapshot) are InputErrors.
#include "io/snapshot.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <tbb/global_control.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "build/generator.hpp"
#include "build/world_source.hpp"
#include "core/error.hpp"
#include "engine/simulation.hpp"
#include "metrics/year_metrics.hpp"
#include "test_helpers.hpp"

namespace edusim {
namespace {

namespace fs = std::filesystem;

// --- comparing worlds ----------------------------------------------------------------

/// The bytes of a column (or, for strings, their characters, NUL-separated).
template <class T>
std::vector<unsigned char> column_bytes(const std::vector<T>& column) {
  std::vector<unsigned char> out;
  if constexpr (std::is_same_v<T, std::string>) {
    for (const std::string& s : column) {
      out.insert(out.end(), s.begin(), s.end());
      out.push_back(0);
    }
  } else {
    static_assert(std::is_trivially_copyable_v<T>);
    out.resize(column.size() * sizeof(T));
    if (!column.empty()) std::memcpy(out.data(), column.data(), out.size());
  }
  return out;
}

using Columns = std::vector<std::pair<std::string, std::vector<unsigned char>>>;

/// Every state column of the world, as bytes. Teachers, students and classes are
/// listed by their own for_each_column (the engine's list, independent of the
/// snapshot's), schools by the snapshot's list (which ColumnListsCoverEveryMember
/// checks against the struct).
Columns state_columns(World w) {
  Columns out;
  const auto add = [&out](const std::string& table) {
    return [&out, table, k = 0](const auto& column) mutable {
      out.emplace_back(fmt::format("{} column {}", table, k++), column_bytes(column));
    };
  };
#define EDUSIM_ADD_SCHOOL_COLUMN(member) \
  out.emplace_back("schools/" #member, column_bytes(w.schools.member));
  EDUSIM_SNAPSHOT_SCHOOL_COLUMNS(EDUSIM_ADD_SCHOOL_COLUMN)
#undef EDUSIM_ADD_SCHOOL_COLUMN
  w.teachers.for_each_column(add("teachers"));
  w.students.for_each_column(add("students"));
  w.classes.for_each_column(add("classes"));
  w.leaders.for_each_column(add("leaders"));
#define EDUSIM_ADD_KINDERGARTEN_COLUMN(member) \
  out.emplace_back("kindergartens/" #member, column_bytes(w.kindergartens.member));
  EDUSIM_SNAPSHOT_KINDERGARTEN_COLUMNS(EDUSIM_ADD_KINDERGARTEN_COLUMN)
#undef EDUSIM_ADD_KINDERGARTEN_COLUMN
  w.kindergarten_leaders.for_each_column(add("kindergarten_leaders"));
  w.kindergarten_teachers.for_each_column(add("kindergarten_teachers"));
  out.emplace_back("school_class_begin", column_bytes(w.school_class_begin));
  out.emplace_back("school_teacher_begin", column_bytes(w.school_teacher_begin));
  out.emplace_back("teachers_by_school", column_bytes(w.teachers_by_school));
  const std::vector<std::uint32_t> scalars{w.next_teacher_id, w.next_student_id, w.next_leader_id,
                                           w.next_kindergarten_teacher_id,
                                           static_cast<std::uint32_t>(w.year)};
  out.emplace_back(
      "next_teacher_id, next_student_id, next_leader_id, next_kindergarten_teacher_id, year",
      column_bytes(scalars));
  return out;
}

void expect_identical(const World& a, const World& b) {
  const Columns ca = state_columns(a), cb = state_columns(b);
  ASSERT_EQ(ca.size(), cb.size());
  for (std::size_t i = 0; i < ca.size(); ++i) {
    EXPECT_EQ(ca[i].first, cb[i].first);
    EXPECT_TRUE(ca[i].second == cb[i].second) << ca[i].first << " differs";
  }
}

template <class T>
bool bit_identical(const std::vector<T>& a, const std::vector<T>& b) {
  return column_bytes(a) == column_bytes(b);
}

// --- files -------------------------------------------------------------------------

class SnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("edusim-snapshot-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

std::vector<SchoolInfoRow> info_rows(const World& w) {
  std::vector<SchoolInfoRow> rows;
  for (std::size_t s = 0; s < w.schools.size(); ++s) {
    rows.push_back({static_cast<std::int32_t>(s), w.schools.name[s], "primary", "urban", -1, -1,
                    "none", "none"});
  }
  return rows;
}

SnapshotInfo info_of(const Scenario& s, const World& w) {
  return {static_cast<std::int32_t>(s.run.start_year + w.year), w.year,
          static_cast<std::uint64_t>(s.run.seed), s.run.run_index};
}

/// Runs `s` for `years` years as run_to_file does, writing a snapshot after each year
/// listed in `snapshot_years` (years completed); returns the final world.
World run_with_snapshots(const Scenario& s, int years, const std::set<int>& snapshot_years,
                         const std::string& file) {
  Simulation sim(s, generate_district(s));
  RunWriter writer(file, RunProvenance{}, info_rows(sim.world()), district_series(),
                   school_series(), false);
  for (int y = 0; y <= years; ++y) {
    if (y > 0) sim.step();
    const YearMetrics m = sim.measure();
    writer.append_year(sim.calendar_year(), m.district, m.school);
    if (snapshot_years.contains(y)) write_snapshot(writer, sim.world(), info_of(s, sim.world()));
  }
  writer.finish();
  return sim.world();
}

/// Opens a finished file for writing, to damage it.
struct OpenForWriting {
  explicit OpenForWriting(const std::string& path)
      : file(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT)) {}
  ~OpenForWriting() { H5Fclose(file); }
  hid_t file;
};

/// The message of the InputError that f throws ("" and a test failure if none).
std::string input_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not an InputError: " << e.what();
    return "";
  }
  ADD_FAILURE() << "no InputError";
  return "";
}

// --- tests -------------------------------------------------------------------------

// A column added to a table must be added to the snapshot's list: snapshot.cpp's
// static_asserts stop the build, and this test says which list is short.
TEST(Snapshot, ColumnListsCoverEveryMember) {
#define EDUSIM_COUNT(member) +1
  EXPECT_EQ(detail::member_count<Schools>(),
            kDerivedSchoolColumns EDUSIM_SNAPSHOT_SCHOOL_COLUMNS(EDUSIM_COUNT));
  EXPECT_EQ(detail::member_count<Teachers>(), 0 EDUSIM_SNAPSHOT_TEACHER_COLUMNS(EDUSIM_COUNT));
  EXPECT_EQ(detail::member_count<Students>(), 0 EDUSIM_SNAPSHOT_STUDENT_COLUMNS(EDUSIM_COUNT));
  EXPECT_EQ(detail::member_count<Classes>(), 0 EDUSIM_SNAPSHOT_CLASS_COLUMNS(EDUSIM_COUNT));
  EXPECT_EQ(detail::member_count<Leaders>(), 0 EDUSIM_SNAPSHOT_LEADER_COLUMNS(EDUSIM_COUNT));
  EXPECT_EQ(detail::member_count<Kindergartens>(),
            0 EDUSIM_SNAPSHOT_KINDERGARTEN_COLUMNS(EDUSIM_COUNT));
  EXPECT_EQ(detail::member_count<KindergartenTeachers>(),
            0 EDUSIM_SNAPSHOT_KINDERGARTEN_TEACHER_COLUMNS(EDUSIM_COUNT));
#undef EDUSIM_COUNT
  // 8 tables (the kindergartens, their leaders and teachers included), 3 index arrays, 2
  // scratch tables, next_teacher_id, next_student_id, next_leader_id,
  // next_kindergarten_teacher_id, year.
  EXPECT_EQ(detail::member_count<World>(), 18u);

  // Each list names distinct members (so, with the counts above, every member once),
  // and the same ones as the table's for_each_column.
  World w;
  using Addresses = std::multiset<const void*>;
  const auto listed = [](auto visit) {
    Addresses out;
    visit([&out](const void* column) { out.insert(column); });
    return out;
  };
  const auto enumerated = [](auto& table) {
    Addresses out;
    table.for_each_column([&out](const auto& column) { out.insert(&column); });
    return out;
  };
#define EDUSIM_ADDRESS(member) f(&table.member);
  const Addresses schools = listed([&](auto f) {
    auto& table = w.schools;
    EDUSIM_SNAPSHOT_SCHOOL_COLUMNS(EDUSIM_ADDRESS)
  });
  const Addresses teachers = listed([&](auto f) {
    auto& table = w.teachers;
    EDUSIM_SNAPSHOT_TEACHER_COLUMNS(EDUSIM_ADDRESS)
  });
  const Addresses students = listed([&](auto f) {
    auto& table = w.students;
    EDUSIM_SNAPSHOT_STUDENT_COLUMNS(EDUSIM_ADDRESS)
  });
  const Addresses classes = listed([&](auto f) {
    auto& table = w.classes;
    EDUSIM_SNAPSHOT_CLASS_COLUMNS(EDUSIM_ADDRESS)
  });
  const Addresses leaders = listed([&](auto f) {
    auto& table = w.leaders;
    EDUSIM_SNAPSHOT_LEADER_COLUMNS(EDUSIM_ADDRESS)
  });
  const Addresses kindergarten_teachers = listed([&](auto f) {
    auto& table = w.kindergarten_teachers;
    EDUSIM_SNAPSHOT_KINDERGARTEN_TEACHER_COLUMNS(EDUSIM_ADDRESS)
  });
#undef EDUSIM_ADDRESS
  EXPECT_EQ(kindergarten_teachers, enumerated(w.kindergarten_teachers));
  EXPECT_EQ(std::set<const void*>(schools.begin(), schools.end()).size(), schools.size());
  EXPECT_EQ(teachers, enumerated(w.teachers));
  EXPECT_EQ(students, enumerated(w.students));
  EXPECT_EQ(classes, enumerated(w.classes));
  EXPECT_EQ(leaders, enumerated(w.leaders));
}

TEST_F(SnapshotTest, RoundTripIsBitIdentical) {
  const Scenario s = edusim::testing::small_scenario(3, 7);
  const std::string file = path("run.h5");
  const World world = run_with_snapshots(s, 3, {3}, file);
  ASSERT_EQ(world.year, 3);

  SnapshotInfo info;
  const World restored = read_snapshot(file, s.run.start_year + 3, &info);
  EXPECT_EQ(info.calendar_year, s.run.start_year + 3);
  EXPECT_EQ(info.year, 3);
  EXPECT_EQ(info.seed, static_cast<std::uint64_t>(s.run.seed));
  EXPECT_EQ(info.run_index, s.run.run_index);
  EXPECT_EQ(restored.year, 3);
  EXPECT_EQ(restored.next_teacher_id, world.next_teacher_id);
  EXPECT_EQ(restored.next_student_id, world.next_student_id);
  EXPECT_TRUE(restored.recycled_students.id.empty());  // scratch: not stored
  expect_identical(world, restored);
}

/// The small district with public and private kindergartens, a pairing group and a
/// community (so that the pairing spillover moves the kindergartens' effectiveness).
Scenario kindergarten_scenario() {
  Scenario s = edusim::testing::small_scenario(4, 7);
  using edusim::testing::kindergarten_type;
  s.district.kindergartens.types = {kindergarten_type("public", Zone::Urban, false, 2),
                                    kindergarten_type("private", Zone::Urban, true, 2),
                                    kindergarten_type("village", Zone::Rural, false, 2)};
  s.district.kindergartens.private_effectiveness_shift = -0.2;
  s.structure.kindergarten_groups = {{"pairing", "public 1", "private 1, private 2"}};
  s.structure.kindergarten_communities = {{"community", "village 1", "village 2"}};
  s.structure.groups = {
      {"cross", GroupType::TightIntegration, "middle-urban 1", "primary-rural 1", "public 2"}};
  s.leader_rotation.enabled = true;  // kindergarten heads away on rotation at the snapshot
  s.leader_rotation.eligibility_years = 0;
  return s;
}

// The kindergartens and their heads round-trip bit for bit, and a run restarted from the
// snapshot goes on exactly as the run without a break (their children, staff, spillover and
// heads included).
TEST_F(SnapshotTest, AWorldWithKindergartensRoundTripsAndRestartsBitForBit) {
  const Scenario s = kindergarten_scenario();
  constexpr int kSnapshotYear = 2;
  Simulation a(s, build_world(s));
  RunWriter writer(path("kg.h5"), RunProvenance{}, info_rows(a.world()), district_series(),
                   school_series(), false);
  for (int y = 1; y <= kSnapshotYear; ++y) a.step();
  ASSERT_GT(a.world().kindergartens.size(), 0u);
  ASSERT_GT(a.world().kindergarten_leaders.size(), 0u);
  write_snapshot(writer, a.world(), info_of(s, a.world()));
  writer.finish();
  World restored = read_snapshot(path("kg.h5"), s.run.start_year + kSnapshotYear);
  expect_identical(a.world(), restored);

  Simulation b(s, std::move(restored), SimulationOptions{true, false});
  for (int y = kSnapshotYear + 1; y <= s.run.years; ++y) a.step(), b.step();
  expect_identical(a.world(), b.world());
}

// A district whose teachers.csv lists kindergarten teachers: a start from its year-0 snapshot
// has exactly the listed teachers (none generated beside them) and runs on as the run from the
// tables.
TEST_F(SnapshotTest, ListedKindergartenTeachersRoundTripAndRestartBitForBit) {
  const Scenario s = load_scenario(EDUSIM_SOURCE_DIR
                                   "/tests/data/good_tables/kindergarten_teachers/scenario.yaml");
  Simulation a(s, build_world(s));
  RunWriter writer(path("listed.h5"), RunProvenance{}, info_rows(a.world()), district_series(),
                   school_series(), false);
  write_snapshot(writer, a.world(), info_of(s, a.world()));
  writer.finish();
  Scenario from_snapshot = s;
  from_snapshot.district.from_data = {};
  from_snapshot.district.from_snapshot = path("listed.h5");
  from_snapshot.district.snapshot_year = s.run.start_year;
  Simulation b(from_snapshot, build_world(from_snapshot), SimulationOptions{true, false});
  expect_identical(a.world(), b.world());
  for (int y = 1; y <= s.run.years; ++y) a.step(), b.step();
  expect_identical(a.world(), b.world());
}

// Every column, including those that stay neutral in the simulation, holds values
// other than its default, and survives the round trip.
TEST_F(SnapshotTest, RoundTripOfEveryColumnWithNonDefaultValues) {
  Scenario s = edusim::testing::small_scenario(1, 3);
  KindergartenTypeSpec urban, rural;
  urban.count = 2, rural.zone = Zone::Rural, rural.is_private = true, rural.count = 2;
  s.district.kindergartens.types = {urban, rural};
  World w = generate_district(s);
  const auto n_schools = static_cast<std::int32_t>(w.schools.size());
  for (std::int32_t k = 0; k < n_schools; ++k) {
    const auto i = static_cast<std::size_t>(k);
    w.schools.name[i] = "学校 " + std::to_string(k) + " \"ü\"";  // UTF-8 survives
    w.schools.group[i] = k % 3 - 1;
    w.schools.group_role[i] = static_cast<GroupRole>(k % 3);
    w.schools.alliance[i] = k % 2 ? k / 2 : -1;
    w.schools.strength[i] = static_cast<Strength>(k % 3 - 1);
    w.schools.group_type[i] = static_cast<GroupType>(k % 5);
    w.schools.alliance_core[i] = static_cast<std::uint8_t>(k % 2);
    w.schools.housing_units[i] = k % 4;
  }
  Teachers& t = w.teachers;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (i % 4 == 0) {  // rotating here, from a home school elsewhere
      t.rotation_destination[i] = t.school[i];
      t.home_school[i] = (t.school[i] + 1) % n_schools;
      t.rotation_years_left[i] = static_cast<std::int16_t>(1 + i % 3);
      t.rotation_kind[i] = static_cast<RotationKind>(1 + i % 6);
    }
    t.has_rotated[i] = static_cast<std::uint8_t>(i % 2);
    t.female[i] = static_cast<std::uint8_t>((i / 2) % 2);
    t.part_time_school[i] = i % 5 ? -1 : (t.school[i] + 1) % n_schools;
    t.part_time_share[i] = i % 5 ? 0.0f : 0.25f;
    t.guidance_school[i] = i % 7 ? -1 : (t.school[i] + 2) % n_schools;
    t.guidance_share[i] = i % 7 ? 0.0f : 0.1f;
    t.settling_years_left[i] = static_cast<std::int8_t>(i % 2);
    t.rural_service_years[i] = static_cast<std::int16_t>(i % 11);
    t.contract[i] = static_cast<Contract>(i % 3);
    t.burnout[i] = 0.001f * static_cast<float>(i % 700) + 1e-7f;
    t.post_title[i] =
        static_cast<std::int8_t>(std::min(t.title[i] + static_cast<int>(i % 2), kTitleGrades - 1));
  }
  Kindergartens& kg = w.kindergartens;
  for (std::size_t k = 0; k < kg.size(); ++k) {  // one group, one community, cross-level
    kg.group[k] = k < 2 ? 0 : -1;
    kg.group_role[k] = k < 2 ? static_cast<GroupRole>(1 + k) : GroupRole::None;
    kg.alliance[k] = k < 2 ? -1 : 0;
    kg.alliance_core[k] = static_cast<std::uint8_t>(k == 2);
    kg.school_group[k] = k % 2 ? 0 : -1;
  }
  generate_kindergarten_teachers(w, kindergarten_rules(s), world_context(s));
  KindergartenTeachers& kt = w.kindergarten_teachers;
  for (std::size_t i = 0; i < kt.size(); ++i) {
    kt.title[i] = static_cast<std::int8_t>(i % kTitleGrades);
    kt.years_in_title[i] = static_cast<std::int16_t>(i % 7);
  }
  // A head and a deputy at every school and kindergarten.
  const auto add_leaders = [&w](Leaders& l, std::int32_t posts) {
    for (std::int32_t k = 0; k < posts; ++k)
      for (int r = 0; r < 2; ++r) {
        l.for_each_column([](auto& column) { column.emplace_back(); });
        const std::size_t i = l.size() - 1;
        l.id[i] = w.next_leader_id++;
        l.school[i] = k;
        l.home_school[i] = (k + r) % posts;
        l.role[i] = static_cast<LeaderRole>(r);
        l.rank[i] = static_cast<LeaderRank>(k % 4);
        l.age[i] = static_cast<std::int16_t>(40 + k);
        l.experience[i] = static_cast<std::int16_t>(k + r);
        l.years_in_post[i] = static_cast<std::int16_t>(k % 3 + r);
        l.quality[i] = 0.01f * static_cast<float>(k) - 0.02f;
        l.rotation_destination[i] = r ? k : -1;
        l.rotation_years_left[i] = static_cast<std::int16_t>(r);
        l.has_rotated[i] = static_cast<std::uint8_t>(r);
      }
  };
  add_leaders(w.leaders, n_schools);
  add_leaders(w.kindergarten_leaders, static_cast<std::int32_t>(kg.size()));
  w.students.teacher_value_added[0] = -0.0f;  // the sign of zero is kept too
  w.year = 5;

  // The check that makes this test mean something: no column is all defaults.
  for (const auto& [name, bytes] : state_columns(w)) {
    EXPECT_TRUE(std::any_of(bytes.begin(), bytes.end(), [](unsigned char b) { return b != 0; }))
        << name << " holds only default values: give it some in this test";
  }

  const std::string file = path("every.h5");
  RunWriter writer(file, RunProvenance{}, info_rows(w), district_series(), school_series(), false);
  write_snapshot(writer, w, {2030, 5, 99, 4});
  writer.finish();
  SnapshotInfo info;
  const World restored = read_snapshot(file, 2030, &info);
  EXPECT_EQ(info.seed, 99u);
  EXPECT_EQ(info.run_index, 4);
  expect_identical(w, restored);
  EXPECT_TRUE(std::signbit(restored.students.teacher_value_added[0]));
}

struct Metrics {
  std::vector<double> district, school;
};

void restart_equals_continuous_run(int threads) {
  SCOPED_TRACE("threads " + std::to_string(threads));
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  // The baseline county: large enough that columns are chunked and compressed.
  Scenario s = load_scenario(EDUSIM_SOURCE_DIR "/scenarios/baseline.yaml");
  s.run.years = 6;
  constexpr int kSnapshotYear = 3;

  // Run A: 6 years without a break.
  Simulation a(s, generate_district(s));
  std::vector<Metrics> a_metrics;
  for (int y = 1; y <= s.run.years; ++y) {
    a.step();
    const YearMetrics m = a.measure();
    a_metrics.push_back({m.district, m.school});
  }

  // Run B: 3 years, snapshot, restart from the file in a new Simulation, 3 more years.
  const fs::path file =
      fs::temp_directory_path() /
      ("edusim-restart-" + std::to_string(::getpid()) + "-" + std::to_string(threads) + ".h5");
  fs::remove(file);
  run_with_snapshots(s, kSnapshotYear, {kSnapshotYear}, file.string());
  SnapshotInfo info;
  World restored = read_snapshot(file.string(), s.run.start_year + kSnapshotYear, &info);
  fs::remove(file);
  ASSERT_EQ(info.year, kSnapshotYear);
  ASSERT_EQ(info.seed, static_cast<std::uint64_t>(s.run.seed));
  Simulation b(s, std::move(restored), SimulationOptions{true, false});
  ASSERT_EQ(b.calendar_year(), s.run.start_year + kSnapshotYear);
  for (int y = kSnapshotYear + 1; y <= s.run.years; ++y) {
    b.step();
    const YearMetrics m = b.measure();
    const Metrics& expected = a_metrics[static_cast<std::size_t>(y - 1)];
    EXPECT_TRUE(bit_identical(m.district, expected.district)) << "district metrics, year " << y;
    EXPECT_TRUE(bit_identical(m.school, expected.school)) << "school metrics, year " << y;
  }
  EXPECT_EQ(b.year(), a.year());
  expect_identical(a.world(), b.world());
}

TEST(Snapshot, RestartEqualsContinuousRunOneThread) {
  restart_equals_continuous_run(1);
}

TEST(Snapshot, RestartEqualsContinuousRunTwoThreads) {
  restart_equals_continuous_run(2);
}

TEST_F(SnapshotTest, ListsEverySnapshot) {
  const Scenario s = edusim::testing::small_scenario(3, 5);
  const std::string file = path("two.h5");
  run_with_snapshots(s, 3, {1, 3}, file);
  const std::vector<SnapshotInfo> list = list_snapshots(file);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].calendar_year, s.run.start_year + 1);
  EXPECT_EQ(list[0].year, 1);
  EXPECT_EQ(list[1].calendar_year, s.run.start_year + 3);
  EXPECT_EQ(list[1].year, 3);
  for (const SnapshotInfo& info : list) {
    EXPECT_EQ(info.seed, 5u);
    EXPECT_EQ(info.run_index, 0);
    EXPECT_EQ(read_snapshot(file, info.calendar_year).year, info.year);
  }
}

TEST_F(SnapshotTest, FileWithoutSnapshots) {
  const std::string file = path("none.h5");
  run_with_snapshots(edusim::testing::small_scenario(1), 1, {}, file);
  EXPECT_TRUE(list_snapshots(file).empty());
  const std::string message = input_error([&] { read_snapshot(file, 2024); });
  EXPECT_NE(message.find(file), std::string::npos) << message;
  EXPECT_NE(message.find("2024"), std::string::npos) << message;
  EXPECT_NE(message.find("no snapshots"), std::string::npos) << message;
}

TEST_F(SnapshotTest, MissingYearListsTheYearsAvailable) {
  const Scenario s = edusim::testing::small_scenario(3);
  const std::string file = path("two.h5");
  run_with_snapshots(s, 3, {1, 3}, file);
  const std::string message = input_error([&] { read_snapshot(file, 1999); });
  EXPECT_NE(message.find(file), std::string::npos) << message;
  EXPECT_NE(message.find("1999"), std::string::npos) << message;
  const std::string available = fmt::format("{}, {}", s.run.start_year + 1, s.run.start_year + 3);
  EXPECT_NE(message.find(available), std::string::npos) << message;
}

TEST_F(SnapshotTest, NotAnHdf5File) {
  const std::string file = path("text.h5");
  std::ofstream(file) << "not HDF5\n";
  EXPECT_NE(input_error([&] { list_snapshots(file); }).find(file), std::string::npos);
  EXPECT_NE(input_error([&] { read_snapshot(file, 2024); }).find(file), std::string::npos);
  EXPECT_NE(input_error([&] { list_snapshots(path("missing.h5")); }).find("no such file"),
            std::string::npos);
}

/// Writes a file with one snapshot (year 1 of the small scenario), lets `damage` edit
/// its snapshot group, and returns the message of read_snapshot's InputError.
std::string damaged(const std::string& file, const std::function<void(hid_t group)>& damage) {
  const Scenario s = edusim::testing::small_scenario(1);
  run_with_snapshots(s, 1, {1}, file);
  const std::string group = fmt::format("snapshots/{}", s.run.start_year + 1);
  {
    OpenForWriting f(file);
    const hid_t g = H5Gopen2(f.file, group.c_str(), H5P_DEFAULT);
    damage(g);
    H5Gclose(g);
  }
  const std::string message = input_error([&] { read_snapshot(file, s.run.start_year + 1); });
  EXPECT_NE(message.find(file), std::string::npos) << message;
  EXPECT_NE(message.find(std::to_string(s.run.start_year + 1)), std::string::npos) << message;
  return message;
}

/// Replaces the int32 dataset `name` of `group` by `values`.
void replace_int32(hid_t group, const char* name, const std::vector<std::int32_t>& values) {
  H5Ldelete(group, name, H5P_DEFAULT);
  const hsize_t n = values.size();
  const hid_t space = H5Screate_simple(1, &n, nullptr);
  const hid_t ds =
      H5Dcreate2(group, name, H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(ds, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  H5Dclose(ds);
  H5Sclose(space);
}

TEST_F(SnapshotTest, UnknownVersionIsAnInputError) {
  const std::string message = damaged(path("v.h5"), [](hid_t g) {
    const std::int32_t version = 99;
    const hid_t attr = H5Aopen(g, "snapshot_version", H5P_DEFAULT);
    H5Awrite(attr, H5T_NATIVE_INT32, &version);
    H5Aclose(attr);
  });
  EXPECT_NE(message.find("snapshot_version 99"), std::string::npos) << message;
}

TEST_F(SnapshotTest, AVersion4SnapshotReadsEveryTeacherAsAMan) {
  const Scenario s = edusim::testing::small_scenario(1);
  const std::string file = path("v4.h5");
  run_with_snapshots(s, 1, {1}, file);
  const World current = read_snapshot(file, s.run.start_year + 1);
  ASSERT_GT(std::count(current.teachers.female.begin(), current.teachers.female.end(), 1), 0);
  {
    OpenForWriting f(file);
    const std::string group = fmt::format("snapshots/{}", s.run.start_year + 1);
    const hid_t g = H5Gopen2(f.file, group.c_str(), H5P_DEFAULT);
    const std::int32_t version = 4;  // before the teachers' sex was stored
    const hid_t attr = H5Aopen(g, "snapshot_version", H5P_DEFAULT);
    H5Awrite(attr, H5T_NATIVE_INT32, &version);
    H5Aclose(attr);
    H5Ldelete(g, "teachers/female", H5P_DEFAULT);
    H5Gclose(g);
  }
  World old = read_snapshot(file, s.run.start_year + 1);
  EXPECT_EQ(old.teachers.female, std::vector<std::uint8_t>(old.teachers.size(), 0));
  EXPECT_EQ(old.teachers.age, current.teachers.age);
  EXPECT_EQ(old.teachers.id, current.teachers.id);
}

TEST_F(SnapshotTest, IncompleteSnapshotIsAnInputError) {
  const std::string file = path("incomplete.h5");
  const std::string message = damaged(file, [](hid_t g) { H5Adelete(g, "complete"); });
  EXPECT_NE(message.find("incomplete"), std::string::npos) << message;
  EXPECT_TRUE(list_snapshots(file).empty());
}

TEST_F(SnapshotTest, MissingColumnIsAnInputError) {
  const std::string message =
      damaged(path("missing.h5"), [](hid_t g) { H5Ldelete(g, "teachers/morale", H5P_DEFAULT); });
  EXPECT_NE(message.find("teachers/morale is missing"), std::string::npos) << message;
}

TEST_F(SnapshotTest, ColumnOfTheWrongTypeIsAnInputError) {
  const std::string message = damaged(path("type.h5"), [](hid_t g) {
    const hid_t teachers = H5Gopen2(g, "teachers", H5P_DEFAULT);
    replace_int32(teachers, "age", {40, 41});
    H5Gclose(teachers);
  });
  EXPECT_NE(message.find("teachers/age has type int32, expected int16"), std::string::npos)
      << message;
}

TEST_F(SnapshotTest, ColumnsOfDifferentLengthsAreAnInputError) {
  const std::string message = damaged(path("length.h5"), [](hid_t g) {
    const hid_t classes = H5Gopen2(g, "classes", H5P_DEFAULT);
    replace_int32(classes, "class_teacher", {0, 1, 2});
    H5Gclose(classes);
  });
  EXPECT_NE(message.find("classes/class_teacher has 3 values"), std::string::npos) << message;
}

TEST_F(SnapshotTest, IndexOutOfRangeIsAnInputError) {
  const std::string message = damaged(path("range.h5"), [](hid_t g) {
    const hid_t ds = H5Dopen2(g, "teachers_by_school", H5P_DEFAULT);
    const hid_t space = H5Dget_space(ds);
    std::vector<std::int32_t> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
    H5Dread(ds, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
    values.back() = 1 << 30;
    H5Dwrite(ds, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
    H5Sclose(space);
    H5Dclose(ds);
  });
  EXPECT_NE(message.find("teachers_by_school has a value out of range"), std::string::npos)
      << message;
}

TEST_F(SnapshotTest, MisuseOfTheWriterIsALogicError) {
  const Scenario s = edusim::testing::small_scenario(1);
  const World w = generate_district(s);
  RunWriter writer(path("misuse.h5"), RunProvenance{}, info_rows(w), district_series(),
                   school_series(), false);
  write_snapshot(writer, w, info_of(s, w));
  EXPECT_THROW(write_snapshot(writer, w, info_of(s, w)), std::logic_error);  // same year twice
  SnapshotInfo wrong_year = info_of(s, w);
  wrong_year.calendar_year += 1;
  wrong_year.year = 4;
  EXPECT_THROW(write_snapshot(writer, w, wrong_year), std::invalid_argument);
  World broken = w;
  broken.teachers.age.pop_back();
  EXPECT_THROW(write_snapshot(writer, broken, {2040, 0, 0, 0}), std::invalid_argument);
  writer.finish();
  EXPECT_THROW(write_snapshot(writer, w, {2041, 0, 0, 0}), std::logic_error);
}

}  // namespace
}  // namespace edusim

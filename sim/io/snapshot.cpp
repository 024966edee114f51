#include "io/snapshot.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <hdf5.h>

#include <algorithm>
#include <concepts>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <utility>

#include "core/error.hpp"
#include "io/h5_handle.hpp"
#include "world/invariants.hpp"

namespace edusim {
namespace {

using H5Handle = h5::Handle;

// --- the columns -------------------------------------------------------------------

#define EDUSIM_COUNT_COLUMN(member) +1
constexpr std::size_t kSchoolColumns = 0 EDUSIM_SNAPSHOT_SCHOOL_COLUMNS(EDUSIM_COUNT_COLUMN);
constexpr std::size_t kTeacherColumns = 0 EDUSIM_SNAPSHOT_TEACHER_COLUMNS(EDUSIM_COUNT_COLUMN);
constexpr std::size_t kStudentColumns = 0 EDUSIM_SNAPSHOT_STUDENT_COLUMNS(EDUSIM_COUNT_COLUMN);
constexpr std::size_t kLeaderColumns = 0 EDUSIM_SNAPSHOT_LEADER_COLUMNS(EDUSIM_COUNT_COLUMN);
constexpr std::size_t kClassColumns = 0 EDUSIM_SNAPSHOT_CLASS_COLUMNS(EDUSIM_COUNT_COLUMN);
constexpr std::size_t kKindergartenColumns =
    0 EDUSIM_SNAPSHOT_KINDERGARTEN_COLUMNS(EDUSIM_COUNT_COLUMN);
constexpr std::size_t kKindergartenTeacherColumns =
    0 EDUSIM_SNAPSHOT_KINDERGARTEN_TEACHER_COLUMNS(EDUSIM_COUNT_COLUMN);
#undef EDUSIM_COUNT_COLUMN

static_assert(detail::member_count<Schools>() == kSchoolColumns + kDerivedSchoolColumns,
              "Schools gained or lost a column: update EDUSIM_SNAPSHOT_SCHOOL_COLUMNS "
              "(io/snapshot.hpp)");
static_assert(detail::member_count<Teachers>() == kTeacherColumns,
              "Teachers gained or lost a column: update EDUSIM_SNAPSHOT_TEACHER_COLUMNS "
              "(io/snapshot.hpp)");
static_assert(detail::member_count<Students>() == kStudentColumns,
              "Students gained or lost a column: update EDUSIM_SNAPSHOT_STUDENT_COLUMNS "
              "(io/snapshot.hpp)");
static_assert(detail::member_count<Leaders>() == kLeaderColumns,
              "Leaders gained or lost a column: update EDUSIM_SNAPSHOT_LEADER_COLUMNS "
              "(io/snapshot.hpp)");
static_assert(detail::member_count<Classes>() == kClassColumns,
              "Classes gained or lost a column: update EDUSIM_SNAPSHOT_CLASS_COLUMNS "
              "(io/snapshot.hpp)");
static_assert(detail::member_count<Kindergartens>() == kKindergartenColumns,
              "Kindergartens gained or lost a column: update "
              "EDUSIM_SNAPSHOT_KINDERGARTEN_COLUMNS (io/snapshot.hpp)");
static_assert(detail::member_count<KindergartenTeachers>() == kKindergartenTeacherColumns,
              "KindergartenTeachers gained or lost a column: update "
              "EDUSIM_SNAPSHOT_KINDERGARTEN_TEACHER_COLUMNS (io/snapshot.hpp)");
// World: the 8 tables (kindergartens, their leaders and teachers included), the 3 index
// arrays (school_class_begin, school_teacher_begin, teachers_by_school), next_teacher_id,
// next_student_id, next_leader_id, next_kindergarten_teacher_id and year are stored;
// recycled_students and recycled_classes are scratch.
static_assert(detail::member_count<World>() == 18,
              "World gained or lost a member: store it in write_snapshot / read_snapshot "
              "(io/snapshot.cpp), or count it here if it is scratch");

#define EDUSIM_VISIT_COLUMN(member) f(#member, table.member);
template <class T, class F>
requires std::same_as<std::remove_const_t<T>, Schools>
void visit_columns(T& table, F&& f) {
  EDUSIM_SNAPSHOT_SCHOOL_COLUMNS(EDUSIM_VISIT_COLUMN)
}
template <class T, class F>
requires std::same_as<std::remove_const_t<T>, Teachers>
void visit_columns(T& table, F&& f) {
  EDUSIM_SNAPSHOT_TEACHER_COLUMNS(EDUSIM_VISIT_COLUMN)
}
template <class T, class F>
requires std::same_as<std::remove_const_t<T>, Students>
void visit_columns(T& table, F&& f) {
  EDUSIM_SNAPSHOT_STUDENT_COLUMNS(EDUSIM_VISIT_COLUMN)
}
template <class T, class F>
requires std::same_as<std::remove_const_t<T>, Leaders>
void visit_columns(T& table, F&& f) {
  EDUSIM_SNAPSHOT_LEADER_COLUMNS(EDUSIM_VISIT_COLUMN)
}
template <class T, class F>
requires std::same_as<std::remove_const_t<T>, Classes>
void visit_columns(T& table, F&& f) {
  EDUSIM_SNAPSHOT_CLASS_COLUMNS(EDUSIM_VISIT_COLUMN)
}
template <class T, class F>
requires std::same_as<std::remove_const_t<T>, Kindergartens>
void visit_columns(T& table, F&& f) {
  EDUSIM_SNAPSHOT_KINDERGARTEN_COLUMNS(EDUSIM_VISIT_COLUMN)
}
template <class T, class F>
requires std::same_as<std::remove_const_t<T>, KindergartenTeachers>
void visit_columns(T& table, F&& f) {
  EDUSIM_SNAPSHOT_KINDERGARTEN_TEACHER_COLUMNS(EDUSIM_VISIT_COLUMN)
}
#undef EDUSIM_VISIT_COLUMN

/// Calls f(group name, table) for the tables a snapshot of `version` holds (W: World or
/// const World): the kindergartens and their leaders from version 3, their teachers from 4.
template <class W, class F>
void visit_tables(W& w, F&& f, std::int32_t version = kSnapshotVersion) {
  f("schools", w.schools);
  f("teachers", w.teachers);
  f("students", w.students);
  f("classes", w.classes);
  f("leaders", w.leaders);
  if (version < 3) return;
  f("kindergartens", w.kindergartens);
  f("kindergarten_leaders", w.kindergarten_leaders);
  if (version < 4) return;
  f("kindergarten_teachers", w.kindergarten_teachers);
}

/// A column a snapshot of `version` does not hold (kindergartens/talent_shift before 4).
bool added_later(std::int32_t version, std::string_view table, std::string_view column) {
  return (version < 4 && table == "kindergartens" && column == "talent_shift") ||
         (version < 5 && table == "teachers" && column == "female");
}

/// Calls f(name, array) for the world-level index arrays.
template <class W, class F>
void visit_world_arrays(W& w, F&& f) {
  f("school_class_begin", w.school_class_begin);
  f("school_teacher_begin", w.school_teacher_begin);
  f("teachers_by_school", w.teachers_by_school);
}

/// Values a column must have: one per row, but classes/student_begin has rows + 1.
std::size_t expected_length(std::string_view table, std::string_view column, std::size_t rows) {
  return table == "classes" && column == "student_begin" ? rows + 1 : rows;
}

/// What is wrong with the lengths of the world's columns; empty if nothing.
std::string length_problem(const World& w) {
  std::string problem;
  visit_tables(w, [&](const char* table, const auto& t) {
    visit_columns(t, [&](const char* column, const auto& values) {
      const std::size_t expected = expected_length(table, column, t.size());
      if (problem.empty() && values.size() != expected) {
        problem = fmt::format("column {}/{} has {} values, expected {} (one per row of {})", table,
                              column, values.size(), expected, table);
      }
    });
  });
  if (!problem.empty()) return problem;
  const std::size_t expected[] = {w.schools.size() + 1, w.schools.size() + 1, w.teachers.size()};
  std::size_t k = 0;
  visit_world_arrays(w, [&](const char* name, const auto& values) {
    if (problem.empty() && values.size() != expected[k]) {
      problem = fmt::format("{} has {} values, expected {}", name, values.size(), expected[k]);
    }
    ++k;
  });
  return problem;
}

// --- HDF5 types of the columns -----------------------------------------------------

/// File type (fixed byte order) and memory type of a column's elements; enums are
/// stored as their underlying type.
template <class T>
struct ColumnType;
#define EDUSIM_COLUMN_TYPE(T, FILE, MEM) \
  template <>                            \
  struct ColumnType<T> {                 \
    static hid_t file() { return FILE; } \
    static hid_t mem() { return MEM; }   \
  };
EDUSIM_COLUMN_TYPE(std::int8_t, H5T_STD_I8LE, H5T_NATIVE_INT8)
EDUSIM_COLUMN_TYPE(std::int16_t, H5T_STD_I16LE, H5T_NATIVE_INT16)
EDUSIM_COLUMN_TYPE(std::int32_t, H5T_STD_I32LE, H5T_NATIVE_INT32)
EDUSIM_COLUMN_TYPE(std::int64_t, H5T_STD_I64LE, H5T_NATIVE_INT64)
EDUSIM_COLUMN_TYPE(std::uint8_t, H5T_STD_U8LE, H5T_NATIVE_UINT8)
EDUSIM_COLUMN_TYPE(std::uint16_t, H5T_STD_U16LE, H5T_NATIVE_UINT16)
EDUSIM_COLUMN_TYPE(std::uint32_t, H5T_STD_U32LE, H5T_NATIVE_UINT32)
EDUSIM_COLUMN_TYPE(std::uint64_t, H5T_STD_U64LE, H5T_NATIVE_UINT64)
EDUSIM_COLUMN_TYPE(float, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT)
EDUSIM_COLUMN_TYPE(double, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE)
#undef EDUSIM_COLUMN_TYPE
template <class T>
requires std::is_enum_v<T>
struct ColumnType<T> : ColumnType<std::underlying_type_t<T>> {
};

/// Same class, size and sign: reading converts at most the byte order, never a value.
bool same_kind(hid_t a, hid_t b) {
  const H5T_class_t cls = H5Tget_class(a);
  if (cls == H5T_NO_CLASS || cls != H5Tget_class(b) || H5Tget_size(a) != H5Tget_size(b))
    return false;
  return cls != H5T_INTEGER || H5Tget_sign(a) == H5Tget_sign(b);
}

// --- writing -----------------------------------------------------------------------

// Columns of at least kCompressFrom values are chunked (kChunk values a chunk) and
// compressed with shuffle + gzip.
constexpr hsize_t kCompressFrom = 4096;
constexpr hsize_t kChunk = 65536;

using h5::check;
using h5::checked;

H5Handle create_column(hid_t group, const char* name, hid_t file_type, hsize_t n, bool compress,
                       const std::string& where) {
  H5Handle space = checked(H5Screate_simple(1, &n, nullptr), H5Sclose, "H5Screate_simple", where);
  H5Handle dcpl = checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "H5Pcreate", where);
  check(H5Pset_obj_track_times(dcpl.get(), false), "H5Pset_obj_track_times", where);
  if (compress && n >= kCompressFrom) {
    const hsize_t chunk = std::min(n, kChunk);
    check(H5Pset_chunk(dcpl.get(), 1, &chunk), "H5Pset_chunk", where);
    check(H5Pset_shuffle(dcpl.get()), "H5Pset_shuffle", where);  // before deflate
    check(H5Pset_deflate(dcpl.get(), h5::kGzipLevel), "H5Pset_deflate", where);
  }
  return checked(
      H5Dcreate2(group, name, file_type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
      H5Dclose, "H5Dcreate2", where);
}

template <class T>
void write_column(hid_t group, const char* name, const std::vector<T>& values,
                  const std::string& where) {
  const H5Handle ds = create_column(group, name, ColumnType<T>::file(), values.size(), true, where);
  if (!values.empty()) {
    check(H5Dwrite(ds.get(), ColumnType<T>::mem(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "H5Dwrite", where);
  }
}

/// Fixed-size arrays (a kindergarten's children per year group): N values a row, in turn.
template <class T, std::size_t N>
void write_column(hid_t group, const char* name, const std::vector<std::array<T, N>>& values,
                  const std::string& where) {
  std::vector<T> flat;
  flat.reserve(values.size() * N);
  for (const auto& row : values) flat.insert(flat.end(), row.begin(), row.end());
  write_column(group, name, flat, where);
}

void write_column(hid_t group, const char* name, const std::vector<std::string>& values,
                  const std::string& where) {
  const H5Handle type = h5::vl_utf8_type(where);
  const H5Handle ds = create_column(group, name, type.get(), values.size(), false, where);
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const std::string& s : values) pointers.push_back(s.c_str());
  if (!pointers.empty()) {
    check(H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()),
          "H5Dwrite", where);
  }
}

// --- reading -----------------------------------------------------------------------

/// Frees memory that HDF5 allocated (variable-length strings).
struct VlStrings {
  hid_t type;
  hid_t space;
  std::vector<char*> data;
  ~VlStrings() {
#if H5_VERSION_GE(1, 12, 0)
    H5Treclaim(type, space, H5P_DEFAULT, data.data());
#else
    H5Dvlen_reclaim(type, space, H5P_DEFAULT, data.data());
#endif
  }
};

/// A scalar integer attribute; nullopt if missing, not an integer or unreadable.
template <class T>
std::optional<T> int_attr(hid_t obj, const char* name) {
  if (H5Aexists(obj, name) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return std::nullopt;
  }
  H5Handle attr(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose);
  H5Handle type(attr.valid() ? H5Aget_type(attr.get()) : H5I_INVALID_HID, H5Tclose);
  H5Handle space(attr.valid() ? H5Aget_space(attr.get()) : H5I_INVALID_HID, H5Sclose);
  T value{};
  if (!type.valid() || !space.valid() || H5Tget_class(type.get()) != H5T_INTEGER ||
      H5Sget_simple_extent_npoints(space.get()) != 1 ||
      H5Aread(attr.get(), ColumnType<T>::mem(), &value) < 0) {
    H5Eclear2(H5E_DEFAULT);
    return std::nullopt;
  }
  return value;
}

/// The identifying attributes of a complete snapshot group; nullopt otherwise.
std::optional<SnapshotInfo> snapshot_info(hid_t group) {
  const auto complete = int_attr<std::int32_t>(group, "complete");
  const auto calendar_year = int_attr<std::int32_t>(group, "calendar_year");
  const auto year = int_attr<std::int32_t>(group, "year");
  const auto seed = int_attr<std::uint64_t>(group, "seed");
  const auto run_index = int_attr<std::int64_t>(group, "run_index");
  if (complete != 1 || !calendar_year || !year || !seed || !run_index) return std::nullopt;
  return SnapshotInfo{*calendar_year, *year, *seed, *run_index};
}

/// The complete snapshots of an open file, by calendar year.
std::vector<SnapshotInfo> list_open(hid_t file) {
  std::vector<SnapshotInfo> out;
  if (!h5::has_link(file, "snapshots")) return out;
  H5Handle group(H5Gopen2(file, "snapshots", H5P_DEFAULT), H5Gclose);
  if (!group.valid()) {
    H5Eclear2(H5E_DEFAULT);
    return out;
  }
  for (const h5::Link& link : h5::list_links(group.get(), H5_INDEX_NAME)) {
    const std::string& name = link.name;
    H5Handle snapshot(H5Gopen2(group.get(), name.c_str(), H5P_DEFAULT), H5Gclose);
    if (!snapshot.valid()) continue;  // not a group
    const std::optional<SnapshotInfo> info = snapshot_info(snapshot.get());
    if (info && std::to_string(info->calendar_year) == name) out.push_back(*info);
  }
  H5Eclear2(H5E_DEFAULT);
  std::sort(out.begin(), out.end(), [](const SnapshotInfo& a, const SnapshotInfo& b) {
    return a.calendar_year < b.calendar_year;
  });
  return out;
}

/// Reads one snapshot group; every failure is an InputError naming file and year.
class SnapshotReader {
 public:
  SnapshotReader(const std::string& file, std::int32_t calendar_year)
      : file_(file), calendar_year_(calendar_year) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(fmt::format("{}: snapshot {}: {}", file_, calendar_year_, what));
  }

  template <class T>
  T attr(hid_t group, const char* name) const {
    const std::optional<T> value = int_attr<T>(group, name);
    if (!value) fail(fmt::format("attribute {} is missing or not an integer", name));
    return *value;
  }

  H5Handle open_group(hid_t parent, const char* name) const {
    if (!h5::has_link(parent, name)) fail(fmt::format("group {} is missing", name));
    H5Handle group(H5Gopen2(parent, name, H5P_DEFAULT), H5Gclose);
    if (!group.valid()) fail(fmt::format("{} is not a group: {}", name, h5::error_text()));
    return group;
  }

  /// Opens `path`'s dataset; checks that it is 1-D and of the kind of `expected`.
  H5Handle open_column(hid_t group, const char* name, const std::string& path, hid_t expected,
                       hsize_t& n) const {
    if (!h5::has_link(group, name)) fail(fmt::format("column {} is missing", path));
    H5Handle ds(H5Dopen2(group, name, H5P_DEFAULT), H5Dclose);
    if (!ds.valid()) fail(fmt::format("{} is not a dataset: {}", path, h5::error_text()));
    const H5Handle type(H5Dget_type(ds.get()), H5Tclose);
    const H5Handle space(H5Dget_space(ds.get()), H5Sclose);
    if (!type.valid() || !space.valid()) fail(fmt::format("cannot read {}", path));
    if (H5Sget_simple_extent_ndims(space.get()) != 1) {
      fail(fmt::format("column {} is not one-dimensional", path));
    }
    H5Sget_simple_extent_dims(space.get(), &n, nullptr);
    const bool string_expected = H5Tget_class(expected) == H5T_STRING;
    const bool ok = string_expected ? H5Tget_class(type.get()) == H5T_STRING &&
                                          H5Tis_variable_str(type.get()) > 0
                                    : same_kind(type.get(), expected);
    if (!ok) {
      fail(fmt::format("column {} has type {}, expected {}", path, h5::type_name(type.get()),
                       h5::type_name(expected)));
    }
    return ds;
  }

  template <class T>
  void read_column(hid_t group, const char* name, const std::string& path,
                   std::vector<T>& out) const {
    hsize_t n = 0;
    const H5Handle ds = open_column(group, name, path, ColumnType<T>::file(), n);
    out.resize(n);
    if (n > 0 &&
        H5Dread(ds.get(), ColumnType<T>::mem(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0) {
      fail(fmt::format("cannot read {}: {}", path, h5::error_text()));
    }
  }

  template <class T, std::size_t N>
  void read_column(hid_t group, const char* name, const std::string& path,
                   std::vector<std::array<T, N>>& out) const {
    std::vector<T> flat;
    read_column(group, name, path, flat);
    if (flat.size() % N != 0)
      fail(fmt::format("column {} has {} values, not {} a row", path, flat.size(), N));
    out.resize(flat.size() / N);
    for (std::size_t i = 0; i < out.size(); ++i)
      std::copy_n(flat.begin() + static_cast<std::ptrdiff_t>(i * N), N, out[i].begin());
  }

  void read_column(hid_t group, const char* name, const std::string& path,
                   std::vector<std::string>& out) const {
    const H5Handle type = h5::vl_utf8_type(path);
    hsize_t n = 0;
    const H5Handle ds = open_column(group, name, path, type.get(), n);
    out.clear();
    if (n == 0) return;
    const H5Handle space(H5Dget_space(ds.get()), H5Sclose);
    VlStrings buffer{type.get(), space.get(), std::vector<char*>(n, nullptr)};
    if (H5Dread(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data.data()) < 0) {
      fail(fmt::format("cannot read {}: {}", path, h5::error_text()));
    }
    out.reserve(n);
    for (const char* s : buffer.data) out.emplace_back(s ? s : "");
  }

 private:
  const std::string& file_;
  std::int32_t calendar_year_;
};

// --- checks of a restored world ------------------------------------------------------

template <class V>
bool all_in(const V& values, std::int64_t lo, std::int64_t hi) {  // [lo, hi)
  return std::all_of(values.begin(), values.end(), [&](auto v) {
    const auto x = static_cast<std::int64_t>(v);
    return x >= lo && x < hi;
  });
}

/// Nondecreasing from 0 to `last`.
bool is_partition(const std::vector<std::int32_t>& begin, std::int64_t last) {
  return !begin.empty() && begin.front() == 0 && begin.back() == last &&
         std::is_sorted(begin.begin(), begin.end());
}

/// What makes the world unsafe to simulate (an index or a category out of range);
/// empty if nothing. The lengths are already checked.
std::string range_problem(const World& w) {
  const auto n_schools = static_cast<std::int64_t>(w.schools.size());
  const auto n_teachers = static_cast<std::int64_t>(w.teachers.size());
  const auto n_students = static_cast<std::int64_t>(w.students.size());
  const auto n_classes = static_cast<std::int64_t>(w.classes.size());
  const Schools& s = w.schools;
  const Teachers& t = w.teachers;
  const Classes& c = w.classes;
  const Kindergartens& kg = w.kindergartens;
  const Leaders& kl = w.kindergarten_leaders;
  const auto n_kg = static_cast<std::int64_t>(kg.size());
  const std::pair<bool, const char*> rules[] = {
      {all_in(s.level, 0, kLevels), "schools/level"},
      {all_in(s.zone, 0, kZones), "schools/zone"},
      {all_in(s.catchment_middle, -1, n_schools), "schools/catchment_middle"},
      {all_in(s.group_role, 0, static_cast<std::int64_t>(GroupRole::Member) + 1),
       "schools/group_role"},
      {all_in(t.school, 0, n_schools), "teachers/school"},
      {all_in(t.home_school, 0, n_schools), "teachers/home_school"},
      {all_in(t.rotation_destination, -1, n_schools), "teachers/rotation_destination"},
      {all_in(t.title, 0, kTitleGrades), "teachers/title"},
      {all_in(t.post_title, 0, kTitleGrades), "teachers/post_title"},
      {all_in(t.degree, 0, kDegrees), "teachers/degree"},
      {all_in(t.female, 0, 2), "teachers/female"},
      {all_in(t.backbone, 0, kBackboneLevels), "teachers/backbone"},
      {all_in(t.subject, 0, static_cast<std::int64_t>(Subject::PeArt) + 1), "teachers/subject"},
      {all_in(t.contract, 0, static_cast<std::int64_t>(Contract::Substitute) + 1),
       "teachers/contract"},
      {all_in(w.students.residence, 0, kZones), "students/residence"},
      {all_in(c.school, 0, n_schools), "classes/school"},
      {all_in(c.grade, 1, kGrades + 1), "classes/grade"},
      {all_in(c.class_teacher, -1, n_teachers), "classes/class_teacher"},
      {is_partition(c.student_begin, n_students), "classes/student_begin"},
      {is_partition(w.school_class_begin, n_classes), "school_class_begin"},
      {is_partition(w.school_teacher_begin, n_teachers), "school_teacher_begin"},
      {all_in(w.teachers_by_school, 0, n_teachers), "teachers_by_school"},
      {all_in(w.leaders.school, 0, n_schools), "leaders/school"},
      {all_in(w.leaders.home_school, 0, n_schools), "leaders/home_school"},
      {all_in(w.leaders.rotation_destination, -1, n_schools), "leaders/rotation_destination"},
      {all_in(kg.zone, 0, kZones), "kindergartens/zone"},
      {all_in(kg.group_role, 0, static_cast<std::int64_t>(GroupRole::Member) + 1),
       "kindergartens/group_role"},
      {all_in(kl.school, 0, n_kg), "kindergarten_leaders/school"},
      {all_in(kl.home_school, 0, n_kg), "kindergarten_leaders/home_school"},
      {all_in(kl.rotation_destination, -1, n_kg), "kindergarten_leaders/rotation_destination"},
      {all_in(w.kindergarten_teachers.kindergarten, 0, n_kg), "kindergarten_teachers/kindergarten"},
      {all_in(w.kindergarten_teachers.title, 0, kTitleGrades), "kindergarten_teachers/title"},
  };
  for (const auto& [ok, column] : rules) {
    if (!ok) return fmt::format("{} has a value out of range", column);
  }
  const auto below = [](const std::vector<std::uint32_t>& ids, std::uint32_t next) {
    return std::all_of(ids.begin(), ids.end(), [next](std::uint32_t id) { return id < next; });
  };
  if (!below(t.id, w.next_teacher_id)) return "next_teacher_id is not above every teacher id";
  if (!below(w.students.id, w.next_student_id))
    return "next_student_id is not above every student id";
  if (!below(w.leaders.id, w.next_leader_id) || !below(kl.id, w.next_leader_id))
    return "next_leader_id is not above every leader id";
  if (!below(w.kindergarten_teachers.id, w.next_kindergarten_teacher_id))
    return "next_kindergarten_teacher_id is not above every kindergarten teacher id";
  return "";
}

}  // namespace

void write_snapshot(RunWriter& writer, const World& world, const SnapshotInfo& info) {
  if (info.year != world.year) {
    throw std::invalid_argument(fmt::format(
        "write_snapshot: info.year {} is not the world's year {}", info.year, world.year));
  }
  if (const std::string problem = length_problem(world); !problem.empty()) {
    throw std::invalid_argument("write_snapshot: " + problem);
  }
  const hid_t file = writer.native_file();
  const std::string name = std::to_string(info.calendar_year);
  const std::string where = fmt::format("{}:/snapshots/{}", writer.temporary_path(), name);

  const H5Handle snapshots =
      h5::has_link(file, "snapshots")
          ? checked(H5Gopen2(file, "snapshots", H5P_DEFAULT), H5Gclose, "H5Gopen2", where)
          : h5::create_group(file, "snapshots", where);
  if (h5::has_link(snapshots.get(), name.c_str())) {
    throw std::logic_error(fmt::format("write_snapshot: {} already exists", where));
  }
  const H5Handle group = h5::create_group(snapshots.get(), name, where);
  h5::write_int32_attr(group.get(), "snapshot_version", kSnapshotVersion, where);
  h5::write_int32_attr(group.get(), "calendar_year", info.calendar_year, where);
  h5::write_int32_attr(group.get(), "year", info.year, where);
  h5::write_attr(group.get(), "seed", H5T_NATIVE_UINT64, &info.seed, where);
  h5::write_attr(group.get(), "run_index", H5T_NATIVE_INT64, &info.run_index, where);
  h5::write_attr(group.get(), "next_teacher_id", H5T_NATIVE_UINT32, &world.next_teacher_id, where);
  h5::write_attr(group.get(), "next_student_id", H5T_NATIVE_UINT32, &world.next_student_id, where);
  h5::write_attr(group.get(), "next_leader_id", H5T_NATIVE_UINT32, &world.next_leader_id, where);
  h5::write_attr(group.get(), "next_kindergarten_teacher_id", H5T_NATIVE_UINT32,
                 &world.next_kindergarten_teacher_id, where);

  visit_tables(world, [&](const char* table, const auto& t) {
    const std::string table_where = fmt::format("{}/{}", where, table);
    const H5Handle table_group = h5::create_group(group.get(), table, table_where);
    visit_columns(t, [&](const char* column, const auto& values) {
      write_column(table_group.get(), column, values, fmt::format("{}/{}", table_where, column));
    });
  });
  visit_world_arrays(world, [&](const char* array, const auto& values) {
    write_column(group.get(), array, values, fmt::format("{}/{}", where, array));
  });
  // Written last: a snapshot with `complete` = 1 has every other object.
  h5::write_int32_attr(group.get(), "complete", 1, where);
  check(H5Fflush(file, H5F_SCOPE_GLOBAL), "H5Fflush", where);
}

std::vector<SnapshotInfo> list_snapshots(const std::string& file) {
  const H5Handle h = h5::open_for_reading(file);
  return list_open(h.get());
}

World read_snapshot(const std::string& file, std::int32_t calendar_year, SnapshotInfo* info) {
  const H5Handle h = h5::open_for_reading(file);
  const SnapshotReader r(file, calendar_year);
  const std::string name = std::to_string(calendar_year);
  if (!h5::has_link(h.get(), "snapshots") ||
      !h5::has_link(h.get(), fmt::format("snapshots/{}", name).c_str())) {
    std::vector<std::int32_t> years;
    for (const SnapshotInfo& s : list_open(h.get())) years.push_back(s.calendar_year);
    throw InputError(fmt::format(
        "{}: no snapshot for calendar year {}; {}", file, calendar_year,
        years.empty() ? std::string("the file has no snapshots")
                      : fmt::format("snapshots available: {}", fmt::join(years, ", "))));
  }
  const H5Handle snapshots = r.open_group(h.get(), "snapshots");
  const H5Handle group = r.open_group(snapshots.get(), name.c_str());
  if (int_attr<std::int32_t>(group.get(), "complete") != 1) {
    r.fail("incomplete (the run stopped while writing it)");
  }
  const auto version = r.attr<std::int32_t>(group.get(), "snapshot_version");
  if (version < kOldestSnapshotVersion || version > kSnapshotVersion) {
    r.fail(fmt::format("unknown snapshot_version {} (this engine reads versions {} to {})", version,
                       kOldestSnapshotVersion, kSnapshotVersion));
  }
  SnapshotInfo read_info{
      r.attr<std::int32_t>(group.get(), "calendar_year"), r.attr<std::int32_t>(group.get(), "year"),
      r.attr<std::uint64_t>(group.get(), "seed"), r.attr<std::int64_t>(group.get(), "run_index")};
  if (read_info.calendar_year != calendar_year) {
    r.fail(fmt::format("its calendar_year attribute is {}", read_info.calendar_year));
  }
  if (read_info.year < 0) r.fail(fmt::format("year {} is negative", read_info.year));

  World world;
  world.year = read_info.year;
  world.next_teacher_id = r.attr<std::uint32_t>(group.get(), "next_teacher_id");
  world.next_student_id = r.attr<std::uint32_t>(group.get(), "next_student_id");
  world.next_leader_id = r.attr<std::uint32_t>(group.get(), "next_leader_id");
  if (version >= 4)
    world.next_kindergarten_teacher_id =
        r.attr<std::uint32_t>(group.get(), "next_kindergarten_teacher_id");
  visit_tables(
      world,
      [&](const char* table, auto& t) {
        const H5Handle table_group = r.open_group(group.get(), table);
        visit_columns(t, [&](const char* column, auto& values) {
          if (added_later(version, table, column)) return;
          r.read_column(table_group.get(), column, fmt::format("{}/{}", table, column), values);
        });
      },
      version);
  // Without a stored talent_shift the kindergartens hire novices unshifted (version 3).
  world.kindergartens.talent_shift.resize(world.kindergartens.size(), 0.0f);
  // Without a stored sex every teacher retires at the men's age, as before (version 4).
  world.teachers.female.resize(world.teachers.size(), 0);
  visit_world_arrays(world, [&](const char* array, auto& values) {
    r.read_column(group.get(), array, array, values);
  });

  if (const std::string problem = length_problem(world); !problem.empty()) r.fail(problem);
  if (const std::string problem = range_problem(world); !problem.empty()) r.fail(problem);
  try {
    check_invariants(world, "restore", ClassTeachers::Required);
  } catch (const InvariantError& e) {
    r.fail(fmt::format("inconsistent world ({})", e.what()));
  }
  if (info) *info = read_info;
  return world;
}

}  // namespace edusim

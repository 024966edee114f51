#pragma once
// World snapshots for restarts: a World plus its year is the whole state of a run
// (random numbers are keyed by seed, run index, year, stream and agent id), so a run
// restarted from the snapshot taken after year Y reproduces the original run's later
// years bit for bit, provided it uses the same scenario, seed and run index.
//
// Layout, inside a run file (docs/output-schema.md):
//   /snapshots/<calendar_year>/   group; attributes snapshot_version (int32, 1),
//                                 calendar_year, year (int32), seed (uint64),
//                                 run_index (int64), next_teacher_id,
//                                 next_student_id (uint32), complete (int32, 1,
//                                 written last)
//     schools/<member>            one 1-D dataset per column of Schools
//     teachers/<member>           ... of Teachers
//     students/<member>           ... of Students
//     classes/<member>            ... of Classes (student_begin has classes + 1 values)
//     leaders/<member>            ... of Leaders (the schools' leaders)
//     kindergartens/<member>      ... of Kindergartens (children: 3 values a kindergarten,
//                                 小班, 中班, 大班 in turn); version 3 on
//     kindergarten_leaders/<member>  ... of Leaders (school indexes the kindergartens);
//                                 version 3 on
//     kindergarten_teachers/<member> ... of KindergartenTeachers; version 4 on (with
//                                 kindergartens/talent_shift and the attribute
//                                 next_kindergarten_teacher_id)
//     school_class_begin, school_teacher_begin, teachers_by_school   int32 [n]
// Each dataset has the column's exact C++ type (enums as their uint8 underlying
// type, school names as variable-length UTF-8 strings); large ones are chunked and
// compressed (shuffle + gzip). recycled_students / recycled_classes are scratch
// storage and are not stored.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "io/run_writer.hpp"
#include "world/world.hpp"

namespace edusim {

/// Version 3 adds the kindergartens and their leaders; version 4 their teachers. Version 2
/// (without them) is still read, as a world without kindergartens; version 3 as one whose
/// kindergartens have no teacher agents yet (build_world generates them). Version 5 adds the
/// teachers' sex; a teacher of an older snapshot reads as a man (retiring at
/// demography.retirement_age, as every teacher did before).
inline constexpr std::int32_t kSnapshotVersion = 5;
inline constexpr std::int32_t kOldestSnapshotVersion = 2;

struct SnapshotInfo {
  std::int32_t calendar_year = 0;  ///< names the group: /snapshots/<calendar_year>
  std::int32_t year = 0;           ///< simulated years completed (World::year)
  std::uint64_t seed = 0;
  std::int64_t run_index = 0;
};

/// Writes the group /snapshots/<info.calendar_year> into the open run file of `writer`
/// (call between append_year calls, before finish()). Throws std::invalid_argument if
/// info.year differs from world.year or the world's tables are inconsistent in length,
/// std::logic_error if the writer is finished or that year already has a snapshot, and
/// std::runtime_error if HDF5 fails.
void write_snapshot(RunWriter& writer, const World& world, const SnapshotInfo& info);

/// The complete snapshots in `file`, by calendar year (empty if it has none). Throws
/// InputError if `file` is not a readable HDF5 file.
std::vector<SnapshotInfo> list_snapshots(const std::string& file);

/// Reads the snapshot of `calendar_year` from `file` (and its attributes into *info).
/// Throws InputError naming the file and the year if the snapshot is absent (the
/// message lists the years available), incomplete or malformed: unknown
/// snapshot_version, a missing column or attribute, a column of the wrong type or
/// length, an index out of range or a world that breaks the engine's invariants.
World read_snapshot(const std::string& file, std::int32_t calendar_year,
                    SnapshotInfo* info = nullptr);

// The columns a snapshot stores: the one list per table, X(member). A column added
// to a table but not here stops the build (snapshot.cpp checks the counts against
// the structs' member counts), and a name listed twice makes write_snapshot throw.
// clang-format off
#define EDUSIM_SNAPSHOT_SCHOOL_COLUMNS(X)                                                   \
  X(name) X(level) X(zone) X(x_km) X(y_km) X(capacity) X(base_intake) X(max_class_size)     \
  X(catchment_middle) X(floor_area_m2) X(sports_area_m2) X(equipment_value_yuan)            \
  X(multimedia_classrooms) X(ses_mean) X(talent_shift) X(group) X(group_role) X(alliance)   \
  X(open) X(strength) X(group_type) X(alliance_core) X(housing_units)
#define EDUSIM_SNAPSHOT_TEACHER_COLUMNS(X)                                                  \
  X(id) X(school) X(home_school) X(age) X(female) X(experience) X(years_at_school)          \
  X(years_in_title) X(title) X(post_title) X(degree) X(backbone) X(subject) X(contract) X(effectiveness)      \
  X(morale) X(burnout) X(rotation_destination) X(rotation_years_left) X(has_rotated)      \
  X(rotation_kind) X(settling_years_left) X(rural_service_years) X(part_time_school)         \
  X(part_time_share) X(guidance_school) X(guidance_share)
#define EDUSIM_SNAPSHOT_LEADER_COLUMNS(X)                                                   \
  X(id) X(school) X(home_school) X(role) X(rank) X(age) X(experience) X(years_in_post)       \
  X(quality) X(rotation_destination) X(rotation_years_left) X(has_rotated)
#define EDUSIM_SNAPSHOT_STUDENT_COLUMNS(X)                                                  \
  X(id) X(achievement) X(teacher_value_added) X(ses) X(residence)
#define EDUSIM_SNAPSHOT_CLASS_COLUMNS(X)                                                    \
  X(school) X(grade) X(student_begin) X(class_teacher)
#define EDUSIM_SNAPSHOT_KINDERGARTEN_COLUMNS(X)                                             \
  X(name) X(zone) X(is_private) X(x_km) X(y_km) X(size_weight) X(children) X(classes)       \
  X(teachers) X(care_staff) X(teacher_effectiveness) X(group) X(group_role) X(alliance)     \
  X(alliance_core) X(school_group) X(open) X(talent_shift)
#define EDUSIM_SNAPSHOT_KINDERGARTEN_TEACHER_COLUMNS(X)                                     \
  X(id) X(kindergarten) X(age) X(experience) X(years_in_title) X(title) X(effectiveness)
// clang-format on

/// Schools columns not saved: derived from other state and recomputed when a simulation
/// starts (Schools::leadership, by update_leadership), so snapshots of earlier versions
/// stay readable.
inline constexpr std::size_t kDerivedSchoolColumns = 1;

namespace detail {

/// Converts to anything: counts the members of an aggregate (below).
struct AnyMember {
  template <class T>
  operator T() const;  // never defined: used in unevaluated contexts only
};

/// The number of members of the aggregate T (no base classes, no arrays).
template <class T, class... Members>
consteval std::size_t member_count() {
  if constexpr (requires { T{Members{}..., AnyMember{}}; }) {
    return member_count<T, Members..., AnyMember>();
  } else {
    return sizeof...(Members);
  }
}

}  // namespace detail

}  // namespace edusim

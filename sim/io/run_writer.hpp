#pragma once
// Writes one run to HDF5, a year at a time (nothing is held in memory beyond
// the current year). The file is written under a temporary name in the same
// directory and renamed to the final name only by finish(), after the root
// attribute `complete` = 1 has been written; a writer destroyed before
// finish() (error, signal, exception) removes its temporary file, so a file
// under the final name is always complete.
//
// Layout (see docs/output-schema.md):
//   /                    attributes: schema_version, file_kind, engine_version,
//                        git_revision, git_clean, created_utc, command_line, seed,
//                        run_index, scenario_file, scenario (resolved YAML), threads,
//                        complete
//   /district/year       [year] int32 calendar year
//   /district/<metric>   [year] float64, attributes units, description
//   /schools/info        [school] compound table: index, name, level, zone, group, alliance,
//                        group_role, group_type
//   /schools/<metric>    [year, school] float64, attributes units, description
//   /events/<table>/<column> [event] int64 (add_events / append_events)
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "model/series.hpp"

namespace edusim {

inline constexpr int kOutputSchemaVersion = 1;

/// The build that computed a file's results (root attributes engine_version, git_revision
/// and git_clean of every kind of output file).
struct BuildInfo {
  std::string engine_version;
  std::string git_revision;  ///< with "-dirty" when the tree was modified
  bool git_clean = false;

  bool operator==(const BuildInfo&) const = default;
};

/// This build (edusim/version.hpp; defined in a .cpp so that a new revision recompiles
/// only the few files that include the generated header).
BuildInfo this_build();

struct RunProvenance {
  std::string scenario_file;
  std::string scenario_yaml;  ///< the fully resolved scenario (defaults filled in)
  std::uint64_t seed = 0;
  std::int64_t run_index = 0;
  int threads = 1;
  std::string command_line;
  std::string warnings;          ///< about the scenario, one per line; "" when none
  std::uint64_t world_seed = 0;  ///< the generated district's seed (run.world_seed or seed)
};

/// One row per school of /schools/info.
struct SchoolInfoRow {
  std::int32_t index;
  std::string name;
  std::string level;                ///< "primary" | "middle"
  std::string zone;                 ///< "urban" | "town" | "rural"
  std::int32_t group;               ///< -1 none
  std::int32_t alliance;            ///< -1 none
  std::string group_role = "none";  ///< "none" | "lead" | "member"
  std::string group_type = "none";  ///< "none" | "tight_integration" | ... (kGroupTypeNames)
};

class RunWriter {
 public:
  /// Creates `<final_path>.tmp-<pid>`; throws InputError if the directory is not
  /// writable or if final_path exists and overwrite is false.
  RunWriter(std::string final_path, const RunProvenance& provenance,
            const std::vector<SchoolInfoRow>& schools, std::vector<SeriesDef> district_series,
            std::vector<SeriesDef> school_series, bool overwrite);
  ~RunWriter();
  RunWriter(const RunWriter&) = delete;
  RunWriter& operator=(const RunWriter&) = delete;

  /// Appends one year: district_values[i] for district_series[i];
  /// school_values[i * n_schools + s] for school_series[i] and school s.
  void append_year(std::int32_t calendar_year, std::span<const double> district_values,
                   std::span<const double> school_values);

  /// Adds a group of series; call before the first append_year. Returns its index.
  std::size_t add_group(SeriesGroup group);

  /// Writes this year's row of group `g` (values[i * columns + c], or values[i]);
  /// call once per group after each append_year.
  void append_group(std::size_t g, std::span<const double> values);

  /// Adds an event table; call before the first append_year. Returns its index.
  std::size_t add_events(EventTableDef table);

  /// Appends `rows` events to table `t`: values[c * rows + r] is column c of event r.
  void append_events(std::size_t t, std::span<const std::int64_t> values, std::size_t rows);

  /// Marks the file complete, closes it and renames it to the final name.
  /// Throws if a group has fewer rows than the years appended.
  void finish();

  /// Keeps what was written so far: `complete` = 0 and `years_written`, then closed and
  /// renamed to `partial_path` (never the final name). For an interrupted run with
  /// --keep-partial.
  void finish_partial(const std::string& partial_path);

  const std::string& temporary_path() const;

  /// The open HDF5 file (an hid_t), for code that adds groups of its own to the run
  /// file (io/snapshot.hpp). Throws std::logic_error after finish(), std::runtime_error
  /// after a failed append_year.
  std::int64_t native_file() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace edusim

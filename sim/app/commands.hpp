#pragma once
// The subcommands of `edusim`; each returns the process exit code and throws
// InputError for problems the user can fix.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace edusim {

/// Raised when SIGINT or SIGTERM asks a run to stop.
class Interrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RunCommandOptions {
  std::string scenario;
  std::string output;
  int threads = 0;  ///< 0: all cores
  std::optional<std::int64_t> seed;
  std::optional<int> years;
  bool quiet = false;
  bool force = false;
  bool check = false;
  bool keep_partial = false;  ///< on SIGINT/SIGTERM keep the years done in OUT.partial.h5
  std::vector<std::string> snapshot_at;  ///< calendar years, or +N (core/year_option.hpp)
  std::vector<std::string> set;          ///< KEY=VALUE overrides of scenario keys
};

struct BenchOptions {
  std::int64_t students = 100000;
  int years = 0;    ///< 0: by size, 40 years at 10^4 students down to 3 at 10^8
  int threads = 0;  ///< 0: all cores
  std::int64_t seed = 1;
  bool policies = false;           ///< switch on every workforce policy (rotation, uplift, ...)
  std::vector<std::string> set;    ///< KEY=VALUE overrides of the benchmark scenario
  std::vector<std::string> sizes;  ///< a table: one row per size ("1e4", "100000")
  std::vector<int> threads_list;   ///< a table: one row per thread count and size
  std::string format = "text";     ///< text, table (markdown), csv, json
  std::string output;              ///< csv/json/table to this file (default stdout)
  int triad_mib = 256;             ///< MiB per triad array; 0: no triad
  int triad_repetitions = 10;      ///< triad passes, the fastest kept
  std::string write_scenario;      ///< write the benchmark scenario as YAML and stop
};

/// Refuses an output path before any work is done: a directory, an existing file
/// without `force`, a missing or unwritable directory.
void check_output_path(const std::string& output, bool force);
/// Keeps freed memory in the process (glibc: no mmap below 32 MiB, no trimming below
/// 256 MiB). Every year and every county allocates and frees its working tables afresh:
/// returned to the system, the next would fault them in and zero them again (serially,
/// wherever the allocation is not parallel). Kept, they are reused; allocation only.
void keep_freed_memory();
/// The command line, arguments joined by spaces (provenance).
std::string joined_command_line(int argc, char** argv);

int run_command(const RunCommandOptions& options, int argc, char** argv);
int validate_command(const std::string& file);
int info_command(const std::string& file);
/// What `edusim schema` prints, as markdown.
enum class SchemaTopic {
  Scenario,  ///< the scenario keys (docs/scenario-reference.md)
  KeysCsv,   ///< the scenario keys as CSV, with default, range, basis and source
  Tables,    ///< the columns of the district tables (docs/data-tables.md)
  Outputs,   ///< the district and school series (docs/output-schema.md)
};
int schema_command(SchemaTopic topic);
int export_world_command(const std::string& scenario, const std::string& dir, bool force);
int bench_command(const BenchOptions& options);

}  // namespace edusim

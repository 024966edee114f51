#pragma once
// `edusim export-csv`: a run or sweep file as tidy CSV tables in a directory, with a README.txt
// that describes every file and column (docs/analysis.md, "Tidy CSV export"). The tables are
// those of io/tidy_tables.hpp; the directory is written whole (io/output_dir.hpp).
#include <string>
#include <vector>

namespace edusim {

struct TidyExport {
  std::string kind;                ///< "run" or "sweep"
  std::vector<std::string> files;  ///< the files written, in order (README.txt last)
};

/// Writes the tables of `input` (a complete run or sweep file) into the directory `dir`, which
/// must not exist unless `overwrite`. InputError naming the file when `input` is not a complete
/// edusim run or sweep file, or `dir` is refused (check_output_directory); nothing is left
/// under `dir` then.
TidyExport export_tidy_csv(const std::string& input, const std::string& dir, bool overwrite);

}  // namespace edusim

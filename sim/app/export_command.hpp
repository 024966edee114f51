#pragma once
// `edusim export-csv RUN.h5|SWEEP.h5 -o DIR [--force]`: a result file as tidy CSV tables.
#include <string>

namespace edusim {

/// Writes the tidy CSV tables of `input` into `dir` (io/tidy_export.hpp) and prints what it
/// wrote; returns the exit code. Throws InputError for a bad input file or a refused `dir`.
int export_csv_command(const std::string& input, const std::string& dir, bool force);

}  // namespace edusim

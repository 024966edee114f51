#pragma once
// The tidy CSV tables of `edusim export-csv` (docs/analysis.md, "Tidy CSV export"): what each
// file of the export holds, column by column, for a run file and for a sweep file. A table is
// described (columns with units and descriptions, for README.txt and units.csv) and produces its
// rows one at a time, so that a large sweep is never held as text.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "io/run_reader.hpp"
#include "io/sweep_file.hpp"
#include "model/series.hpp"

namespace edusim {

struct TidyTable {
  std::string file;                ///< e.g. "district.csv"
  std::string about;               ///< what the file holds and what one row is (README.txt)
  std::vector<SeriesDef> columns;  ///< name, units, description of each column, in order
  std::size_t rows = 0;
  /// The cells of row r (0 <= r < rows), one per column, as CSV text (before quoting).
  std::function<void(std::size_t r, std::vector<std::string>& cells)> row;
};

/// district.csv, schools.csv and events_<table>.csv (one per /events table) of a run file. The
/// tables refer to `run`, which must outlive them.
std::vector<TidyTable> run_tables(const RunFileData& run);

/// params.csv, district.csv and (sweeps with per-school series) schools.csv of a sweep file;
/// `param_columns` are the /params datasets with their descriptions. The tables refer to
/// `sweep`, which must outlive them.
std::vector<TidyTable> sweep_tables(const SweepFileData& sweep,
                                    const std::vector<SeriesDef>& param_columns);

/// units.csv: one row per column of `tables`: file, column, units, description.
TidyTable units_table(const std::vector<TidyTable>& tables);

}  // namespace edusim

#pragma once
// Writing CSV files (RFC 4180, the inverse of io/csv.hpp): UTF-8 text as it is, LF line ends,
// a field quoted with "..." (inner quotes doubled) when it holds a comma, a quote or a line
// break; numbers as the shortest text that reads back to the same double.
#include <fstream>
#include <string>
#include <vector>

namespace edusim {

/// A double as the shortest text that reads back to exactly the same value (fmt's "{}":
/// 0.1, 22500, 1e-07, inf, -inf); NaN as "" (an empty cell, which pandas and R read as NA).
std::string csv_number(double value);

class CsvWriter {
 public:
  /// Creates (truncates) `path`; InputError "PATH: cannot create file: REASON" on failure.
  explicit CsvWriter(std::string path);

  /// Writes one record, each cell quoted when it needs it.
  void write_row(const std::vector<std::string>& cells);

  /// Flushes and closes; InputError "PATH: cannot write: REASON" if any write failed.
  void close();

 private:
  std::string path_;
  std::ofstream out_;
};

}  // namespace edusim

#pragma once
// Reading CSV tables (RFC 4180: comma-separated, a header row, fields quoted
// with "..." when they hold commas, quotes or line breaks; LF or CRLF). The
// file must be UTF-8, with or without the byte-order mark that spreadsheet
// exports write. Cells are views into the file's text (no allocation per
// cell: a province's teacher table has millions of cells).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace edusim {

struct CsvTable {
  std::string file;
  std::vector<std::string> header;
  std::vector<int> line;  ///< line number (1-based) where each row starts
  int header_line = 1;

  std::size_t size() const { return line.size(); }
  /// Cell of a row and column, trimmed of spaces and tabs.
  std::string_view cell(std::size_t row, std::size_t column) const {
    return cells[row * header.size() + column];
  }

  // Storage: the views in `cells` point into `text` or into `unescaped`.
  std::unique_ptr<const std::string> text;
  std::vector<std::unique_ptr<std::string>> unescaped;  ///< quoted cells with "" inside
  std::vector<std::string_view> cells;                  ///< row-major
};

/// Reads a whole table; throws InputError naming the file and line on a file
/// that is missing, not UTF-8, empty, badly quoted, or whose rows do not have
/// as many fields as the header.
CsvTable read_csv(const std::string& file);

/// Parses CSV text (`name` stands for the file in messages).
CsvTable parse_csv(std::string text, const std::string& name);

/// Quotes a field for writing when it needs it.
std::string csv_field(const std::string& value);

}  // namespace edusim

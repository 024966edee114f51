#pragma once
// Reading CSV tables (RFC 4180: comma-separated, a header row, fields quoted
// with "..." when they hold commas, quotes or line breaks; LF or CRLF). The
// file must be UTF-8, with or without the byte-order mark that spreadsheet
// exports write.
#include <string>
#include <vector>

namespace edusim {

struct CsvTable {
  std::string file;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> line;  ///< line number (1-based) where each row starts

  std::size_t size() const { return rows.size(); }
};

/// Reads a whole table; throws InputError naming the file and line on a file
/// that is missing, not UTF-8, empty, badly quoted, or whose rows do not have
/// as many fields as the header.
CsvTable read_csv(const std::string& file);

/// Parses CSV text (`name` stands for the file in messages).
CsvTable parse_csv(const std::string& text, const std::string& name);

/// Quotes a field for writing when it needs it.
std::string csv_field(const std::string& value);

}  // namespace edusim

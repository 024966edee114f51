#include "io/csv.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "io/text_file.hpp"

namespace edusim {

namespace {

/// Splits CSV text into records of fields; tracks the line each record starts on.
class CsvParser {
 public:
  CsvParser(const std::string& text, const std::string& name) : text_(text), name_(name) {}

  /// Next record into `fields`; false at the end of the text.
  bool next(std::vector<std::string>& fields, int& start_line) {
    fields.clear();
    if (pos_ >= text_.size()) return false;
    start_line = line_;
    std::string field;
    bool quoted = false, was_quoted = false;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (quoted) {
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            field += '"';
            ++pos_;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line_;
          field += c;
        }
        continue;
      }
      if (c == '"') {
        if (!field.empty() || was_quoted)
          throw InputError(fmt::format("{}:{}: a quote (\") inside an unquoted field; quote the whole field and double inner quotes", name_, line_));
        quoted = was_quoted = true;
      } else if (c == ',') {
        fields.push_back(std::move(field));
        field.clear();
        was_quoted = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
        ++line_;
        break;
      } else {
        if (was_quoted)
          throw InputError(fmt::format("{}:{}: text after a closing quote", name_, line_));
        field += c;
      }
    }
    if (quoted)
      throw InputError(fmt::format("{}:{}: a quoted field is never closed", name_, start_line));
    fields.push_back(std::move(field));
    return true;
  }

 private:
  const std::string& text_;
  const std::string& name_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

bool blank(const std::vector<std::string>& fields) {
  return fields.size() == 1 && fields[0].find_first_not_of(" \t") == std::string::npos;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string{} : s.substr(b, e - b + 1);
}

}  // namespace

CsvTable parse_csv(const std::string& text, const std::string& name) {
  CsvTable table;
  table.file = name;
  CsvParser parser(text, name);
  std::vector<std::string> fields;
  int line = 0;
  while (parser.next(fields, line) && blank(fields)) {
  }
  if (fields.empty() || blank(fields))
    throw InputError(fmt::format("{}: the table is empty; expected a header row", name));
  for (auto& f : fields) table.header.push_back(trim(f));
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    if (table.header[c].empty())
      throw InputError(fmt::format("{}:{}: column {} of the header has no name", name, line, c + 1));
    for (std::size_t d = 0; d < c; ++d)
      if (table.header[d] == table.header[c])
        throw InputError(fmt::format("{}:{}: column '{}' appears twice in the header", name, line,
                                     table.header[c]));
  }
  while (parser.next(fields, line)) {
    if (blank(fields)) continue;
    if (fields.size() != table.header.size())
      throw InputError(fmt::format("{}:{}: row has {} fields but the header has {} columns", name,
                                   line, fields.size(), table.header.size()));
    for (auto& f : fields) f = trim(f);
    table.rows.push_back(fields);
    table.line.push_back(line);
  }
  return table;
}

CsvTable read_csv(const std::string& file) { return parse_csv(read_text_file(file, "table"), file); }

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace edusim

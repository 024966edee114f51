#include "io/csv.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"
#include "io/text_file.hpp"

namespace edusim {

namespace {

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

/// Splits CSV text into records of fields (views); tracks the line each record starts on.
class CsvParser {
 public:
  CsvParser(std::string_view text, const std::string& name, CsvTable& storage)
      : text_(text), name_(name), storage_(storage) {}

  /// Next record into `fields`; false at the end of the text.
  bool next(std::vector<std::string_view>& fields, int& start_line) {
    fields.clear();
    if (pos_ >= text_.size()) return false;
    start_line = line_;
    for (;;) {
      fields.push_back(pos_ < text_.size() && text_[pos_] == '"' ? quoted_field(start_line)
                                                                 : plain_field());
      if (pos_ >= text_.size()) return true;
      const char c = text_[pos_++];
      if (c == ',') continue;
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;  // '\n' or '\r': end of record
      return true;
    }
  }

 private:
  std::string_view plain_field() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
           text_[pos_] != '\r') {
      if (text_[pos_] == '"')
        throw InputError(fmt::format(
            "{}:{}: a quote (\") inside an unquoted field; quote the whole field and double "
            "inner quotes",
            name_, line_));
      ++pos_;
    }
    return trim(text_.substr(start, pos_ - start));
  }

  std::string_view quoted_field(int start_line) {
    ++pos_;  // opening quote
    const std::size_t start = pos_;
    std::string* unescaped = nullptr;
    for (;;) {
      if (pos_ >= text_.size())
        throw InputError(fmt::format("{}:{}: a quoted field is never closed", name_, start_line));
      const char c = text_[pos_++];
      if (c == '\n') ++line_;
      if (c != '"') {
        if (unescaped) unescaped->push_back(c);
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '"') {  // "" is one quote
        if (!unescaped) {
          storage_.unescaped.push_back(
              std::make_unique<std::string>(text_.substr(start, pos_ - start)));
          unescaped = storage_.unescaped.back().get();
        } else {
          unescaped->push_back('"');
        }
        ++pos_;
        continue;
      }
      break;  // closing quote
    }
    const std::size_t after = pos_;
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
    if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' && text_[pos_] != '\r')
      throw InputError(fmt::format("{}:{}: text after a closing quote", name_, line_));
    return unescaped ? std::string_view(*unescaped) : text_.substr(start, after - 1 - start);
  }

  std::string_view text_;
  const std::string& name_;
  CsvTable& storage_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

bool blank(const std::vector<std::string_view>& fields) {
  return fields.size() == 1 && fields[0].empty();
}

void read_header(CsvTable& table, const std::vector<std::string_view>& fields, int line) {
  table.header_line = line;
  for (auto f : fields) table.header.emplace_back(f);
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    if (table.header[c].empty())
      throw InputError(
          fmt::format("{}:{}: column {} of the header has no name", table.file, line, c + 1));
    for (std::size_t d = 0; d < c; ++d)
      if (table.header[d] == table.header[c])
        throw InputError(fmt::format("{}:{}: column '{}' appears twice in the header", table.file,
                                     line, table.header[c]));
  }
}

}  // namespace

CsvTable parse_csv(std::string text, const std::string& name) {
  CsvTable table;
  table.file = name;
  table.text = std::make_unique<const std::string>(std::move(text));
  CsvParser parser(*table.text, name, table);
  std::vector<std::string_view> fields;
  int line = 0;
  bool any = false;
  while ((any = parser.next(fields, line)) && blank(fields)) {
  }
  if (!any || blank(fields))
    throw InputError(fmt::format("{}: the table is empty; expected a header row", name));
  read_header(table, fields, line);
  const auto lines =
      static_cast<std::size_t>(std::count(table.text->begin(), table.text->end(), '\n'));
  table.cells.reserve(lines * table.header.size());
  table.line.reserve(lines);
  while (parser.next(fields, line)) {
    if (blank(fields)) continue;
    if (fields.size() != table.header.size())
      throw InputError(fmt::format("{}:{}: row has {} fields but the header has {} columns", name,
                                   line, fields.size(), table.header.size()));
    table.cells.insert(table.cells.end(), fields.begin(), fields.end());
    table.line.push_back(line);
  }
  return table;
}

CsvTable read_csv(const std::string& file) {
  return parse_csv(read_text_file(file, "table"), file);
}

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\n\r") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

}  // namespace edusim

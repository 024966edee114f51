#include "io/table_reader.hpp"

#include <fmt/format.h>

#include <stdexcept>
#include <unordered_map>

#include "core/error.hpp"
#include "io/scalar_parse.hpp"
#include "io/schema_writers.hpp"
#include "io/yaml_reader.hpp"

namespace edusim {

namespace {

using namespace schema;

/// Rows are flat: sections and lists cannot be table columns.
[[noreturn]] void not_a_column(std::string_view key) {
  throw std::logic_error(fmt::format("table column '{}' declared as a section or list", key));
}

/// Learns the declared columns of a row type.
class ColumnCollector final : public Visitor {
 public:
  struct Column {
    std::string name;
    bool required;
  };
  std::vector<Column> columns;

  void real(std::string_view k, double&, const RealSpec& s) override { add(k, s.required); }
  void integer(std::string_view k, std::int64_t&, const IntegerSpec& s) override {
    add(k, s.required);
  }
  void boolean(std::string_view k, bool&, const Doc&) override { add(k, false); }
  void text(std::string_view k, std::string&, const TextSpec& s) override { add(k, s.required); }
  void choice(std::string_view k, int&, std::span<const std::string_view>,
              const ChoiceSpec& s) override {
    add(k, s.required);
  }
  void section(std::string_view k, const SectionSpec&,
               const std::function<void(Visitor&)>&) override {
    not_a_column(k);
  }
  void list(std::string_view k, const ListSpec&, ListHandle&) override { not_a_column(k); }

 private:
  void add(std::string_view name, bool required) {
    columns.push_back({std::string(name), required});
  }
};

/// Reads the cells of one row into the fields of a row struct.
class RowReader final : public Visitor {
 public:
  RowReader(const CsvTable& table, std::size_t row, const ColumnRefusal* refusal = nullptr)
      : table_(table), row_(row), refusal_(refusal) {}

  void real(std::string_view k, double& v, const RealSpec& s) override {
    if (const auto* cell = find(k, s.required)) check(k, parse_real(*cell, s, v));
  }
  void integer(std::string_view k, std::int64_t& v, const IntegerSpec& s) override {
    if (const auto* cell = find(k, s.required)) check(k, parse_integer(*cell, s, v));
  }
  void boolean(std::string_view k, bool& v, const Doc&) override {
    if (const auto* cell = find(k, false)) check(k, parse_boolean(*cell, v));
  }
  void text(std::string_view k, std::string& v, const TextSpec& s) override {
    if (const auto* cell = find(k, s.required)) v = std::string(*cell);
  }
  void choice(std::string_view k, int& v, std::span<const std::string_view> names,
              const ChoiceSpec& s) override {
    if (const auto* cell = find(k, s.required)) check(k, parse_choice(*cell, names, v));
  }
  void section(std::string_view k, const SectionSpec&,
               const std::function<void(Visitor&)>&) override {
    not_a_column(k);
  }
  void list(std::string_view k, const ListSpec&, ListHandle&) override { not_a_column(k); }

 private:
  /// The cell of column `key`, or nullptr when the column is absent, the cell empty or the
  /// column refused for this row (its cell must then be empty).
  const std::string_view* find(std::string_view key, bool required) {
    cell_ = {};
    for (std::size_t c = 0; c < table_.header.size(); ++c)
      if (table_.header[c] == key) {
        cell_ = table_.cell(row_, c);
        break;
      }
    if (const std::string why = refusal_ ? (*refusal_)(key) : std::string(); !why.empty()) {
      if (!cell_.empty()) table_error(table_, row_, key, why);
      return nullptr;
    }
    if (!cell_.empty()) return &cell_;
    if (required) table_error(table_, row_, key, "is empty; a value is required");
    return nullptr;
  }
  void check(std::string_view key, const std::string& problem) const {
    if (!problem.empty()) table_error(table_, row_, key, problem);
  }
  const CsvTable& table_;
  std::size_t row_;
  const ColumnRefusal* refusal_;
  std::string_view cell_;
};

/// The separator a one-column header seems to use instead of commas, or "".
std::string separator_hint(const std::string& header_cell) {
  if (header_cell.find('\t') != std::string::npos) return "tab";
  if (header_cell.find(';') != std::string::npos) return "semicolon";
  return "";
}

}  // namespace

void table_error(const CsvTable& table, std::size_t row, std::string_view column,
                 const std::string& message) {
  throw InputError(
      fmt::format("{}:{}: column '{}': {}", table.file, table.line[row], column, message));
}

void check_table_header(const CsvTable& table, const VisitFn& visit_prototype) {
  ColumnCollector declared;
  visit_prototype(declared);
  for (const auto& name : table.header) {
    bool known = false;
    std::string best;
    std::size_t best_distance = std::string::npos;
    for (const auto& c : declared.columns) {
      known = known || c.name == name;
      const std::size_t d = edit_distance(name, c.name);
      if (d < best_distance) best_distance = d, best = c.name;
    }
    if (known) continue;
    std::string all;
    for (const auto& c : declared.columns) all += (all.empty() ? "" : ", ") + c.name;
    if (table.header.size() == 1 && !separator_hint(name).empty())
      throw InputError(
          fmt::format("{}:{}: the file looks {}-separated (its header is one column); "
                      "save it as comma-separated CSV",
                      table.file, table.header_line, separator_hint(name)));
    throw InputError(fmt::format("{}:{}: column '{}' is not a known column; {}", table.file,
                                 table.header_line, name,
                                 best_distance <= std::max<std::size_t>(2, name.size() / 3)
                                     ? fmt::format("did you mean '{}'?", best)
                                     : "known columns: " + all));
  }
  for (const auto& c : declared.columns) {
    if (!c.required) continue;
    bool present = false;
    for (const auto& name : table.header) present = present || name == c.name;
    if (!present)
      throw InputError(fmt::format("{}:{}: required column '{}' is missing from the header",
                                   table.file, table.header_line, c.name));
  }
}

void read_table_row(const CsvTable& table, std::size_t row, const VisitFn& visit_row) {
  RowReader reader(table, row);
  visit_row(reader);
}

void read_table_row(const CsvTable& table, std::size_t row, const VisitFn& visit_row,
                    const ColumnRefusal& refusal) {
  RowReader reader(table, row, &refusal);
  visit_row(reader);
}

std::string column_reference(const VisitFn& visit_prototype) {
  ReferenceWriter writer;
  visit_prototype(writer);
  return "| column | type | default | allowed | unit | description | source |\n"
         "|---|---|---|---|---|---|---|\n" +
         writer.markdown();
}

}  // namespace edusim

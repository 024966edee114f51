#pragma once
// Reading CSV tables into schema-described row structs: the same declarations
// (`visit`) that drive the YAML loader declare a table's columns, so column
// names, types, ranges, defaults and docs have one source. An empty cell means
// "not given": the column's default, or an error for a required column.
#include <functional>
#include <string>
#include <vector>

#include "io/csv.hpp"
#include "model/schema.hpp"

namespace edusim {

using VisitFn = std::function<void(schema::Visitor&)>;

/// Throws InputError "file:line: column 'name': message" for one cell or row.
[[noreturn]] void table_error(const CsvTable& table, std::size_t row, std::string_view column,
                              const std::string& message);

/// Checks the header against the declared columns: unknown columns (with a
/// did-you-mean) and missing required columns are errors.
void check_table_header(const CsvTable& table, const VisitFn& visit_prototype);

/// Reads one row through `visit_row` (a row struct's visit).
void read_table_row(const CsvTable& table, std::size_t row, const VisitFn& visit_row);

/// Why a column does not apply to a row ("" when it does).
using ColumnRefusal = std::function<std::string(std::string_view column)>;

/// Reads one row through `visit_row`, only the columns `refusal` lets apply: the cell of any
/// other column must be empty (else the error says why), and is not read or required.
void read_table_row(const CsvTable& table, std::size_t row, const VisitFn& visit_row,
                    const ColumnRefusal& refusal);

template <schema::Visitable Row>
std::vector<Row> read_table(const CsvTable& table) {
  check_table_header(table, [](schema::Visitor& v) {
    Row prototype{};
    prototype.visit(v);
  });
  std::vector<Row> rows(table.size());
  for (std::size_t i = 0; i < rows.size(); ++i)
    read_table_row(table, i, [&rows, i](schema::Visitor& v) { rows[i].visit(v); });
  return rows;
}

/// Markdown table of a row type's columns (the column dictionary in docs/).
std::string column_reference(const VisitFn& visit_prototype);

}  // namespace edusim

#pragma once
// Writing row structs as CSV through their schema `visit` (the inverse of
// table_reader): the header is the declared column names, in order.
#include <ostream>

#include "io/table_reader.hpp"

namespace edusim {

/// Writes the header line of a row type.
void write_table_header(std::ostream& out, const VisitFn& visit_prototype);

/// Writes one row; NaN numbers (values "not given") become empty cells.
void write_table_row(std::ostream& out, const VisitFn& visit_row);

}  // namespace edusim

#include "io/table_writer.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "io/csv.hpp"
#include "io/schema_writers.hpp"

namespace edusim {

namespace {

using namespace schema;

/// Values stored as float print as the shortest text that reads back (through
/// double, as the reader does) to the same float; others as the shortest double.
std::string readable_real(double v) {
  const auto f = static_cast<float>(v);
  if (static_cast<double>(f) == v) {
    std::string text = fmt::format("{}", f);
    double back = 0;
    if (std::from_chars(text.data(), text.data() + text.size(), back).ec == std::errc{} &&
        static_cast<float>(back) == f)
      return text;
  }
  return format_real(v);
}

/// Collects the cells (or the column names) of one row.
class CellWriter final : public Visitor {
 public:
  explicit CellWriter(bool names) : names_(names) {}
  std::vector<std::string> cells;

  void real(std::string_view k, double& v, const RealSpec&) override {
    add(k, std::isnan(v) ? "" : readable_real(v));
  }
  void integer(std::string_view k, std::int64_t& v, const IntegerSpec&) override {
    add(k, std::to_string(v));
  }
  void boolean(std::string_view k, bool& v, const Doc&) override { add(k, v ? "true" : "false"); }
  void text(std::string_view k, std::string& v, const TextSpec&) override { add(k, v); }
  void choice(std::string_view k, int& v, std::span<const std::string_view> names,
              const ChoiceSpec&) override {
    add(k, std::string(names[static_cast<std::size_t>(v)]));
  }
  void section(std::string_view k, const SectionSpec&,
               const std::function<void(Visitor&)>&) override {
    throw std::logic_error(fmt::format("table column '{}' declared as a section", k));
  }
  void list(std::string_view k, const ListSpec&, ListHandle&) override {
    throw std::logic_error(fmt::format("table column '{}' declared as a list", k));
  }

 private:
  void add(std::string_view name, const std::string& value) {
    cells.push_back(names_ ? std::string(name) : value);
  }
  bool names_;
};

void write_cells(std::ostream& out, const std::vector<std::string>& cells) {
  for (std::size_t c = 0; c < cells.size(); ++c) out << (c ? "," : "") << csv_field(cells[c]);
  out << '\n';
}

}  // namespace

void write_table_header(std::ostream& out, const VisitFn& visit_prototype) {
  CellWriter w(true);
  visit_prototype(w);
  write_cells(out, w.cells);
}

void write_table_row(std::ostream& out, const VisitFn& visit_row) {
  CellWriter w(false);
  visit_row(w);
  write_cells(out, w.cells);
}

}  // namespace edusim

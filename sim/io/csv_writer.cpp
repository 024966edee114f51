#include "io/csv_writer.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <system_error>

#include "core/error.hpp"
#include "io/csv.hpp"

namespace edusim {

namespace {

std::string last_error_text() {
  return std::error_code(errno, std::generic_category()).message();
}

}  // namespace

std::string csv_number(double value) {
  return std::isnan(value) ? "" : fmt::format("{}", value);
}

CsvWriter::CsvWriter(std::string path) : path_(std::move(path)) {
  out_.open(path_, std::ios::binary | std::ios::trunc);
  if (!out_) throw InputError(fmt::format("{}: cannot create file: {}", path_, last_error_text()));
}

void CsvWriter::write_row(const std::vector<std::string>& cells) {
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (c > 0) out_.put(',');
    out_ << csv_field(cells[c]);
  }
  out_.put('\n');
}

void CsvWriter::close() {
  out_.flush();
  const bool ok = static_cast<bool>(out_);
  const std::string reason = last_error_text();
  out_.close();
  if (!ok || out_.fail()) throw InputError(fmt::format("{}: cannot write: {}", path_, reason));
}

}  // namespace edusim

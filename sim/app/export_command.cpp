#include "app/export_command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "io/tidy_export.hpp"

namespace edusim {

int export_csv_command(const std::string& input, const std::string& dir, bool force) {
  const TidyExport result = export_tidy_csv(input, dir, force);
  fmt::print("{}: wrote {} (the {} file {}; README.txt describes every column)\n", dir,
             fmt::join(result.files, ", "), result.kind, input);
  return 0;
}

}  // namespace edusim

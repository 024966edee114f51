#include "core/year_option.hpp"

#include <fmt/format.h>

#include <charconv>

#include "core/error.hpp"

namespace edusim {

YearOption parse_year_option(std::string_view text, std::string_view option) {
  const auto fail = [&](std::string_view why) {
    return InputError(fmt::format(
        "{} {}: {}; give a calendar year ({} to {}, e.g. 2029) or +N, the Nth simulated year "
        "(e.g. +5)",
        option, text, why, kFirstCalendarYear, kLastCalendarYear));
  };
  const bool plus = text.starts_with('+');
  const std::string_view digits = plus ? text.substr(1) : text;
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos)
    throw fail("not a year");
  int value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || value > kLastCalendarYear)
    throw fail("out of range");
  YearOption out;
  out.value = value;
  out.simulated = plus || value < kFirstCalendarYear;
  if (!plus && value < kFirstCalendarYear)
    out.deprecation = fmt::format(
        "{} {}: a bare number under {} is read as the simulated year +{}; this spelling is "
        "deprecated: write +{} (simulated) or a calendar year",
        option, text, kFirstCalendarYear, value, value);
  return out;
}

}  // namespace edusim

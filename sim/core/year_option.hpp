#pragma once
// The one convention of the options that name a year (`edusim run --snapshot-at`, and in
// analysis/years.py the Python commands' --year/--years): a calendar year (2029), or +N for
// the Nth simulated year after the start (+0 is the start, +5 the end of the fifth year).
// A bare number under 1900 cannot be a calendar year: it is read as +N, the older spelling
// of simulated years, with a deprecation warning.
#include <optional>
#include <string>
#include <string_view>

namespace edusim {

/// Calendar years are from here on; a bare number below is a simulated year (deprecated).
inline constexpr int kFirstCalendarYear = 1900;
inline constexpr int kLastCalendarYear = 9999;

struct YearOption {
  int value = 0;           ///< the calendar year, or N of +N
  bool simulated = false;  ///< +N (or a bare N < 1900)
  /// Set for a bare N < 1900: what to print as "edusim: warning: ...".
  std::optional<std::string> deprecation;

  /// The calendar year this names in a run whose year +0 is `first_year`.
  int calendar_year(int first_year) const { return simulated ? first_year + value : value; }
};

/// Parses the text of `option` ("--snapshot-at"); throws InputError naming the option, the
/// text and the forms allowed.
YearOption parse_year_option(std::string_view text, std::string_view option);

}  // namespace edusim

#include "io/scalar_parse.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace edusim::schema {

namespace {

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

bool is_non_finite_word(std::string_view t) {
  for (std::string_view w :
       {".nan", ".NaN", ".NAN", "nan",      "NaN",      "NAN",       "-nan",     "-.nan",
        "-NaN", ".inf", ".Inf", ".INF",     "-.inf",    "-.Inf",     "-.INF",    "+.inf",
        "inf",  "-inf", "+inf", "infinity", "Infinity", "-infinity", "-Infinity"})
    if (t == w) return true;
  return false;
}

}  // namespace

std::string join_names(std::span<const std::string_view> names) {
  std::string joined;
  for (auto n : names) joined += (joined.empty() ? "" : ", ") + std::string(n);
  return joined;
}

std::string parse_real(std::string_view raw, const RealSpec& spec, double& value) {
  const std::string_view text = trim(raw);
  const std::string range = format_range(spec.min, spec.max);
  if (is_non_finite_word(text))
    return fmt::format("must be a finite number in {}, got {}", range, text);
  double parsed = 0;
  const char* first = text.data() + (text.starts_with('+') ? 1 : 0);
  const char* last = text.data() + text.size();
  auto [end, ec] = std::from_chars(first, last, parsed);
  if (ec == std::errc::result_out_of_range)
    return fmt::format("value {} is out of range; allowed {}", text, range);
  if (ec != std::errc{} || end != last || text.empty())
    return fmt::format("expected a number in {}, got \"{}\"", range, text);
  if (!std::isfinite(parsed) || parsed < spec.min || parsed > spec.max)
    return fmt::format("value {} is out of range; allowed {}", text, range);
  value = parsed;
  return {};
}

std::string parse_integer(std::string_view raw, const IntegerSpec& spec, std::int64_t& value) {
  const std::string_view text = trim(raw);
  const std::string range = fmt::format("[{}, {}]", spec.min, spec.max);
  const char* first = text.data() + (text.starts_with('+') ? 1 : 0);
  const char* last = text.data() + text.size();
  std::int64_t exact = 0;  // plain integers are read exactly (seeds above 2^53)
  if (auto [end, ec] = std::from_chars(first, last, exact); ec == std::errc{} && end == last) {
    if (exact < spec.min || exact > spec.max)
      return fmt::format("value {} is out of range; allowed {}", text, range);
    value = exact;
    return {};
  }
  double parsed = 0;  // also accept 1e6 and 100.0 when they are whole numbers
  auto [end, ec] = std::from_chars(first, last, parsed);
  if (ec == std::errc::result_out_of_range)
    return fmt::format("value {} is out of range; allowed {}", text, range);
  if (ec != std::errc{} || end != last || text.empty() || !std::isfinite(parsed))
    return fmt::format("expected an integer in {}, got \"{}\"", range, text);
  if (parsed != std::floor(parsed))
    return fmt::format("expected a whole number in {}, got {}", range, text);
  if (parsed < static_cast<double>(spec.min) || parsed > static_cast<double>(spec.max))
    return fmt::format("value {} is out of range; allowed {}", text, range);
  value = static_cast<std::int64_t>(parsed);
  return {};
}

std::string parse_boolean(std::string_view raw, bool& value) {
  const std::string_view text = trim(raw);
  if (text == "true" || text == "True" || text == "TRUE") {
    value = true;
  } else if (text == "false" || text == "False" || text == "FALSE") {
    value = false;
  } else {
    return fmt::format("expected true or false, got \"{}\"", text);
  }
  return {};
}

std::string parse_choice(std::string_view raw, std::span<const std::string_view> names,
                         int& value) {
  const std::string_view text = trim(raw);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) {
      value = static_cast<int>(i);
      return {};
    }
  }
  return fmt::format("\"{}\" is not allowed; expected one of {}", text, join_names(names));
}

}  // namespace edusim::schema

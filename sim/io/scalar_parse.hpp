#pragma once
// Parsing one scalar text against a schema spec. Shared by the YAML reader and
// the CSV table reader, so both accept and refuse exactly the same values with
// the same words. Each returns an empty string on success, else the problem
// ("value 1.5 is out of range; allowed [0, 1]").
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "model/schema.hpp"

namespace edusim::schema {

std::string parse_real(std::string_view text, const RealSpec& spec, double& value);
std::string parse_integer(std::string_view text, const IntegerSpec& spec, std::int64_t& value);
std::string parse_boolean(std::string_view text, bool& value);
std::string parse_choice(std::string_view text, std::span<const std::string_view> names,
                         int& value);

/// "a, b, c" from enum names.
std::string join_names(std::span<const std::string_view> names);

}  // namespace edusim::schema

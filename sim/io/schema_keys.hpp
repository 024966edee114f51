#pragma once
// Every scenario key as a dotted path with its type and range, for code that addresses keys
// by name from outside a scenario file: sweep axes and `edusim run --set KEY=VALUE`.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/schema.hpp"

namespace edusim::schema {

enum class KeyType : std::uint8_t { real, integer, boolean, text, choice, section, list };

struct KeyInfo {
  std::string path;  ///< dotted; list items as `[]`, e.g. "district.schools[].count"
  KeyType type = KeyType::real;
  double min = 0, max = 0;         ///< real and integer keys: the allowed range
  std::vector<std::string> names;  ///< choice keys: the allowed values
  std::string description;
  std::string default_value;  ///< as the reference writes it; "" for sections and lists
  std::string unit;
  std::string source;  ///< its own, or the nearest enclosing section's
  Basis basis = Basis::missing;
};

/// Every key of the scenario schema, in declaration order.
const std::vector<KeyInfo>& scenario_keys();

/// A key path as users write it ("district.schools[0].count" or "district.schools.0.count")
/// with list indices replaced by `[]`, as scenario_keys() lists it.
std::string key_pattern(std::string_view dotted);

/// A key path as users write it, with list indices as `[i]` ("district.schools.0.count" ->
/// "district.schools[0].count"): the form of the paths of a SourceMap.
std::string canonical_key(std::string_view dotted);

/// The key `dotted` names, or nullopt.
std::optional<KeyInfo> find_key(std::string_view dotted);

/// The known key closest to `dotted` (for "did you mean").
std::string closest_key(std::string_view dotted);

/// Every key that holds a value, one CSV record each with a header (`edusim schema --csv`):
/// key, type, default, min, max, unit, basis, source, description.
std::string scenario_keys_csv();

/// "a number", "an integer", "true or false", ... for messages.
std::string_view key_type_name(KeyType type);

}  // namespace edusim::schema

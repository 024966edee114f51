#pragma once
// Setting scenario keys by dotted name on top of a scenario document: the axes of a sweep
// and `edusim run --set KEY=VALUE`. The document is changed before it is parsed, so a set
// value passes exactly the checks a value written in the file would.
#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

#include "io/schema_keys.hpp"

namespace edusim {

struct Scenario;

struct KeyOverride {
  std::string key;    ///< dotted, list items as `[i]` or `.i`: "district.schools[0].count"
  std::string value;  ///< YAML scalar text: "0.25", "true", "weak_rural_first"
};

/// Parses "KEY=VALUE" (a --set argument); throws InputError naming `where`.
KeyOverride parse_override(std::string_view text, const std::string& where);

/// The key's schema entry; throws InputError (naming `where`, with a did-you-mean) if the
/// key is unknown or is a section or a list rather than a single value.
schema::KeyInfo check_override_key(const std::string& key, const std::string& where);

/// Writes `value` at `key` in `root`, creating the sections on the way; list items must
/// exist in the document. Throws InputError naming `where`.
void apply_override(YAML::Node& root, const KeyOverride& o, const std::string& where);

/// The scenario of `doc` (as scenario_from_document) with each --set argument of `sets`
/// ("KEY=VALUE") applied first. A set value is checked as one written in the document; an
/// error in it, or a warning about it (io/switched_off.hpp), names its argument
/// ("--set KEY=VALUE"), not a line of `name`. Throws InputError.
Scenario scenario_with_sets(YAML::Node doc, const std::string& name, const std::string& base_dir,
                            const std::vector<std::string>& sets);

}  // namespace edusim

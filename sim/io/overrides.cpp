#include "io/overrides.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <vector>

#include "core/error.hpp"
#include "io/scenario_io.hpp"

namespace edusim {
namespace {

/// A path segment: a key name, or a list index.
struct Segment {
  std::string name;
  long index = -1;
};

bool all_digits(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isdigit(c) != 0; });
}

/// A list index written in a key path; refuses signs, letters and indices too large for any
/// scenario list (std::stol would throw a bare std::invalid_argument or std::out_of_range).
long list_index(const std::string& text, const std::string& key, const std::string& where) {
  constexpr std::size_t max_digits = 9;
  if (text.empty() || !all_digits(text) || text.size() > max_digits)
    throw InputError(
        fmt::format("{}: key '{}': list index '{}' must be a whole number from 0 to "
                    "999999999",
                    where, key, text));
  return std::stol(text);
}

std::vector<Segment> split_path(const std::string& key, const std::string& where) {
  std::vector<Segment> out;
  std::string name;
  const auto flush = [&] {
    if (name.empty()) return;
    const bool index = all_digits(name) && !out.empty();
    out.push_back(index ? Segment{"", list_index(name, key, where)} : Segment{name});
    name.clear();
  };
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (c == '.') {
      flush();
    } else if (c == '[') {
      flush();
      const auto close = key.find(']', i);
      if (close == std::string::npos || close == i + 1)
        throw InputError(fmt::format("{}: key '{}': unclosed or empty list index", where, key));
      out.push_back({"", list_index(key.substr(i + 1, close - i - 1), key, where)});
      i = close;
    } else {
      name += c;
    }
  }
  flush();
  return out;
}

}  // namespace

KeyOverride parse_override(std::string_view text, const std::string& where) {
  const auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0)
    throw InputError(fmt::format("{}: '{}' is not KEY=VALUE (e.g. rotation.enabled=true)", where,
                                 std::string(text)));
  return {std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

schema::KeyInfo check_override_key(const std::string& key, const std::string& where) {
  const auto info = schema::find_key(key);
  if (!info)
    throw InputError(
        fmt::format("{}: '{}' is not a scenario key; did you mean '{}'? (edusim "
                    "schema lists every key)",
                    where, key, schema::closest_key(key)));
  if (info->type == schema::KeyType::section || info->type == schema::KeyType::list)
    throw InputError(fmt::format("{}: '{}' is {}; name one of its keys instead", where, key,
                                 schema::key_type_name(info->type)));
  return *info;
}

void apply_override(YAML::Node& root, const KeyOverride& o, const std::string& where) {
  const std::vector<Segment> path = split_path(o.key, where);
  if (path.empty() || path.back().index >= 0)
    throw InputError(fmt::format("{}: key '{}' must end with a key name", where, o.key));
  YAML::Node node = root;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    const Segment& s = path[i];
    if (s.index >= 0) {
      if (!node.IsSequence() || s.index >= static_cast<long>(node.size()))
        throw InputError(
            fmt::format("{}: key '{}': the scenario has no item {} there (the list has {} items)",
                        where, o.key, s.index, node.IsSequence() ? node.size() : 0));
      node.reset(node[static_cast<std::size_t>(s.index)]);
      continue;
    }
    const bool list_next = path[i + 1].index >= 0;
    if (!list_next && (!node[s.name] || node[s.name].IsNull()))
      node[s.name] = YAML::Node(YAML::NodeType::Map);
    if (list_next ? !node[s.name].IsSequence() : !node[s.name].IsMap())
      throw InputError(fmt::format("{}: key '{}': '{}' in the scenario is not {}", where, o.key,
                                   s.name, list_next ? "a list" : "a section"));
    node.reset(node[s.name]);
  }
  node[path.back().name] = o.value;
}

Scenario scenario_with_sets(YAML::Node doc, const std::string& name, const std::string& base_dir,
                            const std::vector<std::string>& sets) {
  std::map<std::string, std::string> set_by;
  for (const auto& text : sets) {
    const std::string where = "--set " + text;
    const KeyOverride o = parse_override(text, where);
    check_override_key(o.key, where);
    apply_override(doc, o, where);
    set_by[schema::canonical_key(o.key)] = where;  // a later --set of the key wins
  }
  return scenario_from_document(doc, name, base_dir, std::move(set_by));
}

}  // namespace edusim

#pragma once
// Strict reading of the mappings of a study file (a sweep, a calibration): each key read
// at most once, unknown keys refused with a did-you-mean, scalars parsed with the
// scenario's own rules, every message naming the file, line, key and what is allowed.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/error.hpp"
#include "io/scalar_parse.hpp"
#include "io/yaml_reader.hpp"

#include <fmt/format.h>

namespace edusim {

/// "file:line:col" of a YAML mark, or the file alone when the node has no mark.
inline std::string mark_text(const std::string& file, const YAML::Mark& mark) {
  return mark.is_null() ? file : fmt::format("{}:{}:{}", file, mark.line + 1, mark.column + 1);
}

/// One mapping of a study file. `path` is the dotted path of the mapping ("" at the root).
class MapReader {
 public:
  MapReader(const YAML::Node& map, std::string file, std::string path,
            std::string_view root_name = "a sweep file")
      : map_(map), file_(std::move(file)), path_(std::move(path)) {
    if (!map_.IsMap())
      throw InputError(fmt::format("{}: {} must be a mapping of keys", mark_text(file_, map.Mark()),
                                   path_.empty() ? std::string(root_name) : "'" + path_ + "'"));
  }

  YAML::Node get(std::string_view key) {
    declare({key});
    const YAML::Node& map = map_;  // const access never adds keys
    return map[std::string(key)];
  }
  /// Keys this mapping may hold (for reject_unknown_keys), also when absent.
  void declare(std::initializer_list<std::string_view> keys) {
    for (const auto k : keys)
      if (std::find(declared_.begin(), declared_.end(), k) == declared_.end())
        declared_.emplace_back(k);
  }
  std::string where(std::string_view key) const {
    const YAML::Node& map = map_;
    const YAML::Node n = map[std::string(key)];
    return mark_text(file_, n ? n.Mark() : map_.Mark());
  }
  /// "file:line:col" of the mapping itself.
  std::string where() const { return mark_text(file_, map_.Mark()); }
  std::string name(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  [[noreturn]] void fail(std::string_view key, const std::string& message) const {
    throw InputError(fmt::format("{}: key '{}' {}", where(key), name(key), message));
  }
  std::string scalar(std::string_view key, std::string_view expected) {
    const YAML::Node n = get(key);
    if (!n.IsDefined()) fail(key, fmt::format("is required ({}) but missing", expected));
    if (!n.IsScalar())
      fail(key, fmt::format("expected {}, got {}", expected,
                            n.IsNull()  ? "no value"
                            : n.IsMap() ? "a mapping"
                                        : "a list"));
    return n.Scalar();
  }
  std::int64_t integer(std::string_view key, std::int64_t min, std::int64_t max) {
    std::int64_t value = 0;
    const auto problem = schema::parse_integer(
        scalar(key, fmt::format("an integer in [{}, {}]", min, max)), {min, max, {}}, value);
    if (!problem.empty()) fail(key, problem);
    return value;
  }
  double real(std::string_view key, double min = -std::numeric_limits<double>::infinity(),
              double max = std::numeric_limits<double>::infinity()) {
    double value = 0;
    const auto problem =
        schema::parse_real(scalar(key, "a number"), schema::RealSpec{min, max, {}}, value);
    if (!problem.empty()) fail(key, problem);
    return value;
  }
  template <class E>
  E choice(std::string_view key) {
    int value = 0;
    const auto names = enum_names(static_cast<const E*>(nullptr));
    const auto problem =
        schema::parse_choice(scalar(key, "one of " + schema::join_names(names)), names, value);
    if (!problem.empty()) fail(key, problem);
    return static_cast<E>(value);
  }
  bool has(std::string_view key) {
    declare({key});
    const YAML::Node& map = map_;
    return map[std::string(key)].IsDefined();
  }
  /// `key` as true or false into `value`, when the mapping has it.
  void boolean(std::string_view key, bool& value) {
    if (!has(key)) return;
    const auto problem = schema::parse_boolean(scalar(key, "true or false"), value);
    if (!problem.empty()) fail(key, problem);
  }

  void reject_unknown_keys() const {
    for (auto it = map_.begin(); it != map_.end(); ++it) {
      const std::string key = it->first.Scalar();
      if (std::find(declared_.begin(), declared_.end(), key) != declared_.end()) continue;
      std::string best, known;
      std::size_t best_distance = std::string::npos;
      for (const auto& d : declared_) {
        known += (known.empty() ? "" : ", ") + d;
        const std::size_t dist = schema::edit_distance(key, d);
        if (dist < best_distance) best_distance = dist, best = d;
      }
      const bool close = best_distance <= std::max<std::size_t>(2, key.size() / 3);
      throw InputError(fmt::format(
          "{}: key '{}' is not a known key; {}", mark_text(file_, it->first.Mark()), name(key),
          close ? fmt::format("did you mean '{}'?", best) : "known keys here: " + known));
    }
  }
  void reject_duplicates() const {
    std::unordered_set<std::string> seen;
    for (auto it = map_.begin(); it != map_.end(); ++it) {
      const std::string key = it->first.Scalar();
      if (!seen.insert(key).second)
        throw InputError(fmt::format("{}: key '{}' is written twice",
                                     mark_text(file_, it->first.Mark()), name(key)));
    }
  }

 private:
  YAML::Node map_;
  std::string file_, path_;
  std::vector<std::string> declared_;
};

/// The base scenario of a study file: `base` (a path relative to the file) or
/// `base_scenario` (inline), exactly one of the two.
struct BaseDocument {
  std::string file;     ///< the base scenario's path ("" when inline)
  std::string dir;      ///< paths inside the base scenario resolve against it
  YAML::Node document;  ///< the base scenario document
};

/// Reads `base` or `base_scenario` from the root mapping `r` of `study_file` (a `what`:
/// "sweep file", "calibration file"). Throws InputError naming the line.
BaseDocument read_base_document(MapReader& r, const std::string& study_file, std::string_view what);

}  // namespace edusim

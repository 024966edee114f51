#include "io/schema_keys.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

#include "io/csv.hpp"
#include "io/csv_writer.hpp"
#include "io/schema_writers.hpp"

#include "io/yaml_reader.hpp"
#include "scenario/scenario.hpp"

namespace edusim::schema {
namespace {

/// Walks the schema (lists through their prototype item) and records each key; a key without
/// a source of its own takes its nearest enclosing section's.
class KeyCollector final : public Visitor {
 public:
  KeyCollector(std::vector<KeyInfo>& out, std::string prefix, std::string_view inherited)
      : out_(out), prefix_(std::move(prefix)), inherited_(inherited) {}

  void real(std::string_view key, double& value, const RealSpec& spec) override {
    KeyInfo& info = add(key, KeyType::real, spec.doc);
    info.min = spec.min, info.max = spec.max;
    info.default_value = std::isnan(value) ? "" : format_real(value);
  }
  void integer(std::string_view key, std::int64_t& value, const IntegerSpec& spec) override {
    KeyInfo& info = add(key, KeyType::integer, spec.doc);
    info.min = static_cast<double>(spec.min), info.max = static_cast<double>(spec.max);
    info.default_value = std::to_string(value);
  }
  void boolean(std::string_view key, bool& value, const Doc& doc) override {
    add(key, KeyType::boolean, doc).default_value = value ? "true" : "false";
  }
  void text(std::string_view key, std::string& value, const TextSpec& spec) override {
    add(key, KeyType::text, spec.doc).default_value = value;
  }
  void choice(std::string_view key, int& value, std::span<const std::string_view> names,
              const ChoiceSpec& spec) override {
    KeyInfo& info = add(key, KeyType::choice, spec.doc);
    for (const auto n : names) info.names.emplace_back(n);
    info.default_value = std::string(names[static_cast<std::size_t>(value)]);
  }
  void section(std::string_view key, const SectionSpec& spec,
               const std::function<void(Visitor&)>& body) override {
    add(key, KeyType::section, spec.doc);
    KeyCollector child(out_, path(key), own_or_inherited(spec.doc));
    body(child);
  }
  void list(std::string_view key, const ListSpec& spec, ListHandle& items) override {
    add(key, KeyType::list, spec.doc);
    KeyCollector child(out_, path(key) + "[]", own_or_inherited(spec.doc));
    items.visit_prototype(child);
  }

 private:
  std::string path(std::string_view key) const {
    return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
  }
  std::string_view own_or_inherited(const Doc& doc) const {
    return doc.source.empty() ? inherited_ : doc.source;
  }
  KeyInfo& add(std::string_view key, KeyType type, const Doc& doc) {
    KeyInfo& info = out_.emplace_back();
    info.path = path(key);
    info.type = type;
    info.description = doc.description;
    info.unit = doc.unit;
    info.source = own_or_inherited(doc);
    info.basis = basis_of(info.source);
    return info;
  }
  std::vector<KeyInfo>& out_;
  std::string prefix_;
  std::string_view inherited_;
};

}  // namespace

const std::vector<KeyInfo>& scenario_keys() {
  static const std::vector<KeyInfo> keys = [] {
    std::vector<KeyInfo> out;
    Scenario prototype;
    KeyCollector collector(out, "", "");
    prototype.visit(collector);
    return out;
  }();
  return keys;
}

namespace {

/// `dotted` with each list index ("[3]" or ".3") written as "[3]", or as "[]" when
/// `keep_index` is false.
std::string rewrite_indices(std::string_view dotted, bool keep_index) {
  std::string out;
  std::size_t i = 0;
  const auto index = [&](std::string_view digits) {
    out += '[';
    if (keep_index) out += digits;
    out += ']';
  };
  while (i < dotted.size()) {
    if (dotted[i] == '[') {
      const auto close = dotted.find(']', i);
      if (close == std::string_view::npos) return std::string(dotted);
      index(dotted.substr(i + 1, close - i - 1));
      i = close + 1;
      continue;
    }
    if (dotted[i] == '.' && i + 1 < dotted.size() &&
        std::isdigit(static_cast<unsigned char>(dotted[i + 1]))) {
      std::size_t j = i + 1;
      while (j < dotted.size() && std::isdigit(static_cast<unsigned char>(dotted[j]))) ++j;
      if (j == dotted.size() || dotted[j] == '.') {
        index(dotted.substr(i + 1, j - i - 1));
        i = j;
        continue;
      }
    }
    out += dotted[i++];
  }
  return out;
}

}  // namespace

std::string key_pattern(std::string_view dotted) {
  return rewrite_indices(dotted, false);  // "a[3].b" and "a.3.b" -> "a[].b"
}

std::string canonical_key(std::string_view dotted) {
  return rewrite_indices(dotted, true);  // "a.3.b" -> "a[3].b"
}

std::optional<KeyInfo> find_key(std::string_view dotted) {
  const std::string pattern = key_pattern(dotted);
  const auto& keys = scenario_keys();
  const auto it =
      std::find_if(keys.begin(), keys.end(), [&](const KeyInfo& k) { return k.path == pattern; });
  if (it == keys.end()) return std::nullopt;
  return *it;
}

std::string closest_key(std::string_view dotted) {
  const std::string pattern = key_pattern(dotted);
  std::string best;
  std::size_t best_distance = std::string::npos;
  for (const auto& k : scenario_keys()) {
    // A key that extends what was typed ("rotation.quota" -> "rotation.quota_share") is
    // the likeliest intent, whatever its edit distance.
    const std::size_t d = k.path.starts_with(pattern) ? (k.path.size() - pattern.size()) / 4
                                                      : edit_distance(pattern, k.path);
    if (d < best_distance) best_distance = d, best = k.path;
  }
  return best;
}

std::string scenario_keys_csv() {
  static constexpr std::string_view kTypeNames[] = {"number", "integer", "boolean", "text",
                                                    "choice", "section", "list"};
  std::ostringstream out;
  const auto record = [&out](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << csv_field(cells[i]);
    out << '\n';
  };
  record({"key", "type", "default", "min", "max", "unit", "basis", "source", "description"});
  for (const KeyInfo& k : scenario_keys()) {
    if (k.type == KeyType::section || k.type == KeyType::list) continue;
    const bool numeric = k.type == KeyType::real || k.type == KeyType::integer;
    record({k.path, std::string(kTypeNames[static_cast<int>(k.type)]), k.default_value,
            numeric ? csv_number(k.min) : "", numeric ? csv_number(k.max) : "", k.unit,
            std::string(basis_name(k.basis)), k.source, k.description});
  }
  return out.str();
}

std::string_view key_type_name(KeyType type) {
  switch (type) {
    case KeyType::real:
      return "a number";
    case KeyType::integer:
      return "an integer";
    case KeyType::boolean:
      return "true or false";
    case KeyType::text:
      return "a text";
    case KeyType::choice:
      return "a choice";
    case KeyType::section:
      return "a section";
    case KeyType::list:
      return "a list";
  }
  return "a value";
}

}  // namespace edusim::schema

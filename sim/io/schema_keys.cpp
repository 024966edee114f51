#include "io/schema_keys.hpp"

#include <algorithm>
#include <cctype>

#include "io/yaml_reader.hpp"
#include "scenario/scenario.hpp"

namespace edusim::schema {
namespace {

/// Walks the schema (lists through their prototype item) and records each key.
class KeyCollector final : public Visitor {
 public:
  KeyCollector(std::vector<KeyInfo>& out, std::string prefix)
      : out_(out), prefix_(std::move(prefix)) {}

  void real(std::string_view key, double&, const RealSpec& spec) override {
    add(key, KeyType::real, spec.doc).min = spec.min;
    out_.back().max = spec.max;
  }
  void integer(std::string_view key, std::int64_t&, const IntegerSpec& spec) override {
    add(key, KeyType::integer, spec.doc).min = static_cast<double>(spec.min);
    out_.back().max = static_cast<double>(spec.max);
  }
  void boolean(std::string_view key, bool&, const Doc& doc) override {
    add(key, KeyType::boolean, doc);
  }
  void text(std::string_view key, std::string&, const TextSpec& spec) override {
    add(key, KeyType::text, spec.doc);
  }
  void choice(std::string_view key, int&, std::span<const std::string_view> names,
              const ChoiceSpec& spec) override {
    KeyInfo& info = add(key, KeyType::choice, spec.doc);
    for (const auto n : names) info.names.emplace_back(n);
  }
  void section(std::string_view key, const SectionSpec& spec,
               const std::function<void(Visitor&)>& body) override {
    add(key, KeyType::section, spec.doc);
    KeyCollector child(out_, path(key));
    body(child);
  }
  void list(std::string_view key, const ListSpec& spec, ListHandle& items) override {
    add(key, KeyType::list, spec.doc);
    KeyCollector child(out_, path(key) + "[]");
    items.visit_prototype(child);
  }

 private:
  std::string path(std::string_view key) const {
    return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
  }
  KeyInfo& add(std::string_view key, KeyType type, const Doc& doc) {
    out_.push_back({path(key), type, 0, 0, {}, std::string(doc.description)});
    return out_.back();
  }
  std::vector<KeyInfo>& out_;
  std::string prefix_;
};

}  // namespace

const std::vector<KeyInfo>& scenario_keys() {
  static const std::vector<KeyInfo> keys = [] {
    std::vector<KeyInfo> out;
    Scenario prototype;
    KeyCollector collector(out, "");
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

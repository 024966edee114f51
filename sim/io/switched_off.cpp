#include "io/switched_off.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <tuple>

#include "core/error.hpp"
#include "io/scalar_parse.hpp"
#include "io/schema_keys.hpp"
#include "io/schema_writers.hpp"
#include "io/yaml_reader.hpp"
#include "scenario/scenario.hpp"

namespace edusim {
namespace {

/// Walks a scenario (list items one by one) and finds the sections whose `enabled` is
/// false, and the keys declared WhenOff::still_read.
class OffFinder final : public schema::Visitor {
 public:
  OffFinder(std::string prefix, SwitchedOff& out) : prefix_(std::move(prefix)), out_(out) {}

  void real(std::string_view key, double&, const schema::RealSpec& spec) override {
    note(key, spec.doc);
  }
  void integer(std::string_view key, std::int64_t&, const schema::IntegerSpec& spec) override {
    note(key, spec.doc);
  }
  void boolean(std::string_view key, bool& value, const schema::Doc& doc) override {
    if (key == "enabled" && !value) out_.mechanisms.push_back(prefix_);
    note(key, doc);
  }
  void text(std::string_view key, std::string&, const schema::TextSpec& spec) override {
    note(key, spec.doc);
  }
  void choice(std::string_view key, int&, std::span<const std::string_view>,
              const schema::ChoiceSpec& spec) override {
    note(key, spec.doc);
  }
  void section(std::string_view key, const schema::SectionSpec& spec,
               const std::function<void(Visitor&)>& body) override {
    note(key, spec.doc);
    OffFinder child(path(key), out_);
    body(child);
  }
  void list(std::string_view key, const schema::ListSpec& spec,
            schema::ListHandle& items) override {
    note(key, spec.doc);
    for (std::size_t i = 0; i < items.size(); ++i) {
      OffFinder child(fmt::format("{}[{}]", path(key), i), out_);
      items.visit_item(i, child);
    }
  }

 private:
  std::string path(std::string_view key) const {
    return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
  }
  void note(std::string_view key, const schema::Doc& doc) {
    if (doc.when_off == schema::WhenOff::still_read) out_.still_read.push_back(path(key));
  }

  std::string prefix_;
  SwitchedOff& out_;
};

/// The value of one key as YAML text, found by walking only the sections on its path.
/// A list segment `[i]` takes item i; `[]` (a key pattern) takes a default item.
class ValueText final : public schema::Visitor {
 public:
  explicit ValueText(std::string_view path) : rest_(path) {}

  void real(std::string_view key, double& value, const schema::RealSpec&) override {
    if (key == rest_) found_ = schema::format_real(value);
  }
  void integer(std::string_view key, std::int64_t& value, const schema::IntegerSpec&) override {
    if (key == rest_) found_ = std::to_string(value);
  }
  void boolean(std::string_view key, bool& value, const schema::Doc&) override {
    if (key == rest_) found_ = value ? "true" : "false";
  }
  void text(std::string_view key, std::string& value, const schema::TextSpec&) override {
    if (key == rest_) found_ = value;
  }
  void choice(std::string_view key, int& value, std::span<const std::string_view> names,
              const schema::ChoiceSpec&) override {
    if (key == rest_) found_ = std::string(names[static_cast<std::size_t>(value)]);
  }
  void section(std::string_view key, const schema::SectionSpec&,
               const std::function<void(Visitor&)>& body) override {
    if (!rest_.starts_with(key) || rest_.substr(key.size(), 1) != ".") return;
    ValueText child(rest_.substr(key.size() + 1));
    body(child);
    found_ = std::move(child.found_);
  }
  void list(std::string_view key, const schema::ListSpec&, schema::ListHandle& items) override {
    if (!rest_.starts_with(key) || rest_.substr(key.size(), 1) != "[") return;
    const auto close = rest_.find("].", key.size());
    if (close == std::string_view::npos) return;
    ValueText child(rest_.substr(close + 2));
    const std::string_view index = rest_.substr(key.size() + 1, close - key.size() - 1);
    if (index.empty()) {
      items.visit_prototype(child);
    } else {
      std::size_t i = 0;
      const auto [end, error] = std::from_chars(index.data(), index.data() + index.size(), i);
      if (error != std::errc() || end != index.data() + index.size() || i >= items.size()) return;
      items.visit_item(i, child);
    }
    found_ = std::move(child.found_);
  }

  std::optional<std::string> found() && { return std::move(found_); }

 private:
  std::string_view rest_;
  std::optional<std::string> found_;
};

/// The value of `path` (dotted, `[i]`) in `scenario`, and its default, as YAML text.
bool differs_from_default(const Scenario& scenario, const std::string& path) {
  Scenario copy = scenario, defaults;
  const std::string pattern = schema::key_pattern(path);
  ValueText value(path), default_value(pattern);
  copy.visit(value);
  defaults.visit(default_value);
  return std::move(value).found() != std::move(default_value).found();
}

/// `key` is `prefix` or lies under it (a key of the section, or an item of the list).
bool within(std::string_view key, std::string_view prefix) {
  return key.starts_with(prefix) &&
         (key.size() == prefix.size() || key[prefix.size()] == '.' || key[prefix.size()] == '[');
}

bool set_in_document(const Scenario& s, const std::string& key) {
  return s.sources && s.sources->marks.count(key) > 0;
}

/// A varied `enabled` switches its mechanism on when one of its values is true.
bool may_switch_on(const VariedKey& k) {
  return std::any_of(k.values.begin(), k.values.end(), [](const std::string& text) {
    bool on = false;
    return schema::parse_boolean(text, on).empty() && on;
  });
}

}  // namespace

std::vector<std::string> SwitchedOff::holding(std::string_view key) const {
  const std::string path = schema::canonical_key(key);
  std::vector<std::string> out;
  if (std::any_of(still_read.begin(), still_read.end(),
                  [&](const std::string& k) { return within(path, k); }))
    return out;
  for (const auto& m : mechanisms)
    if (path.size() > m.size() && within(path, m) && path != m + ".enabled") out.push_back(m);
  // Outermost first: an outer section is a prefix of those nested in it.
  std::sort(out.begin(), out.end(),
            [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
  return out;
}

SwitchedOff switched_off(const Scenario& scenario) {
  Scenario copy = scenario;  // a visitor may write; this one does not
  SwitchedOff out;
  OffFinder finder("", out);
  copy.visit(finder);
  return out;
}

std::string no_effect_message(std::string_view key, std::string_view mechanism, bool by_default) {
  return fmt::format("{} is set but {} is off ({}.enabled: false{}): it has no effect", key,
                     mechanism, mechanism, by_default ? ", the default" : "");
}

namespace {

/// (set by --set, line, column, text) of each warning: sorted, they come in the order written.
using Warnings = std::vector<std::tuple<bool, int, int, std::string>>;

/// Staffing by classes acts on rural schools only; a generated district's school types say
/// whether it has any (tables and snapshots are not read here).
void class_staffing_warnings(const Scenario& scenario, Warnings& found) {
  const schema::SourceMap& sources = *scenario.sources;
  const DistrictSpec& d = scenario.district;
  for (std::size_t l = 0; l < kLevels; ++l) {
    const std::string key =
        fmt::format("district.teachers.rural_teachers_per_class.{}", kLevelNames[l]);
    const auto mark = sources.marks.find(key);
    if (mark == sources.marks.end() || d.teachers.rural_teachers_per_class[l] <= 0 ||
        !d.from_data.schools.empty() || !d.from_snapshot.empty())
      continue;
    const bool rural = std::any_of(d.schools.begin(), d.schools.end(), [&](const auto& type) {
      return type.zone == Zone::Rural && index(type.level) == static_cast<int>(l) && type.count > 0;
    });
    if (!rural)
      found.emplace_back(sources.set_by.count(key) > 0, mark->second.line, mark->second.column,
                         fmt::format("{}: {} is set but the district has no rural {} school: it "
                                     "has no effect",
                                     sources.where(key), key, kLevelNames[l]));
  }
}

/// Teachers are away from their home school only on rotation or a shadow post (跟岗): with
/// both off, where they count makes no difference. (A snapshot may hold teachers away still;
/// they return at the end of their term, so the key can act in its first years.)
void rotating_teachers_warning(const Scenario& scenario, const SwitchedOff& off, Warnings& found) {
  const schema::SourceMap& sources = *scenario.sources;
  const std::string key = "balance_standard.rotating_teachers";
  const auto mark = sources.marks.find(key);
  const auto is_off = [&off](std::string_view m) {
    return std::find(off.mechanisms.begin(), off.mechanisms.end(), m) != off.mechanisms.end();
  };
  if (mark == sources.marks.end() || !differs_from_default(scenario, key) ||
      !scenario.district.from_snapshot.empty() || !is_off("rotation") || !is_off("shadow_posts"))
    return;
  found.emplace_back(sources.set_by.count(key) > 0, mark->second.line, mark->second.column,
                     fmt::format("{}: {} is set but no teacher is ever away from its home "
                                 "school (rotation and shadow_posts are off): it has no effect",
                                 sources.where(key), key));
}

}  // namespace

std::vector<std::string> no_effect_warnings(const Scenario& scenario) {
  if (!scenario.sources) return {};
  const schema::SourceMap& sources = *scenario.sources;
  const SwitchedOff off = switched_off(scenario);
  Warnings found;
  for (const auto& [path, mark] : sources.marks) {
    const std::vector<std::string> held = off.holding(path);
    if (held.empty()) continue;
    const auto info = schema::find_key(path);
    if (!info || info->type == schema::KeyType::section || info->type == schema::KeyType::list)
      continue;  // a section or a list item: its keys are reported one by one
    // A default changes nothing, on or off; and a resolved scenario (the `scenario`
    // attribute of a run, export-world's scenario.yaml) writes every key.
    if (!differs_from_default(scenario, path)) continue;
    const std::string& mechanism = held.front();
    found.emplace_back(
        sources.set_by.count(path) > 0, mark.line, mark.column,
        fmt::format("{}: {}", sources.where(path),
                    no_effect_message(path, mechanism,
                                      !set_in_document(scenario, mechanism + ".enabled"))));
  }
  // A snapshot is a simulated state already: it is never spun up (engine/spin_up.hpp).
  const std::string spin_up = "run.spin_up_years";
  const auto spin_mark = sources.marks.find(spin_up);
  if (!scenario.district.from_snapshot.empty() && spin_mark != sources.marks.end() &&
      scenario.run.spin_up_years > 0)
    found.emplace_back(sources.set_by.count(spin_up) > 0, spin_mark->second.line,
                       spin_mark->second.column,
                       fmt::format("{}: {} is set but the district starts from a snapshot "
                                   "(district.from_snapshot), a simulated state that is not spun "
                                   "up: it has no effect",
                                   sources.where(spin_up), spin_up));
  class_staffing_warnings(scenario, found);
  rotating_teachers_warning(scenario, off, found);
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& f : found) out.push_back(std::move(std::get<3>(f)));
  return out;
}

void require_varied_keys_take_effect(const Scenario& base, std::span<const VariedKey> keys) {
  const SwitchedOff off = switched_off(base);
  for (const VariedKey& k : keys) {
    for (const std::string& mechanism : off.holding(k.key)) {
      const std::string on = mechanism + ".enabled";
      const bool switched_on = std::any_of(keys.begin(), keys.end(), [&](const VariedKey& other) {
        return schema::canonical_key(other.key) == on && may_switch_on(other);
      });
      if (switched_on) continue;
      throw InputError(fmt::format(
          "{}: {}; every run would be the same in it: switch {} on in the base scenario, or "
          "vary {} too",
          k.where, no_effect_message(k.key, mechanism, !set_in_document(base, on)), mechanism, on));
    }
  }
}

}  // namespace edusim

#include "io/yaml_reader.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "core/error.hpp"
#include "io/scalar_parse.hpp"
#include "io/text_file.hpp"

namespace edusim::schema {
namespace {

std::string format_mark(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null()) return file;
  return fmt::format("{}:{}:{}", file, mark.line + 1, mark.column + 1);
}

}  // namespace

std::string SourceMap::at(const std::string& path, const YAML::Mark& mark) const {
  const auto set = set_by.find(path);
  return set != set_by.end() ? set->second : format_mark(file, mark);
}

std::string SourceMap::where(const std::string& path) const {
  // Walk up the dotted path until a recorded key is found.
  std::string p = path;
  while (!p.empty()) {
    if (auto it = marks.find(p); it != marks.end()) return at(p, it->second);
    const auto cut = p.find_last_of(".[");
    if (cut == std::string::npos) break;
    p.resize(cut);
  }
  return file;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1u : 0u)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

YamlReader::YamlReader(const YAML::Node& map, std::string path, SourceMap& sources)
    : path_(std::move(path)), map_mark_(map.Mark()), sources_(sources) {
  if (!map.IsMap()) {
    fail(map.Mark(), "",
         map.IsNull() ? "is empty; expected a mapping of keys"
                      : "expected a mapping of keys (key: value), got a " +
                            std::string(map.IsSequence() ? "list" : "single value"));
  }
  std::unordered_map<std::string, int> first_line;  // a hash: mappings may be huge
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!it->first.IsScalar()) fail(it->first.Mark(), "", "keys must be plain names");
    Entry e{it->first.Scalar(), it->second, it->first.Mark()};
    if (const auto [at, fresh] = first_line.try_emplace(e.key, e.mark.line + 1); !fresh)
      fail(e.mark, e.key, fmt::format("duplicate key (first written at line {})", at->second));
    entries_.push_back(std::move(e));
  }
}

std::string YamlReader::child_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void YamlReader::fail(const YAML::Mark& mark, std::string_view key,
                      const std::string& message) const {
  const std::string path = key.empty() ? path_ : child_path(key);
  throw InputError(fmt::format("{}: {}{}", sources_.at(path, mark),
                               path.empty() ? "" : "key '" + path + "' ", message));
}

const YamlReader::Entry* YamlReader::find(std::string_view key, bool required,
                                          std::string_view what) {
  declared_.emplace_back(key);
  for (auto& e : entries_) {
    if (e.key == key) {
      e.used = true;
      sources_.marks[child_path(key)] = e.mark;
      return &e;
    }
  }
  if (required) fail(map_mark_, key, fmt::format("is required ({}) but missing", what));
  return nullptr;
}

/// True when YAML marks a scalar as text: quoted ("0.5") or tagged !!str.
static bool is_tagged_text(const YAML::Node& node) {
  return node.Tag() == "!" || node.Tag() == "tag:yaml.org,2002:str";
}

std::string YamlReader::scalar(const Entry& e, std::string_view expected) const {
  if (e.value.IsNull()) fail(e.mark, e.key, fmt::format("has no value; expected {}", expected));
  if (!e.value.IsScalar())
    fail(e.value.Mark(), e.key,
         fmt::format("expected {}, got a {}", expected, e.value.IsMap() ? "mapping" : "list"));
  return e.value.Scalar();
}

void YamlReader::real(std::string_view key, double& value, const RealSpec& spec) {
  const Entry* e = find(key, spec.required, "a number");
  if (!e) return;
  const std::string expected = "a number in " + format_range(spec.min, spec.max);
  const std::string text = scalar(*e, expected);
  if (is_tagged_text(e->value))
    fail(e->value.Mark(), key,
         fmt::format("expected {}, got the quoted text \"{}\"", expected, text));
  if (const auto problem = parse_real(text, spec, value); !problem.empty())
    fail(e->value.Mark(), key, problem);
}

void YamlReader::integer(std::string_view key, std::int64_t& value, const IntegerSpec& spec) {
  const Entry* e = find(key, spec.required, "an integer");
  if (!e) return;
  const std::string expected = fmt::format("an integer in [{}, {}]", spec.min, spec.max);
  const std::string text = scalar(*e, expected);
  if (is_tagged_text(e->value))
    fail(e->value.Mark(), key,
         fmt::format("expected {}, got the quoted text \"{}\"", expected, text));
  if (const auto problem = parse_integer(text, spec, value); !problem.empty())
    fail(e->value.Mark(), key, problem);
}

void YamlReader::boolean(std::string_view key, bool& value, const Doc&) {
  const Entry* e = find(key, false, "true or false");
  if (!e) return;
  const std::string text = scalar(*e, "true or false");
  if (is_tagged_text(e->value))
    fail(e->value.Mark(), key,
         fmt::format("expected true or false, got the quoted text \"{}\"", text));
  if (const auto problem = parse_boolean(text, value); !problem.empty())
    fail(e->value.Mark(), key, problem);
}

void YamlReader::text(std::string_view key, std::string& value, const TextSpec& spec) {
  const Entry* e = find(key, spec.required, "a text");
  if (!e) return;
  value = scalar(*e, "a text");
}

void YamlReader::choice(std::string_view key, int& value, std::span<const std::string_view> names,
                        const ChoiceSpec& spec) {
  const std::string expected = "one of " + join_names(names);
  const Entry* e = find(key, spec.required, expected);
  if (!e) return;
  if (const auto problem = parse_choice(scalar(*e, expected), names, value); !problem.empty())
    fail(e->value.Mark(), key, problem);
}

void YamlReader::section(std::string_view key, const SectionSpec& spec,
                         const std::function<void(Visitor&)>& body) {
  const Entry* e = find(key, spec.required, "a section");
  if (!e) return;
  YamlReader child(e->value.IsNull() ? YAML::Node(YAML::NodeType::Map) : e->value, child_path(key),
                   sources_);
  if (e->value.IsNull()) child.map_mark_ = e->mark;
  body(child);
  child.reject_unknown_keys();
}

void YamlReader::list(std::string_view key, const ListSpec& spec, ListHandle& items) {
  const Entry* e = find(key, spec.required, "a list");
  if (!e) return;
  if (!e->value.IsSequence())
    fail(e->value.Mark(), key, "expected a list (lines starting with '- ')");
  const std::size_t n = e->value.size();
  if (n < spec.min_items || n > spec.max_items)
    fail(e->value.Mark(), key,
         fmt::format("has {} items; allowed [{}, {}]", n, spec.min_items, spec.max_items));
  items.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string item_path = fmt::format("{}[{}]", child_path(key), i);
    sources_.marks[item_path] = e->value[i].Mark();
    YamlReader child(e->value[i], item_path, sources_);
    items.visit_item(i, child);
    child.reject_unknown_keys();
  }
}

void YamlReader::reject_unknown_keys() const {
  for (const auto& e : entries_) {
    if (e.used) continue;
    std::string best;
    std::size_t best_distance = std::string::npos;
    for (const auto& d : declared_) {
      const std::size_t dist = edit_distance(e.key, d);
      if (dist < best_distance) best_distance = dist, best = d;
    }
    std::string known;
    for (const auto& d : declared_) known += (known.empty() ? "" : ", ") + d;
    const bool close = best_distance <= std::max<std::size_t>(2, e.key.size() / 3);
    fail(e.mark, e.key,
         close ? fmt::format("is not a known key; did you mean '{}'?", best)
               : fmt::format("is not a known key; known keys here: {}", known));
  }
}

namespace {

/// The line (1-based) of a '---' marker that starts a second document: a second marker,
/// or a first one after content. Markers are at column 0, so block scalars (indented)
/// cannot hold one.
std::optional<std::size_t> second_document_line(const std::string& text) {
  bool content = false;
  std::size_t line = 0;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view l(text.data() + start, end - start);
    ++line;
    start = end + 1;
    const bool marker =
        l.starts_with("---") && (l.size() == 3 || l[3] == ' ' || l[3] == '\t' || l[3] == '\r');
    if (marker) {
      if (content) return line;
      content = true;  // a document has begun (its content may follow on this line)
      continue;
    }
    const auto first = l.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && l[first] != '#' && l[first] != '%') content = true;
  }
  return std::nullopt;
}

}  // namespace

YAML::Node load_yaml_file(const std::string& file) {
  const std::string text = read_text_file(file, "YAML file");
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw InputError(fmt::format(
        "{}: the file is empty; expected a scenario (see docs/scenario-reference.md)", file));
  try {
    // YAML::Load, not LoadAll: yaml-cpp 0.7's LoadAll never returns on a stray ',' at the
    // top level (jbeder/yaml-cpp#1040; tests/data/fuzz_regressions). Extra documents are
    // found from their '---' markers instead.
    if (const auto second = second_document_line(text))
      throw InputError(
          fmt::format("{}:{}: a second YAML document starts here ('---'); a "
                      "scenario is exactly one document",
                      file, *second));
    YAML::Node root = YAML::Load(text);
    if (root.IsNull())
      throw InputError(fmt::format("{}: the file holds no YAML content (only comments?)", file));
    return root;
  } catch (const YAML::Exception& ex) {
    throw InputError(fmt::format("{}: not valid YAML: {}", format_mark(file, ex.mark), ex.msg));
  }
}

}  // namespace edusim::schema

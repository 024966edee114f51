#include "io/yaml_reader.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace edusim::schema {
namespace {

std::string format_mark(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null()) return file;
  return fmt::format("{}:{}:{}", file, mark.line + 1, mark.column + 1);
}

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string{} : s.substr(b, e - b + 1);
}

bool is_non_finite_word(std::string_view t) {
  for (std::string_view w :
       {".nan", ".NaN", ".NAN", "nan", "NaN", "-nan", "-.nan", "-NaN", ".inf", ".Inf", ".INF",
        "-.inf", "-.Inf", "-.INF", "+.inf", "inf", "-inf", "infinity", "Infinity"})
    if (t == w) return true;
  return false;
}

/// First byte offset of invalid UTF-8, or npos.
std::size_t invalid_utf8_at(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || (len == 2 && c < 0xC2) || i + len > s.size()) return i;
    for (int k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return i;
    i += len;
  }
  return std::string::npos;
}

}  // namespace

std::string SourceMap::where(const std::string& path) const {
  // Walk up the dotted path until a recorded key is found.
  std::string p = path;
  while (!p.empty()) {
    if (auto it = marks.find(p); it != marks.end()) return format_mark(file, it->second);
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
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (!it->first.IsScalar()) fail(it->first.Mark(), "", "keys must be plain names");
    Entry e{it->first.Scalar(), it->second, it->first.Mark()};
    for (const auto& other : entries_)
      if (other.key == e.key)
        fail(e.mark, e.key,
             fmt::format("duplicate key (first written at line {})", other.mark.line + 1));
    entries_.push_back(std::move(e));
  }
}

std::string YamlReader::child_path(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void YamlReader::fail(const YAML::Mark& mark, std::string_view key,
                      const std::string& message) const {
  const std::string path = key.empty() ? path_ : child_path(key);
  throw InputError(fmt::format("{}: {}{}", format_mark(sources_.file, mark),
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
  const std::string range = format_range(spec.min, spec.max);
  const std::string text = trim(scalar(*e, "a number in " + range));
  if (is_tagged_text(e->value))
    fail(e->value.Mark(), key,
         fmt::format("expected a number in {}, got the quoted text \"{}\"", range, text));
  if (is_non_finite_word(text))
    fail(e->value.Mark(), key, fmt::format("must be a finite number in {}, got {}", range, text));
  double parsed = 0;
  const char* first = text.data() + (text.starts_with('+') ? 1 : 0);
  auto [end, ec] = std::from_chars(first, text.data() + text.size(), parsed);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty())
    fail(e->value.Mark(), key, fmt::format("expected a number in {}, got \"{}\"", range, text));
  if (!std::isfinite(parsed) || parsed < spec.min || parsed > spec.max)
    fail(e->value.Mark(), key, fmt::format("value {} is out of range; allowed {}", text, range));
  value = parsed;
}

void YamlReader::integer(std::string_view key, std::int64_t& value, const IntegerSpec& spec) {
  const Entry* e = find(key, spec.required, "an integer");
  if (!e) return;
  const std::string range = fmt::format("[{}, {}]", spec.min, spec.max);
  const std::string text = trim(scalar(*e, "an integer in " + range));
  if (is_tagged_text(e->value))
    fail(e->value.Mark(), key,
         fmt::format("expected an integer in {}, got the quoted text \"{}\"", range, text));
  const char* first = text.data() + (text.starts_with('+') ? 1 : 0);
  const char* last = text.data() + text.size();
  std::int64_t exact = 0;  // plain integers are read exactly (seeds above 2^53)
  if (auto [end, ec] = std::from_chars(first, last, exact); ec == std::errc{} && end == last) {
    if (exact < spec.min || exact > spec.max)
      fail(e->value.Mark(), key, fmt::format("value {} is out of range; allowed {}", text, range));
    value = exact;
    return;
  }
  double parsed = 0;  // also accept 1e6 and 100.0 when they are whole numbers
  auto [end, ec] = std::from_chars(first, last, parsed);
  if (ec == std::errc::result_out_of_range)
    fail(e->value.Mark(), key, fmt::format("value {} is out of range; allowed {}", text, range));
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty() ||
      !std::isfinite(parsed))
    fail(e->value.Mark(), key, fmt::format("expected an integer in {}, got \"{}\"", range, text));
  if (parsed != std::floor(parsed))
    fail(e->value.Mark(), key, fmt::format("expected a whole number in {}, got {}", range, text));
  if (parsed < static_cast<double>(spec.min) || parsed > static_cast<double>(spec.max))
    fail(e->value.Mark(), key, fmt::format("value {} is out of range; allowed {}", text, range));
  value = static_cast<std::int64_t>(parsed);
}

void YamlReader::boolean(std::string_view key, bool& value, const Doc&) {
  const Entry* e = find(key, false, "true or false");
  if (!e) return;
  const std::string text = trim(scalar(*e, "true or false"));
  if (is_tagged_text(e->value))
    fail(e->value.Mark(), key,
         fmt::format("expected true or false, got the quoted text \"{}\"", text));
  if (text == "true" || text == "True" || text == "TRUE") {
    value = true;
  } else if (text == "false" || text == "False" || text == "FALSE") {
    value = false;
  } else {
    fail(e->value.Mark(), key, fmt::format("expected true or false, got \"{}\"", text));
  }
}

void YamlReader::text(std::string_view key, std::string& value, const TextSpec& spec) {
  const Entry* e = find(key, spec.required, "a text");
  if (!e) return;
  value = scalar(*e, "a text");
}

void YamlReader::choice(std::string_view key, int& value, std::span<const std::string_view> names,
                        const Doc&) {
  std::string allowed;
  for (auto n : names) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
  const Entry* e = find(key, false, "one of " + allowed);
  if (!e) return;
  const std::string text = trim(scalar(*e, "one of " + allowed));
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text) {
      value = static_cast<int>(i);
      return;
    }
  }
  fail(e->value.Mark(), key,
       fmt::format("\"{}\" is not allowed; expected one of {}", text, allowed));
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

YAML::Node load_yaml_file(const std::string& file) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(file, ec);
  if (ec || !fs::exists(status)) throw InputError(fmt::format("{}: file not found", file));
  if (fs::is_directory(status))
    throw InputError(fmt::format("{}: is a directory; expected a YAML file", file));
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot be read (permission denied?)", file));
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // UTF-8 byte-order mark
  if (const auto bad = invalid_utf8_at(text); bad != std::string::npos) {
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(bad), '\n');
    throw InputError(
        fmt::format("{}:{}: the file is not valid UTF-8 (byte {} of the file); save it as UTF-8",
                    file, line, bad + 1));
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw InputError(fmt::format(
        "{}: the file is empty; expected a scenario (see docs/scenario-reference.md)", file));
  try {
    const std::vector<YAML::Node> documents = YAML::LoadAll(text);
    if (documents.size() > 1)
      throw InputError(
          fmt::format("{}: holds {} YAML documents (separated by '---'); a scenario "
                      "is exactly one document",
                      format_mark(file, documents[1].Mark()), documents.size()));
    YAML::Node root = documents.empty() ? YAML::Node() : documents[0];
    if (root.IsNull())
      throw InputError(fmt::format("{}: the file holds no YAML content (only comments?)", file));
    return root;
  } catch (const YAML::Exception& ex) {
    throw InputError(fmt::format("{}: not valid YAML: {}", format_mark(file, ex.mark), ex.msg));
  }
}

}  // namespace edusim::schema

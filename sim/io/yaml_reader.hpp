#pragma once
// Strict reading of a YAML document into schema-described structs.
#include <yaml-cpp/yaml.h>

#include <map>
#include <string>

#include "model/schema.hpp"

namespace edusim::schema {

/// Where each key was found, by dotted path, for errors raised after loading.
struct SourceMap {
  std::string file;
  std::map<std::string, YAML::Mark> marks;
  /// Keys set on the command line (path with `[i]` -> "--set KEY=VALUE"): messages
  /// about them name the argument, not a line of the file.
  std::map<std::string, std::string> set_by = {};
  /// "file:line:col" of a key (or of the file when the key was not written), or the
  /// argument that set it.
  std::string where(const std::string& path) const;
  /// Where the key `path` is, found at `mark`: the argument that set it, or "file:line:col".
  std::string at(const std::string& path, const YAML::Mark& mark) const;
};

/// Reads one YAML mapping into a struct; throws InputError on the first problem.
class YamlReader final : public Visitor {
 public:
  YamlReader(const YAML::Node& map, std::string path, SourceMap& sources);

  void real(std::string_view key, double& value, const RealSpec& spec) override;
  void integer(std::string_view key, std::int64_t& value, const IntegerSpec& spec) override;
  void boolean(std::string_view key, bool& value, const Doc& doc) override;
  void text(std::string_view key, std::string& value, const TextSpec& spec) override;
  void choice(std::string_view key, int& value, std::span<const std::string_view> names,
              const ChoiceSpec& spec) override;
  void section(std::string_view key, const SectionSpec& spec,
               const std::function<void(Visitor&)>& body) override;
  void list(std::string_view key, const ListSpec& spec, ListHandle& items) override;

  /// After visiting: every key written in the YAML must have been declared.
  void reject_unknown_keys() const;

 private:
  struct Entry {
    std::string key;
    YAML::Node value;
    YAML::Mark mark;
    bool used = false;
  };
  /// The value of a declared key, or nullptr when absent (error if required).
  const Entry* find(std::string_view key, bool required, std::string_view what);
  /// Scalar text of a value; errors when it is a mapping, a list or empty.
  std::string scalar(const Entry& e, std::string_view expected) const;
  [[noreturn]] void fail(const YAML::Mark& mark, std::string_view key,
                         const std::string& message) const;
  std::string child_path(std::string_view key) const;

  std::vector<Entry> entries_;
  std::vector<std::string> declared_;
  std::string path_;
  YAML::Mark map_mark_;
  SourceMap& sources_;
};

/// Levenshtein distance, for did-you-mean suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// Reads a whole document: checks the file exists, is a regular file, is
/// UTF-8, parses, and returns the top-level mapping.
YAML::Node load_yaml_file(const std::string& file);

}  // namespace edusim::schema

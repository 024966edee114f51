#pragma once
// Schools named in a scenario (groups, alliances, consolidation plans, capacity
// expansions, housing): one lookup, one wording of its errors.
#include <string>
#include <unordered_map>

#include "world/world.hpp"

namespace edusim::schema {
struct SourceMap;  // io/yaml_reader.hpp
}  // namespace edusim::schema

namespace edusim {

class SchoolNames {
 public:
  /// `file` prefixes the error messages ("FILE: key ..."); empty for none. With
  /// `sources` (the scenario's, not null) the prefix is "FILE:LINE:COL" of the key.
  SchoolNames(const Schools& schools, std::string file = {},
              const schema::SourceMap* sources = nullptr);
  /// The same lookup over the kindergartens' names ("kindergarten" in the messages).
  SchoolNames(const Kindergartens& kindergartens, std::string file = {},
              const schema::SourceMap* sources = nullptr);

  /// The index of the school called `name`; throws InputError naming the key
  /// `key_path` when no school or several schools have that name (with a
  /// did-you-mean for a near miss).
  std::size_t find(const std::string& key_path, const std::string& name) const;

  /// Throws InputError "FILE:LINE:COL: key 'key_path' message".
  [[noreturn]] void fail(const std::string& key_path, const std::string& message) const;

 private:
  SchoolNames(const std::vector<std::string>& names, const char* noun, std::string file,
              const schema::SourceMap* sources);
  std::string suggestion(const std::string& name) const;

  const std::vector<std::string>& names_;
  const char* noun_;  ///< "school" or "kindergarten"
  std::string file_;
  const schema::SourceMap* sources_;
  std::unordered_map<std::string, std::int32_t> index_;  ///< name -> school; -1: ambiguous
};

}  // namespace edusim

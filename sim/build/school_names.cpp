#include "build/school_names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "core/error.hpp"
#include "io/yaml_reader.hpp"  // schema::edit_distance, SourceMap

namespace edusim {

namespace {
constexpr std::int32_t kAmbiguous = -1;
}

SchoolNames::SchoolNames(const Schools& schools, std::string file, const schema::SourceMap* sources)
    : SchoolNames(schools.name, "school", std::move(file), sources) {}

SchoolNames::SchoolNames(const Kindergartens& kindergartens, std::string file,
                         const schema::SourceMap* sources)
    : SchoolNames(kindergartens.name, "kindergarten", std::move(file), sources) {}

SchoolNames::SchoolNames(const std::vector<std::string>& names, const char* noun, std::string file,
                         const schema::SourceMap* sources)
    : names_(names), noun_(noun), file_(std::move(file)), sources_(sources) {
  for (std::size_t s = 0; s < names.size(); ++s) {
    const auto [it, fresh] = index_.emplace(names[s], static_cast<std::int32_t>(s));
    if (!fresh) it->second = kAmbiguous;
  }
}

void SchoolNames::fail(const std::string& key_path, const std::string& message) const {
  const std::string at = sources_ ? sources_->where(key_path) : file_;
  throw InputError(fmt::format("{}{}key '{}' {}", at, at.empty() ? "" : ": ", key_path, message));
}

std::size_t SchoolNames::find(const std::string& key_path, const std::string& name) const {
  const auto it = index_.find(name);
  if (it == index_.end())
    fail(key_path,
         fmt::format("names no {0} '{1}'{2} ({0}s are named as in the {0}s table, or "
                     "'<type name> <number>' in a generated district, e.g. '{3}'; `edusim "
                     "export-world` writes the list)",
                     noun_, name, suggestion(name), names_.empty() ? "" : names_[0]));
  if (it->second == kAmbiguous)
    fail(key_path, fmt::format("names '{1}', which several {0}s are called; give the {0}s "
                               "distinct names",
                               noun_, name));
  return static_cast<std::size_t>(it->second);
}

std::string SchoolNames::suggestion(const std::string& name) const {
  std::size_t best = std::numeric_limits<std::size_t>::max(), at = 0;
  for (std::size_t s = 0; s < names_.size(); ++s)
    if (const auto d = schema::edit_distance(name, names_[s]); d < best) best = d, at = s;
  if (best > std::max<std::size_t>(2, name.size() / 3)) return "";
  return fmt::format("; did you mean '{}'?", names_[at]);
}

}  // namespace edusim

#include "sweep/map_reader.hpp"

#include <filesystem>

namespace edusim {

BaseDocument read_base_document(MapReader& r, const std::string& study_file,
                                std::string_view what) {
  BaseDocument base;
  const bool by_path = r.has("base"), inline_doc = r.has("base_scenario");
  if (by_path == inline_doc)
    throw InputError(fmt::format(
        "{}: give exactly one of 'base' (a scenario file) and 'base_scenario' (an inline "
        "scenario)",
        r.where(by_path ? "base" : "base_scenario")));
  const auto study_dir = std::filesystem::path(study_file).parent_path();
  if (by_path) {
    const std::filesystem::path p(r.scalar("base", "a scenario file path"));
    base.file = p.is_absolute() ? p.string() : (study_dir / p).string();
    try {
      base.document = schema::load_yaml_file(base.file);
    } catch (const InputError& e) {
      std::error_code ec;  // a wrong path is the study file's error; bad content the base's
      if (std::filesystem::is_regular_file(base.file, ec)) throw;
      r.fail("base", fmt::format("names no scenario file that can be read: {} (a path absolute "
                                 "or relative to the {}'s directory)",
                                 e.what(), what));
    }
    const auto dir = std::filesystem::path(base.file).parent_path();
    base.dir = dir.empty() ? "." : dir.string();
  } else {
    // The node itself, not a YAML::Clone: a clone loses the marks, and errors in the
    // inline base must name their line in the study file.
    base.document = r.get("base_scenario");
    base.dir = study_dir.empty() ? "." : study_dir.string();
  }
  return base;
}

}  // namespace edusim

#include "io/h5_output_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "core/error.hpp"
#include "io/run_writer.hpp"

namespace edusim::h5 {
namespace {

std::string kinds_text(std::initializer_list<std::string_view> kinds) {
  std::string out;
  for (const std::string_view kind : kinds)
    out += fmt::format("{}{}", out.empty() ? "" : " or ", kind);
  return out;
}

/// file_kind, or "run" for a file of schema version 1 written before the attribute existed.
std::string kind_of(hid_t file, const std::string& path) {
  const auto kind = read_string_attr(file, "file_kind");
  if (kind) return *kind;
  if (read_int64_attr(file, "schema_version")) return "run";
  throw InputError(fmt::format(
      "{}: not an edusim output file (an HDF5 file without the root attributes file_kind and "
      "schema_version)",
      path));
}

}  // namespace

OutputFile open_output_file(const std::string& path,
                            std::initializer_list<std::string_view> kinds) {
  OutputFile out{open_for_reading(path), ""};
  const hid_t file = out.file.get();
  out.kind = kind_of(file, path);
  if (std::find(kinds.begin(), kinds.end(), out.kind) == kinds.end())
    throw InputError(
        fmt::format("{}: not a {} file (file_kind is '{}')", path, kinds_text(kinds), out.kind));
  const auto version = read_int64_attr(file, "schema_version");
  if (version != kOutputSchemaVersion)
    throw InputError(fmt::format("{}: schema_version {} is not supported (this edusim reads {})",
                                 path, version ? std::to_string(*version) : "missing",
                                 kOutputSchemaVersion));
  if (read_int64_attr(file, "complete") != 1)
    throw InputError(fmt::format("{}: the file is incomplete (no complete = 1 attribute)", path));
  return out;
}

std::vector<std::pair<std::string, std::string>> read_provenance(hid_t file) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const char* name :
       {"file_kind", "schema_version", "engine_version", "git_revision", "git_clean", "created_utc",
        "scenario_file", "sweep_file", "seed", "world_seed", "master_seed", "run_index", "design",
        "points", "replicates", "runs", "runs_in_file", "command_line"}) {
    const std::string_view n = name;
    std::optional<std::string> text = read_string_attr(file, name);
    if (!text && n.ends_with("seed")) {  // uint64: seeds use the whole range
      if (const auto v = read_uint64_attr(file, name)) text = std::to_string(*v);
    } else if (!text) {
      if (const auto v = read_int64_attr(file, name)) text = std::to_string(*v);
    }
    if (text) out.emplace_back(name, *text);
  }
  return out;
}

std::vector<SeriesDef> read_series_defs(hid_t group, const std::string& where,
                                        std::string_view skip) {
  std::vector<SeriesDef> out;
  for (const auto& link : list_links(group, H5_INDEX_CRT_ORDER)) {
    if (link.name == skip) continue;
    const Handle ds = checked(H5Dopen2(group, link.name.c_str(), H5P_DEFAULT), H5Dclose, "H5Dopen2",
                              where + "/" + link.name);
    out.push_back({link.name, read_string_attr(ds.get(), "units").value_or(""),
                   read_string_attr(ds.get(), "description").value_or("")});
  }
  return out;
}

}  // namespace edusim::h5

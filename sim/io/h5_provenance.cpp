#include "io/h5_provenance.hpp"

#include "edusim/version.hpp"
#include "io/h5_handle.hpp"

namespace edusim {

BuildInfo this_build() {
  return {kEngineVersion, kGitRevision, kGitClean};
}

namespace h5 {

void write_root_provenance(hid_t file, std::string_view file_kind, const BuildInfo& build,
                           const std::string& command_line, const std::string& where) {
  write_int32_attr(file, "schema_version", kOutputSchemaVersion, where);
  write_string_attr(file, "file_kind", std::string(file_kind), where);
  write_string_attr(file, "engine_version", build.engine_version, where);
  write_string_attr(file, "git_revision", build.git_revision, where);
  write_int32_attr(file, "git_clean", build.git_clean ? 1 : 0, where);
  write_string_attr(file, "created_utc", utc_now_iso8601(), where);
  write_string_attr(file, "command_line", command_line, where);
}

BuildInfo read_build_info(hid_t file) {
  return {read_string_attr(file, "engine_version").value_or(""),
          read_string_attr(file, "git_revision").value_or("unknown"),
          read_int64_attr(file, "git_clean").value_or(0) == 1};
}

}  // namespace h5
}  // namespace edusim

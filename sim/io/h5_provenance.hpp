#pragma once
// The root attributes every output file starts with, whatever its kind (run, sweep,
// national): the layout's version, the kind of file, and the build that computed it
// (docs/output-schema.md). Only .cpp files include it (it exposes hdf5.h).
#include <hdf5.h>

#include <string>
#include <string_view>

#include "io/run_writer.hpp"

namespace edusim::h5 {

/// Writes schema_version, file_kind, engine_version, git_revision, git_clean (int32 0/1),
/// created_utc (now) and command_line on `file`'s root; throws std::runtime_error naming
/// `where` on an HDF5 failure.
void write_root_provenance(hid_t file, std::string_view file_kind, const BuildInfo& build,
                           const std::string& command_line, const std::string& where);

/// The build named by a file's root attributes (BuildInfo in run_writer.hpp): a missing
/// engine_version reads as "", a missing git_revision as "unknown", a missing git_clean
/// as false.
BuildInfo read_build_info(hid_t file);

}  // namespace edusim::h5

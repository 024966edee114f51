#pragma once
// Opening an edusim output file for reading (run, sweep, calibration, ...): the checks every
// reader makes first (an edusim file, of the kind expected, in a supported schema version,
// complete), and what readers of several kinds share: the provenance attributes and the
// definitions (name, units, description) of a group's series. Only .cpp files of io/ include
// it (it exposes hdf5.h).
#include <hdf5.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/h5_handle.hpp"
#include "model/series.hpp"

namespace edusim::h5 {

struct OutputFile {
  Handle file;
  std::string kind;  ///< root attribute file_kind; "run" for files written before it existed
};

/// Opens `path` read-only and checks that it is a complete edusim output file, of one of
/// `kinds`, in the schema version this edusim reads. InputError naming the file otherwise:
/// "not an HDF5 file", "not an edusim output file (...)", "not a sweep file (file_kind is
/// 'run')", "schema_version 2 is not supported (...)", "the file is incomplete (...)".
OutputFile open_output_file(const std::string& path, std::initializer_list<std::string_view> kinds);

/// The root attributes that say where a file comes from (file_kind, engine_version,
/// git_revision, created_utc, seed or master_seed, the scenario, sweep or command line's
/// text is left out), as (name, value as text), those the file has, in a fixed order.
std::vector<std::pair<std::string, std::string>> read_provenance(hid_t file);

/// The series of `group` in creation order, leaving out the link named `skip`, with their
/// `units` and `description` attributes ("" when missing).
std::vector<SeriesDef> read_series_defs(hid_t group, const std::string& where,
                                        std::string_view skip);

}  // namespace edusim::h5

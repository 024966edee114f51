#pragma once
// Read-only inspection of edusim output files (`edusim info FILE`).
#include <string>

namespace edusim {

/// A human-readable summary of an output file: the provenance attributes, whether the
/// run completed, then every group and dataset with its type, shape, units and
/// description. Throws InputError if `path` is missing or not an HDF5 file.
std::string describe_h5_file(const std::string& path);

/// True iff `path` is a readable HDF5 file whose root attribute `complete` is 1.
/// Never throws.
bool h5_file_complete(const std::string& path) noexcept;

}  // namespace edusim

#pragma once
// /schools/info, the compound table of the schools, shared by run and sweep files. Only .cpp
// files of io/ include it (it exposes hdf5.h).
#include <hdf5.h>

#include <string>
#include <vector>

#include "io/run_writer.hpp"

namespace edusim::h5 {

/// Writes /schools/info (dataset "info" in `group`) with its attributes.
void write_school_info(hid_t group, const std::vector<SchoolInfoRow>& rows,
                       const std::string& where);

/// Reads the dataset "info" of `group`.
std::vector<SchoolInfoRow> read_school_info(hid_t group, const std::string& where);

}  // namespace edusim::h5

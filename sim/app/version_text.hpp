#pragma once
// What `edusim --version` prints.
#include <string>

namespace edusim {

/// The engine version, the git revision and whether its tree was clean, whether MPI is
/// compiled in, and the versions of the libraries the binary was built with; several
/// lines, without a final line break.
std::string version_text();

}  // namespace edusim

#include "app/version_text.hpp"

#include <fmt/format.h>
#include <hdf5.h>
#include <tbb/version.h>

#include <string_view>

#include "edusim/version.hpp"

namespace edusim {

std::string version_text() {
#ifdef EDUSIM_HAVE_MPI
  constexpr const char* kMpi =
      "yes (edusim sweep and calibrate spread over MPI ranks under mpirun)";
#else
  constexpr const char* kMpi = "no";
#endif
  const std::string_view revision = kGitRevision;
  const char* tree = kGitClean ? "clean"
                     : revision.ends_with("-dirty")
                         ? "modified (tracked files differ from the commit)"
                         : "unknown (built outside git)";
  return fmt::format(
      "edusim {}\n"
      "git revision: {}\n"
      "source tree: {}\n"
      "MPI: {}\n"
      "libraries: oneTBB {}, HDF5 {}.{}.{}, fmt {}.{}.{}",
      kEngineVersion, kGitRevision, tree, kMpi, TBB_VERSION_STRING, H5_VERS_MAJOR, H5_VERS_MINOR,
      H5_VERS_RELEASE, FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100);
}

}  // namespace edusim

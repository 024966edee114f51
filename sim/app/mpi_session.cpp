#include "app/mpi_session.hpp"

#include <fmt/format.h>

#include <iostream>

#include "core/error.hpp"

namespace edusim {

void refuse_mpi_launch_without_mpi(std::string_view command) {
  throw InputError(fmt::format(
      "edusim {0} was started by an MPI launcher, but this edusim was built without MPI (every "
      "rank would run the whole {0}); rebuild with OpenMPI installed (libopenmpi-dev), or run "
      "without mpirun",
      command));
}

#ifdef EDUSIM_HAVE_MPI
MpiSession::MpiSession() {
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided);
  serialized_ = provided >= MPI_THREAD_SERIALIZED;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() {
  MPI_Finalize();
}

void share_status(std::string& error) {
  long n = static_cast<long>(error.size());
  MPI_Bcast(&n, 1, MPI_LONG, 0, MPI_COMM_WORLD);
  error.resize(static_cast<std::size_t>(n));
  if (n > 0) MPI_Bcast(error.data(), static_cast<int>(n), MPI_CHAR, 0, MPI_COMM_WORLD);
}

std::optional<int> agree_on_start(const MpiSession& mpi, std::string error, bool complete,
                                  bool quiet, const std::string& output) {
  if (mpi.rank() == 0 && error.empty() && complete) error = "complete";
  share_status(error);
  if (error == "complete") {
    if (mpi.rank() == 0 && !quiet)
      fmt::print("edusim: {} is complete; nothing to resume\n", output);
    return 0;
  }
  if (error.empty()) return std::nullopt;
  if (mpi.rank() != 0) return 2;  // rank 0 reports it
  throw InputError(error);
}

bool all_ranks_succeeded(const MpiSession& mpi, const std::string& failure) {
  int ok = failure.empty() ? 1 : 0, all_ok = 0;
  MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (!failure.empty()) std::cerr << fmt::format("edusim: rank {}: {}\n", mpi.rank(), failure);
  return all_ok != 0;
}
#endif

}  // namespace edusim

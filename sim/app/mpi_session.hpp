#pragma once
// What the MPI drivers of `edusim sweep` and `edusim calibrate` share: MPI's C API, the MPI
// session and the broadcast of rank 0's verdict on a step (built with MPI, EDUSIM_HAVE_MPI),
// and the refusal of an MPI launch by a build without MPI.
#include <optional>
#include <string>
#include <string_view>

#ifdef EDUSIM_HAVE_MPI
// The C API only: the deprecated C++ bindings would need libmpi_cxx.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace edusim {

/// Throws the InputError of `edusim <command>` started by an MPI launcher in a build without
/// MPI (every rank would run the whole command).
[[noreturn]] void refuse_mpi_launch_without_mpi(std::string_view command);

#ifdef EDUSIM_HAVE_MPI
/// MPI_Init_thread (asking for MPI_THREAD_SERIALIZED) / MPI_Finalize.
class MpiSession {
 public:
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  /// Whether MPI may be called from any thread, one at a time.
  bool serialized() const { return serialized_; }

 private:
  int rank_ = 0, size_ = 1;
  bool serialized_ = false;
};

/// Rank 0's outcome of a step (empty: fine), broadcast so that every rank stops together on
/// an error.
void share_status(std::string& error);

/// Every rank's verdict on the start of a command that writes `output`: rank 0's `error`
/// (empty: fine) or, with `complete` (rank 0 found the output already complete), "nothing to
/// resume". nullopt: go on. Else the exit code: 0 when complete, 2 on the other ranks after
/// an error; rank 0 throws the error as an InputError, to be reported once.
std::optional<int> agree_on_start(const MpiSession& mpi, std::string error, bool complete,
                                  bool quiet, const std::string& output);

/// Whether every rank finished without `failure` (this rank's error, empty if none); a
/// failure is written to stderr with the rank's number.
bool all_ranks_succeeded(const MpiSession& mpi, const std::string& failure);
#endif

}  // namespace edusim

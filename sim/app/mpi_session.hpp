#pragma once
// What the MPI drivers of `edusim sweep` and `edusim calibrate` share: the MPI session and
// the broadcast of rank 0's verdict on a step. Built only with MPI (EDUSIM_HAVE_MPI).
#ifdef EDUSIM_HAVE_MPI
#include <string>

namespace edusim {

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

}  // namespace edusim
#endif

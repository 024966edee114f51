#include "core/workers.hpp"

#include <tbb/info.h>

#include <new>

namespace edusim {

int worker_count(int requested) {
  return requested > 0 ? requested : static_cast<int>(tbb::info::default_concurrency());
}

WorkerPool::WorkerPool(int requested)
    : threads_(worker_count(requested)),
      // The global limit is raised only above the cores: below them the arena's size is
      // the limit, and changing the global one back and forth leaves oneTBB's parked
      // workers slow to return (measured with oneTBB 2021.8).
      limit_(
          threads_ > static_cast<int>(tbb::info::default_concurrency())
              ? std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                      static_cast<std::size_t>(threads_))
              : nullptr),
      // One of the N slots is kept for the calling thread, which joins in execute(); the
      // other N - 1 are the workers'.
      arena_(threads_, 1),
      observer_(arena_) {
  observer_.observe(true);
}

WorkerPool::~WorkerPool() {
  observer_.observe(false);
  arena_.terminate();
  // Waits for the workers; false (nothing waited for) while other code of this process still
  // uses oneTBB, as in the test binaries, which is harmless there.
  tbb::finalize(scheduler_, std::nothrow);
}

int WorkerPool::threads_seen() const {
  return observer_.seen();
}

void WorkerPool::Observer::on_scheduler_entry(bool) {
  const std::lock_guard lock(mutex_);
  ids_.insert(std::this_thread::get_id());
}

int WorkerPool::Observer::seen() const {
  const std::lock_guard lock(mutex_);
  return static_cast<int>(ids_.size());
}

}  // namespace edusim

#pragma once
// `--threads N` runs exactly N worker threads, also beyond the machine's cores.
//
// A tbb::global_control alone only caps the default arena, which oneTBB sizes by the
// cores: `--threads 4` on a 2-core machine would silently run 2. WorkerPool raises the
// global limit to N and runs the command inside an explicit arena of N slots, so N
// threads take part; an observer counts the distinct threads that entered the arena,
// which the run file records (`worker_threads`) so that tests can check that more than
// one worker really executed tasks.
#include <tbb/global_control.h>
#include <tbb/task_arena.h>
#include <tbb/task_scheduler_observer.h>

#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

namespace edusim {

/// `requested` worker threads, or every core for 0 (`--threads`).
int worker_count(int requested);

class WorkerPool {
 public:
  /// `requested` threads, or every core for 0.
  explicit WorkerPool(int requested);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// The number of worker threads (the calling thread included).
  int threads() const { return threads_; }

  /// Runs `f` in the pool's arena: every parallel algorithm inside uses its N slots.
  template <class F>
  decltype(auto) run(F&& f) {
    return arena_.execute(std::forward<F>(f));
  }

  /// How many distinct threads have joined the arena to execute work (the calling thread
  /// included). oneTBB starts workers lazily, when there are tasks to take. oneTBB 2021.8
  /// remembers per thread the last observer it notified by address: a pool made where an
  /// earlier one lived may not hear of threads that knew the old one: the count is reliable
  /// for the first pool of a process (each edusim command makes one).
  int threads_seen() const;

 private:
  class Observer : public tbb::task_scheduler_observer {
   public:
    explicit Observer(tbb::task_arena& arena) : tbb::task_scheduler_observer(arena) {}
    void on_scheduler_entry(bool) override;
    int seen() const;

   private:
    mutable std::mutex mutex_;
    std::set<std::thread::id> ids_;
  };

  /// Attached first, finalized last: the destructor waits for oneTBB's worker threads to
  /// finish, so that they release what they hold (an observer's proxy) before the process
  /// exits (LeakSanitizer found the proxy of a run's observer still held at exit).
  tbb::task_scheduler_handle scheduler_{tbb::attach{}};
  int threads_;
  std::unique_ptr<tbb::global_control> limit_;  ///< only above the default concurrency
  tbb::task_arena arena_;
  Observer observer_;
};

}  // namespace edusim

#include "app/triad.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>

#include <algorithm>
#include <chrono>
#include <memory>

namespace edusim {

namespace {

/// One parallel pass of `f(begin, end)` over [0, n) in equal static chunks, so
/// that each thread touches the same pages in every pass (first touch included).
template <class F>
void static_pass(std::size_t n, F&& f) {
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, n, 1 << 16),
      [&](const tbb::blocked_range<std::size_t>& r) { f(r.begin(), r.end()); },
      tbb::static_partitioner());
}

}  // namespace

TriadResult measure_triad(std::size_t array_mib, int repetitions) {
  const std::size_t n = std::max<std::size_t>(1, array_mib * (std::size_t{1} << 20) / 8);
  // new double[] leaves the pages untouched: the first pass below faults them in
  // on the thread that will use them.
  std::unique_ptr<double[]> a(new double[n]), b(new double[n]), c(new double[n]);
  static_pass(n, [&](std::size_t first, std::size_t last) {
    for (std::size_t i = first; i < last; ++i) a[i] = 0.0, b[i] = 1.0, c[i] = 2.0;
  });
  TriadResult out;
  out.array_bytes = n * sizeof(double);
  out.bytes_per_pass = 3.0 * static_cast<double>(out.array_bytes);
  out.repetitions = std::max(1, repetitions);
  out.best_seconds = 1e300;
  const double s = 3.0;
  for (int k = 0; k < out.repetitions; ++k) {
    const auto start = std::chrono::steady_clock::now();
    static_pass(n, [&](std::size_t first, std::size_t last) {
      double* __restrict pa = a.get();
      const double* __restrict pb = b.get();
      const double* __restrict pc = c.get();
      for (std::size_t i = first; i < last; ++i) pa[i] = pb[i] + s * pc[i];
    });
    const double sec =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    out.best_seconds = std::min(out.best_seconds, sec);
  }
  // Read a result so the passes cannot be optimised away.
  volatile double sink = a[n / 2];
  (void)sink;
  out.gb_per_s = out.bytes_per_pass / out.best_seconds / 1e9;
  return out;
}

}  // namespace edusim

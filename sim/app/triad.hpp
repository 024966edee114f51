#pragma once
// A STREAM-style triad, a[i] = b[i] + s * c[i], measured inside `edusim bench`
// so that its throughput can be set against the memory bandwidth of the same
// machine, in the same process, on the same number of threads.
#include <cstddef>

namespace edusim {

struct TriadResult {
  double gb_per_s = 0;          ///< best pass, 10^9 bytes/s counted as 3 streams (see below)
  double best_seconds = 0;      ///< the best pass
  double bytes_per_pass = 0;    ///< 3 * n * sizeof(double): two reads, one write
  std::size_t array_bytes = 0;  ///< bytes of each of the three arrays
  int repetitions = 0;
};

/// Runs the triad over three arrays of `array_mib` MiB of double each,
/// `repetitions` times, with oneTBB's static partitioner on the threads the
/// caller allows (tbb::global_control), and keeps the fastest pass (STREAM's
/// rule). Bytes are counted as STREAM counts them: 24 per element, the write
/// counted once, without the write-allocate read a cache without streaming
/// stores adds (which would make it 32).
TriadResult measure_triad(std::size_t array_mib, int repetitions);

}  // namespace edusim

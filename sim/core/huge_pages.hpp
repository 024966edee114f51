#pragma once
// Transparent huge pages for the large column buffers. A buffer of 10^6-10^8
// values touched for the first time faults once per 4 KiB page, and in a
// virtual machine a fault costs microseconds: at 10^7 students the first year's
// new student table alone took some 40,000 faults. Advised as huge pages, the
// kernel backs the buffer's aligned interior with 2 MiB pages (512 times
// fewer faults). Advice only: where the kernel has no transparent huge pages,
// or does not take the advice, nothing changes but the time.
//
// The first touch itself is parallel (prefault): the kernel zero-fills every
// fresh page on its first fault, and on this virtual machine that fault and
// zero-fill of a 10^7-student table, taken by the serial zero-fill of
// std::vector::resize, was about 40% of progression's time in a 5-year
// benchmark run (perf, one thread).
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace edusim {

/// Advises huge pages for the 2 MiB-aligned part of [data, data + bytes).
inline void advise_huge_pages(const void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t kHuge = std::uintptr_t{1} << 21;
  const auto first = reinterpret_cast<std::uintptr_t>(data);
  const std::uintptr_t begin = (first + kHuge - 1) & ~(kHuge - 1);
  const std::uintptr_t end = (first + bytes) & ~(kHuge - 1);
  if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)data, (void)bytes;
#endif
}

/// Faults in [data, data + bytes) writable, 2 MiB-aligned pieces on every thread
/// (MADV_POPULATE_WRITE, Linux 5.14): the kernel's zero-fill of fresh pages is
/// then spread over the threads instead of falling on whoever touches the
/// memory first. Small ranges and other systems: nothing (the first touch faults).
inline void prefault(const void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
  constexpr std::uintptr_t kHuge = std::uintptr_t{1} << 21, kPiece = kHuge;
  if (bytes < kPiece) return;
  const auto first = reinterpret_cast<std::uintptr_t>(data), last = first + bytes;
  const std::uintptr_t aligned = (first + kHuge - 1) & ~(kHuge - 1);
  const std::size_t pieces = (last - aligned + kPiece - 1) / kPiece;
  tbb::parallel_for(std::size_t{0}, pieces + 1, [&](std::size_t k) {
    // Piece 0 is the unaligned head; piece k >= 1 starts at aligned + (k - 1) pieces.
    const std::uintptr_t begin =
        k == 0 ? first & ~std::uintptr_t{4095} : aligned + (k - 1) * kPiece;
    const std::uintptr_t end = k == 0 ? aligned : std::min(last, aligned + k * kPiece);
    if (end > begin) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
  });
#else
  (void)data, (void)bytes;
#endif
}

/// v.reserve(n), with the new storage advised as huge pages before it is touched and its
/// first `touched` elements faulted in on every thread (prefault).
template <class Vector>
void reserve_huge(Vector& v, std::size_t n, std::size_t touched = 0) {
  if (v.capacity() >= n) return;
  v.reserve(n);
  using T = typename Vector::value_type;
  advise_huge_pages(v.data(), v.capacity() * sizeof(T));
  prefault(v.data(), std::min(touched, v.capacity()) * sizeof(T));
}

}  // namespace edusim

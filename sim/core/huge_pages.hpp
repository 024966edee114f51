#pragma once
// Transparent huge pages for the large column buffers. A buffer of 10^6-10^8
// values touched for the first time faults once per 4 KiB page, and in a
// virtual machine a fault costs microseconds: at 10^7 students the first year's
// new student table alone took some 40,000 faults. Advised as huge pages, the
// kernel backs the buffer's aligned interior with 2 MiB pages (512 times
// fewer faults). Advice only: where the kernel has no transparent huge pages,
// or does not take the advice, nothing changes but the time.
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

/// v.reserve(n), with the new storage advised as huge pages before it is touched.
template <class Vector>
void reserve_huge(Vector& v, std::size_t n) {
  if (v.capacity() >= n) return;
  v.reserve(n);
  advise_huge_pages(v.data(), v.capacity() * sizeof(typename Vector::value_type));
}

}  // namespace edusim

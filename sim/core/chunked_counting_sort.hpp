#pragma once
// One stable counting-sort pass on every thread: the items [0, n) are cut into
// `chunks` contiguous chunks, each chunk counts its buckets, the counts are
// combined in (bucket, chunk) order into each chunk's first slot per bucket, then
// every chunk places its items. Items of a bucket keep their order, so the result
// is the same for any number of chunks (and so for any thread count). Shared by
// the parallel radix sort (one pass per digit) and the teacher index (by school).
#include <tbb/parallel_for.h>

#include <cstddef>
#include <vector>

namespace edusim {

/// Sorts the items [0, n) by `bucket_of(i)` (in [0, buckets)) into slots 0..n-1,
/// calling `place(i, slot)` for each; `slot` is working storage ([chunk][bucket]).
/// `bucket_begin`, if given, receives each bucket's first slot. With
/// `skip_single_bucket`, returns false without placing anything when every item
/// falls in one bucket (the order would not change); true otherwise.
template <class Slot, class BucketOf, class Place>
bool chunked_counting_sort(std::size_t n, std::size_t buckets, std::size_t chunks,
                           std::vector<Slot>& slot, BucketOf bucket_of, Place place,
                           bool skip_single_bucket = false, Slot* bucket_begin = nullptr) {
  const auto chunk_begin = [n, chunks](std::size_t c) { return n * c / chunks; };
  slot.assign(chunks * buckets, 0);
  tbb::parallel_for(std::size_t{0}, chunks, [&](std::size_t c) {
    Slot* own = slot.data() + c * buckets;
    for (std::size_t i = chunk_begin(c); i < chunk_begin(c + 1); ++i) ++own[bucket_of(i)];
  });
  if (skip_single_bucket)
    for (std::size_t b = 0; b < buckets; ++b) {
      std::size_t total = 0;
      for (std::size_t c = 0; c < chunks; ++c) total += slot[c * buckets + b];
      if (total == n) return false;
    }
  Slot next = 0;
  for (std::size_t b = 0; b < buckets; ++b) {
    if (bucket_begin) bucket_begin[b] = next;
    for (std::size_t c = 0; c < chunks; ++c) {
      const Slot k = slot[c * buckets + b];
      slot[c * buckets + b] = next;
      next += k;
    }
  }
  tbb::parallel_for(std::size_t{0}, chunks, [&](std::size_t c) {
    Slot* own = slot.data() + c * buckets;
    for (std::size_t i = chunk_begin(c); i < chunk_begin(c + 1); ++i) place(i, own[bucket_of(i)]++);
  });
  return true;
}

}  // namespace edusim

#include "phases/class_assignment.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <utility>

namespace edusim {

void assign_class_teachers(World& world, const YearContext& ctx) {
  const RandomStream order_stream = ctx.stream(Stream::ClassAssignment);
  tbb::parallel_for(std::size_t{0}, world.schools.size(), [&](std::size_t s) {
    const auto* begin = world.teachers_by_school.data() + world.school_teacher_begin[s];
    const auto* end = world.teachers_by_school.data() + world.school_teacher_begin[s + 1];
    // Buffers kept per thread: three fresh vectors a school a year cost more in
    // allocations than the shuffle. The pool: the core teachers, or every teacher of a
    // school without one.
    thread_local std::vector<std::int32_t> pool_buffer;
    thread_local std::vector<std::uint32_t> id_buffer;
    thread_local std::vector<std::uint64_t> key_buffer;
    std::vector<std::int32_t>& pool = pool_buffer;
    pool.clear();
    for (const auto* k = begin; k < end; ++k)
      if (world.teachers.subject[static_cast<std::size_t>(*k)] == Subject::Core) pool.push_back(*k);
    if (pool.empty()) pool.assign(begin, end);
    // Shuffled by each teacher's first word (vectorized Philox); ties (never in
    // practice) by teacher index: one 64-bit key (word, index), one order.
    const std::size_t n = pool.size();
    std::vector<std::uint32_t>& ids = id_buffer;
    ids.resize(n);
    for (std::size_t k = 0; k < n; ++k)
      ids[k] = world.teachers.id[static_cast<std::size_t>(pool[k])];
    std::vector<std::uint64_t>& keyed = key_buffer;
    keyed.resize(n);
    order_stream.shuffle_keys(ids.data(), reinterpret_cast<const std::uint32_t*>(pool.data()), n,
                              keyed.data());
    std::sort(keyed.begin(), keyed.end());
    const auto first = world.school_class_begin[s], last = world.school_class_begin[s + 1];
    for (auto c = first; c < last; ++c)
      world.classes.class_teacher[static_cast<std::size_t>(c)] =
          n == 0 ? -1 : static_cast<std::int32_t>(keyed[static_cast<std::size_t>(c - first) % n]);
  });
}

}  // namespace edusim

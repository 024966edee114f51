#include "world/world.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <cmath>

#include "core/chunked_counting_sort.hpp"

namespace edusim {

void index_teachers(World& world) {
  // A counting sort of the teachers by school (stable: index order within each
  // school), in chunks on every thread from 2^15 teachers; the same index for any
  // chunking.
  const std::size_t n_schools = world.schools.size();
  const auto& school = world.teachers.school;
  const std::size_t n = school.size();
  const auto threads = static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
  const std::size_t chunks = std::max<std::size_t>(1, std::min(threads, n >> 15));
  auto& begin = world.school_teacher_begin;
  begin.assign(n_schools + 1, 0);
  world.teachers_by_school.resize(n);
  std::int32_t* by_school = world.teachers_by_school.data();
  std::vector<std::int32_t> slot;
  chunked_counting_sort(
      n, n_schools, chunks, slot,
      [&school](std::size_t t) { return static_cast<std::size_t>(school[t]); },
      [by_school](std::size_t t, std::int32_t k) { by_school[k] = static_cast<std::int32_t>(t); },
      false, begin.data());
  begin[n_schools] = static_cast<std::int32_t>(n);
}

std::size_t add_teacher(Teachers& t, std::uint32_t id, std::int32_t school) {
  t.for_each_column([](auto& column) { column.emplace_back(); });
  const std::size_t i = t.size() - 1;
  t.id[i] = id;
  t.school[i] = school;
  t.home_school[i] = school;
  t.degree[i] = Degree::Bachelor;
  t.morale[i] = 0.5f;
  t.rotation_destination[i] = -1;
  t.part_time_school[i] = -1;
  t.guidance_school[i] = -1;
  return i;
}

double school_distance_km(const Schools& sc, std::size_t a, std::size_t b) {
  return std::hypot(static_cast<double>(sc.x_km[a]) - sc.x_km[b],
                    static_cast<double>(sc.y_km[a]) - sc.y_km[b]);
}

namespace {
constexpr std::size_t kParallelCompactRows = std::size_t{1} << 15;
}  // namespace

void compact_teachers(Teachers& t, const std::vector<std::uint8_t>& keep) {
  // The rows kept after the first removed one, found once for all 40-odd
  // columns; each column then moves only that tail, without branches.
  const std::size_t n = keep.size();
  std::size_t first_removed = 0;
  while (first_removed < n && keep[first_removed]) ++first_removed;
  if (first_removed == n) return;
  std::vector<std::uint32_t> moved;
  moved.reserve(n - first_removed);
  for (std::size_t i = first_removed + 1; i < n; ++i)
    if (keep[i]) moved.push_back(static_cast<std::uint32_t>(i));
  const auto compact = [&](auto& column) {
    for (std::size_t k = 0; k < moved.size(); ++k) column[first_removed + k] = column[moved[k]];
    column.resize(first_removed + moved.size());
  };
  // Columns are independent: a large table moves them on every thread (a small one
  // would spend more on the tasks than on the moves).
  if (moved.size() < kParallelCompactRows) return t.for_each_column(compact);
  tbb::task_group columns;
  t.for_each_column([&](auto& column) { columns.run([&compact, &column] { compact(column); }); });
  columns.wait();
}

}  // namespace edusim

#include "phases/class_assignment.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <utility>

namespace edusim {

void assign_class_teachers(World& world, const YearContext& ctx) {
  const RandomStream order_stream = ctx.stream(Stream::ClassAssignment);
  tbb::parallel_for(std::size_t{0}, world.schools.size(), [&](std::size_t s) {
    std::vector<std::pair<std::uint32_t, std::int32_t>> core, any;
    for (auto k = world.school_teacher_begin[s]; k < world.school_teacher_begin[s + 1]; ++k) {
      const auto t = world.teachers_by_school[static_cast<std::size_t>(k)];
      const auto ti = static_cast<std::size_t>(t);
      const std::pair key{order_stream.words(world.teachers.id[ti])[0], t};
      any.push_back(key);
      if (world.teachers.subject[ti] == Subject::Core) core.push_back(key);
    }
    auto& pool = core.empty() ? any : core;
    std::sort(pool.begin(), pool.end());
    const auto first = world.school_class_begin[s], last = world.school_class_begin[s + 1];
    for (auto c = first; c < last; ++c)
      world.classes.class_teacher[static_cast<std::size_t>(c)] =
          pool.empty() ? -1 : pool[static_cast<std::size_t>(c - first) % pool.size()].second;
  });
}

}  // namespace edusim

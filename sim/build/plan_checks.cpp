#include "build/plan_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "build/school_names.hpp"

namespace edusim {

void validate_consolidation(const ConsolidationParams& params, const World& world,
                            const std::string& scenario_file, const schema::SourceMap* sources) {
  const Schools& sc = world.schools;
  const SchoolNames names(sc, scenario_file, sources);
  std::vector<std::uint8_t> planned(sc.size(), 0);
  for (std::size_t i = 0; i < params.plan.size(); ++i) {
    const std::string& name = params.plan[i].school;
    const std::string path = fmt::format("consolidation.plan[{}].school", i);
    const std::size_t s = names.find(path, name);
    if (planned[s]++)
      names.fail(path, fmt::format("names '{}' a second time; a school closes once", name));
    const auto others =
        std::count_if(sc.level.begin(), sc.level.end(), [&](Level l) { return l == sc.level[s]; });
    if (others < 2)
      names.fail(path,
                 fmt::format("names '{}', the only {} school: its students would have nowhere "
                             "to go",
                             name, kLevelNames[index(sc.level[s])]));
  }
}

void validate_drift(const DriftParams& params, const World& world, const std::string& scenario_file,
                    const schema::SourceMap* sources) {
  const SchoolNames names(world.schools, scenario_file, sources);
  for (std::size_t i = 0; i < params.capacity_expansion.size(); ++i)
    names.find(fmt::format("drift.capacity_expansion[{}].school", i),
               params.capacity_expansion[i].school);
}

}  // namespace edusim

#pragma once
// Gaps inside education groups: the lead school against its member schools,
// written as /groups/<metric> [year, group].
#include <vector>

#include "model/series.hpp"
#include "world/world.hpp"

namespace edusim {

/// Number of groups (the largest group index + 1).
std::size_t group_count(const World& world);

/// The /groups output group for `n_groups` groups.
SeriesGroup group_series(std::size_t n_groups);

/// One year's rows: per series, per group, lead minus the member schools'
/// mean (students weight achievement, teachers weight effectiveness); NaN when
/// a group has no lead or no member with students (teachers).
std::vector<double> group_gap_rows(const World& world, std::size_t n_groups);

}  // namespace edusim

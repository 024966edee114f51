#pragma once
// The year, in order: one line per phase. Adding a mechanism is one new file
// in phases/ and one line in schedule.cpp.
#include <span>
#include <string_view>

#include "model/year_context.hpp"
#include "scenario/scenario.hpp"
#include "world/world.hpp"

namespace edusim {

struct Phase {
  std::string_view name;
  void (*run)(World& world, const Scenario& scenario, const YearContext& ctx, YearFlows& flows);
};

std::span<const Phase> year_schedule();

}  // namespace edusim

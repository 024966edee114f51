#pragma once
// `edusim export-world`: a World written as the tables the data loader reads
// (schools.csv, teachers.csv, enrolment.csv) plus a scenario.yaml that loads
// them, so a synthetic district can be edited in a spreadsheet and loaded back.
#include <string>

#include "scenario/scenario.hpp"
#include "world/world.hpp"

namespace edusim {

/// Writes the tables and scenario into `dir` (created if needed). Throws
/// InputError if a file exists and `overwrite` is false.
void export_world(const World& world, const Scenario& scenario, const std::string& dir,
                  bool overwrite);

}  // namespace edusim

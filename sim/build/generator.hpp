#pragma once
// The district generator: builds a synthetic World from a scenario. (A data
// loader is the other source of the same World; both end in finish_world.)
#include <functional>

#include "scenario/scenario.hpp"
#include "world/world.hpp"

namespace edusim {

World generate_district(const Scenario& scenario);

/// Students of each (school, grade) at the start, drawn in school and grade
/// order with ids 0, 1, 2, ... (shared by the generator and the data loader,
/// so that the same counts give the same students).
using CohortSize = std::function<std::int32_t(std::size_t school, int grade)>;
void generate_students(World& world, const Scenario& scenario, const CohortSize& cohort_size);

/// Effectiveness of a teacher the data does not rate: talent drawn as the
/// generator draws it, plus the gain from `experience` years.
float drawn_effectiveness(const Scenario& scenario, float school_talent_shift, std::uint32_t id,
                          int experience);

/// Whether a teacher the data does not describe is a woman, drawn as the generator draws it
/// (district.teachers.female_share of the school's level).
bool drawn_female(const Scenario& scenario, Level level, std::uint32_t id);

/// Enrols the three year groups of every kindergarten from the zones' cohorts of the start
/// year and staffs them (generator and data loader, for kindergartens whose table gives no
/// children).
void enrol_kindergartens(World& world, const Scenario& scenario);

/// Steps shared by every source of a World once schools, teachers and
/// students exist: catchments, teacher index, class teachers, value added.
void finish_world(World& world, const Scenario& scenario);

}  // namespace edusim

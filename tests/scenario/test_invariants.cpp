// Invariants checked every simulated year, and a checker that does catch
// broken worlds (so the checks can fail).
#include <gtest/gtest.h>

#include "build/generator.hpp"
#include "core/error.hpp"
#include "engine/simulation.hpp"
#include "io/scenario_io.hpp"
#include "metrics/year_metrics.hpp"
#include "test_helpers.hpp"
#include "world/invariants.hpp"

using namespace edusim;

TEST(Invariants, BaselineHoldsThemEveryPhaseOfEveryYear) {
  const Scenario s = load_scenario(EDUSIM_SOURCE_DIR "/scenarios/baseline.yaml");
  Simulation sim(s, generate_district(s), {/*check=*/true, false});
  for (int y = 0; y < s.run.years; ++y) {
    const auto teachers = static_cast<double>(sim.world().teachers.size());
    const auto students = static_cast<double>(sim.world().students.size());
    ASSERT_NO_THROW(sim.step());
    // Head counts balance with the flows the metrics report.
    const YearMetrics m = sim.measure();
    EXPECT_EQ(m[DistrictMetric::teachers],
              teachers + m[DistrictMetric::hires] + m[DistrictMetric::interns_hired] +
                  m[DistrictMetric::substitutes_hired] - m[DistrictMetric::retirements] -
                  m[DistrictMetric::quits] - m[DistrictMetric::contract_ends] -
                  m[DistrictMetric::teachers_to_leaders]);
    EXPECT_EQ(m[DistrictMetric::students], students + m[DistrictMetric::entrants] -
                                               m[DistrictMetric::graduates] -
                                               m[DistrictMetric::left_district]);
    double school_students = 0;
    for (std::size_t sc = 0; sc < sim.world().schools.size(); ++sc)
      school_students +=
          m.school[static_cast<std::size_t>(SchoolMetric::students) * sim.world().schools.size() +
                   sc];
    EXPECT_EQ(school_students, m[DistrictMetric::students]);
  }
}

TEST(Invariants, CheckerCatchesATeacherInAnInvalidSchool) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  w.teachers.school[0] = static_cast<std::int32_t>(w.schools.size());
  EXPECT_THROW(check_invariants(w, "test", ClassTeachers::Required), InvariantError);
}

TEST(Invariants, CheckerCatchesAStudentInTwoPlaces) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  w.students.id[5] = w.students.id[500];
  EXPECT_THROW(check_invariants(w, "test", ClassTeachers::Required), InvariantError);
}

TEST(Invariants, CheckerCatchesAClassTeacherFromAnotherSchool) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  const auto other = w.teachers_by_school[static_cast<std::size_t>(w.school_teacher_begin[1])];
  w.classes.class_teacher[0] = other;
  EXPECT_THROW(check_invariants(w, "test", ClassTeachers::Required), InvariantError);
}

TEST(Invariants, CheckerCatchesNaN) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  w.students.achievement[3] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THROW(check_invariants(w, "test", ClassTeachers::Required), InvariantError);
}

TEST(Invariants, FlowCheckCatchesAnUncountedLeaver) {
  const Scenario s = edusim::testing::small_scenario();
  Simulation sim(s, generate_district(s));
  sim.step();
  World& w = sim.mutable_world();
  std::vector<std::uint8_t> keep(w.teachers.size(), 1);
  keep[0] = 0;
  compact_teachers(w.teachers, keep);
  EXPECT_THROW(check_flows(w, sim.flows(), "test"), InvariantError);
}

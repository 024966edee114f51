// District structure on whole districts, against the same seeds without it:
//  * a tight-integration group narrows the lead-member gap in mean teacher
//    effectiveness faster than a collaborative one, which beats groups whose
//    schools are linked but do not integrate (no spillover);
//  * closing schools fills the schools that receive their students (more students,
//    and larger classes where no class has to be added), and the closed schools drop
//    out of the metrics and the national assessment from the year they close;
//  * the run file's /schools/info names each school's group, role and group type.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <vector>

#include "build/world_source.hpp"
#include "engine/simulation.hpp"
#include "io/h5_handle.hpp"
#include "io/h5_school_info.hpp"
#include "metrics/balance.hpp"
#include "phases/group_evaluation.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

Scenario county(std::int64_t seed, int years) {
  Scenario s;
  s.run.seed = seed;
  s.run.years = years;
  using edusim::testing::school_type;
  s.district.schools = {school_type("city primary", Level::Primary, Zone::Urban, 6, 100, 0.08),
                        school_type("town primary", Level::Primary, Zone::Town, 6, 50, 0.0),
                        school_type("village primary", Level::Primary, Zone::Rural, 12, 20, -0.08),
                        school_type("city middle", Level::Middle, Zone::Urban, 2, 180, 0.08),
                        school_type("rural middle", Level::Middle, Zone::Rural, 4, 60, -0.08)};
  return s;
}

/// Mean over groups of the lead-member gap in mean teacher effectiveness after
/// `years`, with every strong school leading its two weakest schools.
double gap_after(std::int64_t seed, int years, GroupType type, bool spillover) {
  Scenario s = county(seed, years);
  s.structure.group_rule.enabled = true;
  s.structure.group_rule.type = type;
  s.group_spillover.enabled = spillover;
  Simulation sim(s, build_world(s));
  for (int y = 0; y < years; ++y) sim.step();
  double sum = 0;
  int n = 0;
  for (double g : effectiveness_gaps(sim.world()))
    if (!std::isnan(g)) sum += g, ++n;
  EXPECT_GT(n, 0);
  return sum / n;
}

}  // namespace

TEST(StructureScenario, TightIntegrationNarrowsTheGroupGapFasterThanCollaborative) {
  for (std::int64_t seed = 300; seed < 306; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const double none = gap_after(seed, 5, GroupType::TightIntegration, false);
    const double collaborative = gap_after(seed, 5, GroupType::CollaborativeSupport, true);
    const double tight = gap_after(seed, 5, GroupType::TightIntegration, true);
    EXPECT_LT(tight, collaborative);
    EXPECT_LT(collaborative, none);
  }
}

TEST(StructureScenario, ClosingSchoolsFillsTheReceiversAndDropsTheClosedFromTheMetrics) {
  const int close_in = 2;  // the second simulated year
  Scenario with = county(77, 3), without = county(77, 3);
  for (const char* name : {"village primary 1", "village primary 2", "village primary 3"})
    with.consolidation.plan.push_back({name, with.run.start_year + close_in});
  Simulation a(with, build_world(with)), b(without, build_world(without));
  const std::size_t n = a.world().schools.size();
  std::set<std::int32_t> closed, receivers;
  for (int y = 1; y <= close_in; ++y) {
    a.step();
    b.step();
  }
  for (const ClosureEvent& e : a.flows().closure_events) {
    closed.insert(e.school);
    if (e.students > 0) receivers.insert(e.to_school);
  }
  ASSERT_EQ(closed.size(), 3u);
  ASSERT_FALSE(receivers.empty());
  const YearMetrics ma = a.measure(), mb = b.measure();
  // Receivers: more students; where no class had to be added (a grade crossing
  // max_class_size is split into more classes), more students per class.
  int same_classes = 0;
  for (auto s : receivers) {
    const auto k = static_cast<std::size_t>(s);
    const double students_a = a.world().school_students(k),
                 students_b = b.world().school_students(k);
    const double classes_a = a.world().school_class_begin[k + 1] - a.world().school_class_begin[k];
    const double classes_b = b.world().school_class_begin[k + 1] - b.world().school_class_begin[k];
    EXPECT_GT(students_a, students_b) << "receiver " << s;
    if (classes_a == classes_b) {
      ++same_classes;
      EXPECT_GT(students_a / classes_a, students_b / classes_b) << "receiver " << s;
    }
  }
  EXPECT_GT(same_classes, 0);
  // Closed schools: no students, no teachers, no achievement, not assessed.
  const BalanceAssessment balance = assess_balance(a.world(), with.balance_standard);
  for (auto s : closed) {
    const auto k = static_cast<std::size_t>(s);
    EXPECT_EQ(a.world().schools.open[k], 0);
    EXPECT_EQ(ma.at(SchoolMetric::students, k, n), 0);
    EXPECT_EQ(ma.at(SchoolMetric::teachers, k, n), 0);
    EXPECT_TRUE(std::isnan(ma.at(SchoolMetric::achievement_mean, k, n)));
    EXPECT_TRUE(std::isnan(balance.school_passes[k]));
  }
  EXPECT_EQ(ma[DistrictMetric::schools_open], mb[DistrictMetric::schools_open] - 3);
  // The same pupils (intake draws differ a little: the closed schools' intake goes to
  // the receivers).
  EXPECT_NEAR(ma[DistrictMetric::students], mb[DistrictMetric::students],
              0.01 * mb[DistrictMetric::students]);
  EXPECT_EQ(ma[DistrictMetric::closures], 3);
}

TEST(StructureScenario, SchoolInfoNamesEachSchoolsGroupRoleAndGroupType) {
  Scenario s = county(91, 1);
  s.structure.groups = {{"north", GroupType::TightIntegration, "city primary 1",
                         "village primary 1, village primary 2"},
                        {"south", GroupType::StrongStrong, "city middle 1", "rural middle 1"}};
  const std::filesystem::path out = std::filesystem::temp_directory_path() /
                                    ("edusim-structure-info-" + std::to_string(::getpid()) + ".h5");
  RunRequest request;
  request.output = out.string();
  request.overwrite = true;
  run_to_file(s, request);
  std::map<std::string, SchoolInfoRow> by_name;
  {
    const h5::Handle file = h5::open_for_reading(out.string());
    const h5::Handle schools =
        h5::checked(H5Gopen2(file.get(), "schools", H5P_DEFAULT), H5Gclose, "H5Gopen2", "schools");
    for (const SchoolInfoRow& row : h5::read_school_info(schools.get(), "schools"))
      by_name.emplace(row.name, row);
  }
  std::filesystem::remove(out);
  const auto expect = [&](const std::string& name, const char* role, const char* type) {
    ASSERT_TRUE(by_name.contains(name)) << name;
    EXPECT_EQ(by_name.at(name).group_role, role) << name;
    EXPECT_EQ(by_name.at(name).group_type, type) << name;
    EXPECT_EQ(by_name.at(name).group >= 0, std::string(role) != "none") << name;
  };
  expect("city primary 1", "lead", "tight_integration");
  expect("village primary 1", "member", "tight_integration");
  expect("village primary 2", "member", "tight_integration");
  expect("city middle 1", "lead", "strong_strong");
  expect("rural middle 1", "member", "strong_strong");
  expect("town primary 1", "none", "none");
  EXPECT_EQ(by_name.at("village primary 1").group, by_name.at("city primary 1").group);
  EXPECT_NE(by_name.at("rural middle 1").group, by_name.at("city primary 1").group);
}

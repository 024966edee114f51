// Consolidation (撤并): closed schools end up empty, nobody is lost, students
// go to the nearest school of their level, teachers follow, plans are checked.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "build/generator.hpp"
#include "build/plan_checks.hpp"
#include "core/error.hpp"
#include "phases/consolidation.hpp"
#include "phases/drift.hpp"
#include "phases/progression.hpp"
#include "phases/school_strength.hpp"
#include "test_helpers.hpp"
#include "world/invariants.hpp"

using namespace edusim;

namespace {

using edusim::testing::places;

std::vector<std::size_t> schools_of(const World& w, Level level, Zone zone) {
  std::vector<std::size_t> out;
  for (std::size_t s = 0; s < w.schools.size(); ++s)
    if (w.schools.level[s] == level && w.schools.zone[s] == zone) out.push_back(s);
  return out;
}

double mean_class_size(const World& w, std::size_t s) {
  const auto classes = w.school_class_begin[s + 1] - w.school_class_begin[s];
  return classes == 0 ? 0.0 : static_cast<double>(w.school_students(s)) / classes;
}

ConsolidationParams plan(const World& w, std::size_t school, std::int32_t year) {
  ConsolidationParams p;
  p.plan.push_back({w.schools.name[school], year});
  return p;
}

}  // namespace

TEST(Consolidation, ConservesStudentsAndTeachersAndEmptiesTheClosedSchool) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  const std::size_t village = schools_of(w, Level::Primary, Zone::Rural).front();
  const auto before = places(w);
  const auto teachers = w.teachers.size();
  const auto village_students = w.school_students(village);
  const auto village_teachers = w.school_teachers(village);
  ASSERT_GT(village_students, 0);
  ASSERT_GT(village_teachers, 0);
  const ConsolidationOutcome out =
      consolidation(w, plan(w, village, 2020), 2020, year_context(s, 1));
  EXPECT_EQ(out.closures, 1);
  EXPECT_EQ(out.students_moved, village_students);
  EXPECT_EQ(out.teachers_moved, village_teachers);
  EXPECT_EQ(w.schools.open[village], 0);
  EXPECT_EQ(w.school_students(village), 0);
  EXPECT_EQ(w.school_teachers(village), 0);
  EXPECT_EQ(w.schools.base_intake[village], 0);
  EXPECT_EQ(w.teachers.size(), teachers);
  const auto after = places(w);
  ASSERT_EQ(after.size(), before.size());
  for (const auto& [id, place] : before) {
    const auto it = after.find(id);
    ASSERT_NE(it, after.end()) << "student " << id << " vanished";
    EXPECT_EQ(it->second.second, place.second) << "student " << id << " changed grade";
    if (place.first != static_cast<std::int32_t>(village))
      EXPECT_EQ(it->second.first, place.first) << "student " << id << " moved needlessly";
    else
      EXPECT_EQ(w.schools.level[static_cast<std::size_t>(it->second.first)], Level::Primary);
  }
  std::int32_t event_students = 0, event_teachers = 0;
  for (const auto& e : out.events) event_students += e.students, event_teachers += e.teachers;
  EXPECT_EQ(event_students, village_students);
  EXPECT_EQ(event_teachers, village_teachers);
  check_invariants(w, "after consolidation", ClassTeachers::MayBeMissing);
  // The closed school is no longer classed (nor, by the metrics, measured).
  w.schools.strength[village] = Strength::Weak;
  school_strength(w, StrengthParams{}, year_context(s, 1));
  EXPECT_EQ(w.schools.strength[village], Strength::Ordinary);
}

TEST(Consolidation, StudentsGoToTheNearestSchoolWithRoomAndClassesGrow) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  const std::size_t village = schools_of(w, Level::Primary, Zone::Rural).front();
  // The nearest other primary, with room for everyone.
  std::size_t nearest = village;
  double best = 1e300;
  for (std::size_t t = 0; t < w.schools.size(); ++t) {
    if (t == village || w.schools.level[t] != Level::Primary) continue;
    const double d = std::hypot(w.schools.x_km[t] - w.schools.x_km[village],
                                w.schools.y_km[t] - w.schools.y_km[village]);
    if (d < best) best = d, nearest = t;
  }
  w.schools.capacity[nearest] = 1000000;
  const double class_before = mean_class_size(w, nearest);
  const auto receiver_before = w.school_students(nearest);
  const auto moved = w.school_students(village);
  consolidation(w, plan(w, village, 2020), 2020, year_context(s, 1));
  EXPECT_EQ(w.school_students(nearest), receiver_before + moved);
  EXPECT_GT(mean_class_size(w, nearest), class_before);
}

TEST(Consolidation, FullSchoolsPassStudentsOnAndOverflowIsCounted) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  const std::size_t village = schools_of(w, Level::Primary, Zone::Rural).front();
  for (std::size_t t = 0; t < w.schools.size(); ++t)
    if (t != village) w.schools.capacity[t] = w.school_students(t);  // nobody has room
  const auto moved = w.school_students(village);
  const auto out = consolidation(w, plan(w, village, 2020), 2020, year_context(s, 1));
  EXPECT_EQ(out.students_overflow, moved);
  // Now one school has room for exactly 3: 3 go there, the rest overflow.
  World w2 = generate_district(s);
  std::size_t roomy = schools_of(w2, Level::Primary, Zone::Urban).back();
  for (std::size_t t = 0; t < w2.schools.size(); ++t)
    if (t != village) w2.schools.capacity[t] = w2.school_students(t) + (t == roomy ? 3 : 0);
  const auto out2 = consolidation(w2, plan(w2, village, 2020), 2020, year_context(s, 1));
  EXPECT_EQ(out2.students_overflow, moved - 3);
}

TEST(Consolidation, PlanAppliesOnlyInItsYear) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  const std::size_t village = schools_of(w, Level::Primary, Zone::Rural).front();
  const auto p = plan(w, village, 2021);
  EXPECT_TRUE(schools_to_close(w, p, 2020).empty());
  EXPECT_EQ(consolidation(w, p, 2020, year_context(s, 1)).closures, 0);
  EXPECT_EQ(w.schools.open[village], 1);
  EXPECT_EQ(schools_to_close(w, p, 2021),
            std::vector<std::int32_t>{static_cast<std::int32_t>(village)});
}

TEST(Consolidation, UnknownSchoolInThePlanIsRefusedWithTheKeyPath) {
  const Scenario s = edusim::testing::small_scenario();
  const World w = generate_district(s);
  ConsolidationParams p = plan(w, 0, 2020);
  p.plan.push_back({"No Such School", 2021});
  try {
    validate_consolidation(p, w);
    FAIL() << "an unknown school was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("consolidation.plan[1].school"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("No Such School"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(validate_consolidation(plan(w, 0, 2020), w));
}

TEST(Consolidation, SchemaDeclaresTheYamlKeys) {
  // The schema declares the plan as a list of {school, year}.
  ConsolidationParams p;
  struct Keys : schema::Visitor {
    std::vector<std::string> seen;
    void real(std::string_view k, double&, const schema::RealSpec&) override {
      seen.emplace_back(k);
    }
    void integer(std::string_view k, std::int64_t&, const schema::IntegerSpec&) override {
      seen.emplace_back(k);
    }
    void boolean(std::string_view k, bool&, const schema::Doc&) override { seen.emplace_back(k); }
    void text(std::string_view k, std::string&, const schema::TextSpec&) override {
      seen.emplace_back(k);
    }
    void choice(std::string_view k, int&, std::span<const std::string_view>,
                const schema::ChoiceSpec&) override {
      seen.emplace_back(k);
    }
    void section(std::string_view k, const schema::SectionSpec&,
                 const std::function<void(Visitor&)>& body) override {
      seen.emplace_back(k);
      body(*this);
    }
    void list(std::string_view k, const schema::ListSpec&, schema::ListHandle& items) override {
      seen.emplace_back(k);
      items.visit_prototype(*this);
    }
  } keys;
  p.visit(keys);
  const std::vector<std::string> expected{"plan",       "school",       "year",      "rule",
                                          "enabled",    "max_students", "only_weak", "only_rural",
                                          "first_year", "boarding_km"};
  EXPECT_EQ(keys.seen, expected);
}

TEST(Consolidation, RulePicksOnlySmallWeakRuralSchools) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  ConsolidationParams p;
  p.rule.enabled = true;
  p.rule.max_students = 1000000;  // size alone would pick everyone
  const auto rural = schools_of(w, Level::Primary, Zone::Rural);
  const auto urban = schools_of(w, Level::Primary, Zone::Urban);
  w.schools.strength[rural[0]] = Strength::Weak;
  w.schools.strength[rural[1]] = Strength::Ordinary;
  w.schools.strength[urban[0]] = Strength::Weak;
  EXPECT_EQ(schools_to_close(w, p, 2020),
            std::vector<std::int32_t>{static_cast<std::int32_t>(rural[0])});
  // Size: a weak rural school above the threshold stays.
  p.rule.max_students = w.school_students(rural[0]) - 1;
  EXPECT_TRUE(schools_to_close(w, p, 2020).empty());
  // Not before first_year.
  p.rule.max_students = 1000000;
  p.rule.first_year = 2021;
  EXPECT_TRUE(schools_to_close(w, p, 2020).empty());
  EXPECT_EQ(schools_to_close(w, p, 2021).size(), 1u);
  // Without the weak and rural filters the largest school of each level stays open.
  p.rule.only_weak = p.rule.only_rural = false;
  EXPECT_EQ(schools_to_close(w, p, 2021).size(), w.schools.size() - kLevels);
}

TEST(Consolidation, RotatingTeachersAreResolved) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  const auto rural = schools_of(w, Level::Primary, Zone::Rural);
  const auto urban = schools_of(w, Level::Primary, Zone::Urban);
  const std::size_t village = rural[0];
  auto first_teacher_of = [&](std::size_t school) {
    for (std::size_t i = 0; i < w.teachers.size(); ++i)
      if (w.teachers.school[i] == static_cast<std::int32_t>(school)) return i;
    return w.teachers.size();
  };
  // One teacher of the village rotates out to rural[1]; one of urban[0] rotates in.
  const std::size_t out_t = first_teacher_of(village), in_t = first_teacher_of(urban[0]);
  auto rotate = [&](std::size_t i, std::size_t to) {
    w.teachers.school[i] = w.teachers.rotation_destination[i] = static_cast<std::int32_t>(to);
    w.teachers.rotation_years_left[i] = 2;
    w.teachers.rotation_kind[i] = RotationKind::OrdinaryOut;
  };
  rotate(out_t, rural[1]);
  rotate(in_t, village);
  index_teachers(w);
  check_invariants(w, "set-up", ClassTeachers::MayBeMissing);
  consolidation(w, plan(w, village, 2020), 2020, year_context(s, 1));
  EXPECT_EQ(w.teachers.school[out_t], static_cast<std::int32_t>(rural[1]));
  EXPECT_EQ(w.teachers.home_school[out_t], static_cast<std::int32_t>(rural[1]));
  EXPECT_EQ(w.teachers.rotation_destination[out_t], -1);
  EXPECT_EQ(w.teachers.school[in_t], static_cast<std::int32_t>(urban[0]));
  EXPECT_EQ(w.teachers.home_school[in_t], static_cast<std::int32_t>(urban[0]));
  EXPECT_EQ(w.teachers.rotation_destination[in_t], -1);
  EXPECT_EQ(w.teachers.rotation_kind[in_t], RotationKind::None);
  check_invariants(w, "after consolidation", ClassTeachers::MayBeMissing);
}

TEST(Consolidation, ClosedMiddleSchoolHandsItsCatchmentOn) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  const std::size_t rural_middle = schools_of(w, Level::Middle, Zone::Rural).front();
  const std::size_t urban_middle = schools_of(w, Level::Middle, Zone::Urban).front();
  const auto middles = w.school_students(rural_middle) + w.school_students(urban_middle);
  consolidation(w, plan(w, rural_middle, 2020), 2020, year_context(s, 1));
  for (std::size_t p = 0; p < w.schools.size(); ++p) {
    if (w.schools.level[p] != Level::Primary) continue;
    EXPECT_EQ(w.schools.catchment_middle[p], static_cast<std::int32_t>(urban_middle));
  }
  EXPECT_EQ(w.school_students(urban_middle), middles);
  check_invariants(w, "after consolidation", ClassTeachers::MayBeMissing);
}

TEST(Consolidation, ProgressionAfterwardsKeepsTheWorldConsistent) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  const std::size_t village = schools_of(w, Level::Primary, Zone::Rural).front();
  const auto intake =
      std::accumulate(w.schools.base_intake.begin(), w.schools.base_intake.end(), 0);
  consolidation(w, plan(w, village, 2020), 2020, year_context(s, 1));
  // The village's entrants now enrol where its students went.
  EXPECT_EQ(std::accumulate(w.schools.base_intake.begin(), w.schools.base_intake.end(), 0), intake);
  YearFlows f;
  f.reset(w.schools.size());
  const auto students = static_cast<std::int64_t>(w.students.size());
  student_progression(w, s.enrolment, s.district.students, year_context(s, 1), f);
  check_invariants(w, "after progression", ClassTeachers::MayBeMissing);
  EXPECT_EQ(w.school_students(village), 0);
  EXPECT_EQ(static_cast<std::int64_t>(w.students.size()),
            students + f.entrants - f.graduates - f.left_district);
}

TEST(Consolidation, SeveralYearsWithTheRuleAndDriftStayConsistent) {
  Scenario s = edusim::testing::small_scenario();
  s.district.schools[1].count = 12;  // many small rural primaries
  World w = generate_district(s);
  ConsolidationParams p;
  p.rule.enabled = true;
  p.rule.max_students = 160;
  DriftParams d;
  d.enabled = true;
  d.rate = 0.05;
  d.capacity_expansion.push_back({w.schools.name[0], 2022, 100});
  std::int64_t closures = 0;
  for (std::uint32_t year = 1; year <= 6; ++year) {
    const YearContext ctx = year_context(s, year);
    const auto calendar = static_cast<std::int32_t>(2019 + year);
    const auto teachers = w.teachers.size();
    const auto students = w.students.size();
    school_strength(w, StrengthParams{}, ctx);
    closures += consolidation(w, p, calendar, ctx).closures;
    check_invariants(w, "after consolidation", ClassTeachers::MayBeMissing);
    drift(w, d, calendar, ctx);
    check_invariants(w, "after drift", ClassTeachers::MayBeMissing);
    EXPECT_EQ(w.teachers.size(), teachers);
    EXPECT_EQ(w.students.size(), students);
    YearFlows f;
    f.reset(w.schools.size());
    student_progression(w, s.enrolment, s.district.students, ctx, f);
    check_invariants(w, "after progression", ClassTeachers::MayBeMissing);
    EXPECT_EQ(static_cast<std::int64_t>(w.students.size()),
              static_cast<std::int64_t>(students) + f.entrants - f.graduates - f.left_district);
  }
  EXPECT_GT(closures, 0);
  for (std::size_t t = 0; t < w.schools.size(); ++t) {
    if (w.schools.open[t]) continue;
    EXPECT_EQ(w.school_students(t) + w.school_teachers(t), 0);
  }
}

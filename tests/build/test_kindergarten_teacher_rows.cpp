// Kindergarten teachers listed in teachers.csv (rows whose `school` is a kindergarten's id;
// docs/data-tables.md): a listed kindergarten starts with exactly those teachers and their
// attributes (an effectiveness left out drawn with the private shift), a kindergarten without
// rows is generated from the norms around its effectiveness as before, the schools' teachers
// are those of the tables without the kindergarten rows, and from the first year the staff
// follow the class norms. The refused columns and ids are tests/data/bad_tables 51-62
// (BadTable*); the snapshot round trip is in tests/io/test_snapshot.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "build/world_source.hpp"
#include "cli_helpers.hpp"
#include "engine/simulation.hpp"
#include "io/scenario_io.hpp"
#include "phases/kindergarten_teachers.hpp"

using namespace edusim;
namespace cli = edusim::testing::cli;

namespace {

const cli::fs::path kFixture =
    cli::kSourceDir / "tests" / "data" / "good_tables" / "kindergarten_teachers";

Scenario fixture() {
  return load_scenario((kFixture / "scenario.yaml").string());
}

constexpr std::size_t kListedPublic = 0, kListedPrivate = 1, kGenerated = 2;  // K1, K2, K3

/// A listed teacher's row as the test expects it (the fixture's teachers.csv).
struct Listed {
  int age, experience, years_in_title;
  TitleGrade title;
  double effectiveness;  ///< NAN: drawn
};

void expect_listed(const World& w, std::size_t k, const std::vector<Listed>& rows) {
  const auto staff = kindergarten_staff(w)[k];
  ASSERT_EQ(staff.size(), rows.size()) << "kindergarten " << k;
  const KindergartenTeachers& t = w.kindergarten_teachers;
  for (std::size_t n = 0; n < rows.size(); ++n) {
    const std::size_t i = staff[n];
    EXPECT_EQ(t.age[i], rows[n].age);
    EXPECT_EQ(t.experience[i], rows[n].experience);
    EXPECT_EQ(t.years_in_title[i], rows[n].years_in_title);
    EXPECT_EQ(t.title[i], static_cast<std::int8_t>(rows[n].title));
    if (!std::isnan(rows[n].effectiveness)) {
      EXPECT_EQ(t.effectiveness[i], static_cast<float>(rows[n].effectiveness));
    }
  }
  EXPECT_EQ(w.kindergartens.teachers[k], static_cast<std::int32_t>(rows.size()));
}

double mean_effectiveness(const World& w, std::size_t k) {
  double sum = 0;
  const auto staff = kindergarten_staff(w)[k];
  for (const std::size_t i : staff) sum += w.kindergarten_teachers.effectiveness[i];
  return sum / static_cast<double>(staff.size());
}

}  // namespace

TEST(KindergartenTeacherRows, AListedKindergartenHasExactlyItsRowsWithTheirAttributes) {
  const World w = build_world(fixture());
  // KT2 (third, 10 years in title) stays third: the start's promotions fill generated staff only.
  expect_listed(w, kListedPublic,
                {{48, 26, 7, TitleGrade::Senior, 0.35},
                 {33, 10, 10, TitleGrade::Third, 0.1},
                 {22, 1, 1, TitleGrade::Third, -0.05}});
  expect_listed(w, kListedPrivate,
                {{29, 6, 2, TitleGrade::Second, NAN}, {41, 15, 4, TitleGrade::First, NAN}});
  EXPECT_NEAR(w.kindergartens.teacher_effectiveness[kListedPublic], (0.35 + 0.1 - 0.05) / 3, 1e-6);
  EXPECT_FLOAT_EQ(w.kindergartens.teacher_effectiveness[kListedPrivate],
                  static_cast<float>(mean_effectiveness(w, kListedPrivate)));
  EXPECT_EQ(w.kindergartens.talent_shift[kListedPublic], 0.0f);
}

TEST(KindergartenTeacherRows, AnEffectivenessLeftOutIsDrawnWithThePrivateShift) {
  const Scenario s = fixture();
  const World w = build_world(s);
  EXPECT_EQ(w.kindergartens.talent_shift[kListedPrivate], -0.1f);
  const KindergartenTeachers& t = w.kindergarten_teachers;
  const auto staff = kindergarten_staff(w);
  // As the novices it hires later: the talent draw plus its talent_shift (here as the float
  // the world holds), plus the experience curve.
  for (const std::size_t i : staff[kListedPrivate])
    EXPECT_EQ(
        t.effectiveness[i],
        kindergarten_teacher_talent(kindergarten_rules(s), world_context(s), t.id[i],
                                    t.experience[i], w.kindergartens.talent_shift[kListedPrivate]));
}

TEST(KindergartenTeacherRows, AKindergartenWithoutRowsIsGeneratedToTheNormAroundItsMean) {
  const World w = build_world(fixture());
  const Kindergartens& kg = w.kindergartens;
  const auto staff = kindergarten_staff(w);
  EXPECT_EQ(kg.classes[kGenerated], 3);
  EXPECT_EQ(static_cast<std::int32_t>(staff[kGenerated].size()), 6);
  EXPECT_EQ(kg.teachers[kGenerated], 6);
  EXPECT_NEAR(mean_effectiveness(w, kGenerated), 0.1, 1e-5);
  EXPECT_FLOAT_EQ(kg.teacher_effectiveness[kGenerated], 0.1f);
  // Ids follow the five listed teachers'.
  for (const std::size_t i : staff[kGenerated]) EXPECT_GE(w.kindergarten_teachers.id[i], 5u);
}

// Kindergarten rows between the schools' rows change nothing for the schools' teachers (ids,
// drawn effectiveness, class teachers), and without them every kindergarten is generated.
TEST(KindergartenTeacherRows, SchoolTeachersAreThoseOfTheTablesWithoutTheKindergartenRows) {
  const cli::TempDir dir;
  for (const char* file : {"scenario.yaml", "schools.csv", "enrolment.csv"})
    cli::fs::copy_file(kFixture / file, dir / file);
  std::string teachers;
  for (const std::string& line : cli::lines_of(cli::read_file(kFixture / "teachers.csv")))
    if (!line.starts_with("KT")) teachers += line + "\n";
  cli::write_file(dir / "teachers.csv", teachers);
  cli::write_file(dir / "kindergartens.csv",
                  "id,name,zone,private,children_small,children_middle,children_large\n"
                  "K1,garden,urban,false,50,60,70\nK2,river,town,true,20,25,30\n"
                  "K3,hill,rural,false,25,30,35\n");
  const World with = build_world(fixture());
  const World without = build_world(load_scenario((dir / "scenario.yaml").string()));
  EXPECT_EQ(with.teachers.id, without.teachers.id);
  EXPECT_EQ(with.teachers.effectiveness, without.teachers.effectiveness);
  EXPECT_EQ(with.classes.class_teacher, without.classes.class_teacher);
  const auto staff = kindergarten_staff(without);
  for (std::size_t k = 0; k < staff.size(); ++k)
    EXPECT_EQ(static_cast<std::int32_t>(staff[k].size()), 2 * without.kindergartens.classes[k]);
}

TEST(KindergartenTeacherRows, FromTheFirstYearTheStaffFollowTheNorms) {
  const Scenario s = fixture();
  Simulation sim(s, build_world(s));
  ASSERT_LT(sim.world().kindergartens.teachers[kListedPublic],
            2 * sim.world().kindergartens.classes[kListedPublic]);  // 3 listed, 12 by the norm
  for (int y = 1; y <= s.run.years; ++y) {
    sim.step();
    const World& w = sim.world();
    const auto staff = kindergarten_staff(w);
    for (std::size_t k = 0; k < staff.size(); ++k) {
      const auto serving = static_cast<std::int32_t>(staff[k].size());
      EXPECT_EQ(serving, w.kindergartens.teachers[k]) << "year " << y << ", kindergarten " << k;
      EXPECT_GE(serving, 2 * w.kindergartens.classes[k]) << "year " << y << ", kindergarten " << k;
    }
    if (y == 1) {
      EXPECT_EQ(static_cast<std::int32_t>(staff[kListedPublic].size()),
                2 * w.kindergartens.classes[kListedPublic]);
    }
  }
}

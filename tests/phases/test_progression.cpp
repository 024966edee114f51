// Student progression: cohorts move up a grade, grade 6 moves to its catchment
// middle school, grade 9 graduates, a new grade 1 enters; nobody is duplicated.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "build/generator.hpp"
#include "phases/progression.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

std::map<std::uint32_t, std::pair<std::int32_t, int>> where_is_everyone(const World& w) {
  std::map<std::uint32_t, std::pair<std::int32_t, int>> at;  // id -> (school, grade)
  for (std::size_t c = 0; c < w.classes.size(); ++c)
    for (auto i = w.classes.student_begin[c]; i < w.classes.student_begin[c + 1]; ++i)
      at[w.students.id[static_cast<std::size_t>(i)]] = {w.classes.school[c], w.classes.grade[c]};
  return at;
}

}  // namespace

TEST(Progression, EveryStudentMovesUpOneGradeOrLeaves) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  const auto before = where_is_everyone(w);
  YearFlows f;
  f.reset(w.schools.size());
  student_progression(w, s.enrolment, s.district.students, year_context(s, 1), f);
  const auto after = where_is_everyone(w);
  std::int64_t graduated = 0, stayed = 0;
  for (const auto& [id, place] : before) {
    const auto [school, grade] = place;
    auto it = after.find(id);
    if (grade == 9) {
      EXPECT_EQ(it, after.end()) << "grade 9 student " << id << " did not graduate";
      ++graduated;
      continue;
    }
    ASSERT_NE(it, after.end()) << "student " << id << " vanished";
    EXPECT_EQ(it->second.second, grade + 1);
    if (grade == 6)
      EXPECT_EQ(it->second.first, w.schools.catchment_middle[static_cast<std::size_t>(school)]);
    else
      EXPECT_EQ(it->second.first, school);
    ++stayed;
  }
  EXPECT_EQ(f.graduates, graduated);
  std::int64_t new_students = 0;
  for (const auto& [id, place] : after) {
    if (before.count(id)) continue;
    EXPECT_EQ(place.second, 1) << "new student " << id << " not in grade 1";
    ++new_students;
  }
  EXPECT_EQ(f.entrants, new_students);
  EXPECT_EQ(static_cast<std::int64_t>(w.students.size()), stayed + new_students);
}

TEST(Progression, ClassesRespectTheMaximumSizeAndAreBalanced) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  for (std::size_t c = 0; c < w.classes.size(); ++c) {
    const auto n = w.classes.student_begin[c + 1] - w.classes.student_begin[c];
    const auto max = w.schools.max_class_size[static_cast<std::size_t>(w.classes.school[c])];
    EXPECT_LE(n, max);
    EXPECT_GT(n, 0);
  }
}

TEST(Progression, IntakeFollowsTheTrend) {
  EnrolmentParams p;
  p.intake_noise_sd = 0;
  p.intake_growth = 0.1;
  const RandomStream r(1, 0, 2, Stream::IntakeSize);
  EXPECT_EQ(intake_size(p, 100, 2, r, 0), 121);
}

TEST(Progression, PrimaryWithoutMiddleSchoolSendsGradeSixOut) {
  Scenario s = edusim::testing::small_scenario();
  s.district.schools.resize(2);  // primaries only
  World w = generate_district(s);
  std::int64_t grade6 = 0;
  for (std::size_t c = 0; c < w.classes.size(); ++c)
    if (w.classes.grade[c] == 6)
      grade6 += w.classes.student_begin[c + 1] - w.classes.student_begin[c];
  YearFlows f;
  f.reset(w.schools.size());
  student_progression(w, s.enrolment, s.district.students, year_context(s, 1), f);
  EXPECT_EQ(f.left_district, grade6);
  EXPECT_EQ(f.graduates, 0);
}

TEST(Progression, BlockEntrantsEqualOneByOneDraws) {
  // write_entrants takes a vectorized path when both normals fall in a
  // ziggurat rectangle and draw_new_student otherwise: 2,000 entrants (several
  // blocks, a partial last one, both paths) must match draw_new_student.
  StudentSpec spec;
  const RandomStream stream(77, 1, 4, Stream::Entrant);
  Students st;
  const std::size_t n = 2000, first = 5;
  st.for_each_column([&](auto& column) { column.resize(first + n); });
  write_entrants(st, first, n, 1000u, spec, 0.3f, Zone::Town, stream);
  int slow_path = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const auto id = 1000u + static_cast<std::uint32_t>(k);
    const NewStudent expected = draw_new_student(spec, 0.3f, stream, id);
    ASSERT_EQ(st.id[first + k], id);
    ASSERT_EQ(st.ses[first + k], expected.ses) << k;
    ASSERT_EQ(st.achievement[first + k], expected.achievement) << k;
    ASSERT_EQ(st.teacher_value_added[first + k], 0.0f);
    ASSERT_EQ(st.residence[first + k], Zone::Town);
    const auto w = stream.words(id);
    double x;
    slow_path +=
        !(ziggurat::try_rectangle(w[0], w[1], x) && ziggurat::try_rectangle(w[2], w[3], x));
  }
  EXPECT_GT(slow_path, 40);  // about 5.5% of entrants
}

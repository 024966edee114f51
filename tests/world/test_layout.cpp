// LayoutBuilder::plan_schools lays out the same classes and slots as begin_school and
// add_cohort in school order, on one thread and on several.
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include "build/generator.hpp"
#include "test_helpers.hpp"
#include "world/layout.hpp"

using namespace edusim;

namespace {

using Sizes = std::vector<LayoutBuilder::CohortSizes>;

/// Cohort sizes of every school (some empty, one school closed), from its current layout.
Sizes sizes_of(const World& w) {
  Sizes sizes(w.schools.size());
  for (std::size_t s = 0; s < w.schools.size(); ++s)
    for (int g = first_grade(w.schools.level[s]); g <= last_grade(w.schools.level[s]); ++g)
      sizes[s][static_cast<std::size_t>(g)] = (s * 7 + static_cast<std::size_t>(g) * 13) % 97;
  sizes[1][first_grade(w.schools.level[1])] = 0;
  return sizes;
}

World laid_out_in_order(World w, const Sizes& sizes) {
  LayoutBuilder out(w);
  for (std::size_t s = 0; s < w.schools.size(); ++s) {
    if (!w.schools.open[s]) continue;
    out.begin_school(static_cast<std::int32_t>(s));
    for (int g = first_grade(w.schools.level[s]); g <= last_grade(w.schools.level[s]); ++g)
      out.add_cohort(static_cast<std::int8_t>(g), sizes[s][static_cast<std::size_t>(g)],
                     w.schools.max_class_size[s]);
  }
  out.allocate();
  out.finish(w);
  return w;
}

}  // namespace

TEST(Layout, PlanSchoolsMatchesCohortsAddedInOrder) {
  World w = generate_district(edusim::testing::small_scenario());
  w.schools.open[2] = 0;
  const Sizes sizes = sizes_of(w);
  const World expected = laid_out_in_order(w, sizes);
  for (const int threads : {1, 2, 3}) {
    World v = w;
    tbb::task_arena(threads).execute([&] {
      LayoutBuilder out(v);
      const Sizes first = out.plan_schools(v.schools, sizes);
      out.allocate();
      out.finish(v);
      for (std::size_t c = 0; c < v.classes.size(); ++c) {  // every cohort starts a class
        const auto s = static_cast<std::size_t>(v.classes.school[c]);
        const auto g = static_cast<std::size_t>(v.classes.grade[c]);
        EXPECT_LE(first[s][g], static_cast<std::size_t>(v.classes.student_begin[c]));
      }
    });
    EXPECT_EQ(v.classes.school, expected.classes.school) << threads;
    EXPECT_EQ(v.classes.grade, expected.classes.grade) << threads;
    EXPECT_EQ(v.classes.student_begin, expected.classes.student_begin) << threads;
    EXPECT_EQ(v.classes.class_teacher, expected.classes.class_teacher) << threads;
    EXPECT_EQ(v.school_class_begin, expected.school_class_begin) << threads;
    EXPECT_EQ(v.students.size(), expected.students.size()) << threads;
  }
}

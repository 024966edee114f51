// Export a synthetic district as tables, load it back, and get the same run
// bit for bit: the generator and the data loader are two sources of one World.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "build/world_export.hpp"
#include "build/world_source.hpp"
#include "core/error.hpp"
#include "engine/simulation.hpp"
#include "io/scenario_io.hpp"
#include "test_helpers.hpp"

using namespace edusim;
namespace fs = std::filesystem;

namespace {

std::vector<double> run_metrics(const Scenario& s) {
  Simulation sim(s, build_world(s));
  std::vector<double> all;
  for (int y = 0; y <= s.run.years; ++y) {
    if (y > 0) sim.step();
    const YearMetrics m = sim.measure();
    all.insert(all.end(), m.district.begin(), m.district.end());
    all.insert(all.end(), m.school.begin(), m.school.end());
  }
  return all;
}

fs::path fresh_dir(const char* name) {
  const fs::path dir = fs::temp_directory_path() / name;
  fs::remove_all(dir);
  return dir;
}

}  // namespace

TEST(WorldExport, ExportedTablesReproduceTheSyntheticRunBitForBit) {
  const Scenario synthetic = edusim::testing::small_scenario(4, 21);
  const fs::path dir = fresh_dir("edusim-export-test");
  export_world(build_world(synthetic), synthetic, dir.string(), false);
  const Scenario loaded = load_scenario((dir / "scenario.yaml").string());
  ASSERT_TRUE(loaded.district.from_data.given());
  const auto a = run_metrics(synthetic), b = run_metrics(loaded);
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(double)), 0);
  fs::remove_all(dir);
}

TEST(WorldExport, LoadedWorldMatchesTheGeneratedOneColumnByColumn) {
  const Scenario synthetic = edusim::testing::small_scenario(1, 5);
  const fs::path dir = fresh_dir("edusim-export-columns");
  const World generated = build_world(synthetic);
  export_world(generated, synthetic, dir.string(), false);
  const World loaded = build_world(load_scenario((dir / "scenario.yaml").string()));
  EXPECT_EQ(generated.students.achievement, loaded.students.achievement);
  EXPECT_EQ(generated.teachers.effectiveness, loaded.teachers.effectiveness);
  EXPECT_EQ(generated.teachers.id, loaded.teachers.id);
  EXPECT_EQ(generated.schools.catchment_middle, loaded.schools.catchment_middle);
  EXPECT_EQ(generated.schools.floor_area_m2, loaded.schools.floor_area_m2);
  EXPECT_EQ(generated.classes.class_teacher, loaded.classes.class_teacher);
  fs::remove_all(dir);
}

TEST(WorldExport, RefusesToOverwriteUnlessAsked) {
  const Scenario s = edusim::testing::small_scenario(1, 5);
  const fs::path dir = fresh_dir("edusim-export-overwrite");
  const World w = build_world(s);
  export_world(w, s, dir.string(), false);
  EXPECT_THROW(export_world(w, s, dir.string(), false), InputError);
  EXPECT_NO_THROW(export_world(w, s, dir.string(), true));
  fs::remove_all(dir);
}

TEST(WorldExport, NamesStayOutOfOutputsUnlessKept) {
  const Scenario synthetic = edusim::testing::small_scenario(1, 5);
  const fs::path dir = fresh_dir("edusim-export-privacy");
  export_world(build_world(synthetic), synthetic, dir.string(), false);
  Scenario loaded = load_scenario((dir / "scenario.yaml").string());
  EXPECT_EQ(build_world(loaded).schools.name[0], build_world(synthetic).schools.name[0]);
  loaded.district.from_data.keep_names = false;
  EXPECT_EQ(build_world(loaded).schools.name[0], "school 0");
  fs::remove_all(dir);
}

// Kindergartens' groups, communities and cross-level school groups survive the export: the
// loaded tables give each kindergarten the same memberships (the exported scenario's
// structure is dropped here, since the tables now carry it).
TEST(WorldExport, KindergartenMembershipsSurviveTheTables) {
  Scenario s = edusim::testing::small_scenario(1, 7);
  using edusim::testing::kindergarten_type;
  s.district.kindergartens.types = {kindergarten_type("public", Zone::Urban, false, 2),
                                    kindergarten_type("private", Zone::Urban, true, 2)};
  s.structure.groups = {
      {"cross", GroupType::TightIntegration, "middle-urban 1", "primary-rural 1", "public 2"}};
  s.structure.kindergarten_groups = {{"pairing", "public 1", "private 1, private 2"}};
  s.structure.kindergarten_communities = {{"community", "public 2", "private 1"}};
  const World w = build_world(s);
  const fs::path dir = fresh_dir("edusim-export-kindergartens");
  export_world(w, s, dir.string(), false);
  Scenario t = load_scenario((dir / "scenario.yaml").string());
  t.structure = {};
  const World loaded = build_world(t);
  const Kindergartens &a = w.kindergartens, &b = loaded.kindergartens;
  EXPECT_EQ(b.school_group, a.school_group);
  EXPECT_EQ(b.group, a.group);
  EXPECT_EQ(b.group_role, a.group_role);
  EXPECT_EQ(b.alliance, a.alliance);
  EXPECT_EQ(b.alliance_core, a.alliance_core);
  EXPECT_EQ(b.teacher_effectiveness, a.teacher_effectiveness);
  EXPECT_GE(a.school_group[1], 0);
  fs::remove_all(dir);
}

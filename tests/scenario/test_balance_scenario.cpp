// The national standard on whole scenarios: a district built to meet every
// threshold passes; the same district with one school's floor area halved
// (edited in its exported tables) fails, and says why.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "build/world_export.hpp"
#include "build/world_source.hpp"
#include "io/scenario_io.hpp"
#include "metrics/balance.hpp"

using namespace edusim;
namespace fs = std::filesystem;

namespace {

const std::string kScenario = EDUSIM_SOURCE_DIR "/tests/data/balance/meets_standard.yaml";

/// Halves the floor_area_m2 cell of school `id` in an exported schools.csv.
void halve_floor_area(const fs::path& csv, const std::string& id) {
  std::ifstream in(csv);
  std::string header, line, out;
  std::getline(in, header);
  std::size_t column = 0;
  for (std::size_t at = 0; header.substr(at, header.find(',', at) - at) != "floor_area_m2";
       at = header.find(',', at) + 1)
    ++column;
  out = header + "\n";
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream split(line);
    for (std::string cell; std::getline(split, cell, ',');) cells.push_back(cell);
    if (line.back() == ',') cells.emplace_back();
    if (cells[0] == id) cells[column] = std::to_string(std::stod(cells[column]) / 2);
    for (std::size_t c = 0; c < cells.size(); ++c) out += (c ? "," : "") + cells[c];
    out += "\n";
  }
  std::ofstream(csv) << out;
}

}  // namespace

TEST(BalanceScenario, ADistrictBuiltToMeetEveryThresholdPasses) {
  const Scenario s = load_scenario(kScenario);
  const BalanceAssessment a = assess_balance(build_world(s), s.balance_standard);
  EXPECT_EQ(a.quality_verdict, 1) << a.reasons;
  EXPECT_EQ(a.basic_verdict, 1);
  EXPECT_EQ(a.schools_passing[0], a.schools_assessed[0]);
  EXPECT_EQ(a.schools_passing[1], a.schools_assessed[1]);
}

TEST(BalanceScenario, HalvingOneSchoolsFloorAreaFailsWithThatReason) {
  const Scenario s = load_scenario(kScenario);
  const fs::path dir = fs::temp_directory_path() / "edusim-balance-scenario";
  fs::remove_all(dir);
  export_world(build_world(s), s, dir.string(), false);
  halve_floor_area(dir / "schools.csv", "S0");
  const Scenario edited = load_scenario((dir / "scenario.yaml").string());
  const BalanceAssessment a = assess_balance(build_world(edited), edited.balance_standard);
  EXPECT_EQ(a.quality_verdict, 0);
  EXPECT_EQ(a.school_passes[0], 0);
  EXPECT_EQ(a.indicators_met[0], 6);  // only the floor area is short, by more than 15%
  EXPECT_NE(a.reasons.find("1 of 8 primary schools miss the per-school rule"), std::string::npos)
      << a.reasons;
  EXPECT_LT(a.indicator[static_cast<std::size_t>(Indicator::FloorArea) * a.n_schools],
            0.85 * threshold(Indicator::FloorArea, Level::Primary));
  fs::remove_all(dir);
}

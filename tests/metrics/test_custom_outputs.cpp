// Outputs defined by the researcher (metrics/custom_outputs.hpp): each aggregate against
// values worked by hand, every grouping, empty cells, thread-count independence, and the
// loader's refusals (unknown column, aggregate or grouping; a missing or bad value; bad and
// duplicate names).
#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "hand_world.hpp"
#include "metrics/custom_outputs.hpp"
#include "test_helpers.hpp"

using namespace edusim;
using edusim::testing::add_regular;
using edusim::testing::hand_world;
using edusim::testing::HandSchool;

namespace {

CustomOutput output(OutputColumn of, OutputAggregate aggregate, OutputBy by, double value = kNaN) {
  CustomOutput o;
  o.name = "x";
  o.of = of;
  o.aggregate = aggregate;
  o.by = by;
  o.value = value;
  return o;
}

/// Three schools: urban primary {1, 2, 3, 4}, rural primary {-2, 0}, rural middle (no
/// students); school 0 and 1 form education group 0, school 2 group 1. Teachers: titles
/// 1 and 3 at school 0, 2 at school 2.
World small_world() {
  World w = hand_world({{Zone::Urban, Level::Primary, 4},
                        {Zone::Rural, Level::Primary, 2},
                        {Zone::Rural, Level::Middle, 0}});
  w.students.achievement = {1, 2, 3, 4, -2, 0};
  w.schools.group = {0, 0, 1};
  add_regular(w, 0, 1);
  add_regular(w, 2, 2);
  add_regular(w, 0, 3);
  return w;
}

std::vector<double> values_of(const World& w, const CustomOutput& o, std::size_t groups = 2) {
  return measure_custom_output(o, w, groups);
}

std::string refusal(const std::string& outputs) {
  const std::string text =
      "district:\n"
      "  schools:\n"
      "    - {level: primary, zone: urban, count: 1,\n"
      "       students_per_grade: {mean: 20, sd: 2, min: 5, max: 40}}\n"
      "    - {level: middle, zone: urban, count: 1,\n"
      "       students_per_grade: {mean: 20, sd: 2, min: 5, max: 40}}\n"
      "outputs:\n" +
      outputs;
  try {
    edusim::testing::scenario_from_text(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(accepted)";
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

TEST(CustomOutputs, AggregatesAgainstHandValues) {
  std::vector<double> v{4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(aggregate_values(v, OutputAggregate::Mean, kNaN), 2.5);
  // Population SD: squares of deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, / 4, sqrt.
  EXPECT_DOUBLE_EQ(aggregate_values(v, OutputAggregate::Sd, kNaN), std::sqrt(1.25));
  EXPECT_DOUBLE_EQ(aggregate_values(v, OutputAggregate::ShareAbove, 2), 0.5);   // 3, 4
  EXPECT_DOUBLE_EQ(aggregate_values(v, OutputAggregate::ShareBelow, 2), 0.25);  // 1: strict
  EXPECT_DOUBLE_EQ(aggregate_values(v, OutputAggregate::Count, kNaN), 4);
  // Type 7: h = (n - 1) q; sorted {1, 2, 3, 4}.
  EXPECT_DOUBLE_EQ(aggregate_values(v, OutputAggregate::Quantile, 0.5), 2.5);    // h 1.5
  EXPECT_DOUBLE_EQ(aggregate_values(v, OutputAggregate::Quantile, 0.25), 1.75);  // h 0.75
  EXPECT_DOUBLE_EQ(aggregate_values(v, OutputAggregate::Quantile, 0.9), 3.7);    // h 2.7
  EXPECT_DOUBLE_EQ(aggregate_values(v, OutputAggregate::Quantile, 0), 1);
  EXPECT_DOUBLE_EQ(aggregate_values(v, OutputAggregate::Quantile, 1), 4);
  std::vector<double> one{7};
  EXPECT_DOUBLE_EQ(aggregate_values(one, OutputAggregate::Quantile, 0.3), 7);
  EXPECT_DOUBLE_EQ(aggregate_values(one, OutputAggregate::Sd, kNaN), 0);
  std::vector<double> none;
  for (const auto a : {OutputAggregate::Mean, OutputAggregate::Sd, OutputAggregate::ShareAbove,
                       OutputAggregate::ShareBelow, OutputAggregate::Quantile})
    EXPECT_TRUE(std::isnan(aggregate_values(none, a, 0.5)));
  EXPECT_EQ(aggregate_values(none, OutputAggregate::Count, kNaN), 0);
}

TEST(CustomOutputs, StudentColumnByEveryGrouping) {
  const World w = small_world();
  const auto mean = [&w](OutputBy by) {
    return values_of(w, output(OutputColumn::students_achievement, OutputAggregate::Mean, by));
  };
  // District: (1 + 2 + 3 + 4 - 2 + 0) / 6.
  const auto district = mean(OutputBy::District);
  ASSERT_EQ(district.size(), 1u);
  EXPECT_DOUBLE_EQ(district[0], 8.0 / 6.0);
  // Schools: 2.5, -1, none.
  const auto school = mean(OutputBy::School);
  ASSERT_EQ(school.size(), 3u);
  EXPECT_DOUBLE_EQ(school[0], 2.5);
  EXPECT_DOUBLE_EQ(school[1], -1);
  EXPECT_TRUE(std::isnan(school[2]));
  // Zones: urban 2.5, town no school, rural -1.
  const auto zone = mean(OutputBy::Zone);
  ASSERT_EQ(zone.size(), 3u);
  EXPECT_DOUBLE_EQ(zone[0], 2.5);
  EXPECT_TRUE(std::isnan(zone[1]));
  EXPECT_DOUBLE_EQ(zone[2], -1);
  // Levels: primary 8/6, middle no students.
  const auto level = mean(OutputBy::Level);
  ASSERT_EQ(level.size(), 2u);
  EXPECT_DOUBLE_EQ(level[0], 8.0 / 6.0);
  EXPECT_TRUE(std::isnan(level[1]));
  // Groups: group 0 = schools 0 and 1, group 1 = school 2 (no students).
  const auto group = mean(OutputBy::Group);
  ASSERT_EQ(group.size(), 2u);
  EXPECT_DOUBLE_EQ(group[0], 8.0 / 6.0);
  EXPECT_TRUE(std::isnan(group[1]));
  // Count: 0 for a cell with schools but no members, NaN for a cell with no school.
  const auto count = values_of(
      w, output(OutputColumn::students_achievement, OutputAggregate::Count, OutputBy::Zone));
  EXPECT_EQ(count[0], 4);
  EXPECT_TRUE(std::isnan(count[1]));
  EXPECT_EQ(count[2], 2);
  // Share below -1 by school: 0 of 4, 1 of 2.
  const auto below = values_of(w, output(OutputColumn::students_achievement,
                                         OutputAggregate::ShareBelow, OutputBy::School, -1));
  EXPECT_EQ(below[0], 0);
  EXPECT_EQ(below[1], 0.5);
  // Quantile 0.5 of the district: sorted {-2, 0, 1, 2, 3, 4}, h 2.5 -> 1.5.
  const auto median = values_of(w, output(OutputColumn::students_achievement,
                                          OutputAggregate::Quantile, OutputBy::District, 0.5));
  EXPECT_DOUBLE_EQ(median[0], 1.5);
}

TEST(CustomOutputs, TeacherColumnsAndFilters) {
  const World w = small_world();
  // Titles: school 0 {1, 3}, school 2 {2}.
  const auto title =
      values_of(w, output(OutputColumn::teachers_title, OutputAggregate::Mean, OutputBy::School));
  EXPECT_DOUBLE_EQ(title[0], 2);
  EXPECT_TRUE(std::isnan(title[1]));  // no teachers
  EXPECT_DOUBLE_EQ(title[2], 2);
  const auto senior = values_of(w, output(OutputColumn::teachers_title, OutputAggregate::ShareAbove,
                                          OutputBy::District, 2.5));
  EXPECT_DOUBLE_EQ(senior[0], 1.0 / 3.0);
  // where: rural schools only; by level: primary has only school 1 (no teachers), middle
  // school 2 (title 2).
  CustomOutput rural = output(OutputColumn::teachers_title, OutputAggregate::Mean, OutputBy::Level);
  rural.where.zone = ZoneFilter::Rural;
  const auto by_level = values_of(w, rural);
  EXPECT_TRUE(std::isnan(by_level[0]));
  EXPECT_DOUBLE_EQ(by_level[1], 2);
  // where: primary schools; by zone: urban school 0 only (town and rural primaries... rural
  // school 1 has students but a teacher column counts teachers: none).
  CustomOutput primary =
      output(OutputColumn::students_achievement, OutputAggregate::Mean, OutputBy::Zone);
  primary.where.level = LevelFilter::Primary;
  const auto by_zone = values_of(w, primary);
  EXPECT_DOUBLE_EQ(by_zone[0], 2.5);
  EXPECT_TRUE(std::isnan(by_zone[1]));
  EXPECT_DOUBLE_EQ(by_zone[2], -1);
  EXPECT_EQ(primary.where.text(), "level primary");
  // Enum codes are read as numbers: contract 0 regular.
  const auto contract = values_of(
      w, output(OutputColumn::teachers_contract, OutputAggregate::Mean, OutputBy::District));
  EXPECT_EQ(contract[0], 0);
}

TEST(CustomOutputs, GroupLayoutLabelsAndAttributes) {
  const World w = small_world();
  CustomOutput o =
      output(OutputColumn::students_achievement, OutputAggregate::ShareBelow, OutputBy::Zone, -1);
  o.name = "rural_low";
  o.where.level = LevelFilter::Primary;
  const SeriesGroup g = custom_output_group(o, w, 2);
  EXPECT_EQ(g.path, "custom");
  EXPECT_EQ(g.columns, 3u);
  EXPECT_EQ(g.column_name, "zone");
  EXPECT_EQ(g.labels, (std::vector<std::string>{"urban", "town", "rural"}));
  ASSERT_EQ(g.series.size(), 1u);
  EXPECT_EQ(g.series[0].name, "rural_low");
  EXPECT_EQ(g.series[0].units, "1");
  EXPECT_EQ(g.series[0].description,
            "share of students with achievement below -1 SD, by zone (primary schools only)");
  ASSERT_EQ(g.number_attributes.size(), 1u);
  EXPECT_EQ(g.number_attributes[0].second, -1);
  const auto school = custom_output_group(
      output(OutputColumn::teachers_effectiveness, OutputAggregate::Sd, OutputBy::School), w, 2);
  EXPECT_EQ(school.labels, w.schools.name);
  EXPECT_EQ(school.series[0].units, "SD");
  EXPECT_TRUE(school.number_attributes.empty());
  const auto district = custom_output_group(
      output(OutputColumn::teachers_title, OutputAggregate::Count, OutputBy::District), w, 2);
  EXPECT_EQ(district.columns, 0u);
  EXPECT_TRUE(district.labels.empty());
  EXPECT_EQ(district.series[0].units, "teachers");
  const auto groups = custom_output_group(
      output(OutputColumn::teachers_title, OutputAggregate::Mean, OutputBy::Group), w, 2);
  EXPECT_EQ(groups.labels, (std::vector<std::string>{"0", "1"}));
}

TEST(CustomOutputs, SameBitsOnOneAndSeveralThreads) {
  // 70,000 students in three schools: the district quantile takes the parallel sort.
  World w = hand_world({{Zone::Urban, Level::Primary, 30000},
                        {Zone::Town, Level::Primary, 25000},
                        {Zone::Rural, Level::Middle, 15000}});
  for (std::size_t i = 0; i < w.students.size(); ++i) {
    const std::uint32_t h = static_cast<std::uint32_t>(i) * 2654435761u;
    w.students.achievement[i] = static_cast<float>(h % 100000) / 25000.0f - 2.0f;
    w.students.ses[i] = i % 7 == 0 ? -0.0f : static_cast<float>(h % 977) / 300.0f;
  }
  const std::vector<CustomOutput> outputs{
      output(OutputColumn::students_achievement, OutputAggregate::Mean, OutputBy::District),
      output(OutputColumn::students_achievement, OutputAggregate::Sd, OutputBy::School),
      output(OutputColumn::students_achievement, OutputAggregate::Quantile, OutputBy::District,
             0.37),
      output(OutputColumn::students_ses, OutputAggregate::Quantile, OutputBy::Zone, 0.01),
      output(OutputColumn::students_ses, OutputAggregate::ShareAbove, OutputBy::Level, 1.0)};
  const auto measure_all = [&w, &outputs](int threads) {
    std::vector<double> all;
    tbb::task_arena arena(threads);
    arena.execute([&] {
      for (const CustomOutput& o : outputs) {
        const auto row = measure_custom_output(o, w, 0);
        all.insert(all.end(), row.begin(), row.end());
      }
    });
    return all;
  };
  const auto one = measure_all(1);
  EXPECT_TRUE(same_bits(one, measure_all(2)));
  EXPECT_TRUE(same_bits(one, measure_all(4)));
}

TEST(CustomOutputs, ScenarioKeysAreRead) {
  const Scenario s = edusim::testing::scenario_from_text(
      "district:\n"
      "  schools:\n"
      "    - {level: primary, zone: urban, count: 1,\n"
      "       students_per_grade: {mean: 20, sd: 2, min: 5, max: 40}}\n"
      "    - {level: middle, zone: urban, count: 1,\n"
      "       students_per_grade: {mean: 20, sd: 2, min: 5, max: 40}}\n"
      "outputs:\n"
      "  - name: rural_low_achievers\n"
      "    of: students.achievement\n"
      "    aggregate: share_below\n"
      "    value: -1.0\n"
      "    by: zone\n"
      "    where: {level: primary}\n"
      "  - {name: title_p90, of: teachers.title, aggregate: quantile, value: 0.9, by: school,\n"
      "     description: top titles}\n");
  ASSERT_EQ(s.outputs.size(), 2u);
  EXPECT_EQ(s.outputs[0].of, OutputColumn::students_achievement);
  EXPECT_EQ(s.outputs[0].aggregate, OutputAggregate::ShareBelow);
  EXPECT_EQ(s.outputs[0].value, -1.0);
  EXPECT_EQ(s.outputs[0].by, OutputBy::Zone);
  EXPECT_EQ(s.outputs[0].where.level, LevelFilter::Primary);
  EXPECT_EQ(s.outputs[0].where.zone, ZoneFilter::Any);
  EXPECT_EQ(s.outputs[1].of, OutputColumn::teachers_title);
  EXPECT_EQ(s.outputs[1].description, "top titles");
  // The resolved scenario reads back the same (a value not given stays out of it).
  const Scenario again = edusim::testing::scenario_from_text(scenario_to_yaml(s));
  ASSERT_EQ(again.outputs.size(), 2u);
  EXPECT_EQ(again.outputs[1].value, 0.9);
  EXPECT_EQ(again.outputs[1].by, OutputBy::School);
}

TEST(CustomOutputs, RefusalsNameTheLineKeyAndAllowedValues) {
  const std::string column = refusal("  - {name: a, of: students.height, aggregate: mean}\n");
  EXPECT_NE(column.find("test.yaml:8:"), std::string::npos) << column;
  EXPECT_NE(column.find("key 'outputs[0].of' \"students.height\" is not allowed; expected one of "
                        "students.achievement,"),
            std::string::npos)
      << column;
  EXPECT_NE(column.find("teachers.effectiveness"), std::string::npos) << column;
  const std::string aggregate =
      refusal("  - {name: a, of: students.achievement, aggregate: median}\n");
  EXPECT_NE(aggregate.find("key 'outputs[0].aggregate' \"median\" is not allowed; expected one of "
                           "mean, sd, share_above, share_below, quantile, count"),
            std::string::npos)
      << aggregate;
  const std::string by =
      refusal("  - {name: a, of: students.achievement, aggregate: mean, by: county}\n");
  EXPECT_NE(by.find("key 'outputs[0].by' \"county\" is not allowed; expected one of district, "
                    "school, zone, level, group"),
            std::string::npos)
      << by;
  const std::string missing =
      refusal("  - name: a\n    of: students.achievement\n    aggregate: share_above\n");
  EXPECT_NE(missing.find("test.yaml:10:"), std::string::npos) << missing;  // the aggregate's line
  EXPECT_NE(missing.find("key 'outputs[0].value' is needed by aggregate share_above: the "
                         "threshold, in the units of students.achievement (SD)"),
            std::string::npos)
      << missing;
  const std::string q =
      refusal("  - {name: a, of: students.achievement, aggregate: quantile, value: 1.5}\n");
  EXPECT_NE(q.find("key 'outputs[0].value' (1.5) must lie in [0, 1] for aggregate quantile"),
            std::string::npos)
      << q;
  const std::string unused =
      refusal("  - {name: a, of: students.achievement, aggregate: mean, value: 1}\n");
  EXPECT_NE(unused.find("key 'outputs[0].value' is not read by aggregate mean"), std::string::npos)
      << unused;
  const std::string name =
      refusal("  - {name: 'low/rural', of: students.achievement, aggregate: mean}\n");
  EXPECT_NE(name.find("key 'outputs[0].name' \"low/rural\" cannot name the dataset"),
            std::string::npos)
      << name;
  const std::string twice = refusal(
      "  - {name: a, of: students.achievement, aggregate: mean}\n"
      "  - {name: a, of: teachers.morale, aggregate: mean}\n");
  EXPECT_NE(twice.find("test.yaml:9:"), std::string::npos) << twice;
  EXPECT_NE(twice.find("key 'outputs[1].name' \"a\" is the name of an earlier output"),
            std::string::npos)
      << twice;
  const std::string no_name = refusal("  - {of: students.achievement, aggregate: mean}\n");
  EXPECT_NE(no_name.find("outputs[0]"), std::string::npos) << no_name;
  EXPECT_NE(no_name.find("name"), std::string::npos) << no_name;
  const std::string no_of = refusal("  - {name: a, aggregate: mean}\n");
  EXPECT_NE(no_of.find("of"), std::string::npos) << no_of;
}

TEST(CustomOutputs, ValidNames) {
  EXPECT_TRUE(valid_output_name("rural_low_achievers"));
  EXPECT_TRUE(valid_output_name("_p90"));
  EXPECT_TRUE(valid_output_name("Title2"));
  EXPECT_FALSE(valid_output_name(""));
  EXPECT_FALSE(valid_output_name("2nd"));
  EXPECT_FALSE(valid_output_name("a b"));
  EXPECT_FALSE(valid_output_name("."));
  EXPECT_FALSE(valid_output_name(std::string(65, 'a')));
}

TEST(CustomOutputs, ColumnTableCoversTheEnum) {
  const auto columns = output_columns();
  EXPECT_EQ(columns.size(), enum_names(static_cast<const OutputColumn*>(nullptr)).size());
  EXPECT_EQ(output_column(OutputColumn::teachers_backbone).name, "teachers.backbone");
  EXPECT_EQ(output_column(OutputColumn::teachers_backbone).population, Population::Teachers);
  EXPECT_EQ(output_column(OutputColumn::students_ses).population, Population::Students);
  const std::string table = output_columns_markdown();
  EXPECT_NE(table.find("| `teachers.title` | grade |"), std::string::npos);
}

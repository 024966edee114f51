// The national generator, its file loader, the aggregation rules and the driver's
// independence of the thread count.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <string>

#include "build/generator.hpp"
#include "core/error.hpp"
#include "io/scenario_io.hpp"
#include "national/county_generator.hpp"
#include "national/national_aggregate.hpp"
#include "national/national_run.hpp"
#include "national/national_spec.hpp"

namespace edusim {
namespace {

const std::string kData = std::string(EDUSIM_SOURCE_DIR) + "/tests/data/national/";
const std::string kNational = std::string(EDUSIM_SOURCE_DIR) + "/scenarios/national.yaml";

std::size_t slot(Level l, Zone z) {
  return static_cast<std::size_t>(index(l) * kZones + index(z));
}

TEST(NationalSpec, LoadsTheNationalScenario) {
  const NationalFile n = load_national(kNational);
  EXPECT_EQ(n.spec.provinces.size(), 31u);
  EXPECT_EQ(n.spec.students, 158000000);
  EXPECT_EQ(n.base.district.schools.size(), 6u);
  EXPECT_EQ(n.scaled_keys.size(), 4u);
  EXPECT_TRUE(n.base.rotation.enabled);
  EXPECT_EQ(n.base.district.schools[n.templates[slot(Level::Middle, Zone::Rural)]].name,
            "rural middle");
}

/// The message of the InputError that loading `file` throws ("" if none).
std::string load_error(const std::string& file) {
  try {
    load_national(kData + file);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(NationalSpec, RefusesBadFilesNamingFileLineAndKey) {
  const std::string unknown = load_error("unknown_key.yaml");
  EXPECT_NE(unknown.find("unknown_key.yaml:7:"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("'national.provinces[1].countys'"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("did you mean 'counties'"), std::string::npos) << unknown;

  const std::string shares = load_error("share_sum.yaml");
  EXPECT_NE(shares.find("share_sum.yaml:5:"), std::string::npos) << shares;
  EXPECT_NE(shares.find("sum to 0.900000"), std::string::npos) << shares;

  const std::string negative = load_error("negative_counties.yaml");
  EXPECT_NE(negative.find("negative_counties.yaml:7:"), std::string::npos) << negative;
  EXPECT_NE(negative.find("'national.provinces[1].counties'"), std::string::npos) << negative;
  EXPECT_NE(negative.find("allowed [1, 100000]"), std::string::npos) << negative;

  const std::string missing = load_error("missing_template.yaml");
  EXPECT_NE(missing.find("no middle rural type"), std::string::npos) << missing;

  const std::string top = load_error("top_level_typo.yaml");
  EXPECT_NE(top.find("top_level_typo.yaml:8:1"), std::string::npos) << top;
  EXPECT_NE(top.find("did you mean 'base_scenario'"), std::string::npos) << top;

  const std::string absent = load_error("missing_key.yaml");
  EXPECT_NE(absent.find("missing_key.yaml:7:"), std::string::npos) << absent;
  EXPECT_NE(absent.find("needs 'urban_share'"), std::string::npos) << absent;

  EXPECT_EQ(load_error("good_small.yaml"), "");
}

TEST(NationalGenerator, PlanAddsUpToTheSpec) {
  const NationalFile n = load_national(kNational);
  const NationalPlan plan = plan_counties(n.spec);
  ASSERT_EQ(plan.counties.size(), 2842u);
  std::vector<double> students(n.spec.provinces.size()), urban(n.spec.provinces.size());
  std::int64_t total = 0;
  for (const CountyPlan& c : plan.counties) {
    total += c.students;
    students[static_cast<std::size_t>(c.province)] += static_cast<double>(c.students);
    urban[static_cast<std::size_t>(c.province)] += static_cast<double>(c.students) * c.urban_share;
    EXPECT_GT(c.students, 0);
    EXPECT_GT(c.urban_share, 0.0);
    EXPECT_LT(c.urban_share, 1.0);
  }
  EXPECT_EQ(total, n.spec.students);  // cumulative rounding loses no student
  for (std::size_t p = 0; p < n.spec.provinces.size(); ++p) {
    const ProvinceSpec& prov = n.spec.provinces[p];
    EXPECT_NEAR(students[p] / 158e6, prov.share, 1e-6) << prov.name;
    EXPECT_NEAR(urban[p] / students[p], prov.urban_share, 1e-6) << prov.name;
  }
}

/// The schools and teachers the county scenarios describe, without generating them: the
/// national file's claims (about 200,000 schools, 10.7 million teachers).
TEST(NationalGenerator, FullScaleSchoolsAndTeachersNearTheFigures) {
  const NationalFile n = load_national(kNational);
  const NationalPlan plan = plan_counties(n.spec);
  double schools = 0, teachers = 0;
  for (std::size_t k = 0; k < plan.counties.size(); ++k) {
    const Scenario s = county_scenario(n, plan, k);
    for (const SchoolTypeSpec& t : s.district.schools) {
      schools += t.count;
      teachers += t.count * t.students_per_grade.mean * grade_count(t.level) /
                  s.district.teachers.student_teacher_ratio[index(t.level)];
    }
  }
  EXPECT_GT(schools, 185000);
  EXPECT_LT(schools, 215000);
  EXPECT_GT(teachers, 10.2e6);
  EXPECT_LT(teachers, 11.2e6);
}

/// At 1/1000 of the students (and 1/100 of the counties), the generated worlds hold the
/// planned students and the staffing ratio's teachers within rounding.
TEST(NationalGenerator, GeneratedWorldsMatchAScaledDownSpec) {
  NationalFile n = load_national(kNational);
  n.spec.students /= 1000;
  for (ProvinceSpec& p : n.spec.provinces) p.counties = std::max(1, p.counties / 100);
  const NationalPlan plan = plan_counties(n.spec);
  double planned = 0, students = 0, teachers = 0, expected_teachers = 0;
  for (std::size_t k = 0; k < plan.counties.size(); ++k) {
    const Scenario s = county_scenario(n, plan, k);
    const World w = generate_district(s);
    planned += static_cast<double>(plan.counties[k].students);
    students += static_cast<double>(w.students.size());
    teachers += static_cast<double>(w.teachers.size());
    for (std::size_t sc = 0; sc < w.schools.size(); ++sc)
      expected_teachers += w.school_students(sc) /
                           s.district.teachers.student_teacher_ratio[index(w.schools.level[sc])];
  }
  EXPECT_NEAR(planned, 158000, 1);
  EXPECT_NEAR(students / planned, 1.0, 0.03);
  EXPECT_NEAR(teachers / expected_teachers, 1.0, 0.05);
}

TEST(NationalGenerator, CountyScenarioIsAPureFunctionOfK) {
  const NationalFile n = load_national(kData + "tiny.yaml");
  const NationalPlan plan = plan_counties(n.spec);
  const NationalPlan again = plan_counties(n.spec);
  ASSERT_EQ(plan.counties.size(), 20u);
  const std::string three = scenario_to_yaml(county_scenario(n, plan, 3));
  EXPECT_EQ(three, scenario_to_yaml(county_scenario(n, again, 3)));
  EXPECT_EQ(three, scenario_to_yaml(county_scenario(n, plan, 3)));
  EXPECT_NE(three, scenario_to_yaml(county_scenario(n, plan, 4)));
  std::set<std::int64_t> seeds;
  for (std::size_t k = 0; k < plan.counties.size(); ++k) {
    seeds.insert(county_scenario(n, plan, k).run.seed);
    EXPECT_EQ(plan.counties[k].seed, again.counties[k].seed);
    EXPECT_EQ(plan.counties[k].students, again.counties[k].students);
  }
  EXPECT_EQ(seeds.size(), plan.counties.size());  // every county its own random key
  // A different master seed changes the plan.
  NationalSpec other = n.spec;
  other.seed += 1;
  EXPECT_NE(plan_counties(other).counties[0].seed, plan.counties[0].seed);
  EXPECT_NE(plan_counties(other).counties[0].students, plan.counties[0].students);
}

TEST(NationalGenerator, CountySchoolsHoldItsStudents) {
  const NationalFile n = load_national(kData + "tiny.yaml");
  const NationalPlan plan = plan_counties(n.spec);
  const CountyPlan& c = plan.counties[5];
  const Scenario s = county_scenario(n, plan, 5);
  const auto by_type = county_type_students(n.spec, c);
  double sum = 0;
  for (const double v : by_type) sum += v;
  EXPECT_NEAR(sum, static_cast<double>(c.students), 1e-6);
  for (const SchoolTypeSpec& t : s.district.schools) {
    EXPECT_GE(t.count, 1);
    const double students = t.count * t.students_per_grade.mean * grade_count(t.level);
    EXPECT_NEAR(students, by_type[slot(t.level, t.zone)], 1e-6 + grade_count(t.level) * t.count);
  }
  EXPECT_EQ(s.run.years, 2);
  EXPECT_EQ(s.run.seed, c.seed);
}

TEST(NationalGenerator, ScaleKeysMultipliesPositiveValuesOnly) {
  Scenario s;
  s.hiring.max_hires_per_year = 100;
  s.mentoring.studios = 1;
  s.shadow_posts.max_posts = -1;  // "no cap": kept
  s.facilities_investment.yearly_budget = 1e6;
  scale_keys(s,
             {"hiring.max_hires_per_year", "mentoring.studios", "shadow_posts.max_posts",
              "facilities_investment.yearly_budget"},
             0.25);
  EXPECT_EQ(s.hiring.max_hires_per_year, 25);
  EXPECT_EQ(s.mentoring.studios, 1);  // rounds to 0, kept at 1
  EXPECT_EQ(s.shadow_posts.max_posts, -1);
  EXPECT_DOUBLE_EQ(s.facilities_investment.yearly_budget, 250000.0);
  EXPECT_EQ(s.training.places, Scenario{}.training.places);  // not asked for: untouched
}

std::vector<double> county_row(double students, double teachers) {
  std::vector<double> row(kDistrictMetrics, 0.0);
  row[static_cast<std::size_t>(DistrictMetric::students)] = students;
  row[static_cast<std::size_t>(DistrictMetric::teachers)] = teachers;
  return row;
}

double at(const std::vector<double>& v, DistrictMetric m) {
  return v[static_cast<std::size_t>(m)];
}
double& at(std::vector<double>& v, DistrictMetric m) {
  return v[static_cast<std::size_t>(m)];
}

TEST(NationalAggregate, SumsRatiosAndWeightedMeansOnAHandExample) {
  auto a = county_row(100, 10), b = county_row(300, 20);
  at(a, DistrictMetric::achievement_mean) = 0.2;
  at(b, DistrictMetric::achievement_mean) = -0.2;
  at(a, DistrictMetric::morale_mean) = 0.5;
  at(b, DistrictMetric::morale_mean) = 0.8;
  at(a, DistrictMetric::hires) = 3;
  at(b, DistrictMetric::hires) = 4;
  at(a, DistrictMetric::rotations) = 2;
  at(a, DistrictMetric::rotation_eligible) = 10;
  at(b, DistrictMetric::rotations) = 6;
  at(b, DistrictMetric::rotation_eligible) = 30;
  at(a, DistrictMetric::achievement_gap_urban_rural) = 0.3;
  at(b, DistrictMetric::achievement_gap_urban_rural) = std::numeric_limits<double>::quiet_NaN();
  const std::vector<const double*> rows{a.data(), b.data()};
  const auto out = aggregate_year(rows);
  EXPECT_DOUBLE_EQ(at(out, DistrictMetric::students), 400);
  EXPECT_DOUBLE_EQ(at(out, DistrictMetric::teachers), 30);
  EXPECT_DOUBLE_EQ(at(out, DistrictMetric::hires), 7);
  EXPECT_DOUBLE_EQ(at(out, DistrictMetric::achievement_mean), (100 * 0.2 - 300 * 0.2) / 400);
  EXPECT_DOUBLE_EQ(at(out, DistrictMetric::morale_mean), (10 * 0.5 + 20 * 0.8) / 30);
  EXPECT_DOUBLE_EQ(at(out, DistrictMetric::student_teacher_ratio), 400.0 / 30);
  EXPECT_DOUBLE_EQ(at(out, DistrictMetric::rotation_share_of_eligible), 8.0 / 40);
  // A county without the value (NaN) is left out, with its weight.
  EXPECT_DOUBLE_EQ(at(out, DistrictMetric::achievement_gap_urban_rural), 0.3);
  // No eligible teacher anywhere: the share is undefined.
  at(a, DistrictMetric::rotation_eligible) = at(b, DistrictMetric::rotation_eligible) = 0;
  EXPECT_TRUE(std::isnan(at(aggregate_year(rows), DistrictMetric::rotation_share_of_eligible)));
}

TEST(NationalAggregate, EveryMetricHasTheRuleOfItsKind) {
  const auto& rules = aggregate_rules();
  ASSERT_EQ(rules.size(), static_cast<std::size_t>(kDistrictMetrics));
  const auto rule = [&](DistrictMetric m) { return rules[static_cast<std::size_t>(m)]; };
  const auto students = static_cast<int>(DistrictMetric::students);
  const auto teachers = static_cast<int>(DistrictMetric::teachers);
  EXPECT_EQ(rule(DistrictMetric::quits).rule, AggregateRule::sum);
  EXPECT_EQ(rule(DistrictMetric::salary_bill_total).rule, AggregateRule::sum);
  EXPECT_EQ(rule(DistrictMetric::achievement_gini).rule, AggregateRule::weighted_mean);
  EXPECT_EQ(rule(DistrictMetric::achievement_gini).a, students);
  EXPECT_EQ(rule(DistrictMetric::below_proficiency_share_rural).a, students);
  EXPECT_EQ(rule(DistrictMetric::quit_rate).a, teachers);
  EXPECT_EQ(rule(DistrictMetric::effectiveness_mean).a, teachers);
  EXPECT_EQ(rule(DistrictMetric::student_teacher_ratio).rule, AggregateRule::ratio);
  for (const MetricRule& r : rules) EXPECT_FALSE(r.text.empty());
}

TEST(NationalAggregate, BetweenCountySpread) {
  auto a = county_row(100, 10), b = county_row(100, 10);
  at(a, DistrictMetric::achievement_mean) = 0.5;
  at(b, DistrictMetric::achievement_mean) = 0.5;
  std::vector<const double*> rows{a.data(), b.data()};
  EXPECT_DOUBLE_EQ(between_counties(rows).cv, 0.0);
  EXPECT_DOUBLE_EQ(between_counties(rows).theil_between, 0.0);
  // Scale scores 600 and 400, equal weights: mean 500, SD 100.
  at(a, DistrictMetric::achievement_mean) = 1.0;
  at(b, DistrictMetric::achievement_mean) = -1.0;
  const BetweenCounties s = between_counties(rows);
  EXPECT_NEAR(s.cv, 0.2, 1e-12);
  EXPECT_NEAR(s.theil_between, 0.5 * 1.2 * std::log(1.2) + 0.5 * 0.8 * std::log(0.8), 1e-12);
}

TEST(NationalRun, SameMetricsForOneAndTwoThreads) {
  const NationalFile n = load_national(kData + "tiny.yaml");
  const NationalPlan plan = plan_counties(n.spec);
  NationalRunOptions options;
  options.counties = county_selection(plan, 6);
  ASSERT_EQ(options.counties.size(), 6u);
  const auto run = [&](int threads) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(threads));
    return run_national(n, plan, options);
  };
  const NationalResult one = run(1), two = run(2);
  ASSERT_EQ(one.results.size(), 6u);
  for (std::size_t c = 0; c < one.results.size(); ++c) {
    ASSERT_EQ(one.results[c].metrics.size(), 3u * kDistrictMetrics);
    EXPECT_EQ(std::memcmp(one.results[c].metrics.data(), two.results[c].metrics.data(),
                          one.results[c].metrics.size() * sizeof(double)),
              0)
        << "county " << one.counties[c];
    EXPECT_EQ(one.results[c].students, two.results[c].students);
  }
  EXPECT_GT(one.student_years, 0);
}

}  // namespace
}  // namespace edusim

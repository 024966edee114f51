// Teacher housing (周转房): names resolved at world build, the morale target of a
// housed teacher rises by morale_benefit * housed share, and the yearly cost.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "build/generator.hpp"
#include "build/housing.hpp"
#include "core/error.hpp"
#include "io/yaml_reader.hpp"
#include "metrics/costs.hpp"
#include "phases/morale.hpp"
#include "phases/pay.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

/// The school with the most teachers (ties: the first).
std::size_t largest_school(const World& w) {
  std::size_t best = 0;
  for (std::size_t s = 1; s < w.schools.size(); ++s)
    if (w.school_teachers(s) > w.school_teachers(best)) best = s;
  return best;
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace

TEST(Housing, MoraleTargetRisesByBenefitTimesHousedShare) {
  const Scenario s = edusim::testing::small_scenario();
  const World start = generate_district(s);
  const std::size_t half = largest_school(start);
  const std::int32_t teachers = start.school_teachers(half);
  ASSERT_GE(teachers, 4);
  const std::size_t full = half == 0 ? 1 : 0;
  World housed = start;
  housed.schools.housing_units[half] = teachers / 2;
  housed.schools.housing_units[full] = 1000;  // more units than teachers: share 1
  HousingParams h;
  h.morale_benefit = 0.1;
  const double share = static_cast<double>(teachers / 2) / teachers;
  EXPECT_EQ(housed_share(housed, half), share);
  EXPECT_EQ(housed_share(housed, full), 1.0);
  EXPECT_EQ(housing_benefit(housed, h, half), 0.1 * share);

  World bare = start;
  morale(bare, s.morale, s.pay, h, s.district.teachers, {7, 0, 1});
  morale(housed, s.morale, s.pay, h, s.district.teachers, {7, 0, 1});
  int checked = 0;
  for (std::size_t i = 0; i < start.teachers.size(); ++i) {
    const auto sc = static_cast<std::size_t>(start.teachers.school[i]);
    const double m0 = bare.teachers.morale[i], m1 = housed.teachers.morale[i];
    if (sc != half && sc != full) {
      EXPECT_EQ(m0, m1) << "teacher " << i << " of an unhoused school";
      continue;
    }
    if (m1 <= 0 || m1 >= 1 || m0 <= 0) continue;  // clamped: the rise is cut
    const double expected = s.morale.adjustment_rate * 0.1 * (sc == half ? share : 1.0);
    EXPECT_NEAR(m1 - m0, expected, 1e-6) << "teacher " << i;
    ++checked;
  }
  EXPECT_GT(checked, teachers / 2);
  EXPECT_TRUE(same_bits(bare.teachers.burnout, housed.teachers.burnout));
}

TEST(Housing, NoEffectAtZeroUnits) {
  const Scenario s = edusim::testing::small_scenario();
  const World start = generate_district(s);
  World with = start, without = start;
  HousingParams h;
  h.morale_benefit = 0.5;
  morale(with, s.morale, s.pay, h, s.district.teachers, {7, 0, 1});
  morale(without, s.morale, s.pay, HousingParams{}, s.district.teachers, {7, 0, 1});
  EXPECT_TRUE(same_bits(with.teachers.morale, without.teachers.morale));
  EXPECT_TRUE(same_bits(with.teachers.burnout, without.teachers.burnout));
  EXPECT_EQ(housing_cost(start, h), 0.0);
}

TEST(Housing, UnitsByNameAndRuralRuleApplied) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  std::size_t rural = w.schools.size(), urban = w.schools.size();
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc) {
    if (w.schools.zone[sc] == Zone::Rural && rural == w.schools.size()) rural = sc;
    if (w.schools.zone[sc] == Zone::Urban && urban == w.schools.size()) urban = sc;
  }
  ASSERT_LT(rural, w.schools.size());
  ASSERT_LT(urban, w.schools.size());
  HousingParams h;
  h.units_per_rural_school = 3;
  h.units = {{w.schools.name[rural], 7}, {w.schools.name[urban], 2}};
  apply_housing(w, h);
  double total = 0;
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc) {
    const std::int32_t expected = sc == rural                         ? 7
                                  : sc == urban                       ? 2
                                  : w.schools.zone[sc] == Zone::Rural ? 3
                                                                      : 0;
    EXPECT_EQ(w.schools.housing_units[sc], expected) << w.schools.name[sc];
    total += expected;
  }
  EXPECT_EQ(housing_cost(w, h), total * h.unit_cost);
  w.schools.open[rural] = 0;  // a closed school's units are no longer paid for
  EXPECT_EQ(housing_cost(w, h), (total - 7) * h.unit_cost);
}

TEST(Housing, UnknownOrRepeatedNameRefused) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  HousingParams h;
  h.units = {{w.schools.name[0], 1}, {"No Such School", 4}};
  try {
    apply_housing(w, h, "scenario.yaml");
    FAIL() << "an unknown school name was accepted";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("scenario.yaml"), std::string::npos) << what;
    EXPECT_NE(what.find("housing.units[1].school"), std::string::npos) << what;
    EXPECT_NE(what.find("No Such School"), std::string::npos) << what;
  }
  h.units = {{w.schools.name[0], 1}, {w.schools.name[0], 4}};
  EXPECT_THROW(apply_housing(w, h), InputError);
}

TEST(Housing, YamlKeys) {
  const auto node = YAML::Load(
      "units: [{school: A, units: 12}]\nunits_per_rural_school: 4\nmorale_benefit: 0.08\n"
      "unit_cost: 5000\n");
  schema::SourceMap sources{"test.yaml", {}};
  schema::YamlReader reader(node, "housing", sources);
  HousingParams h;
  h.visit(reader);
  reader.reject_unknown_keys();
  ASSERT_EQ(h.units.size(), 1u);
  EXPECT_EQ(h.units[0].school, "A");
  EXPECT_EQ(h.units[0].units, 12);
  EXPECT_EQ(h.units_per_rural_school, 4);
  EXPECT_EQ(h.morale_benefit, 0.08);
  EXPECT_EQ(h.unit_cost, 5000);
  const HousingParams defaults;
  EXPECT_EQ(defaults.morale_benefit, 0.05);
  EXPECT_EQ(defaults.unit_cost, 6000);
  EXPECT_EQ(defaults.units_per_rural_school, 0);
}

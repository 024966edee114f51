// The scenario schema: strict loading, did-you-mean, ranges, defaults, and the
// resolved-YAML round trip.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "io/schema_writers.hpp"
#include "io/yaml_reader.hpp"
#include "test_helpers.hpp"

using namespace edusim;
using edusim::testing::scenario_from_text;

namespace {

const char* kMinimal = R"(district:
  schools: [{level: primary, zone: rural, count: 2},
            {level: middle, zone: town, count: 1}]
)";

std::string error_of(const std::string& text) {
  try {
    scenario_from_text(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Schema, MinimalScenarioTakesDefaults) {
  const Scenario s = scenario_from_text(kMinimal);
  EXPECT_EQ(s.run.years, 10);
  EXPECT_EQ(s.district.schools.size(), 2u);
  EXPECT_EQ(s.district.schools[0].zone, Zone::Rural);
  EXPECT_DOUBLE_EQ(s.learning.prior_persistence, LearningParams{}.prior_persistence);
}

TEST(Schema, UnknownKeySuggestsTheClosestKnownKey) {
  const std::string e = error_of(std::string(kMinimal) + "learning: {peer_efect: 0.1}\n");
  EXPECT_NE(e.find("test.yaml:4:"), std::string::npos) << e;
  EXPECT_NE(e.find("learning.peer_efect"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'peer_effect'"), std::string::npos) << e;
}

TEST(Schema, UnknownKeyFarFromAnyListsTheKnownKeys) {
  const std::string e = error_of(std::string(kMinimal) + "learning: {zzzzzzzzzzzz: 1}\n");
  EXPECT_NE(e.find("known keys here: prior_persistence"), std::string::npos) << e;
}

TEST(Schema, OutOfRangeNamesKeyAndRange) {
  const std::string e = error_of(std::string(kMinimal) + "demography: {quit_rate_early: 1.5}\n");
  EXPECT_NE(e.find("demography.quit_rate_early"), std::string::npos) << e;
  EXPECT_NE(e.find("allowed [0, 1]"), std::string::npos) << e;
}

TEST(Schema, WrongTypesAreRejected) {
  EXPECT_NE(error_of(std::string(kMinimal) + "run: {years: ten}\n").find("expected an integer"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(kMinimal) + "run: {years: 2.5}\n").find("whole number"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(kMinimal) + "learning: {noise_sd: \"0.5\"}\n").find("quoted"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(kMinimal) + "learning: {noise_sd: .nan}\n").find("finite"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(kMinimal) + "hiring: {enabled: yes}\n").find("true or false"),
            std::string::npos);
  EXPECT_NE(error_of(std::string(kMinimal) + "learning: [1, 2]\n").find("mapping"),
            std::string::npos);
}

TEST(Schema, DuplicateKeysAreRejected) {
  const std::string e = error_of(std::string(kMinimal) + "run: {years: 3}\nrun: {years: 4}\n");
  EXPECT_NE(e.find("duplicate key"), std::string::npos) << e;
}

TEST(Schema, RequiredSectionAndKey) {
  EXPECT_NE(error_of("run: {years: 3}\n").find("'district' is required"), std::string::npos);
  EXPECT_NE(error_of("district: {schools: [{level: primary}]}\n").find("count' is required"),
            std::string::npos);
}

TEST(Schema, EnumValuesAreChecked) {
  const std::string e = error_of("district: {schools: [{level: high, count: 1}]}\n");
  EXPECT_NE(e.find("expected one of primary, middle"), std::string::npos) << e;
}

TEST(Schema, PrimariesWithoutAMiddleSchoolAreRefused) {
  // Their grade-6 students would leave the district every year without a word.
  const std::string e = error_of(
      "district:\n  schools:\n    - {level: primary, zone: rural, count: 2}\n"
      "    - {level: middle, zone: town, count: 0}\n");
  EXPECT_NE(e.find("test.yaml:2:3: key 'district.schools'"), std::string::npos) << e;
  EXPECT_NE(e.find("no middle school"), std::string::npos) << e;
  EXPECT_EQ(error_of("district:\n  schools:\n    - {level: middle, zone: town, count: 1}\n"), "");
}

TEST(Schema, CrossFieldChecksNameTheKey) {
  const std::string e = error_of(std::string(kMinimal) +
                                 "hiring: {degree_shares: {secondary_normal: 0, associate: 0.5, "
                                 "bachelor: 0.6, graduate: 0}}\n");
  EXPECT_NE(e.find("hiring.degree_shares"), std::string::npos) << e;
  EXPECT_NE(e.find("sum to 1"), std::string::npos) << e;
}

TEST(Schema, LargeSeedsAreReadExactly) {
  const Scenario s = scenario_from_text(std::string(kMinimal) + "run: {seed: 9007199254740993}\n");
  EXPECT_EQ(s.run.seed, 9007199254740993LL);
}

TEST(Schema, ResolvedYamlRoundTrips) {
  const Scenario s = scenario_from_text(std::string(kMinimal) + "learning: {peer_effect: 0.125}\n");
  const std::string yaml = scenario_to_yaml(s);
  const Scenario again = scenario_from_text(yaml);
  EXPECT_EQ(scenario_to_yaml(again), yaml);
  EXPECT_DOUBLE_EQ(again.learning.peer_effect, 0.125);
}

TEST(Schema, ReferenceListsEveryKeyWithItsDefault) {
  const std::string md = scenario_reference_markdown();
  EXPECT_NE(md.find("| `learning.prior_persistence` | number | 0.75 | [0, 1] |"),
            std::string::npos);
  EXPECT_NE(md.find("`district.schools[].count`"), std::string::npos);
  EXPECT_NE(md.find("`demography.quit_zone_multiplier.rural`"), std::string::npos);
}

TEST(Schema, GeneratedLeadersAgesMustBeOrdered) {
  const std::string young =
      error_of(std::string(kMinimal) + "leaders: {min_age: 59, max_age: 45}\n");
  EXPECT_NE(young.find("key 'leaders.min_age' (59) must not exceed leaders.max_age (45)"),
            std::string::npos)
      << young;
  const std::string old = error_of(std::string(kMinimal) + "leaders: {max_age: 62}\n");
  EXPECT_NE(old.find("key 'leaders.max_age' (62) must be below leaders.retirement_age (60)"),
            std::string::npos)
      << old;
}

TEST(Schema, EditDistance) {
  EXPECT_EQ(schema::edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(schema::edit_distance("", "abc"), 3u);
  EXPECT_EQ(schema::edit_distance("same", "same"), 0u);
}

// Issue 22, point 7: every numeric default is a citation, an assumption or a setting, and the
// reference and `edusim schema --csv` say which.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "io/scenario_io.hpp"
#include "io/schema_keys.hpp"

using namespace edusim;
using schema::Basis;

TEST(KeyBasis, ReadFromTheStartOfTheSource) {
  EXPECT_EQ(schema::basis_of(""), Basis::missing);
  EXPECT_EQ(schema::basis_of("assumption: 0.3"), Basis::assumption);
  EXPECT_EQ(schema::basis_of("setting: the study's horizon"), Basis::setting);
  EXPECT_EQ(schema::basis_of("Hanushek & Rivkin 2010, Table 1"), Basis::source);
  // A citation that mentions an assumption later is still a citation.
  EXPECT_EQ(schema::basis_of("seed 001: 102 members in 30 groups; assumption: 3"), Basis::source);
}

TEST(KeyBasis, EveryNumericKeyHasOne) {
  std::string missing;
  int numeric = 0;
  for (const auto& k : schema::scenario_keys()) {
    if (k.type != schema::KeyType::real && k.type != schema::KeyType::integer) continue;
    ++numeric;
    if (k.basis == Basis::missing) missing += "\n  " + k.path;
  }
  EXPECT_GT(numeric, 200);
  EXPECT_TRUE(missing.empty()) << "numeric keys without a source, an assumption or a setting "
                                  "(give their Doc a source):"
                               << missing;
}

TEST(KeyBasis, KeysOfAZoneMapTakeTheSectionsSource) {
  const auto rural = schema::find_key("balance_standard.cv_limit.primary");
  ASSERT_TRUE(rural);
  EXPECT_EQ(rural->basis, Basis::source);
  EXPECT_NE(rural->source.find("2017"), std::string::npos) << rural->source;
  const std::string md = scenario_reference_markdown();
  EXPECT_NE(md.find("| as `balance_standard.cv_limit` | source |"), std::string::npos);
}

TEST(KeyBasis, CsvHasOneRecordPerValueKey) {
  std::istringstream csv(schema::scenario_keys_csv());
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "key,type,default,min,max,unit,basis,source,description");
  int records = 0;
  bool saw_peer = false;
  while (std::getline(csv, line)) {
    ++records;
    if (line.starts_with("learning.peer_effect,number,")) saw_peer = true;
  }
  EXPECT_TRUE(saw_peer);
  int values = 0;
  for (const auto& k : schema::scenario_keys())
    values += k.type != schema::KeyType::section && k.type != schema::KeyType::list;
  EXPECT_GE(records, values);  // a quoted description may hold a line break
}

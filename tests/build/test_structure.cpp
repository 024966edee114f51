// District structure: explicit and generated education groups and alliances.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <set>
#include <string>

#include "build/generator.hpp"
#include "build/structure.hpp"
#include "core/error.hpp"
#include "io/yaml_reader.hpp"
#include "phases/school_strength.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

/// The small district (primary-urban 1-2, primary-rural 1-4, middle-urban 1,
/// middle-rural 1), classed weak/ordinary/strong as at world build.
World small_world(int copies = 1) {
  Scenario s = edusim::testing::small_scenario();
  for (auto& type : s.district.schools) type.count *= copies;
  World w = generate_district(s);
  school_strength(w, s.strength, YearContext{});
  return w;
}

StructureSpec parse(const std::string& text) {
  schema::SourceMap sources;
  sources.file = "test.yaml";
  schema::YamlReader reader(YAML::Load(text), "structure", sources);
  StructureSpec spec;
  spec.visit(reader);
  reader.reject_unknown_keys();
  return spec;
}

std::size_t named(const World& w, const std::string& name) {
  for (std::size_t s = 0; s < w.schools.size(); ++s)
    if (w.schools.name[s] == name) return s;
  throw std::runtime_error("no school " + name);
}

/// The message apply_structure refuses `text` with ("" when it accepts it).
std::string refusal(const std::string& text) {
  World w = small_world();
  try {
    apply_structure(w, parse(text), "test.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Structure, SplitsCommaSeparatedNames) {
  EXPECT_EQ(split_school_names(" a b , c,d "), (std::vector<std::string>{"a b", "c", "d"}));
  EXPECT_TRUE(split_school_names("  ").empty());
  EXPECT_EQ(split_school_names("a,,b"), (std::vector<std::string>{"a", "", "b"}));
}

TEST(Structure, ExplicitGroupsAndAlliancesApplied) {
  World w = small_world();
  apply_structure(w, parse(R"(
groups:
  - {name: east, type: tight_integration, lead: primary-urban 1,
     members: "primary-rural 1, primary-rural 2"}
  - {lead: middle-urban 1, members: middle-rural 1}
alliances:
  - {name: north, core: primary-urban 2, members: "primary-rural 3, primary-rural 4"}
)"),
                  "test.yaml");
  const auto& sc = w.schools;
  const auto pu1 = named(w, "primary-urban 1"), pr1 = named(w, "primary-rural 1"),
             pr2 = named(w, "primary-rural 2"), mu = named(w, "middle-urban 1"),
             mr = named(w, "middle-rural 1"), pu2 = named(w, "primary-urban 2");
  EXPECT_EQ(sc.group[pu1], 0);
  EXPECT_EQ(sc.group_role[pu1], GroupRole::Lead);
  for (auto m : {pr1, pr2}) {
    EXPECT_EQ(sc.group[m], 0);
    EXPECT_EQ(sc.group_role[m], GroupRole::Member);
    EXPECT_EQ(sc.group_type[m], GroupType::TightIntegration);
  }
  EXPECT_EQ(sc.group[mu], 1);
  EXPECT_EQ(sc.group_role[mu], GroupRole::Lead);
  EXPECT_EQ(sc.group[mr], 1);
  EXPECT_EQ(sc.group_type[mr], GroupType::CollaborativeSupport);  // the default type
  EXPECT_EQ(sc.group[pu2], -1);
  EXPECT_EQ(sc.group_type[pu2], GroupType::None);
  EXPECT_EQ(sc.alliance[pu2], 0);
  EXPECT_EQ(sc.alliance_core[pu2], 1);
  for (const char* m : {"primary-rural 3", "primary-rural 4"}) {
    EXPECT_EQ(sc.alliance[named(w, m)], 0);
    EXPECT_EQ(sc.alliance_core[named(w, m)], 0);
  }
  EXPECT_EQ(sc.alliance[pu1], -1);
}

TEST(Structure, RefusesBadSpecsNamingTheKeyPath) {
  const std::pair<const char*, const char*> cases[] = {
      {"groups: [{lead: primary-urban 9, members: primary-rural 1}]",
       "key 'structure.groups[0].lead' names no school 'primary-urban 9'"},
      {"groups: [{lead: primary-urban 1, members: \"primary-rural 1, primary-rurl 2\"}]",
       "key 'structure.groups[0].members[1]' names no school 'primary-rurl 2'; did you mean "
       "'primary-rural 2'?"},
      {"groups: [{lead: primary-urban 1, members: \" \"}]",
       "key 'structure.groups[0].members' is empty"},
      {"groups: [{lead: primary-urban 1, members: \"primary-rural 1, primary-urban 1\"}]",
       "key 'structure.groups[0].members[1]' names the group's lead school"},
      {"groups: [{lead: primary-urban 1, members: primary-rural 1},\n"
       "         {name: b, lead: primary-urban 2, members: \"primary-rural 2, primary-rural 1\"}]",
       "key 'structure.groups[1].members[1]' school 'primary-rural 1' is already in group "
       "structure.groups[0]"},
      {"groups: [{lead: primary-urban 1, members: primary-rural 1},\n"
       "         {lead: primary-rural 1, members: primary-rural 2}]",
       "key 'structure.groups[1].lead' school 'primary-rural 1' is already in group"},
      {"groups: [{type: none, lead: primary-urban 1, members: primary-rural 1}]",
       "key 'structure.groups[0].type' is none"},
      {"alliances: [{core: primary-urban 1, members: primary-rural 1},\n"
       "            {name: x, core: primary-urban 2, members: primary-rural 1}]",
       "key 'structure.alliances[1].members[0]' school 'primary-rural 1' is already in "
       "alliance structure.alliances[0]"},
      {"alliances: [{core: primary-urban 1, members: primary-urban 1}]",
       "key 'structure.alliances[0].members[0]' names the alliance's core school"},
      {"alliances: [{core: primary-urban 1, members: \"\"}]",
       "key 'structure.alliances[0].members' is empty"},
      {"alliances: [{core: nowhere, members: primary-rural 1}]",
       "key 'structure.alliances[0].core' names no school 'nowhere'"},
  };
  for (const auto& [text, expected] : cases) {
    const std::string message = refusal(text);
    EXPECT_NE(message.find(expected), std::string::npos) << text << "\n -> " << message;
    EXPECT_EQ(message.rfind("test.yaml: ", 0), 0u) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(Structure, GroupRuleLeadsAreStrongAndTakeTheWeakestOfTheirLevel) {
  World w = small_world(3);  // 18 primaries, 6 middle schools
  StructureSpec spec;
  spec.group_rule.enabled = true;
  spec.group_rule.members_per_lead = 2;
  spec.group_rule.type = GroupType::RegionalCooperation;
  apply_structure(w, spec, "test.yaml");
  const auto& sc = w.schools;
  const std::vector<double> mean = school_mean_effectiveness(w);
  std::map<std::int32_t, std::vector<std::size_t>> leads, members;
  for (std::size_t s = 0; s < sc.size(); ++s) {
    if (sc.strength[s] == Strength::Strong) {
      EXPECT_GE(sc.group[s], 0) << s;  // every strong school leads
    }
    if (sc.group[s] < 0) continue;
    EXPECT_EQ(sc.group_type[s], GroupType::RegionalCooperation);
    (sc.group_role[s] == GroupRole::Lead ? leads : members)[sc.group[s]].push_back(s);
  }
  ASSERT_FALSE(leads.empty());
  EXPECT_EQ(leads.size(), members.size());
  for (const auto& [g, l] : leads) {
    ASSERT_EQ(l.size(), 1u) << "group " << g;
    EXPECT_EQ(sc.strength[l[0]], Strength::Strong);
    EXPECT_EQ(members[g].size(), 2u);
    for (auto m : members[g]) {
      EXPECT_EQ(sc.level[m], sc.level[l[0]]);
      EXPECT_NE(sc.strength[m], Strength::Strong);
    }
  }
  // Every school grouped at a level is weaker than every ungrouped non-lead one.
  for (std::size_t a = 0; a < sc.size(); ++a)
    for (std::size_t b = 0; b < sc.size(); ++b)
      if (sc.level[a] == sc.level[b] && sc.group_role[a] == GroupRole::Member && sc.group[b] < 0) {
        EXPECT_LE(mean[a], mean[b]) << a << " " << b;
      }
}

TEST(Structure, GroupRuleRespectsZoneAndKeepsExplicitGroups) {
  World w = small_world(3);
  StructureSpec spec = parse(
      "groups: [{lead: primary-rural 1, members: primary-rural 2}]\n"
      "group_rule: {enabled: true, members_per_lead: 3, same_zone: true, cross_level: true}\n");
  apply_structure(w, spec, "test.yaml");
  const auto& sc = w.schools;
  EXPECT_EQ(sc.group[named(w, "primary-rural 1")], 0);
  EXPECT_EQ(sc.group[named(w, "primary-rural 2")], 0);
  std::vector<std::size_t> lead_of(sc.size(), sc.size());
  for (std::size_t s = 0; s < sc.size(); ++s)
    if (sc.group_role[s] == GroupRole::Lead) lead_of[static_cast<std::size_t>(sc.group[s])] = s;
  for (std::size_t s = 0; s < sc.size(); ++s)
    if (sc.group[s] > 0 && sc.group_role[s] == GroupRole::Member) {
      EXPECT_EQ(sc.zone[s], sc.zone[lead_of[static_cast<std::size_t>(sc.group[s])]]);
    }
}

TEST(Structure, AllianceRuleGroupsNearestPrimariesAroundStrongCores) {
  World w = small_world(3);
  StructureSpec spec;
  spec.alliance_rule.enabled = true;
  spec.alliance_rule.members_per_core = 3;
  apply_structure(w, spec, "test.yaml");
  const auto& sc = w.schools;
  std::map<std::int32_t, int> cores, sizes;
  for (std::size_t s = 0; s < sc.size(); ++s) {
    if (sc.alliance[s] < 0) continue;
    EXPECT_EQ(sc.level[s], Level::Primary);
    if (sc.alliance_core[s]) {
      EXPECT_EQ(sc.strength[s], Strength::Strong);
      ++cores[sc.alliance[s]];
    } else {
      ++sizes[sc.alliance[s]];
    }
  }
  ASSERT_FALSE(cores.empty());
  for (const auto& [a, n] : cores) {
    EXPECT_EQ(n, 1);
    EXPECT_GE(sizes[a], 1);
    EXPECT_LE(sizes[a], 3);
  }
  EXPECT_EQ(static_cast<int>(cores.size()) - 1, cores.rbegin()->first);  // ids 0..A-1
}

TEST(Structure, RulesAreDeterministic) {
  StructureSpec spec;
  spec.group_rule.enabled = true;
  spec.alliance_rule.enabled = true;
  World a = small_world(4), b = small_world(4);
  apply_structure(a, spec, "x");
  apply_structure(b, spec, "x");
  EXPECT_EQ(a.schools.group, b.schools.group);
  EXPECT_EQ(a.schools.alliance, b.schools.alliance);
}

#include "national/national_spec.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <string_view>

#include "core/error.hpp"
#include "io/overrides.hpp"
#include "io/scenario_io.hpp"
#include "io/schema_writers.hpp"
#include "model/structure_spec.hpp"

namespace edusim {

void ProvinceSpec::visit(schema::Visitor& v) {
  // Required, but checked after loading (check_provinces) so that a misspelt key is reported
  // as unknown, with a did-you-mean, rather than as a missing one.
  v.field("name", name, {{"province (or province-level city, autonomous region); required"}});
  v.field("share", share,
          {0,
           1,
           {"share of the nation's compulsory-school students (shares sum to 1); required", "1"}});
  v.field(
      "counties", counties,
      {1, 100000, {"county-level districts (县级行政区) of the province; required", "counties"}});
  v.field("urban_share", urban_share,
          {0,
           1,
           {"share of the province's students in urban (城区) schools; the rest are in town "
            "(镇区) and rural (乡村) schools; required",
            "1"}});
}

void NationalSpec::visit(schema::Visitor& v) {
  const char* kBulletin =
      "MoE national education statistics bulletin 2023 (approximate): 158 million compulsory "
      "students, 10.7 million teachers, about 200,000 schools";
  v.field("name", name, {{"name of the country or region (for reports)"}});
  v.field(
      "students", students,
      {1, 2000000000, {"compulsory-school students of the whole country", "students", kBulletin}});
  v.field("years", years, {1, 500, {"simulated years (replaces the base's run.years)", "years"}});
  v.field("seed", seed,
          {0,
           INT64_MAX,
           {"master seed: county sizes, urban shares and each county's run.seed derive from it"},
           true});
  v.field("primary_share", primary_share,
          {0.01,
           0.99,
           {"share of students in primary schools (grades 1-6); the rest are in middle schools",
            "1", "MoE 2023: 108 of 158 million"}});
  schema::per_level(v, "town_share", town_share, {0, 1, {"", "1"}},
                    {"of a level's students outside urban schools, the share in town (镇区) "
                     "schools; the rest are rural (乡村)",
                     "1",
                     "approximation of MoE urban-rural enrolment tables: middle schools are "
                     "concentrated in towns"});
  v.field("county_size_sigma", county_size_sigma,
          {0,
           3,
           {"sigma of the log-normal spread of county student numbers within a province", "1",
            "assumption: county-level enrolment spans about 1:50 within a province"}});
  v.field("county_urban_sd", county_urban_sd,
          {0,
           5,
           {"SD of a county's urban share around its province's, on the logit scale", "1",
            "assumption"}});
  v.field("county_urban_size_slope", county_urban_size_slope,
          {-5,
           5,
           {"logit urban share per SD of log county size (larger counties are more urban)", "1",
            "assumption: city districts are larger than rural counties"}});
  v.field("reference_students", reference_students,
          {1,
           2000000000,
           {"county size for which the base's scale_with_size keys are written", "students"}});
  v.field("scale_with_size", scale_with_size,
          {{"comma-separated numeric keys of the base (budgets, quotas in posts) scaled by county "
            "students / reference_students (integers rounded, at least 1; values <= 0, which "
            "often mean none or no cap, are kept)"}});
  v.field("provinces", provinces,
          schema::ListSpec{{"the provinces, in output order"}, true, 1, 10000});
}

namespace {

std::string mark_text(const std::string& file, const YAML::Mark& mark) {
  return mark.is_null() ? file : fmt::format("{}:{}:{}", file, mark.line + 1, mark.column + 1);
}

/// The top level holds `national` and exactly one of `base`, `base_scenario`.
void check_top_level(const YAML::Node& root, const std::string& file) {
  if (!root.IsMap())
    throw InputError(
        fmt::format("{}: a national file must be a mapping with the keys national "
                    "and base_scenario (or base)",
                    mark_text(file, root.Mark())));
  constexpr std::array<std::string_view, 3> kKeys{"national", "base", "base_scenario"};
  for (auto it = root.begin(); it != root.end(); ++it) {
    const std::string key = it->first.Scalar();
    if (std::find(kKeys.begin(), kKeys.end(), key) != kKeys.end()) continue;
    std::string best;
    std::size_t best_distance = std::string::npos;
    for (const auto k : kKeys)
      if (const auto d = schema::edit_distance(key, k); d < best_distance)
        best_distance = d, best = std::string(k);
    throw InputError(
        fmt::format("{}: key '{}' is not a known key; {}", mark_text(file, it->first.Mark()), key,
                    best_distance <= std::max<std::size_t>(2, key.size() / 3)
                        ? fmt::format("did you mean '{}'?", best)
                        : std::string("known keys here: national, base, base_scenario")));
  }
  if (!root["national"])
    throw InputError(fmt::format("{}: key 'national' is required (a section) but missing", file));
  if (static_cast<bool>(root["base"]) == static_cast<bool>(root["base_scenario"]))
    throw InputError(fmt::format(
        "{}: give exactly one of 'base' (a scenario file) and 'base_scenario' (an inline "
        "scenario)",
        mark_text(file, root["base"] ? root["base"].Mark() : root.Mark())));
}

void read_base(NationalFile& n, const YAML::Node& root) {
  const auto dir = std::filesystem::path(n.file).parent_path();
  if (root["base"]) {
    const YAML::Node path = root["base"];
    if (!path.IsScalar())
      throw InputError(fmt::format("{}: key 'base' expected a scenario file path",
                                   mark_text(n.file, path.Mark())));
    const std::filesystem::path p(path.Scalar());
    n.base_source = p.is_absolute() ? p.string() : (dir / p).string();
    n.base = load_scenario(n.base_source);
  } else {
    // Inline: its marks are lines of the national file itself.
    n.base_source = n.file;
    n.base =
        scenario_from_document(root["base_scenario"], n.file, dir.empty() ? "." : dir.string());
  }
}

[[noreturn]] void fail(const NationalFile& n, const std::string& path, const std::string& message) {
  throw InputError(fmt::format("{}: key '{}' {}", n.sources.where(path), path, message));
}

void check_provinces(const NationalFile& n) {
  double sum = 0;
  for (std::size_t p = 0; p < n.spec.provinces.size(); ++p) {
    const ProvinceSpec& prov = n.spec.provinces[p];
    const std::string path = fmt::format("national.provinces[{}]", p);
    for (const char* key : {"name", "share", "counties", "urban_share"})
      if (!n.sources.marks.count(path + "." + key))
        fail(n, path,
             fmt::format("needs '{}' (every province gives name, share, counties and "
                         "urban_share)",
                         key));
    if (!(prov.share > 0)) fail(n, path + ".share", "must be > 0 (allowed (0, 1])");
    for (std::size_t q = 0; q < p; ++q)
      if (n.spec.provinces[q].name == prov.name)
        fail(n, path + ".name", fmt::format("'{}' is given twice", prov.name));
    sum += prov.share;
  }
  if (std::abs(sum - 1.0) > kShareTolerance)
    fail(n, "national.provinces",
         fmt::format("has shares that sum to {:.6f}; they must sum to 1 (within {})", sum,
                     kShareTolerance));
  std::int64_t counties = 0;
  for (const auto& prov : n.spec.provinces) counties += prov.counties;
  if (counties > n.spec.students)
    fail(n, "national.students",
         fmt::format("({}) is fewer than the {} counties of the provinces", n.spec.students,
                     counties));
}

/// The base's district.schools must hold one type per (level, zone): the templates.
void find_templates(NationalFile& n) {
  const auto& types = n.base.district.schools;
  std::array<int, kLevels * kZones> seen{};
  for (std::size_t i = 0; i < types.size(); ++i) {
    const std::size_t slot =
        static_cast<std::size_t>(index(types[i].level) * kZones + index(types[i].zone));
    if (seen[slot]++ > 0)
      throw InputError(fmt::format(
          "{}: key 'district.schools[{}]' is a second {} {} type; a national base has exactly "
          "one school type per level and zone (the templates of each county's schools)",
          n.base_source, i, kLevelNames[index(types[i].level)], kZoneNames[index(types[i].zone)]));
    n.templates[slot] = i;
  }
  for (int l = 0; l < kLevels; ++l)
    for (int z = 0; z < kZones; ++z)
      if (seen[static_cast<std::size_t>(l * kZones + z)] == 0)
        throw InputError(fmt::format(
            "{}: key 'district.schools' has no {} {} type; a national base needs one school type "
            "per level and zone (primary and middle x urban, town, rural)",
            n.base_source, kLevelNames[l], kZoneNames[z]));
  const StructureSpec& st = n.base.structure;
  if (!st.groups.empty() || !st.alliances.empty() || !st.kindergarten_groups.empty() ||
      !st.kindergarten_communities.empty())
    throw InputError(fmt::format(
        "{}: key 'structure' names schools or kindergartens; a national base generates its "
        "schools per county, so "
        "use structure.group_rule and structure.alliance_rule instead",
        n.base_source));
}

void read_scaled_keys(NationalFile& n) {
  const std::string where =
      n.sources.where("national.scale_with_size") + ": national.scale_with_size";
  for (const auto& key : split_school_names(n.spec.scale_with_size)) {
    if (key.find('[') != std::string::npos)
      throw InputError(
          fmt::format("{}: '{}' is inside a list; only section keys can be scaled", where, key));
    const schema::KeyInfo info = check_override_key(key, where);
    if (info.type != schema::KeyType::real && info.type != schema::KeyType::integer)
      throw InputError(fmt::format("{}: '{}' is {}; only numeric keys can be scaled", where, key,
                                   schema::key_type_name(info.type)));
    n.scaled_keys.push_back(info.path);
  }
}

}  // namespace

NationalFile load_national(const std::string& file) {
  NationalFile n;
  n.file = file;
  const YAML::Node root = schema::load_yaml_file(file);
  check_top_level(root, file);
  n.sources.file = file;
  {
    schema::YamlReader reader(root, "", n.sources);
    reader.section("national", {{"the country"}, true},
                   [&n](schema::Visitor& v) { n.spec.visit(v); });
  }
  check_provinces(n);
  read_scaled_keys(n);
  read_base(n, root);
  find_templates(n);
  return n;
}

std::string national_to_yaml(const NationalFile& national) {
  NationalSpec spec = national.spec;  // visitors take their struct mutable
  Scenario base = national.base;
  YAML::Emitter out;
  out << YAML::BeginMap;
  schema::YamlWriter writer(out);
  writer.section("national", {}, [&spec](schema::Visitor& v) { spec.visit(v); });
  writer.section("base_scenario", {}, [&base](schema::Visitor& v) { base.visit(v); });
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace edusim

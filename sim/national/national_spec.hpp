#pragma once
// A national file (scenarios/national.yaml): the size and make-up of a country's compulsory
// schooling by province, and a base scenario whose policies every county runs under. The
// county generator (county_generator.hpp) turns it into one district per county.
//
//   national:        name, students, years, seed, provinces (name, share, counties,
//                    urban_share), county size and urban-share spread, scaled keys
//   base_scenario:   an inline scenario (same keys as a scenario file), or
//   base:            the path of a scenario file
//
// The base's district.schools holds one school type per (level, zone): the templates of a
// county's schools. Each county gets the template's facilities, class sizes and shifts,
// with the count and size of schools set from the county's students.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "io/yaml_reader.hpp"
#include "model/param_types.hpp"
#include "model/schema.hpp"
#include "scenario/scenario.hpp"

namespace edusim {

struct ProvinceSpec {
  std::string name;
  double share = 0;           ///< share of the nation's students
  std::int32_t counties = 1;  ///< county-level districts (县级行政区)
  double urban_share = 0.4;   ///< share of students in urban (城区) schools

  void visit(schema::Visitor& v);
};

/// The `national:` section.
struct NationalSpec {
  std::string name = "national";
  std::int64_t students = 158000000;
  std::int32_t years = 10;
  std::int64_t seed = 1;
  double primary_share = 0.684;      ///< of students, in primary schools (grades 1-6)
  LevelValues town_share{0.6, 0.8};  ///< of a level's non-urban students, in town schools
  double county_size_sigma = 0.6;    ///< log-normal sigma of county sizes within a province
  double county_urban_sd = 0.8;      ///< SD of a county's urban share around its province's (logit)
  double county_urban_size_slope = 0.5;     ///< logit urban share per SD of log county size
  std::int64_t reference_students = 50000;  ///< the county size the scaled keys are written for
  std::string scale_with_size;              ///< comma-separated scenario keys
  std::vector<ProvinceSpec> provinces;

  void visit(schema::Visitor& v);
};

/// A loaded national file.
struct NationalFile {
  std::string file;
  NationalSpec spec;
  Scenario base;            ///< the base scenario, checked; district.schools are the templates
  std::string base_source;  ///< the base scenario's file, or "FILE (base_scenario)"
  /// Index into base.district.schools of the template of (level, zone): [level * kZones + zone].
  std::array<std::size_t, kLevels * kZones> templates{};
  std::vector<std::string> scaled_keys;  ///< from scale_with_size, each a numeric key
  schema::SourceMap sources;             ///< where each national key was written
};

/// Reads and checks a national file; throws InputError naming the file, line, key and what
/// is allowed (unknown keys, ranges, province shares that do not sum to 1, a base without
/// one school type per level and zone).
NationalFile load_national(const std::string& file);

/// The national file resolved: the `national:` section with every default filled in and
/// the base scenario resolved inline as `base_scenario:`. It is itself a national file
/// that load_national reads back to the same spec and base.
std::string national_to_yaml(const NationalFile& national);

/// The sum of the province shares must lie within this distance of 1.
inline constexpr double kShareTolerance = 1e-3;

}  // namespace edusim

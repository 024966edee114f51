// The sweep file, its design expansion and the run seeds (sim/sweep/), and scenario key
// overrides (sim/io/overrides.*).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "cli_helpers.hpp"
#include "core/error.hpp"
#include "io/overrides.hpp"
#include "io/scenario_io.hpp"
#include "sweep/design.hpp"
#include "sweep/sweep_runner.hpp"

namespace edusim {
namespace {

using testing::cli::TempDir;
using testing::cli::write_file;

const std::string kBase = std::string(EDUSIM_SOURCE_DIR) + "/scenarios/baseline.yaml";

/// Writes a sweep file with `body` after a base line and returns its path.
std::string sweep_file(const TempDir& dir, const std::string& body) {
  const auto path = (dir / "sweep.yaml").string();
  write_file(path, "base: " + kBase + "\n" + body);
  return path;
}

std::string error_of(const std::string& file) {
  try {
    load_sweep(file);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(SweepDesign, GridHasTheProductOfValueCountsWithTheLastAxisFastest) {
  const TempDir dir;
  const auto spec = load_sweep(sweep_file(dir,
                                          "seed: 1\nreplicates: 2\naxes:\n"
                                          "  rotation.quota_share: {min: 0.1, max: 0.3, steps: 3}\n"
                                          "  hiring.placement: [need, weak_rural_first]\n"
                                          "  rotation.enabled: [true, false]\n"));
  const Design d = expand_design(spec);
  ASSERT_EQ(d.points.size(), 3u * 2u * 2u);
  EXPECT_EQ(d.runs(), 24);
  EXPECT_EQ(d.points[0].text, (std::vector<std::string>{"0.1", "need", "true"}));
  EXPECT_EQ(d.points[1].text, (std::vector<std::string>{"0.1", "need", "false"}));
  EXPECT_EQ(d.points[2].text, (std::vector<std::string>{"0.1", "weak_rural_first", "true"}));
  EXPECT_EQ(d.points[11].text, (std::vector<std::string>{"0.3", "weak_rural_first", "false"}));
  EXPECT_DOUBLE_EQ(d.points[4].number[0], 0.2);
  EXPECT_TRUE(std::isnan(d.points[4].number[1]));  // a choice has no number
  EXPECT_EQ(d.points[4].number[2], 1.0);           // true
}

TEST(SweepDesign, GridWithoutAxesIsOnePointOfReplicates) {
  const TempDir dir;
  const Design d = expand_design(load_sweep(sweep_file(dir, "seed: 7\nreplicates: 5\n")));
  EXPECT_EQ(d.points.size(), 1u);
  EXPECT_EQ(d.runs(), 5);
}

TEST(SweepDesign, LatinHypercubeVisitsEachStratumOncePerColumn) {
  const std::int64_t n = 50;
  const auto rows = latin_hypercube(n, 4, 123, 1);
  ASSERT_EQ(rows.size(), 50u);
  for (std::size_t c = 0; c < 4; ++c) {
    std::set<std::int64_t> strata;
    for (const auto& r : rows) {
      ASSERT_GE(r[c], 0.0);
      ASSERT_LT(r[c], 1.0);
      strata.insert(static_cast<std::int64_t>(r[c] * n));
    }
    EXPECT_EQ(strata.size(), 50u) << "column " << c;
  }
  // Columns are permuted independently, and another stream gives another hypercube.
  EXPECT_NE(static_cast<int>(rows[0][0] * n), static_cast<int>(rows[0][1] * n) + 1000);
  EXPECT_NE(latin_hypercube(n, 4, 123, 2)[0], rows[0]);
  EXPECT_EQ(latin_hypercube(n, 4, 123, 1), rows);  // reproducible
}

TEST(SweepDesign, SaltelliMatricesHaveNTimesKPlus2RowsWithOneColumnSwapped) {
  const TempDir dir;
  const auto spec = load_sweep(sweep_file(dir,
                                          "seed: 3\ndesign: sobol\nsamples: 16\naxes:\n"
                                          "  growth.noise_sd: {min: 0.0, max: 0.3}\n"
                                          "  growth.burnout_penalty: {min: 0.0, max: 0.1}\n"
                                          "  hiring.max_hires_per_year: {min: 1, max: 6}\n"));
  const Design d = expand_design(spec);
  const std::size_t k = 3;
  ASSERT_EQ(d.points.size(), 16u * (k + 2));
  for (std::int64_t j = 0; j < 16; ++j) {
    const auto* row = &d.points[static_cast<std::size_t>(j) * (k + 2)];
    const DesignPoint &A = row[0], &B = row[1];
    EXPECT_EQ(A.sobol_block, 0);
    EXPECT_EQ(B.sobol_block, 1);
    for (std::size_t i = 0; i < k; ++i) {
      const DesignPoint& AB = row[2 + i];
      EXPECT_EQ(AB.sobol_block, static_cast<std::int64_t>(2 + i));
      EXPECT_EQ(AB.sobol_sample, j);
      for (std::size_t c = 0; c < k; ++c)
        EXPECT_EQ(AB.text[c], c == i ? B.text[c] : A.text[c]) << "j " << j << " i " << i;
    }
    // The integer axis gets whole values in its range.
    const double hires = A.number[2];
    EXPECT_EQ(hires, std::round(hires));
    EXPECT_GE(hires, 1);
    EXPECT_LE(hires, 6);
  }
}

TEST(SweepDesign, RunSeedsAreStableDistinctAndNonNegative) {
  // A fixed value: a change here changes every published sweep's runs.
  EXPECT_EQ(run_seed(20250601, 7), 2018314232808520070ULL);
  std::set<std::uint64_t> seeds;
  for (std::int64_t r = 0; r < 1000; ++r) {
    const auto s = run_seed(42, r);
    EXPECT_LT(s, 1ULL << 63);
    seeds.insert(s);
  }
  EXPECT_EQ(seeds.size(), 1000u);
  EXPECT_NE(run_seed(42, 0), run_seed(43, 0));
}

TEST(SweepDesign, InverseNormalCdfMatchesKnownQuantiles) {
  EXPECT_NEAR(inverse_normal_cdf(0.5), 0.0, 1e-15);
  EXPECT_NEAR(inverse_normal_cdf(0.975), 1.959963984540054, 1e-13);
  EXPECT_NEAR(inverse_normal_cdf(0.001), -3.090232306167814, 1e-12);
  EXPECT_NEAR(inverse_normal_cdf(1e-10), -6.361340902404056, 1e-9);
}

TEST(SweepDesign, AxisQuantilesFollowTheirDistributions) {
  Axis a;
  a.info.type = schema::KeyType::real;
  a.kind = AxisKind::log_uniform;
  a.min = 0.01;
  a.max = 1.0;
  EXPECT_NEAR(axis_quantile(a, 0.5, nullptr), 0.1, 1e-12);
  a.kind = AxisKind::normal;
  a.mean = 0.5;
  a.sd = 0.1;
  a.min = 0.0;
  a.max = 1.0;
  EXPECT_NEAR(axis_quantile(a, 0.5, nullptr), 0.5, 1e-9);
  a.max = 1e9;
  a.min = 0.5;  // truncated at the mean: u = 0 gives the bound, u = 0.5 the upper median
  EXPECT_NEAR(axis_quantile(a, 0.0, nullptr), 0.5, 1e-9);
  EXPECT_NEAR(axis_quantile(a, 0.5, nullptr), 0.5 + 0.1 * 0.6744897501960817, 1e-9);
  a.kind = AxisKind::values;
  a.values = {"x", "y", "z"};
  std::size_t i = 9;
  axis_quantile(a, 0.7, &i);
  EXPECT_EQ(i, 2u);
}

TEST(SweepDesign, ShardsPartitionTheRuns) {
  for (std::int64_t runs : {1, 7, 18, 1000}) {
    for (std::int64_t shards = 1; shards <= std::min<std::int64_t>(runs, 9); ++shards) {
      std::int64_t next = 0;
      for (std::int64_t s = 0; s < shards; ++s) {
        const auto [first, last] = shard_range(runs, s, shards);
        EXPECT_EQ(first, next);
        EXPECT_LE(last - first, runs / shards + 1);
        EXPECT_GE(last - first, runs / shards);
        next = last;
      }
      EXPECT_EQ(next, runs);
    }
  }
}

TEST(SweepDesign, DigestChangesWithTheBaseScenarioAndTheSeed) {
  const TempDir dir;
  const auto spec = load_sweep(sweep_file(dir, "seed: 1\nreplicates: 2\n"));
  const Design d = expand_design(spec);
  const auto digest = design_digest(spec, d, "a: 1");
  EXPECT_EQ(digest, design_digest(spec, d, "a: 1"));
  EXPECT_NE(digest, design_digest(spec, d, "a: 2"));
  auto other = spec;
  other.master_seed = 2;
  EXPECT_NE(digest, design_digest(other, d, "a: 1"));
}

struct BadSweep {
  const char* name;
  const char* body;
  const char* expected;  ///< a fragment of the message
};

class BadSweepFile : public ::testing::TestWithParam<BadSweep> {};

TEST_P(BadSweepFile, IsRefusedBeforeAnythingRuns) {
  const TempDir dir;
  const std::string message = error_of(sweep_file(dir, GetParam().body));
  EXPECT_NE(message.find(GetParam().expected), std::string::npos) << message;
  EXPECT_NE(message.find("sweep.yaml"), std::string::npos) << message;
}

const BadSweep kBadSweeps[] = {
    {"missing_seed", "replicates: 2\n", "key 'seed' is required"},
    {"unknown_top_key", "seed: 1\nreplicate: 2\n", "did you mean 'replicates'"},
    {"misspelled_axis", "seed: 1\naxes:\n  rotation.quota_shar: [0.1]\n",
     "did you mean 'rotation.quota_share'"},
    {"section_axis", "seed: 1\naxes:\n  rotation: [0.1]\n", "is a section"},
    {"value_out_of_range", "seed: 1\naxes:\n  rotation.quota_share: [0.1, 1.5]\n", "value '1.5'"},
    {"bad_choice", "seed: 1\naxes:\n  hiring.placement: [need, rural]\n", "value 'rural'"},
    {"range_out_of_key_range",
     "seed: 1\ndesign: latin_hypercube\nsamples: 4\naxes:\n  rotation.quota_share: {min: 0, "
     "max: 2}\n",
     "out of range"},
    {"min_not_below_max",
     "seed: 1\ndesign: latin_hypercube\nsamples: 4\naxes:\n  rotation.quota_share: {min: 0.3, "
     "max: 0.1}\n",
     "must be greater than min"},
    {"grid_range_without_steps", "seed: 1\naxes:\n  rotation.quota_share: {min: 0.1, max: 0.3}\n",
     "'axes.rotation.quota_share.steps'"},
    {"grid_distribution",
     "seed: 1\naxes:\n  rotation.quota_share: {min: 0.1, max: 0.3, steps: 2, distribution: "
     "normal}\n",
     "for latin_hypercube and sobol"},
    {"samples_on_grid", "seed: 1\nsamples: 4\n", "'samples' is for latin_hypercube"},
    {"sobol_without_samples",
     "seed: 1\ndesign: sobol\naxes:\n  rotation.quota_share: {min: 0, "
     "max: 1}\n",
     "'samples' is required"},
    {"sobol_without_axes", "seed: 1\ndesign: sobol\nsamples: 8\n", "at least one axis"},
    {"unknown_design", "seed: 1\ndesign: factorial\n", "design"},
    {"seed_axis", "seed: 1\naxes:\n  run.seed: [1, 2]\n", "cannot vary"},
    {"years_axis", "seed: 1\naxes:\n  run.years: [5, 10]\n", "same years"},
    {"log_uniform_from_zero",
     "seed: 1\ndesign: latin_hypercube\nsamples: 4\naxes:\n  rotation.quota_share: {min: 0, max: "
     "0.3, distribution: log_uniform}\n",
     "must be > 0"},
    {"range_for_choice",
     "seed: 1\ndesign: latin_hypercube\nsamples: 4\naxes:\n"
     "  hiring.placement: {min: 0, max: 1}\n",
     "is for numeric keys"},
    {"unknown_axis_key", "seed: 1\naxes:\n  rotation.quota_share: {value: [0.1]}\n",
     "did you mean 'values'"},
    {"duplicate_key", "seed: 1\nseed: 2\n", "written twice"},
    {"negative_replicates", "seed: 1\nreplicates: -1\n", "replicates"},
    {"empty_values", "seed: 1\naxes:\n  rotation.quota_share: []\n", "non-empty list"},
    {"axis_breaks_cross_check", "seed: 1\naxes:\n  district.teachers.age.max: [69]\n",
     "retirement_age"},
    {"too_many_runs",
     "seed: 1\nreplicates: 1000000\naxes:\n  rotation.quota_share: {min: 0, max: 1, steps: "
     "100000}\n",
     "at most 1e9 runs"},
};

INSTANTIATE_TEST_SUITE_P(Sweep, BadSweepFile, ::testing::ValuesIn(kBadSweeps),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(SweepSpec, BaseAndInlineBaseAreExclusiveAndOneIsRequired) {
  const TempDir dir;
  const auto path = (dir / "s.yaml").string();
  write_file(path, "seed: 1\n");
  EXPECT_THROW(
      {
        try {
          load_sweep(path);
        } catch (const InputError& e) {
          EXPECT_NE(std::string(e.what()).find("exactly one of 'base'"), std::string::npos);
          throw;
        }
      },
      InputError);
  write_file(path,
             "seed: 1\nbase_scenario:\n  run: {years: 2}\n  district:\n    schools:\n"
             "      - {level: primary, zone: urban, count: 2}\n"
             "      - {level: middle, zone: urban, count: 1}\n");
  const auto spec = load_sweep(path);
  EXPECT_TRUE(spec.base_file.empty());
}

TEST(ScenarioOverrides, SetNestedKeysCreatingMissingSections) {
  YAML::Node doc = YAML::Load("run: {years: 3}\n");
  apply_override(doc, {"rotation.quota_share", "0.25"}, "test");
  apply_override(doc, {"run.years", "5"}, "test");
  EXPECT_EQ(doc["rotation"]["quota_share"].Scalar(), "0.25");
  EXPECT_EQ(doc["run"]["years"].Scalar(), "5");
}

TEST(ScenarioOverrides, ListItemsAreAddressedByIndex) {
  YAML::Node doc = YAML::Load("district:\n  schools:\n    - {count: 2}\n    - {count: 3}\n");
  apply_override(doc, {"district.schools[1].count", "7"}, "test");
  apply_override(doc, {"district.schools.0.count", "9"}, "test");
  EXPECT_EQ(doc["district"]["schools"][1]["count"].Scalar(), "7");
  EXPECT_EQ(doc["district"]["schools"][0]["count"].Scalar(), "9");
  EXPECT_THROW(apply_override(doc, {"district.schools[5].count", "1"}, "test"), InputError);
}

TEST(ScenarioOverrides, KeysAreCheckedAgainstTheSchema) {
  EXPECT_EQ(check_override_key("district.schools[3].count", "x").path, "district.schools[].count");
  EXPECT_THROW(check_override_key("rotation.quota", "x"), InputError);
  EXPECT_THROW(check_override_key("rotation", "x"), InputError);
  EXPECT_THROW(parse_override("rotation.enabled", "x"), InputError);
  EXPECT_EQ(parse_override("a.b=c=d", "x").value, "c=d");
}

}  // namespace
}  // namespace edusim

// Documentation that must match the code: the generated scenario reference
// and the dataset paths listed in docs/output-schema.md.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "build/district_tables.hpp"
#include "engine/simulation.hpp"
#include "io/h5_inspect.hpp"
#include "io/scenario_io.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {
std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST(Docs, ScenarioReferenceIsUpToDate) {
  const std::string doc = read_file(EDUSIM_SOURCE_DIR "/docs/scenario-reference.md");
  EXPECT_NE(doc.find(scenario_reference_markdown()), std::string::npos)
      << "docs/scenario-reference.md is stale: regenerate its table with `edusim schema`";
}

TEST(Docs, EveryDocumentedDatasetExistsInARunFile) {
  const std::string doc = read_file(EDUSIM_SOURCE_DIR "/docs/output-schema.md");
  const auto start = doc.find("<!-- paths -->");
  ASSERT_NE(start, std::string::npos);
  const auto end = doc.find("```", start);
  std::istringstream block(doc.substr(start, end - start));
  const auto dir = std::filesystem::temp_directory_path() / "edusim-docs-test";
  std::filesystem::create_directories(dir);
  RunRequest request;
  request.output = (dir / "run.h5").string();
  request.overwrite = true;
  run_to_file(edusim::testing::small_scenario(2), request);
  const std::string listing = describe_h5_file(request.output);
  std::string path;
  int checked = 0;
  std::getline(block, path);  // the marker line
  while (std::getline(block, path)) {
    if (path.empty()) continue;
    ++checked;
    EXPECT_NE(listing.find("\n" + path + "  "), std::string::npos)
        << path << " is documented but missing";
  }
  EXPECT_GT(checked, 30);
  std::filesystem::remove_all(dir);
}

TEST(Docs, DataTableDictionaryIsUpToDate) {
  const std::string doc = read_file(EDUSIM_SOURCE_DIR "/docs/data-tables.md");
  EXPECT_NE(doc.find(table_reference_markdown()), std::string::npos)
      << "docs/data-tables.md is stale: regenerate it with `edusim schema --tables`";
}

TEST(Docs, OutputSeriesTablesAreUpToDate) {
  const std::string doc = read_file(EDUSIM_SOURCE_DIR "/docs/output-schema.md");
  const std::string generated = output_reference_markdown();
  // Each table follows its marker line; the text between them is written by hand.
  std::vector<std::string> tables;
  for (std::size_t start = 0; start < generated.size();) {
    const auto next = generated.find("\n<!-- generated:", start);
    tables.push_back(generated.substr(start, next == std::string::npos ? next : next - start));
    start = next == std::string::npos ? generated.size() : next + 1;
  }
  ASSERT_EQ(tables.size(), 3u);  // district, schools, custom output columns
  for (const std::string& table : tables)
    EXPECT_NE(doc.find(table), std::string::npos)
        << "docs/output-schema.md is stale: regenerate its series tables with "
           "tools/regen-docs.sh (`edusim schema --outputs`)\n"
        << table.substr(0, table.find('\n'));
}

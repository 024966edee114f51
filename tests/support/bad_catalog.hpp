#pragma once
// The cases of a catalog of bad inputs (tests/data/bad_scenarios, bad_sweeps): every
// `*.yaml` file of the catalog, by name, then the files a test creates itself (empty,
// blank, a directory, missing), which cannot carry an `# expect:` line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <ostream>
#include <string>
#include <system_error>
#include <vector>

#include "cli_helpers.hpp"

namespace edusim::testing::cli {

struct BadCase {
  std::string name;
  std::string generated;  ///< "" for a catalog file; else what the test creates
};

inline void PrintTo(const BadCase& c, std::ostream* os) {
  *os << c.name;
}

/// The catalog's files in name order, then `generated_<kind>.yaml` for each of `generated`.
inline std::vector<BadCase> catalog_cases(const fs::path& catalog,
                                          const std::vector<std::string>& generated) {
  std::vector<BadCase> cases;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(catalog, ec))
    if (e.path().extension() == ".yaml") cases.push_back({e.path().filename(), ""});
  std::sort(cases.begin(), cases.end(),
            [](const BadCase& a, const BadCase& b) { return a.name < b.name; });
  for (const std::string& g : generated) cases.push_back({"generated_" + g + ".yaml", g});
  return cases;
}

/// A case made ready to run: its file, the file's text ("" for a generated case) and the
/// message it must be refused with (a catalog file's `# expect:` line; "" if it has none).
struct BadInput {
  fs::path file;
  std::string text, expect;
};

/// Reads a catalog case, or creates a generated one in `inputs` (empty, blank, directory;
/// a missing one is only named).
inline BadInput prepare(const BadCase& c, const fs::path& catalog, const fs::path& inputs) {
  if (c.generated.empty()) {
    const std::string text = read_file(catalog / c.name);
    return {catalog / c.name, text, expectation(text)};
  }
  const fs::path file = inputs / c.name;
  if (c.generated == "empty") write_file(file, "");
  if (c.generated == "blank") write_file(file, "  \n\n   \n");
  if (c.generated == "directory") fs::create_directory(file);
  const std::string expect = c.generated == "directory" ? "is a directory"
                             : c.generated == "missing" ? "file not found"
                                                        : "the file is empty";
  return {file, "", expect};
}

/// The test name of a case: its file stem, every other character than [A-Za-z0-9] as '_'.
inline std::string case_name(const ::testing::TestParamInfo<BadCase>& info) {
  std::string name = fs::path(info.param.name).stem();
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

}  // namespace edusim::testing::cli

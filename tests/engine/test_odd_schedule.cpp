// The phase table of docs/odd.md (section 1.3) must list the phases of the year in
// the order of the schedule (sim/engine/schedule.cpp), numbered 1..N.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "engine/schedule.hpp"
#include "io/text_file.hpp"

using namespace edusim;

namespace {

struct DocumentedPhase {
  int number = 0;
  std::string name;
};

/// The rows `| N | `name` | ...` of the table that follows the heading of section
/// 1.3 in the ODD text; empty when the heading or the table is missing.
std::vector<DocumentedPhase> documented_phases(const std::string& odd) {
  std::vector<DocumentedPhase> rows;
  const auto heading = odd.find("### 1.3 Process overview and scheduling");
  if (heading == std::string::npos) return rows;
  std::istringstream in(odd.substr(heading));
  std::string line;
  bool in_table = false;
  while (std::getline(in, line)) {
    if (!in_table) {
      in_table = line.rfind("| # |", 0) == 0;
      continue;
    }
    if (line.rfind("|---", 0) == 0) continue;
    if (line.rfind("| ", 0) != 0) break;  // the table ends
    // "| 12 | `hiring` | ...": the number, then the name between the first backticks.
    const auto open = line.find('`'), close = line.find('`', open + 1);
    DocumentedPhase row;
    row.number = std::atoi(line.c_str() + 2);
    if (open != std::string::npos && close != std::string::npos)
      row.name = line.substr(open + 1, close - open - 1);
    rows.push_back(row);
  }
  return rows;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

/// What differs between the documented phases and the schedule's, one line per
/// finding (empty when they agree): phases missing from the docs, phases the docs
/// list that the code does not run, and the places where the common phases are
/// in a different order.
std::string schedule_mismatch(const std::vector<std::string>& documented,
                              const std::vector<std::string>& code) {
  std::vector<std::string> missing, extra, doc_common, code_common;
  for (const std::string& n : code) (contains(documented, n) ? code_common : missing).push_back(n);
  for (const std::string& n : documented) (contains(code, n) ? doc_common : extra).push_back(n);
  std::string out;
  if (!missing.empty()) out += "in the schedule but not in docs/odd.md: " + joined(missing) + "\n";
  if (!extra.empty()) out += "in docs/odd.md but not in the schedule: " + joined(extra) + "\n";
  for (std::size_t k = 0; k < std::min(doc_common.size(), code_common.size()); ++k)
    if (doc_common[k] != code_common[k]) {
      out += "misordered at position " + std::to_string(k + 1) +
             " of the phases in both: docs/odd.md has " + doc_common[k] + ", the schedule has " +
             code_common[k] + "\n";
    }
  return out;
}

}  // namespace

TEST(OddSchedule, PhaseTableMatchesTheScheduleInOrder) {
  const std::string odd = read_text_file(EDUSIM_SOURCE_DIR "/docs/odd.md", "ODD");
  const std::vector<DocumentedPhase> rows = documented_phases(odd);
  ASSERT_FALSE(rows.empty()) << "docs/odd.md: no phase table under "
                                "\"### 1.3 Process overview and scheduling\"";
  std::vector<std::string> documented, code;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    EXPECT_EQ(rows[k].number, static_cast<int>(k + 1))
        << "docs/odd.md section 1.3: row " << k + 1 << " (" << rows[k].name << ") is numbered "
        << rows[k].number;
    EXPECT_FALSE(rows[k].name.empty())
        << "docs/odd.md section 1.3: row " << k + 1 << " has no `phase name`";
    documented.push_back(rows[k].name);
  }
  for (const Phase& p : year_schedule()) code.emplace_back(p.name);
  EXPECT_EQ(schedule_mismatch(documented, code), "")
      << "docs/odd.md section 1.3 lists: " << joined(documented)
      << "\nsim/engine/schedule.cpp runs:  " << joined(code);
  // The text after the table names the last phase by its number.
  const std::string after = "After phase " + std::to_string(code.size()) + " ";
  EXPECT_NE(odd.find(after), std::string::npos) << "docs/odd.md: no \"" << after << "\"";
}

TEST(OddSchedule, MismatchNamesMissingExtraAndMisorderedPhases) {
  EXPECT_EQ(schedule_mismatch({"a", "b", "c"}, {"a", "b", "c"}), "");
  EXPECT_EQ(schedule_mismatch({"a", "c"}, {"a", "b", "c"}),
            "in the schedule but not in docs/odd.md: b\n");
  EXPECT_EQ(schedule_mismatch({"a", "x", "b"}, {"a", "b"}),
            "in docs/odd.md but not in the schedule: x\n");
  EXPECT_EQ(
      schedule_mismatch({"b", "a", "c"}, {"a", "b", "c"}),
      "misordered at position 1 of the phases in both: docs/odd.md has b, the schedule has a\n"
      "misordered at position 2 of the phases in both: docs/odd.md has a, the schedule has b\n");
}

TEST(OddSchedule, TableRowsAreReadFromSection13) {
  const std::string odd =
      "# ODD\n| # | x |\n|---|---|\n| 9 | `not_this` | table of another section |\n"
      "### 1.3 Process overview and scheduling\n\nThe year:\n\n"
      "| # | phase (name in code) | what it does |\n|---|---|---|\n"
      "| 1 | `first` | does `something` |\n| 2 | `second` | more |\n\nAfter phase 2 ...\n";
  const std::vector<DocumentedPhase> rows = documented_phases(odd);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].number, 1);
  EXPECT_EQ(rows[0].name, "first");
  EXPECT_EQ(rows[1].number, 2);
  EXPECT_EQ(rows[1].name, "second");
  EXPECT_TRUE(documented_phases("no such section").empty());
}

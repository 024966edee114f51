#pragma once
// The optional kindergartens table of a real district (district.from_data.kindergartens), and
// the rows of the teachers table that list a kindergarten's teachers.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "build/district_tables.hpp"
#include "io/csv.hpp"
#include "scenario/scenario.hpp"
#include "world/world.hpp"

namespace edusim {

/// The kindergartens table, read before the teachers table (whose rows may name them).
struct KindergartenTable {
  CsvTable table;
  std::vector<KindergartenRow> rows;
  std::unordered_map<std::string, std::size_t> index;  ///< id -> row
};

/// Reads the table; a duplicate id is refused with the file, line and column.
KindergartenTable read_kindergartens(const std::string& file);

/// Reads row r of the teachers table, whose `school` names a kindergarten: only the columns a
/// kindergarten teacher has (World::kindergarten_teachers). The cell of any other column must
/// be empty, and backbone, subject and title_uplift may only say what holds for every
/// kindergarten teacher (none, core, false); anything else is refused with the line and column.
TeacherRow read_kindergarten_teacher_row(const CsvTable& teachers, std::size_t r);

/// Builds world.kindergartens from the table (after the schools and their teachers: children
/// not given are enrolled from the zones' primary entry cohorts). Bad rows are refused with the
/// file, line and column. `school_groups` maps the schools table's group names to their ids
/// (for the school_group column); `listed[k]` counts the teachers table's rows of kindergarten
/// k (its teachers are then exactly those: its `teachers` column may only repeat the count, and
/// its `effectiveness` column is refused, as their mean is the kindergarten's).
void load_kindergartens(World& world, const Scenario& scenario, const KindergartenTable& table,
                        const std::unordered_map<std::string, std::int32_t>& school_groups,
                        const std::vector<std::int32_t>& listed);

/// Adds the teachers table's rows of kindergartens (`kindergarten[r]` >= 0) as kindergarten
/// teachers, in table order, after load_kindergartens; sets their kindergartens' talent_shift
/// (private_effectiveness_shift for a private one, else 0: the pull on the novices it will
/// hire, and on the draw of a row without effectiveness) and mean effectiveness.
void add_listed_kindergarten_teachers(World& world, const Scenario& scenario,
                                      const std::vector<TeacherRow>& rows,
                                      const std::vector<std::int32_t>& kindergarten);

}  // namespace edusim

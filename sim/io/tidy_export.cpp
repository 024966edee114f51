#include "io/tidy_export.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <utility>

#include "core/error.hpp"
#include "io/csv_writer.hpp"
#include "io/h5_handle.hpp"
#include "io/h5_output_file.hpp"
#include "io/output_dir.hpp"
#include "io/tidy_tables.hpp"

namespace edusim {
namespace {

/// What the export needs of the file besides its tables.
struct FileFacts {
  std::string kind;
  std::vector<std::pair<std::string, std::string>> provenance;
  std::vector<SeriesDef> param_columns;  ///< sweep files: /params with descriptions
};

FileFacts read_facts(const std::string& path) {
  const h5::OutputFile f = h5::open_output_file(path, {"run", "sweep"});
  FileFacts facts{f.kind, h5::read_provenance(f.file.get()), {}};
  if (f.kind == "sweep" && h5::has_link(f.file.get(), "params")) {
    const h5::Handle params = h5::open_group(f.file.get(), "params", path + ":/params");
    facts.param_columns = h5::read_series_defs(params.get(), path + ":/params", "");
  }
  return facts;
}

void write_table(const TidyTable& table, const std::filesystem::path& dir) {
  CsvWriter out((dir / table.file).string());
  std::vector<std::string> cells;
  for (const SeriesDef& c : table.columns) cells.push_back(c.name);
  out.write_row(cells);
  for (std::size_t r = 0; r < table.rows; ++r) {
    table.row(r, cells);
    out.write_row(cells);
  }
  out.close();
}

constexpr const char* kFormatNote =
    "Format. Every .csv file is RFC 4180 CSV: UTF-8 (no byte-order mark), comma-separated, LF\n"
    "line ends, a header row with the column names. A field is quoted with \"...\" (inner\n"
    "quotes doubled) when it holds a comma, a quote or a line break. Numbers are the shortest\n"
    "decimal text that reads back to the same 64-bit float (0.1, 22500, 1e-07; inf and -inf\n"
    "for infinities), so they round-trip exactly. NaN (\"undefined\", never zero; see\n"
    "docs/output-schema.md) is an empty cell, which pandas and R read as NA. Years, runs,\n"
    "schools, ids, seeds and event columns are integers.\n\n"
    "Not exported: /balance, /groups, /snapshots and the long root attributes (the resolved\n"
    "scenario, the sweep file's text); read them from the HDF5 file (edusim info lists it).\n";

std::string readme_text(const std::string& input, const FileFacts& facts,
                        const std::vector<TidyTable>& tables) {
  std::string out = fmt::format("Tidy CSV export of the edusim {} file {}\n", facts.kind, input);
  out += "(written by edusim export-csv; docs/analysis.md, \"Tidy CSV export\")\n\n";
  for (const auto& [name, value] : facts.provenance) out += fmt::format("{}: {}\n", name, value);
  out += fmt::format("\n{}\nFiles and their columns ([units]; 1 = dimensionless):\n", kFormatNote);
  for (const TidyTable& t : tables) {
    out += fmt::format("\n{} ({} rows): {}.\n", t.file, t.rows, t.about);
    for (const SeriesDef& c : t.columns)
      out += fmt::format("  {}{}: {}\n", c.name, c.units.empty() ? "" : " [" + c.units + "]",
                         c.description.empty() ? "(no description in the file)" : c.description);
  }
  return out;
}

void write_readme(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw InputError(fmt::format("{}: cannot write", path.string()));
}

}  // namespace

TidyExport export_tidy_csv(const std::string& input, const std::string& dir, bool overwrite) {
  check_output_directory(dir, overwrite);  // refuse before reading a large file
  const FileFacts facts = read_facts(input);
  RunFileData run;
  SweepFileData sweep;
  std::vector<TidyTable> tables;
  if (facts.kind == "run") {
    run = read_run_file(input);
    tables = run_tables(run);
  } else {
    sweep = read_sweep_file(input);
    tables = sweep_tables(sweep, facts.param_columns);
  }
  tables.push_back(units_table(tables));
  TidyExport result{facts.kind, {}};
  write_directory_atomically(dir, overwrite, [&](const std::string& tmp) {
    for (const TidyTable& t : tables) write_table(t, tmp);
    write_readme(std::filesystem::path(tmp) / "README.txt", readme_text(input, facts, tables));
  });
  for (const TidyTable& t : tables) result.files.push_back(t.file);
  result.files.push_back("README.txt");
  return result;
}

}  // namespace edusim

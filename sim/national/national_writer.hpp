#pragma once
// The national output file (HDF5, file_kind = "national"); layout in docs/output-schema.md:
//
//   /                     attributes: schema_version, file_kind, engine_version, git_revision,
//                         git_clean, created_utc, command_line, national_file, national
//                         (the resolved national file), name, base_scenario, master_seed,
//                         start_year, years, counties, counties_planned, provinces,
//                         students, schools, teachers, threads,
//                         generation_seconds, simulation_seconds, metrics_seconds,
//                         wall_seconds, peak_rss_bytes, complete (last)
//   /year                 [year] int32 calendar years (year 0 = the generated world)
//   /counties/info        [county] compound: county, province, province_name,
//                         county_in_province, students_planned, students, schools,
//                         teachers, urban_share, seed
//   /counties/<metric>    [county, year] float64, every district metric
//   /provinces/info       [province] compound: province, name, counties, students,
//                         schools, teachers, share, urban_share
//   /provinces/<metric>   [province, year] float64, attribute `rule`
//   /provinces/between/<series>  [province, year]: spread of county achievement means
//   /national/<metric>    [year] float64, attribute `rule`
//   /national/between/<series>   [year]
//   /timing/phase_seconds [phase] float64, /timing/phase_names [phase] strings,
//   /timing/county_seconds [county, 3] float64: generation, simulation, metrics
//
// Written under a temporary name, flushed to disk and renamed: a file under its final
// name is always complete.
#include <string>

#include "national/national_run.hpp"

namespace edusim {

struct NationalProvenance {
  std::string command_line;
  int threads = 1;
  int worker_threads = 0;  ///< distinct threads that executed the counties; 0: not written
  double peak_rss_bytes = 0;
};

/// Aggregates the counties and writes the file; throws InputError if `path` exists and
/// !overwrite.
void write_national_file(const std::string& path, const NationalFile& national,
                         const NationalPlan& plan, const NationalResult& result,
                         const NationalProvenance& provenance, bool overwrite);

}  // namespace edusim

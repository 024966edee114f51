#include "io/sweep_file.hpp"

#include <fmt/format.h>
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/error.hpp"
#include "io/h5_handle.hpp"
#include "io/h5_output_file.hpp"
#include "io/h5_provenance.hpp"
#include "io/h5_school_info.hpp"

namespace edusim {
namespace {

using h5::check;
using h5::checked;
using h5::Handle;
using h5::write_dataset;

template <class Field>
std::vector<std::int64_t> column(const std::vector<SweepRun>& runs, Field field) {
  std::vector<std::int64_t> out;
  out.reserve(runs.size());
  for (const SweepRun& r : runs) out.push_back(r.*field);
  return out;
}

void write_int_column(hid_t group, const char* name, const std::vector<std::int64_t>& values,
                      const char* description, const std::string& where) {
  const Handle ds = write_dataset(group, name, H5T_STD_I64LE, H5T_NATIVE_INT64, {values.size()},
                                  values.data(), where);
  h5::write_string_attr(ds.get(), "description", description, where);
}

void write_params(hid_t file, const SweepHeader& h, const std::vector<SweepRun>& runs,
                  const std::string& path) {
  const std::string where = path + ":/params";
  const Handle g = h5::create_group(file, "params", where);
  write_int_column(g.get(), "run_index", column(runs, &SweepRun::run_index),
                   "the run's index in the sweep: point * replicates + replicate", where);
  write_int_column(g.get(), "point", column(runs, &SweepRun::point), "the design point", where);
  write_int_column(g.get(), "replicate", column(runs, &SweepRun::replicate),
                   "the replicate of the design point", where);
  write_int_column(
      g.get(), "seed", column(runs, &SweepRun::seed),
      "the run's run.seed, derived from (master_seed, run_index), or from (master_seed, "
      "replicate) with common random numbers",
      where);
  if (h.sobol_samples >= 0) {
    write_int_column(g.get(), "sobol_block", column(runs, &SweepRun::sobol_block),
                     "0 = matrix A, 1 = matrix B, 2 + i = A with column i from B", where);
    write_int_column(g.get(), "sobol_sample", column(runs, &SweepRun::sobol_sample),
                     "the row of A and B the point came from", where);
  }
  if (h.morris_levels >= 0) {
    write_int_column(g.get(), "morris_trajectory", column(runs, &SweepRun::morris_trajectory),
                     "the Morris trajectory of the point", where);
    write_int_column(g.get(), "morris_step", column(runs, &SweepRun::morris_step),
                     "0 = the trajectory's start, s = the point after its s-th step", where);
    write_int_column(g.get(), "morris_axis", column(runs, &SweepRun::morris_axis),
                     "the index of the axis moved at this step (-1 at the start)", where);
    write_int_column(g.get(), "morris_direction", column(runs, &SweepRun::morris_direction),
                     "+1: the axis moved up by levels / 2, -1: down (0 at the start)", where);
  }
  const Handle str = h5::vl_utf8_type(where);
  for (std::size_t a = 0; a < h.axes.size(); ++a) {
    const SweepAxisColumn& axis = h.axes[a];
    Handle ds;
    if (axis.kind == "choice") {
      std::vector<const char*> text;
      for (const SweepRun& r : runs) text.push_back(r.axis_text[a].c_str());
      ds = write_dataset(g.get(), axis.name, str.get(), str.get(), {runs.size()}, text.data(),
                         where);
    } else {
      std::vector<double> values;
      for (const SweepRun& r : runs) values.push_back(r.axis_number[a]);
      ds = write_dataset(g.get(), axis.name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {runs.size()},
                         values.data(), where);
    }
    h5::write_string_attr(ds.get(), "kind", axis.kind, where);
    h5::write_string_attr(ds.get(), "description", axis.description, where);
  }
}

void describe(hid_t ds, const SeriesDef& def, const char* dimensions, const std::string& where) {
  h5::write_string_attr(ds, "units", def.units, where);
  h5::write_string_attr(ds, "description", def.description, where);
  h5::write_string_attr(ds, "dimensions", dimensions, where);
}

void write_district(hid_t file, const SweepHeader& h, const std::vector<SweepRun>& runs,
                    const std::string& path) {
  const std::string where = path + ":/district";
  const Handle g = h5::create_group(file, "district", where);
  write_dataset(g.get(), "year", H5T_STD_I32LE, H5T_NATIVE_INT32, {h.years.size()}, h.years.data(),
                where);
  const std::size_t n_years = h.years.size(), n_metrics = h.district_series.size();
  std::vector<double> values(runs.size() * n_years);
  for (std::size_t m = 0; m < n_metrics; ++m) {
    for (std::size_t r = 0; r < runs.size(); ++r)
      for (std::size_t y = 0; y < n_years; ++y)
        values[r * n_years + y] = runs[r].district[y * n_metrics + m];
    const Handle ds =
        write_dataset(g.get(), h.district_series[m].name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                      {runs.size(), n_years}, values.data(), where);
    describe(ds.get(), h.district_series[m], "run, year", where);
  }
}

void write_schools(hid_t file, const SweepHeader& h, const std::vector<SweepRun>& runs,
                   const std::string& path) {
  const std::string where = path + ":/schools";
  const Handle g = h5::create_group(file, "schools", where);
  h5::write_school_info(g.get(), h.schools, where + "/info");
  const std::size_t n_years = h.years.size(), n_metrics = h.school_series.size(),
                    n_schools = h.schools.size();
  std::vector<double> values(runs.size() * n_years * n_schools);
  for (std::size_t m = 0; m < n_metrics; ++m) {
    for (std::size_t r = 0; r < runs.size(); ++r)
      for (std::size_t y = 0; y < n_years; ++y)
        std::copy_n(
            runs[r].schools.begin() + static_cast<std::ptrdiff_t>((y * n_metrics + m) * n_schools),
            n_schools, values.begin() + static_cast<std::ptrdiff_t>((r * n_years + y) * n_schools));
    const Handle ds =
        write_dataset(g.get(), h.school_series[m].name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                      {runs.size(), n_years, n_schools}, values.data(), where);
    describe(ds.get(), h.school_series[m], "run, year, school", where);
  }
}

std::string joined(const std::vector<SweepAxisColumn>& axes) {
  std::string out;
  for (const auto& a : axes) out += (out.empty() ? "" : "\n") + a.name;
  return out;
}

void write_root(hid_t file, const SweepHeader& h, std::int64_t runs_in_file,
                const std::string& where) {
  h5::write_root_provenance(file, "sweep", h.build, h.command_line, where);
  h5::write_string_attr(file, "sweep_file", h.sweep_file, where);
  h5::write_string_attr(file, "sweep", h.sweep_text, where);
  if (!h.overrides.empty()) h5::write_string_attr(file, "sweep_overrides", h.overrides, where);
  h5::write_string_attr(file, "base_scenario", h.base_yaml, where);
  h5::write_string_attr(file, "sweep_digest", h.digest, where);
  h5::write_attr(file, "master_seed", H5T_NATIVE_UINT64, &h.master_seed, where);
  h5::write_string_attr(file, "design", h.design, where);
  h5::write_attr(file, "points", H5T_NATIVE_INT64, &h.points, where);
  h5::write_attr(file, "replicates", H5T_NATIVE_INT64, &h.replicates, where);
  h5::write_attr(file, "runs", H5T_NATIVE_INT64, &h.runs, where);
  h5::write_attr(file, "runs_in_file", H5T_NATIVE_INT64, &runs_in_file, where);
  h5::write_string_attr(file, "axes", joined(h.axes), where);
  if (h.sobol_samples >= 0)
    h5::write_attr(file, "sobol_samples", H5T_NATIVE_INT64, &h.sobol_samples, where);
  if (h.morris_levels >= 0) {
    h5::write_attr(file, "morris_trajectories", H5T_NATIVE_INT64, &h.morris_trajectories, where);
    h5::write_attr(file, "morris_levels", H5T_NATIVE_INT64, &h.morris_levels, where);
  }
  h5::write_int32_attr(file, "common_random_numbers", h.common_random_numbers, where);
  if (h.worker_threads > 0) h5::write_int32_attr(file, "worker_threads", h.worker_threads, where);
}

}  // namespace

void write_sweep_file(const std::string& path, const SweepHeader& h,
                      const std::vector<SweepRun>& runs, bool overwrite) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!overwrite && fs::exists(path, ec))
    throw InputError(fmt::format("{}: output file exists; use --force to overwrite", path));
  const std::string tmp = fmt::format("{}.tmp-{}", path, ::getpid());
  try {
    {
      Handle file = h5::create_file(tmp);
      const std::string where = tmp;
      write_root(file.get(), h, static_cast<std::int64_t>(runs.size()), where);
      write_params(file.get(), h, runs, tmp);
      write_district(file.get(), h, runs, tmp);
      if (!h.school_series.empty()) write_schools(file.get(), h, runs, tmp);
      h5::write_int32_attr(file.get(), "complete", 1, where);  // last: the file is whole
      if (!file.reset()) h5::throw_error("H5Fclose", tmp);
    }
    h5::fsync_file(tmp);
    fs::rename(tmp, path);
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
}

namespace {

/// Opens a complete sweep file of a known schema version, or throws InputError.
Handle open_sweep(const std::string& path) {
  return h5::open_output_file(path, {"sweep"}).file;
}

SweepHeader read_header(hid_t file, const std::string& path) {
  SweepHeader h;
  h.sweep_file = h5::required_string_attr(file, "sweep_file", path);
  h.sweep_text = h5::required_string_attr(file, "sweep", path);
  h.base_yaml = h5::required_string_attr(file, "base_scenario", path);
  h.digest = h5::required_string_attr(file, "sweep_digest", path);
  h.design = h5::required_string_attr(file, "design", path);
  h.command_line = h5::required_string_attr(file, "command_line", path);
  h.overrides = h5::read_string_attr(file, "sweep_overrides").value_or("");
  h.build = h5::read_build_info(file);
  h.master_seed = h5::read_uint64_attr(file, "master_seed").value_or(0);
  h.points = h5::required_int64_attr(file, "points", path);
  h.replicates = h5::required_int64_attr(file, "replicates", path);
  h.runs = h5::required_int64_attr(file, "runs", path);
  h.sobol_samples = h5::read_int64_attr(file, "sobol_samples").value_or(-1);
  h.morris_trajectories = h5::read_int64_attr(file, "morris_trajectories").value_or(-1);
  h.morris_levels = h5::read_int64_attr(file, "morris_levels").value_or(-1);
  h.common_random_numbers =
      static_cast<std::int32_t>(h5::read_int64_attr(file, "common_random_numbers").value_or(0));
  const Handle params =
      checked(H5Gopen2(file, "params", H5P_DEFAULT), H5Gclose, "H5Gopen2", path + ":/params");
  const std::string axes = h5::required_string_attr(file, "axes", path);
  for (std::size_t start = 0; !axes.empty() && start <= axes.size();) {
    const std::size_t end = std::min(axes.find('\n', start), axes.size());
    const std::string name = axes.substr(start, end - start);
    const Handle ds = checked(H5Dopen2(params.get(), name.c_str(), H5P_DEFAULT), H5Dclose,
                              "H5Dopen2", path + ":/params/" + name);
    h.axes.push_back({name, h5::read_string_attr(ds.get(), "kind").value_or("numeric"),
                      h5::read_string_attr(ds.get(), "description").value_or("")});
    start = end + 1;
  }
  const Handle district =
      checked(H5Gopen2(file, "district", H5P_DEFAULT), H5Gclose, "H5Gopen2", path + ":/district");
  h.years =
      h5::read_numbers<std::int32_t>(district.get(), "year", H5T_NATIVE_INT32, path + ":/district");
  h.district_series = h5::read_series_defs(district.get(), path + ":/district", "year");
  if (h5::has_link(file, "schools")) {
    const Handle schools =
        checked(H5Gopen2(file, "schools", H5P_DEFAULT), H5Gclose, "H5Gopen2", path + ":/schools");
    h.schools = h5::read_school_info(schools.get(), path + ":/schools");
    h.school_series = h5::read_series_defs(schools.get(), path + ":/schools", "info");
  }
  return h;
}

void read_params(hid_t file, const SweepHeader& h, std::vector<SweepRun>& runs,
                 const std::string& path) {
  const std::string where = path + ":/params";
  const Handle g = checked(H5Gopen2(file, "params", H5P_DEFAULT), H5Gclose, "H5Gopen2", where);
  const auto ints = [&](const char* name) {
    return h5::read_numbers<std::int64_t>(g.get(), name, H5T_NATIVE_INT64, where);
  };
  const auto run_index = ints("run_index");
  runs.resize(run_index.size());
  const auto fill = [&](const char* name, std::int64_t SweepRun::*field) {
    const auto values = ints(name);
    if (values.size() != runs.size())
      throw InputError(
          fmt::format("{}/{}: {} rows, expected {}", where, name, values.size(), runs.size()));
    for (std::size_t r = 0; r < runs.size(); ++r) runs[r].*field = values[r];
  };
  fill("run_index", &SweepRun::run_index);
  fill("point", &SweepRun::point);
  fill("replicate", &SweepRun::replicate);
  fill("seed", &SweepRun::seed);
  if (h.sobol_samples >= 0) {
    fill("sobol_block", &SweepRun::sobol_block);
    fill("sobol_sample", &SweepRun::sobol_sample);
  }
  if (h.morris_levels >= 0) {
    fill("morris_trajectory", &SweepRun::morris_trajectory);
    fill("morris_step", &SweepRun::morris_step);
    fill("morris_axis", &SweepRun::morris_axis);
    fill("morris_direction", &SweepRun::morris_direction);
  }
  for (std::size_t a = 0; a < h.axes.size(); ++a) {
    if (h.axes[a].kind == "choice") {
      const auto text = h5::read_strings(g.get(), h.axes[a].name, where);
      for (std::size_t r = 0; r < runs.size(); ++r) {
        runs[r].axis_text.push_back(text.at(r));
        runs[r].axis_number.push_back(std::nan(""));
      }
    } else {
      const auto values =
          h5::read_numbers<double>(g.get(), h.axes[a].name, H5T_NATIVE_DOUBLE, where);
      for (std::size_t r = 0; r < runs.size(); ++r) {
        runs[r].axis_number.push_back(values.at(r));
        runs[r].axis_text.push_back(fmt::format("{}", values.at(r)));
      }
    }
  }
}

/// Reads /<group>/<metric> [run, year, cols...] into each run's `field` laid out as
/// [year][metric][cols].
void read_series(hid_t file, const char* group, const std::vector<SeriesDef>& series,
                 std::size_t n_years, std::size_t cols, std::vector<SweepRun>& runs,
                 std::vector<double> SweepRun::*field, const std::string& path) {
  const std::string where = path + ":/" + group;
  const Handle g = checked(H5Gopen2(file, group, H5P_DEFAULT), H5Gclose, "H5Gopen2", where);
  const std::size_t n_metrics = series.size();
  for (SweepRun& r : runs) (r.*field).resize(n_years * n_metrics * cols);
  for (std::size_t m = 0; m < n_metrics; ++m) {
    const auto values = h5::read_numbers<double>(g.get(), series[m].name, H5T_NATIVE_DOUBLE, where);
    if (values.size() != runs.size() * n_years * cols)
      throw InputError(fmt::format("{}/{}: {} values, expected {}", where, series[m].name,
                                   values.size(), runs.size() * n_years * cols));
    for (std::size_t r = 0; r < runs.size(); ++r)
      for (std::size_t y = 0; y < n_years; ++y)
        std::copy_n(
            values.begin() + static_cast<std::ptrdiff_t>((r * n_years + y) * cols), cols,
            (runs[r].*field).begin() + static_cast<std::ptrdiff_t>((y * n_metrics + m) * cols));
  }
}

}  // namespace

SweepFileData read_sweep_file(const std::string& path) {
  const Handle file = open_sweep(path);
  SweepFileData data;
  try {
    data.header = read_header(file.get(), path);
    read_params(file.get(), data.header, data.runs, path);
    const std::size_t n_years = data.header.years.size();
    read_series(file.get(), "district", data.header.district_series, n_years, 1, data.runs,
                &SweepRun::district, path);
    if (!data.header.school_series.empty())
      read_series(file.get(), "schools", data.header.school_series, n_years,
                  data.header.schools.size(), data.runs, &SweepRun::schools, path);
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const InputError*>(&e)) throw;
    throw InputError(fmt::format("{}: not a readable sweep file: {}", path, e.what()));
  }
  return data;
}

std::pair<std::string, std::vector<std::int64_t>> read_sweep_runs(const std::string& path) {
  const Handle file = open_sweep(path);
  const Handle g =
      checked(H5Gopen2(file.get(), "params", H5P_DEFAULT), H5Gclose, "H5Gopen2", path + ":/params");
  return {
      h5::required_string_attr(file.get(), "sweep_digest", path),
      h5::read_numbers<std::int64_t>(g.get(), "run_index", H5T_NATIVE_INT64, path + ":/params")};
}

}  // namespace edusim

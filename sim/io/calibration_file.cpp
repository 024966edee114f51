#include "io/calibration_file.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <algorithm>

#include "core/error.hpp"
#include "io/h5_handle.hpp"
#include "io/h5_output_file.hpp"
#include "io/h5_provenance.hpp"

namespace edusim {
namespace {

using h5::checked;
using h5::Handle;

void write_doubles(hid_t group, const char* name, const std::vector<double>& values,
                   std::vector<hsize_t> dims, const char* description, const std::string& where) {
  const Handle ds =
      h5::write_dataset(group, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dims, values.data(), where);
  h5::write_string_attr(ds.get(), "description", description, where);
}

void write_doubles(hid_t group, const char* name, const std::vector<double>& values,
                   const char* description, const std::string& where) {
  write_doubles(group, name, values, {values.size()}, description, where);
}

void write_ints(hid_t group, const char* name, const std::vector<std::int64_t>& values,
                const char* description, const std::string& where) {
  const Handle ds = h5::write_dataset(group, name, H5T_STD_I64LE, H5T_NATIVE_INT64, {values.size()},
                                      values.data(), where);
  h5::write_string_attr(ds.get(), "description", description, where);
}

void write_strings(hid_t group, const char* name, const std::vector<std::string>& values,
                   const char* description, const std::string& where) {
  const Handle type = h5::vl_utf8_type(where);
  std::vector<const char*> text;
  for (const auto& v : values) text.push_back(v.c_str());
  const Handle ds =
      h5::write_dataset(group, name, type.get(), type.get(), {values.size()}, text.data(), where);
  h5::write_string_attr(ds.get(), "description", description, where);
}

void write_root(hid_t file, const CalibrationHeader& h, std::int64_t generations,
                const std::string& where) {
  h5::write_root_provenance(file, "calibration", h.build, h.command_line, where);
  h5::write_string_attr(file, "calibration_file", h.calibration_file, where);
  h5::write_string_attr(file, "calibration", h.calibration_text, where);
  h5::write_string_attr(file, "base_scenario", h.base_yaml, where);
  h5::write_string_attr(file, "calibration_digest", h.digest, where);
  h5::write_attr(file, "seed", H5T_NATIVE_UINT64, &h.seed, where);
  h5::write_attr(file, "particles", H5T_NATIVE_INT64, &h.particles, where);
  h5::write_attr(file, "replicates", H5T_NATIVE_INT64, &h.replicates, where);
  h5::write_attr(file, "batch", H5T_NATIVE_INT64, &h.batch, where);
  h5::write_string_attr(file, "distance", h.distance, where);
  h5::write_string_attr(file, "kernel", h.kernel, where);
  h5::write_attr(file, "tolerance_quantile", H5T_NATIVE_DOUBLE, &h.tolerance_quantile, where);
  h5::write_attr(file, "generations", H5T_NATIVE_INT64, &generations, where);
  h5::write_string_attr(file, "stop_reason", h.stop_reason, where);
  if (h.worker_threads > 0) h5::write_int32_attr(file, "worker_threads", h.worker_threads, where);
}

void write_parameters(hid_t file, const CalibrationHeader& h, const std::string& path) {
  const std::string where = path + ":/parameters";
  const Handle g = h5::create_group(file, "parameters", where);
  write_strings(g.get(), "name", h.parameter_names, "the dotted scenario key", where);
  write_strings(g.get(), "prior", h.priors, "the prior as written, with its support", where);
  write_strings(g.get(), "prior_kind", h.prior_kinds,
                "uniform, log_uniform, normal or truncated_normal", where);
  write_doubles(g.get(), "min", h.prior_min, "lower end of the prior's support", where);
  write_doubles(g.get(), "max", h.prior_max, "upper end of the prior's support", where);
  write_doubles(g.get(), "mean", h.prior_mean, "normal priors: the mean (else NaN)", where);
  write_doubles(g.get(), "sd", h.prior_sd, "normal priors: the standard deviation (else NaN)",
                where);
}

void write_targets(hid_t file, const CalibrationHeader& h, const std::string& path) {
  const std::string where = path + ":/targets";
  const Handle g = h5::create_group(file, "targets", where);
  write_strings(g.get(), "name", h.target_names, "the target's name", where);
  write_strings(g.get(), "statistic", h.target_statistics,
                "the statistic of the runs, e.g. 'mean of hires over years 1-5'", where);
  write_doubles(g.get(), "observed", h.observed, "the published value", where);
  write_doubles(g.get(), "sd", h.target_sd, "its scale in the distance", where);
  write_doubles(g.get(), "weight", h.target_weight, "its weight in the distance", where);
}

void write_generations(hid_t file, const CalibrationHeader& h,
                       const std::vector<CalibrationGeneration>& generations,
                       const std::string& path) {
  const std::size_t k = h.parameter_names.size(), t = h.target_names.size();
  const Handle all = h5::create_group(file, "generations", path + ":/generations");
  for (const CalibrationGeneration& gen : generations) {
    const std::string where = fmt::format("{}:/generations/{}", path, gen.generation);
    const Handle g = h5::create_group(all.get(), std::to_string(gen.generation), where);
    const std::size_t n = gen.distances.size();
    write_doubles(g.get(), "particles", gen.particles, {n, k},
                  "[particle, parameter] the accepted parameter values", where);
    write_doubles(g.get(), "weights", gen.weights, "importance weights (sum 1)", where);
    write_doubles(g.get(), "distances", gen.distances, "each particle's distance", where);
    write_doubles(g.get(), "statistics", gen.statistics, {n, t},
                  "[particle, target] the statistics (mean over the replicates)", where);
    h5::write_attr(g.get(), "tolerance", H5T_NATIVE_DOUBLE, &gen.tolerance, where);
  }
  const std::string where = path + ":/diagnostics";
  const Handle d = h5::create_group(file, "diagnostics", where);
  const auto column = [&](auto field) {
    std::vector<std::remove_cvref_t<decltype(generations[0].*field)>> out;
    for (const auto& gen : generations) out.push_back(gen.*field);
    return out;
  };
  write_ints(d.get(), "generation", column(&CalibrationGeneration::generation),
             "the generation (0: sampled from the prior)", where);
  write_doubles(d.get(), "tolerance", column(&CalibrationGeneration::tolerance),
                "accepted distances are <= this (infinite in generation 0)", where);
  write_doubles(d.get(), "acceptance_rate", column(&CalibrationGeneration::acceptance_rate),
                "particles / proposals up to the last accepted one", where);
  write_doubles(d.get(), "effective_sample_size",
                column(&CalibrationGeneration::effective_sample_size),
                "(sum w)^2 / sum w^2 of the weights", where);
  write_ints(d.get(), "proposals", column(&CalibrationGeneration::proposals),
             "proposals evaluated (whole batches)", where);
  write_ints(d.get(), "runs", column(&CalibrationGeneration::runs),
             "simulations run: proposals x replicates", where);
  write_doubles(d.get(), "wall_seconds", column(&CalibrationGeneration::wall_seconds),
                "wall-clock seconds of the generation (of the session that finished it)", where);
}

double double_attr(hid_t obj, const char* name, const std::string& path) {
  const Handle a =
      checked(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose, "H5Aopen", path + " attribute " + name);
  double value = 0;
  h5::check(H5Aread(a.get(), H5T_NATIVE_DOUBLE, &value), "H5Aread", path + " attribute " + name);
  return value;
}

CalibrationHeader read_header(hid_t file, const std::string& path) {
  CalibrationHeader h;
  h.calibration_file = h5::required_string_attr(file, "calibration_file", path);
  h.calibration_text = h5::required_string_attr(file, "calibration", path);
  h.base_yaml = h5::required_string_attr(file, "base_scenario", path);
  h.digest = h5::required_string_attr(file, "calibration_digest", path);
  h.command_line = h5::required_string_attr(file, "command_line", path);
  h.build = h5::read_build_info(file);
  h.seed = h5::read_uint64_attr(file, "seed").value_or(0);
  h.particles = h5::required_int64_attr(file, "particles", path);
  h.replicates = h5::required_int64_attr(file, "replicates", path);
  h.batch = h5::required_int64_attr(file, "batch", path);
  h.distance = h5::required_string_attr(file, "distance", path);
  h.kernel = h5::required_string_attr(file, "kernel", path);
  h.stop_reason = h5::required_string_attr(file, "stop_reason", path);
  h.tolerance_quantile = double_attr(file, "tolerance_quantile", path);
  h.worker_threads =
      static_cast<std::int32_t>(h5::read_int64_attr(file, "worker_threads").value_or(0));
  const std::string pw = path + ":/parameters";
  const Handle p = h5::open_group(file, "parameters", pw);
  const auto doubles = [](hid_t g, const char* name, const std::string& where) {
    return h5::read_numbers<double>(g, name, H5T_NATIVE_DOUBLE, where);
  };
  h.parameter_names = h5::read_strings(p.get(), "name", pw);
  h.priors = h5::read_strings(p.get(), "prior", pw);
  h.prior_kinds = h5::read_strings(p.get(), "prior_kind", pw);
  h.prior_min = doubles(p.get(), "min", pw);
  h.prior_max = doubles(p.get(), "max", pw);
  h.prior_mean = doubles(p.get(), "mean", pw);
  h.prior_sd = doubles(p.get(), "sd", pw);
  const std::string tw = path + ":/targets";
  const Handle t = h5::open_group(file, "targets", tw);
  h.target_names = h5::read_strings(t.get(), "name", tw);
  h.target_statistics = h5::read_strings(t.get(), "statistic", tw);
  h.observed = doubles(t.get(), "observed", tw);
  h.target_sd = doubles(t.get(), "sd", tw);
  h.target_weight = doubles(t.get(), "weight", tw);
  return h;
}

std::vector<CalibrationGeneration> read_generations(hid_t file, const std::string& path) {
  const std::string dw = path + ":/diagnostics";
  const Handle d = h5::open_group(file, "diagnostics", dw);
  const auto numbers = h5::read_numbers<std::int64_t>(d.get(), "generation", H5T_NATIVE_INT64, dw);
  const auto column = [&](const char* name) {
    return h5::read_numbers<double>(d.get(), name, H5T_NATIVE_DOUBLE, dw);
  };
  const auto ints = [&](const char* name) {
    return h5::read_numbers<std::int64_t>(d.get(), name, H5T_NATIVE_INT64, dw);
  };
  const auto acceptance = column("acceptance_rate"), ess = column("effective_sample_size"),
             wall = column("wall_seconds");
  const auto proposals = ints("proposals"), runs = ints("runs");
  const Handle all = h5::open_group(file, "generations", path + ":/generations");
  std::vector<CalibrationGeneration> out;
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    CalibrationGeneration gen;
    gen.generation = numbers[i];
    const std::string where = fmt::format("{}:/generations/{}", path, gen.generation);
    const Handle g = h5::open_group(all.get(), std::to_string(gen.generation), where);
    gen.tolerance = double_attr(g.get(), "tolerance", where);
    gen.particles = h5::read_numbers<double>(g.get(), "particles", H5T_NATIVE_DOUBLE, where);
    gen.weights = h5::read_numbers<double>(g.get(), "weights", H5T_NATIVE_DOUBLE, where);
    gen.distances = h5::read_numbers<double>(g.get(), "distances", H5T_NATIVE_DOUBLE, where);
    gen.statistics = h5::read_numbers<double>(g.get(), "statistics", H5T_NATIVE_DOUBLE, where);
    gen.acceptance_rate = acceptance.at(i);
    gen.effective_sample_size = ess.at(i);
    gen.wall_seconds = wall.at(i);
    gen.proposals = proposals.at(i);
    gen.runs = runs.at(i);
    out.push_back(std::move(gen));
  }
  return out;
}

/// Runs `read`, turning HDF5 failures into InputError naming the file.
template <class F>
auto reading(const std::string& path, const char* what, F&& read) {
  try {
    return read();
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const InputError*>(&e)) throw;
    throw InputError(fmt::format("{}: not a readable {} file: {}", path, what, e.what()));
  }
}

}  // namespace

void write_calibration_file(const std::string& path, const CalibrationHeader& header,
                            const std::vector<CalibrationGeneration>& generations, bool overwrite) {
  h5::write_file_atomically(path, overwrite, [&](hid_t file, const std::string& where) {
    write_root(file, header, static_cast<std::int64_t>(generations.size()), where);
    write_parameters(file, header, where);
    write_targets(file, header, where);
    write_generations(file, header, generations, where);
  });
}

CalibrationFileData read_calibration_file(const std::string& path) {
  const Handle file = h5::open_output_file(path, {"calibration"}).file;
  return reading(path, "calibration", [&] {
    CalibrationFileData data;
    data.header = read_header(file.get(), path);
    data.generations = read_generations(file.get(), path);
    return data;
  });
}

void write_proposal_chunk(const std::string& path, const std::string& digest,
                          std::size_t parameters, std::size_t targets, const ProposalChunk& chunk) {
  h5::write_file_atomically(path, false, [&](hid_t file, const std::string& where) {
    h5::write_root_provenance(file, "calibration_proposals", this_build(), "", where);
    h5::write_string_attr(file, "calibration_digest", digest, where);
    h5::write_attr(file, "generation", H5T_NATIVE_INT64, &chunk.generation, where);
    const std::size_t n = chunk.index.size();
    write_ints(file, "index", chunk.index, "proposal indices", where);
    write_doubles(file, "theta", chunk.theta, {n, parameters}, "[proposal, parameter]", where);
    write_doubles(file, "statistics", chunk.statistics, {n, targets}, "[proposal, target]", where);
    write_doubles(file, "distance", chunk.distance, "[proposal]", where);
  });
}

std::pair<std::string, ProposalChunk> read_proposal_chunk(const std::string& path,
                                                          std::size_t parameters,
                                                          std::size_t targets) {
  const Handle file = h5::open_output_file(path, {"calibration_proposals"}).file;
  return reading(path, "proposal chunk", [&] {
    ProposalChunk chunk;
    const std::string digest = h5::required_string_attr(file.get(), "calibration_digest", path);
    chunk.generation = h5::required_int64_attr(file.get(), "generation", path);
    chunk.index = h5::read_numbers<std::int64_t>(file.get(), "index", H5T_NATIVE_INT64, path);
    chunk.theta = h5::read_numbers<double>(file.get(), "theta", H5T_NATIVE_DOUBLE, path);
    chunk.statistics = h5::read_numbers<double>(file.get(), "statistics", H5T_NATIVE_DOUBLE, path);
    chunk.distance = h5::read_numbers<double>(file.get(), "distance", H5T_NATIVE_DOUBLE, path);
    const std::size_t n = chunk.index.size();
    if (chunk.theta.size() != n * parameters || chunk.statistics.size() != n * targets ||
        chunk.distance.size() != n)
      throw InputError(
          fmt::format("{}: the proposal chunk's datasets do not match ({} proposals, "
                      "{} parameters, {} targets)",
                      path, n, parameters, targets));
    return std::pair{digest, std::move(chunk)};
  });
}

}  // namespace edusim

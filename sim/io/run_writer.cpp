#include "io/run_writer.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <limits>
#include <set>
#include <stdexcept>
#include <system_error>
#include <type_traits>
#include <utility>

#include "core/error.hpp"
#include "core/types.hpp"
#include "io/h5_handle.hpp"
#include "io/h5_provenance.hpp"
#include "io/h5_school_info.hpp"

namespace edusim {
namespace {

namespace fs = std::filesystem;
using H5Handle = h5::Handle;

// Chunk shapes: /district/<name> is [64 years]; /schools/<name> is
// [16 years, up to 4096 schools]. Both compress with shuffle + gzip 4.
constexpr hsize_t kDistrictChunkYears = 64;
constexpr hsize_t kSchoolChunkYears = 16;
constexpr hsize_t kSchoolChunkCols = 4096;
constexpr hsize_t kEventChunk = 4096;  ///< events per chunk of /events/<table>/<column>

using h5::check;
using h5::checked;
using h5::vl_utf8_type;
using h5::write_attr;
using h5::write_int32_attr;
using h5::write_string_attr;

std::string errno_text(int err) {
  return std::error_code(err, std::generic_category()).message();
}

/// Throws InputError unless a new file can be written at `path` (see RunWriter's contract).
void check_output_path(const std::string& path, bool overwrite) {
  if (path.empty()) throw InputError("output path is empty");
  const fs::path p(path);
  std::error_code ec;
  if (fs::exists(fs::symlink_status(p, ec))) {
    if (fs::is_directory(fs::status(p, ec)))
      throw InputError(path + ": output path is a directory");
    if (!overwrite) throw InputError(path + ": output file exists; use --force to overwrite");
  }
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  const fs::file_status st = fs::status(dir, ec);
  if (!fs::exists(st)) {
    throw InputError(fmt::format("{}: output directory {} does not exist", path, dir.string()));
  }
  if (!fs::is_directory(st)) {
    throw InputError(fmt::format("{}: {} is not a directory", path, dir.string()));
  }
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    throw InputError(
        fmt::format("{}: cannot write to directory {}: {}", path, dir.string(), errno_text(errno)));
  }
}

/// Names become HDF5 link names and must be unique within their group.
void check_series_names(const std::vector<SeriesDef>& series, const char* reserved,
                        const char* group) {
  std::set<std::string> seen{reserved};
  for (const SeriesDef& s : series) {
    if (s.name.empty() || s.name == "." || s.name.find('/') != std::string::npos) {
      throw std::invalid_argument(fmt::format("invalid {} series name '{}'", group, s.name));
    }
    if (!seen.insert(s.name).second) {
      throw std::invalid_argument(
          fmt::format("duplicate or reserved {} series name '{}'", group, s.name));
    }
  }
}

void write_provenance(hid_t file, const RunProvenance& prov, const std::string& where) {
  h5::write_root_provenance(file, "run", this_build(), prov.command_line, where);
  write_attr(file, "seed", H5T_NATIVE_UINT64, &prov.seed, where);
  write_attr(file, "world_seed", H5T_NATIVE_UINT64, &prov.world_seed, where);
  write_attr(file, "run_index", H5T_NATIVE_INT64, &prov.run_index, where);
  write_string_attr(file, "scenario_file", prov.scenario_file, where);
  write_string_attr(file, "scenario", prov.scenario_yaml, where);
  write_int32_attr(file, "threads", static_cast<std::int32_t>(prov.threads), where);
  write_string_attr(file, "warnings", prov.warnings, where);
}

/// A one-dimensional attribute of UTF-8 strings (the column labels of a series group).
void write_string_list_attr(hid_t obj, const char* name, const std::vector<std::string>& values,
                            const std::string& where) {
  const std::string at = fmt::format("{} attribute {}", where, name);
  const H5Handle type = vl_utf8_type(at);
  std::vector<const char*> texts;
  for (const std::string& v : values) texts.push_back(v.c_str());
  const hsize_t n = texts.size();
  H5Handle space = checked(H5Screate_simple(1, &n, nullptr), H5Sclose, "H5Screate_simple", at);
  H5Handle attr = checked(H5Acreate2(obj, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                          H5Aclose, "H5Acreate2", at);
  check(H5Awrite(attr.get(), type.get(), texts.data()), "H5Awrite", at);
}

/// Shape of an extendible series dataset: rank 1 [year] or rank 2 [year, cols].
struct SeriesShape {
  int rank;
  hsize_t cols;  ///< used only when rank == 2
};

/// Chunked, shuffled, gzipped; never-written elements read as `fill`.
H5Handle series_dcpl(const SeriesShape& shape, hid_t type, const void* fill,
                     const std::string& where) {
  H5Handle dcpl = checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "H5Pcreate", where);
  const std::array<hsize_t, 2> chunk =
      shape.rank == 1
          ? std::array<hsize_t, 2>{kDistrictChunkYears, 1}
          : std::array<hsize_t, 2>{kSchoolChunkYears,
                                   std::clamp<hsize_t>(shape.cols, 1, kSchoolChunkCols)};
  check(H5Pset_chunk(dcpl.get(), shape.rank, chunk.data()), "H5Pset_chunk", where);
  check(H5Pset_shuffle(dcpl.get()), "H5Pset_shuffle", where);  // before deflate in the pipeline
  check(H5Pset_deflate(dcpl.get(), h5::kGzipLevel), "H5Pset_deflate", where);
  check(H5Pset_fill_value(dcpl.get(), type, fill), "H5Pset_fill_value", where);
  check(H5Pset_obj_track_times(dcpl.get(), false), "H5Pset_obj_track_times", where);
  return dcpl;
}

/// Chunk cache big enough for one row of chunks: rows are written a year at a time, so
/// each chunk is touched 16 times; a smaller cache would evict, recompress and reread
/// it on every year. Costs about 128 bytes per school per school series.
H5Handle series_dapl(const SeriesShape& shape, const std::string& where) {
  H5Handle dapl = checked(H5Pcreate(H5P_DATASET_ACCESS), H5Pclose, "H5Pcreate", where);
  if (shape.rank == 2 && shape.cols > kSchoolChunkCols) {
    const hsize_t per_row = (shape.cols + kSchoolChunkCols - 1) / kSchoolChunkCols;
    const hsize_t bytes = per_row * kSchoolChunkYears * kSchoolChunkCols * sizeof(double);
    // Chunks of one row hash to distinct slots when there are > 2 * per_row slots.
    const hsize_t slots = std::max<hsize_t>(521, 4 * per_row + 1);
    check(H5Pset_chunk_cache(dapl.get(), slots, bytes, H5D_CHUNK_CACHE_W0_DEFAULT),
          "H5Pset_chunk_cache", where);
  }
  return dapl;
}

H5Handle create_series(hid_t group, const std::string& name, const SeriesShape& shape, hid_t type,
                       const void* fill, const std::string& where) {
  // With 0 schools the column dimension is unlimited too: a chunk of 1 column must
  // not exceed a fixed maximum of 0.
  const hsize_t max_cols = shape.cols == 0 ? H5S_UNLIMITED : shape.cols;
  const std::array<hsize_t, 2> dims{0, shape.cols};
  const std::array<hsize_t, 2> max_dims{H5S_UNLIMITED, max_cols};
  H5Handle space = checked(H5Screate_simple(shape.rank, dims.data(), max_dims.data()), H5Sclose,
                           "H5Screate_simple", where);
  const H5Handle dcpl = series_dcpl(shape, type, fill, where);
  const H5Handle dapl = series_dapl(shape, where);
  return checked(
      H5Dcreate2(group, name.c_str(), type, space.get(), H5P_DEFAULT, dcpl.get(), dapl.get()),
      H5Dclose, "H5Dcreate2", where);
}

void describe(hid_t ds, const SeriesDef& def, const char* dimensions, const std::string& where) {
  write_string_attr(ds, "units", def.units, where);
  write_string_attr(ds, "description", def.description, where);
  write_string_attr(ds, "dimensions", dimensions, where);
}

/// Grows `ds` to `row + 1` rows and writes row `row` from `data` (`cols` values for
/// rank 2, one value for rank 1).
void append_row(hid_t ds, const SeriesShape& shape, hsize_t row, hid_t mem_type, const void* data,
                const std::string& where) {
  const std::array<hsize_t, 2> dims{row + 1, shape.cols};
  check(H5Dset_extent(ds, dims.data()), "H5Dset_extent", where);
  const hsize_t n = shape.rank == 1 ? 1 : shape.cols;
  if (n == 0) return;  // a row of 0 schools: nothing to write
  H5Handle file_space = checked(H5Dget_space(ds), H5Sclose, "H5Dget_space", where);
  const std::array<hsize_t, 2> start{row, 0};
  const std::array<hsize_t, 2> count{1, n};
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                            nullptr),
        "H5Sselect_hyperslab", where);
  H5Handle mem_space =
      checked(H5Screate_simple(1, &n, nullptr), H5Sclose, "H5Screate_simple", where);
  check(H5Dwrite(ds, mem_type, mem_space.get(), file_space.get(), H5P_DEFAULT, data), "H5Dwrite",
        where);
}

/// Forces the file's data to disk so the rename never publishes a half-written file
/// after a power failure.
constexpr std::int32_t kNoYear = 0;

}  // namespace

struct RunWriter::Impl {
  std::string final_path;
  std::string tmp_path;
  bool overwrite = false;
  std::size_t n_schools = 0;
  std::vector<SeriesDef> district_series;
  std::vector<SeriesDef> school_series;

  // Declared before the datasets so that it is destroyed after them.
  H5Handle file;
  H5Handle year_ds;
  std::vector<H5Handle> district_ds;
  std::vector<H5Handle> school_ds;
  struct Group {
    SeriesGroup def;
    std::vector<H5Handle> datasets;
    hsize_t rows = 0;
  };
  std::vector<Group> groups;
  struct Events {
    EventTableDef def;
    std::vector<H5Handle> datasets;
    hsize_t rows = 0;
  };
  std::vector<Events> events;

  hsize_t n_years = 0;
  bool created = false;   ///< the temporary file exists and is ours to remove
  bool finished = false;  ///< renamed to final_path: nothing left to clean up
  bool failed = false;    ///< an append failed midway: datasets may disagree in length

  std::string where(const std::string& object) const { return tmp_path + ":" + object; }

  /// Opens group `full_path`, creating it and its parents one level at a time
  /// ("balance", then "balance/cv").
  H5Handle open_path(const std::string& full_path) {
    std::string path;
    H5Handle parent;
    for (std::size_t start = 0; start <= full_path.size();) {
      const std::size_t slash = std::min(full_path.find('/', start), full_path.size());
      if (!path.empty()) path.push_back('/');
      path.append(full_path, start, slash - start);
      parent = h5::has_link(file.get(), path.c_str())
                   ? checked(H5Gopen2(file.get(), path.c_str(), H5P_DEFAULT), H5Gclose, "H5Gopen2",
                             where(path))
                   : h5::create_group(file.get(), path, where(path));
      start = slash + 1;
    }
    return parent;
  }

  void close_all() noexcept {
    close_all_but_file();
    file.reset();
  }

  void close_all_but_file() noexcept {
    for (Group& g : groups)
      for (H5Handle& h : g.datasets) h.reset();
    for (Events& e : events)
      for (H5Handle& h : e.datasets) h.reset();
    for (H5Handle& h : school_ds) h.reset();
    for (H5Handle& h : district_ds) h.reset();
    year_ds.reset();
  }

  /// Flushes, closes, syncs and renames the temporary file to `path`.
  void close_and_rename(const std::string& path) {
    check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "H5Fflush", tmp_path);
    close_all_but_file();
    if (!file.reset()) h5::throw_error("H5Fclose", tmp_path);
    h5::fsync_file(tmp_path);
    // Re-checked: the file may have appeared during the run; never clobber it silently.
    std::error_code ec;
    if (!overwrite && fs::exists(fs::symlink_status(path, ec)))
      throw InputError(path + ": output file exists; use --force to overwrite");
    if (std::rename(tmp_path.c_str(), path.c_str()) != 0)
      throw std::runtime_error(
          fmt::format("cannot rename {} to {}: {}", tmp_path, path, errno_text(errno)));
    finished = true;
  }

  ~Impl() {
    if (finished || !created) return;
    close_all();
    std::remove(tmp_path.c_str());  // best effort: a destructor must not throw
  }

  void create_district(hid_t group) {
    const SeriesShape shape{1, 0};
    year_ds = create_series(group, "year", shape, H5T_NATIVE_INT32, &kNoYear, where("/district"));
    describe(year_ds.get(), {"year", "calendar year", "calendar year of each row"}, "year",
             where("/district/year"));
    for (const SeriesDef& def : district_series) {
      const std::string at = where("/district/" + def.name);
      district_ds.push_back(create_series(group, def.name, shape, H5T_NATIVE_DOUBLE, &kNaN, at));
      describe(district_ds.back().get(), def, "year", at);
    }
  }

  void create_schools(hid_t group, const std::vector<SchoolInfoRow>& rows) {
    h5::write_school_info(group, rows, where("/schools/info"));
    const SeriesShape shape{2, n_schools};
    for (const SeriesDef& def : school_series) {
      const std::string at = where("/schools/" + def.name);
      school_ds.push_back(create_series(group, def.name, shape, H5T_NATIVE_DOUBLE, &kNaN, at));
      describe(school_ds.back().get(), def, "year, school", at);
    }
  }

  void append(std::int32_t year, std::span<const double> district,
              std::span<const double> schools) {
    append_row(year_ds.get(), {1, 0}, n_years, H5T_NATIVE_INT32, &year, where("/district/year"));
    for (std::size_t i = 0; i < district_ds.size(); ++i) {
      append_row(district_ds[i].get(), {1, 0}, n_years, H5T_NATIVE_DOUBLE, &district[i],
                 where("/district/" + district_series[i].name));
    }
    for (std::size_t i = 0; i < school_ds.size(); ++i) {
      append_row(school_ds[i].get(), {2, n_schools}, n_years, H5T_NATIVE_DOUBLE,
                 schools.data() + i * n_schools, where("/schools/" + school_series[i].name));
    }
    ++n_years;
  }
};

RunWriter::RunWriter(std::string final_path, const RunProvenance& provenance,
                     const std::vector<SchoolInfoRow>& schools,
                     std::vector<SeriesDef> district_series, std::vector<SeriesDef> school_series,
                     bool overwrite)
    : impl_(std::make_unique<Impl>()) {
  // Everything is checked before the file is created. If anything below throws,
  // impl_ (already constructed) is destroyed and removes the temporary file.
  check_series_names(district_series, "year", "district");
  check_series_names(school_series, "info", "school");
  check_output_path(final_path, overwrite);

  Impl& w = *impl_;
  w.final_path = std::move(final_path);
  w.tmp_path = fmt::format("{}.tmp-{}", w.final_path, ::getpid());
  w.overwrite = overwrite;
  w.n_schools = schools.size();
  w.district_series = std::move(district_series);
  w.school_series = std::move(school_series);

  // Failures become exceptions carrying HDF5's message, not stderr noise.
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  w.file = h5::create_file(w.tmp_path);
  w.created = true;
  write_provenance(w.file.get(), provenance, w.where("/"));
  const H5Handle district = h5::create_group(w.file.get(), "district", w.where("/district"));
  w.create_district(district.get());
  const H5Handle school_group = h5::create_group(w.file.get(), "schools", w.where("/schools"));
  w.create_schools(school_group.get(), schools);
}

RunWriter::~RunWriter() = default;

std::size_t RunWriter::add_group(SeriesGroup group) {
  Impl& w = *impl_;
  if (w.finished || w.n_years > 0)
    throw std::logic_error("RunWriter::add_group after the first append_year");
  check_series_names(group.series, "", group.path.c_str());
  const H5Handle parent = w.open_path(group.path);
  const SeriesShape shape{group.columns == 0 ? 1 : 2, group.columns};
  Impl::Group g{std::move(group), {}, 0};
  const std::string dimensions = g.def.columns == 0 ? "year" : "year, " + g.def.column_name;
  for (const SeriesDef& def : g.def.series) {
    const std::string at = w.where("/" + g.def.path + "/" + def.name);
    g.datasets.push_back(
        create_series(parent.get(), def.name, shape, H5T_NATIVE_DOUBLE, &kNaN, at));
    const hid_t ds = g.datasets.back().get();
    describe(ds, def, dimensions.c_str(), at);
    for (const auto& attribute : g.def.text_attributes)
      write_string_attr(ds, attribute.first.c_str(), attribute.second, at);
    for (const auto& attribute : g.def.number_attributes)
      write_attr(ds, attribute.first.c_str(), H5T_NATIVE_DOUBLE, &attribute.second, at);
    if (!g.def.labels.empty()) write_string_list_attr(ds, "labels", g.def.labels, at);
  }
  w.groups.push_back(std::move(g));
  return w.groups.size() - 1;
}

void RunWriter::append_group(std::size_t index, std::span<const double> values) {
  Impl& w = *impl_;
  Impl::Group& g = w.groups.at(index);
  if (g.rows + 1 != w.n_years)
    throw std::logic_error(
        fmt::format("RunWriter::append_group: /{} gets row {} but {} years are "
                    "appended",
                    g.def.path, g.rows, w.n_years));
  const std::size_t width = std::max<std::size_t>(1, g.def.columns);
  if (values.size() != g.def.series.size() * width)
    throw std::invalid_argument(fmt::format("append_group: {} values for {} series x {} columns",
                                            values.size(), g.def.series.size(), width));
  const SeriesShape shape{g.def.columns == 0 ? 1 : 2, g.def.columns};
  w.failed = true;
  for (std::size_t i = 0; i < g.datasets.size(); ++i)
    append_row(g.datasets[i].get(), shape, g.rows, H5T_NATIVE_DOUBLE, values.data() + i * width,
               w.where("/" + g.def.path + "/" + g.def.series[i].name));
  ++g.rows;
  w.failed = false;
}

std::size_t RunWriter::add_events(EventTableDef table) {
  Impl& w = *impl_;
  if (w.finished || w.n_years > 0)
    throw std::logic_error("RunWriter::add_events after the first append_year");
  check_series_names(table.columns, "", table.path.c_str());
  const H5Handle parent = w.open_path(table.path);
  for (const auto& [name, value] : table.attributes)
    write_string_attr(parent.get(), name.c_str(), value, w.where("/" + table.path));
  Impl::Events e{std::move(table), {}, 0};
  for (const SeriesDef& def : e.def.columns) {
    const std::string at = w.where("/" + e.def.path + "/" + def.name);
    const hsize_t dims = 0, max_dims = H5S_UNLIMITED, chunk = kEventChunk;
    const std::int64_t fill = -1;
    H5Handle space =
        checked(H5Screate_simple(1, &dims, &max_dims), H5Sclose, "H5Screate_simple", at);
    H5Handle dcpl = checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "H5Pcreate", at);
    check(H5Pset_chunk(dcpl.get(), 1, &chunk), "H5Pset_chunk", at);
    check(H5Pset_shuffle(dcpl.get()), "H5Pset_shuffle", at);
    check(H5Pset_deflate(dcpl.get(), h5::kGzipLevel), "H5Pset_deflate", at);
    check(H5Pset_fill_value(dcpl.get(), H5T_NATIVE_INT64, &fill), "H5Pset_fill_value", at);
    check(H5Pset_obj_track_times(dcpl.get(), false), "H5Pset_obj_track_times", at);
    e.datasets.push_back(checked(H5Dcreate2(parent.get(), def.name.c_str(), H5T_STD_I64LE,
                                            space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                                 H5Dclose, "H5Dcreate2", at));
    describe(e.datasets.back().get(), def, "event", at);
  }
  w.events.push_back(std::move(e));
  return w.events.size() - 1;
}

void RunWriter::append_events(std::size_t t, std::span<const std::int64_t> values,
                              std::size_t rows) {
  Impl& w = *impl_;
  if (w.finished) throw std::logic_error("RunWriter::append_events after finish()");
  Impl::Events& e = w.events.at(t);
  if (values.size() != e.def.columns.size() * rows)
    throw std::invalid_argument(fmt::format("append_events: {} values for {} columns x {} rows",
                                            values.size(), e.def.columns.size(), rows));
  if (rows == 0) return;
  w.failed = true;
  const hsize_t n = rows, start = e.rows, total = e.rows + n;
  for (std::size_t c = 0; c < e.datasets.size(); ++c) {
    const std::string at = w.where("/" + e.def.path + "/" + e.def.columns[c].name);
    const hid_t ds = e.datasets[c].get();
    check(H5Dset_extent(ds, &total), "H5Dset_extent", at);
    H5Handle file_space = checked(H5Dget_space(ds), H5Sclose, "H5Dget_space", at);
    check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &start, nullptr, &n, nullptr),
          "H5Sselect_hyperslab", at);
    H5Handle mem_space =
        checked(H5Screate_simple(1, &n, nullptr), H5Sclose, "H5Screate_simple", at);
    check(H5Dwrite(ds, H5T_NATIVE_INT64, mem_space.get(), file_space.get(), H5P_DEFAULT,
                   values.data() + c * rows),
          "H5Dwrite", at);
  }
  e.rows = total;
  w.failed = false;
}

void RunWriter::append_year(std::int32_t calendar_year, std::span<const double> district_values,
                            std::span<const double> school_values) {
  Impl& w = *impl_;
  if (w.finished) throw std::logic_error("RunWriter::append_year after finish()");
  if (w.failed) throw std::runtime_error(w.tmp_path + ": an earlier append_year failed");
  if (district_values.size() != w.district_series.size()) {
    throw std::invalid_argument(fmt::format("append_year: {} district values for {} series",
                                            district_values.size(), w.district_series.size()));
  }
  if (school_values.size() != w.school_series.size() * w.n_schools) {
    throw std::invalid_argument(
        fmt::format("append_year: {} school values for {} series x {} schools",
                    school_values.size(), w.school_series.size(), w.n_schools));
  }
  w.failed = true;  // until the whole year is written
  w.append(calendar_year, district_values, school_values);
  w.failed = false;
}

void RunWriter::finish() {
  Impl& w = *impl_;
  if (w.finished) throw std::logic_error("RunWriter::finish called twice");
  if (w.failed) throw std::runtime_error(w.tmp_path + ": an earlier append_year failed");
  for (const Impl::Group& g : w.groups)
    if (g.rows != w.n_years)
      throw std::logic_error(
          fmt::format("RunWriter::finish: /{} has {} of {} rows", g.def.path, g.rows, w.n_years));
  // `complete` is written last: a file with it set has every other object.
  write_int32_attr(w.file.get(), "complete", 1, w.where("/"));
  w.close_and_rename(w.final_path);
}

void RunWriter::finish_partial(const std::string& partial_path) {
  Impl& w = *impl_;
  if (w.finished) throw std::logic_error("RunWriter::finish_partial after finish()");
  const auto years = static_cast<std::int32_t>(w.n_years);
  write_int32_attr(w.file.get(), "years_written", years, w.where("/"));
  write_int32_attr(w.file.get(), "complete", 0, w.where("/"));
  w.overwrite = true;  // a partial file of an earlier interruption is replaced
  w.close_and_rename(partial_path);
}

const std::string& RunWriter::temporary_path() const {
  return impl_->tmp_path;
}

static_assert(std::is_same_v<hid_t, std::int64_t>, "RunWriter::native_file returns an hid_t");

std::int64_t RunWriter::native_file() const {
  const Impl& w = *impl_;
  if (w.finished) throw std::logic_error("RunWriter::native_file after finish()");
  if (w.failed) throw std::runtime_error(w.tmp_path + ": an earlier append_year failed");
  return w.file.get();
}

}  // namespace edusim

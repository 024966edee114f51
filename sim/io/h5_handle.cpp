#include "io/h5_handle.hpp"

#include <fmt/format.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <ctime>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <system_error>

#include "core/error.hpp"

namespace edusim::h5 {

std::string error_text() {
  std::string text;
  const auto walk = [](unsigned, const H5E_error2_t* err, void* data) -> herr_t {
    try {
      if (err->desc && *err->desc) *static_cast<std::string*>(data) = err->desc;
    } catch (...) {
      return -1;  // never let an exception cross the C library
    }
    return 0;
  };
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, walk, &text);
  H5Eclear2(H5E_DEFAULT);
  return text.empty() ? "no detail from HDF5" : text;
}

void throw_error(const char* call, const std::string& where) {
  throw std::runtime_error(fmt::format("HDF5 {} failed for {}: {}", call, where, error_text()));
}

void check(herr_t status, const char* call, const std::string& where) {
  if (status < 0) throw_error(call, where);
}

Handle checked(hid_t id, Handle::Closer close, const char* call, const std::string& where) {
  if (id < 0) throw_error(call, where);
  return Handle(id, close);
}

Handle open_for_reading(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (!fs::exists(st)) throw InputError(path + ": not an HDF5 file (no such file)");
  if (fs::is_directory(st)) throw InputError(path + ": not an HDF5 file (it is a directory)");
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  if (is_hdf5 < 0) throw InputError(fmt::format("{}: cannot read: {}", path, error_text()));
  if (is_hdf5 == 0) throw InputError(path + ": not an HDF5 file");
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!file.valid()) {
    throw InputError(fmt::format("{}: cannot open HDF5 file: {}", path, error_text()));
  }
  return file;
}

void set_group_props(hid_t plist, const std::string& where) {
  check(H5Pset_link_creation_order(plist, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "H5Pset_link_creation_order", where);
  check(H5Pset_obj_track_times(plist, false), "H5Pset_obj_track_times", where);
}

Handle create_group(hid_t parent, const std::string& name, const std::string& where) {
  Handle gcpl = checked(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "H5Pcreate", where);
  set_group_props(gcpl.get(), where);
  return checked(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), H5Gclose,
                 "H5Gcreate2", where);
}

Handle open_group(hid_t parent, const std::string& name, const std::string& where) {
  return checked(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose, "H5Gopen2", where);
}

bool has_link(hid_t parent, const char* name) {
  const htri_t exists = H5Lexists(parent, name, H5P_DEFAULT);
  H5Eclear2(H5E_DEFAULT);
  return exists > 0;
}

#if H5_VERSION_GE(1, 12, 0)
using LinkInfo = H5L_info2_t;
#define EDUSIM_H5LITERATE H5Literate2
#else
using LinkInfo = H5L_info_t;
#define EDUSIM_H5LITERATE H5Literate
#endif

std::vector<Link> list_links(hid_t group, H5_index_t index) {
  std::vector<Link> links;
  const auto collect = [](hid_t, const char* name, const LinkInfo* info, void* data) -> herr_t {
    try {
      static_cast<std::vector<Link>*>(data)->push_back({name, info->type == H5L_TYPE_HARD});
    } catch (...) {
      return -1;  // never let an exception cross the C library
    }
    return 0;
  };
  EDUSIM_H5LITERATE(group, index, H5_ITER_INC, nullptr, collect, &links);
  H5Eclear2(H5E_DEFAULT);
  return links;
}

#undef EDUSIM_H5LITERATE

std::string number_type_name(hid_t type) {
  const std::size_t bits = 8 * H5Tget_size(type);
  switch (H5Tget_class(type)) {
    case H5T_INTEGER:
      return fmt::format("{}int{}", H5Tget_sign(type) == H5T_SGN_NONE ? "u" : "", bits);
    case H5T_FLOAT:
      return fmt::format("float{}", bits);
    default:
      return "";
  }
}

std::string type_name(hid_t type) {
  switch (H5Tget_class(type)) {
    case H5T_INTEGER:
    case H5T_FLOAT:
      return number_type_name(type);
    case H5T_STRING:
      return H5Tis_variable_str(type) > 0 ? "string" : fmt::format("string[{}]", H5Tget_size(type));
    case H5T_COMPOUND: {
      std::string out = "compound{";
      const int n = H5Tget_nmembers(type);
      for (int i = 0; i < n; ++i) {
        const std::unique_ptr<char, herr_t (*)(void*)> name(
            H5Tget_member_name(type, static_cast<unsigned>(i)), H5free_memory);
        const Handle member(H5Tget_member_type(type, static_cast<unsigned>(i)), H5Tclose);
        out += fmt::format("{}{}: {}", i ? ", " : "", name ? name.get() : "?",
                           member.valid() ? type_name(member.get()) : "?");
      }
      return out + "}";
    }
    default:
      return "other";
  }
}

Handle vl_utf8_type(const std::string& where) {
  Handle type = checked(H5Tcopy(H5T_C_S1), H5Tclose, "H5Tcopy", where);
  check(H5Tset_size(type.get(), H5T_VARIABLE), "H5Tset_size", where);
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), "H5Tset_cset", where);
  return type;
}

void write_attr(hid_t obj, const char* name, hid_t type, const void* value,
                const std::string& where) {
  const std::string at = fmt::format("{} attribute {}", where, name);
  Handle space = checked(H5Screate(H5S_SCALAR), H5Sclose, "H5Screate", at);
  Handle attr = checked(H5Acreate2(obj, name, type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                        H5Aclose, "H5Acreate2", at);
  check(H5Awrite(attr.get(), type, value), "H5Awrite", at);
}

void write_string_attr(hid_t obj, const char* name, const std::string& value,
                       const std::string& where) {
  const Handle type = vl_utf8_type(where);
  const char* text = value.c_str();
  write_attr(obj, name, type.get(), &text, where);
}

void write_int32_attr(hid_t obj, const char* name, std::int32_t value, const std::string& where) {
  write_attr(obj, name, H5T_NATIVE_INT32, &value, where);
}

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::array<char, 32> buf{};
  std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf.data();
}

Handle create_file(const std::string& tmp_path) {
  Handle fcpl = checked(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "H5Pcreate", tmp_path);
  set_group_props(fcpl.get(), tmp_path);
  // The default (weak) close degree: H5Fclose closes the file only once every object in
  // it is closed, so finish() and ~Impl close the datasets first. (A stronger degree
  // would stop h5_inspect from opening the temporary file in the same process.)
  Handle fapl = checked(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "H5Pcreate", tmp_path);
#if H5_VERSION_GE(1, 10, 7)
  // Lock where the file system supports it; do not fail on those (NFS, Lustre) that don't.
  check(H5Pset_file_locking(fapl.get(), true, true), "H5Pset_file_locking", tmp_path);
#endif
  const hid_t file = H5Fcreate(tmp_path.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get());
  // Almost always the user's environment (permissions, full disk, read-only mount).
  if (file < 0) throw InputError(fmt::format("{}: cannot create file: {}", tmp_path, error_text()));
  return Handle(file, H5Fclose);
}

void fsync_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const int err = errno;
    if (fd >= 0) ::close(fd);
    throw std::runtime_error(fmt::format("{}: fsync failed: {}", path,
                                         std::error_code(err, std::generic_category()).message()));
  }
  ::close(fd);
}

// --- reading ------------------------------------------------------------------------

namespace {

/// Frees memory that HDF5 allocated for variable-length strings.
struct Freed {
  void operator()(char* p) const { H5free_memory(p); }
};

/// A memory type for reading strings of `file_type`: variable-length when the file's are.
Handle string_mem_type(hid_t file_type) {
  Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
  if (!mem.valid()) return mem;
  if (H5Tis_variable_str(file_type) > 0) {
    H5Tset_size(mem.get(), H5T_VARIABLE);
  } else {
    H5Tset_size(mem.get(), H5Tget_size(file_type));
  }
  H5Tset_cset(mem.get(), H5Tget_cset(file_type));
  return mem;
}

Handle open_attr(hid_t obj, const char* name) {
  if (H5Aexists(obj, name) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return Handle();
  }
  return Handle(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose);
}

template <class T>
std::optional<T> read_integer_attr(hid_t obj, const char* name, hid_t mem_type) {
  const Handle attr = open_attr(obj, name);
  if (!attr.valid()) return std::nullopt;
  const Handle type(H5Aget_type(attr.get()), H5Tclose);
  const Handle space(H5Aget_space(attr.get()), H5Sclose);
  T value{};
  if (!type.valid() || !space.valid() || H5Tget_class(type.get()) != H5T_INTEGER ||
      H5Sget_simple_extent_npoints(space.get()) != 1 || H5Aread(attr.get(), mem_type, &value) < 0) {
    H5Eclear2(H5E_DEFAULT);
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<std::string> read_string_attr(hid_t obj, const char* name) {
  const Handle attr = open_attr(obj, name);
  if (!attr.valid()) return std::nullopt;
  const Handle type(H5Aget_type(attr.get()), H5Tclose);
  if (!type.valid() || H5Tget_class(type.get()) != H5T_STRING) return std::nullopt;
  const Handle mem = string_mem_type(type.get());
  if (H5Tis_variable_str(type.get()) > 0) {
    char* raw = nullptr;
    if (H5Aread(attr.get(), mem.get(), &raw) < 0) return std::nullopt;
    const std::unique_ptr<char, Freed> owned(raw);
    return raw ? std::string(raw) : std::string();
  }
  std::string buf(H5Tget_size(type.get()), '\0');
  if (H5Aread(attr.get(), mem.get(), buf.data()) < 0) return std::nullopt;
  buf.resize(std::min(buf.size(), buf.find('\0')));  // fixed-length: drop the padding
  return buf;
}

std::optional<std::int64_t> read_int64_attr(hid_t obj, const char* name) {
  return read_integer_attr<std::int64_t>(obj, name, H5T_NATIVE_INT64);
}

std::optional<std::uint64_t> read_uint64_attr(hid_t obj, const char* name) {
  return read_integer_attr<std::uint64_t>(obj, name, H5T_NATIVE_UINT64);
}

std::vector<hsize_t> dataset_dims(hid_t ds, const std::string& where) {
  const Handle space = checked(H5Dget_space(ds), H5Sclose, "H5Dget_space", where);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) throw_error("H5Sget_simple_extent_ndims", where);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0)
    check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), "H5Sget_simple_extent_dims",
          where);
  return dims;
}

template <class T>
std::vector<T> read_numbers(hid_t parent, const std::string& name, hid_t mem_type,
                            const std::string& where) {
  const std::string at = where + "/" + name;
  const Handle ds = checked(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, "H5Dopen2", at);
  std::size_t n = 1;
  for (const hsize_t d : dataset_dims(ds.get(), at)) n *= d;
  std::vector<T> out(n);
  if (n > 0)
    check(H5Dread(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "H5Dread", at);
  return out;
}

template std::vector<double> read_numbers(hid_t, const std::string&, hid_t, const std::string&);
template std::vector<std::int64_t> read_numbers(hid_t, const std::string&, hid_t,
                                                const std::string&);
template std::vector<std::int32_t> read_numbers(hid_t, const std::string&, hid_t,
                                                const std::string&);

std::vector<std::string> read_strings(hid_t parent, const std::string& name,
                                      const std::string& where) {
  const std::string at = where + "/" + name;
  const Handle ds = checked(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, "H5Dopen2", at);
  const Handle type = checked(H5Dget_type(ds.get()), H5Tclose, "H5Dget_type", at);
  if (H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) <= 0)
    throw std::runtime_error(at + ": expected variable-length strings");
  const Handle mem = string_mem_type(type.get());
  const auto dims = dataset_dims(ds.get(), at);
  std::vector<char*> raw(dims.empty() ? 1 : dims[0], nullptr);
  if (!raw.empty())
    check(H5Dread(ds.get(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), "H5Dread", at);
  std::vector<std::string> out;
  for (char* p : raw) {
    const std::unique_ptr<char, Freed> owned(p);
    out.emplace_back(p ? p : "");
  }
  return out;
}

Handle write_dataset(hid_t parent, const std::string& name, hid_t file_type, hid_t mem_type,
                     const std::vector<hsize_t>& dims, const void* data, const std::string& where,
                     hsize_t chunk_rows) {
  const std::string at = where + "/" + name;
  const Handle space =
      checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose,
              "H5Screate_simple", at);
  const Handle dcpl = checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "H5Pcreate", at);
  check(H5Pset_obj_track_times(dcpl.get(), false), "H5Pset_obj_track_times", at);
  const bool empty = std::find(dims.begin(), dims.end(), hsize_t{0}) != dims.end();
  const H5T_class_t type_class = H5Tget_class(file_type);
  if (!empty && type_class != H5T_STRING && type_class != H5T_COMPOUND) {
    std::vector<hsize_t> chunk = dims;
    chunk[0] = std::min(dims[0], chunk_rows);
    check(H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()), "H5Pset_chunk",
          at);
    check(H5Pset_shuffle(dcpl.get()), "H5Pset_shuffle", at);
    check(H5Pset_deflate(dcpl.get(), kGzipLevel), "H5Pset_deflate", at);
  }
  Handle ds = checked(H5Dcreate2(parent, name.c_str(), file_type, space.get(), H5P_DEFAULT,
                                 dcpl.get(), H5P_DEFAULT),
                      H5Dclose, "H5Dcreate2", at);
  if (!empty)
    check(H5Dwrite(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "H5Dwrite", at);
  return ds;
}

void write_file_atomically(
    const std::string& path, bool overwrite,
    const std::function<void(hid_t file, const std::string& where)>& contents) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto refuse_existing = [&] {
    if (!overwrite && fs::exists(path, ec))
      throw InputError(fmt::format("{}: output file exists; use --force to overwrite", path));
  };
  refuse_existing();
  const std::string tmp = fmt::format("{}.tmp-{}", path, ::getpid());
  try {
    {
      Handle file = create_file(tmp);
      contents(file.get(), tmp);
      write_int32_attr(file.get(), "complete", 1, tmp);  // last: the file is whole
      if (!file.reset()) throw_error("H5Fclose", tmp);
    }
    fsync_file(tmp);
    refuse_existing();  // appeared meanwhile: never clobber it
    fs::rename(tmp, path);
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
}

std::string required_string_attr(hid_t obj, const char* name, const std::string& path) {
  const auto v = read_string_attr(obj, name);
  if (!v) throw InputError(fmt::format("{}: attribute {} is missing", path, name));
  return *v;
}

std::int64_t required_int64_attr(hid_t obj, const char* name, const std::string& path) {
  const auto v = read_int64_attr(obj, name);
  if (!v) throw InputError(fmt::format("{}: attribute {} is missing", path, name));
  return *v;
}

}  // namespace edusim::h5

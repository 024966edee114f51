#include "io/h5_handle.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <filesystem>
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

}  // namespace edusim::h5

#include "io/h5_inspect.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <hdf5.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "io/h5_handle.hpp"

namespace edusim {
namespace {

using H5Handle = h5::Handle;

/// Frees memory that HDF5 allocated (variable-length strings, member names).
struct H5Free {
  void operator()(char* p) const { H5free_memory(p); }
};
using H5String = std::unique_ptr<char, H5Free>;

constexpr const char* kUnreadable = "(unreadable)";

std::string read_string(hid_t attr, hid_t file_type) {
  if (H5Tis_variable_str(file_type) > 0) {
    H5Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
    if (!mem.valid() || H5Tset_size(mem.get(), H5T_VARIABLE) < 0) return kUnreadable;
    H5Tset_cset(mem.get(), H5Tget_cset(file_type));
    char* raw = nullptr;
    if (H5Aread(attr, mem.get(), &raw) < 0) return kUnreadable;
    const H5String owned(raw);
    return raw ? std::string(raw) : std::string();
  }
  std::string buf(H5Tget_size(file_type), '\0');
  if (H5Aread(attr, file_type, buf.data()) < 0) return kUnreadable;
  buf.resize(std::min(buf.size(), buf.find('\0')));  // fixed-length: drop the padding
  return buf;
}

/// Any scalar integer, float or string attribute, as text.
std::string read_attr_value(hid_t attr) {
  H5Handle type(H5Aget_type(attr), H5Tclose);
  H5Handle space(H5Aget_space(attr), H5Sclose);
  if (!type.valid() || !space.valid()) return kUnreadable;
  const hssize_t n = H5Sget_simple_extent_npoints(space.get());
  if (n != 1) return fmt::format("({} values)", n);
  switch (H5Tget_class(type.get())) {
    case H5T_INTEGER:
      if (H5Tget_sign(type.get()) == H5T_SGN_NONE) {
        std::uint64_t v = 0;
        return H5Aread(attr, H5T_NATIVE_UINT64, &v) < 0 ? kUnreadable : std::to_string(v);
      } else {
        std::int64_t v = 0;
        return H5Aread(attr, H5T_NATIVE_INT64, &v) < 0 ? kUnreadable : std::to_string(v);
      }
    case H5T_FLOAT: {
      double v = 0;
      return H5Aread(attr, H5T_NATIVE_DOUBLE, &v) < 0 ? kUnreadable : fmt::format("{}", v);
    }
    case H5T_STRING:
      return read_string(attr, type.get());
    default:
      return "(unsupported type)";
  }
}

/// The attribute as text; nullopt if it does not exist.
std::optional<std::string> attr_text(hid_t obj, const char* name) {
  if (H5Aexists(obj, name) <= 0) return std::nullopt;
  H5Handle attr(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose);
  std::string text = attr.valid() ? read_attr_value(attr.get()) : kUnreadable;
  H5Eclear2(H5E_DEFAULT);
  return text;
}

std::string shape_text(hid_t space) {
  switch (H5Sget_simple_extent_type(space)) {
    case H5S_SCALAR:
      return "scalar";
    case H5S_SIMPLE: {
      std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space)));
      H5Sget_simple_extent_dims(space, dims.data(), nullptr);
      return fmt::format("[{}]", fmt::join(dims, ", "));
    }
    default:
      return "empty";
  }
}

/// `/schools/x  float64 [4, 3]  SD  description`
std::string dataset_line(hid_t ds, const std::string& path) {
  H5Handle type(H5Dget_type(ds), H5Tclose);
  H5Handle space(H5Dget_space(ds), H5Sclose);
  std::string line = fmt::format("{}  {} {}", path, type.valid() ? h5::type_name(type.get()) : "?",
                                 space.valid() ? shape_text(space.get()) : "?");
  for (const char* name : {"units", "description"}) {
    const std::optional<std::string> text = attr_text(ds, name);
    if (text && !text->empty()) line += "  " + *text;
  }
  return line + "\n";
}

/// Links of `group`, in creation order where the group indexes it (edusim's files do),
/// else by name.
std::vector<h5::Link> list_links(hid_t group) {
  H5_index_t index = H5_INDEX_NAME;
  H5Handle gcpl(H5Gget_create_plist(group), H5Pclose);
  unsigned flags = 0;
  if (gcpl.valid() && H5Pget_link_creation_order(gcpl.get(), &flags) >= 0 &&
      (flags & H5P_CRT_ORDER_INDEXED)) {
    index = H5_INDEX_CRT_ORDER;
  }
  return h5::list_links(group, index);
}

/// Identifies an object within the file, to avoid looping on hard-link cycles.
std::string object_key(hid_t obj) {
#if H5_VERSION_GE(1, 12, 0)
  H5O_info2_t info{};
  H5Oget_info3(obj, &info, H5O_INFO_BASIC);
  return std::string(reinterpret_cast<const char*>(&info.token), sizeof info.token);
#else
  H5O_info_t info{};
  H5Oget_info2(obj, &info, H5O_INFO_BASIC);
  return std::to_string(info.addr);
#endif
}

void walk(hid_t group, const std::string& prefix, std::string& out,
          std::set<std::string>& visited) {
  for (const h5::Link& link : list_links(group)) {
    const std::string path = prefix + "/" + link.name;
    if (!link.hard) {
      out += path + "  link (not followed)\n";
      continue;
    }
    H5Handle obj(H5Oopen(group, link.name.c_str(), H5P_DEFAULT), H5Oclose);
    if (!obj.valid()) {
      out += fmt::format("{}  {}: {}\n", path, kUnreadable, h5::error_text());
      continue;
    }
    switch (H5Iget_type(obj.get())) {
      case H5I_GROUP:
        out += path + "  group\n";
        if (visited.insert(object_key(obj.get())).second) walk(obj.get(), path, out, visited);
        break;
      case H5I_DATASET:
        out += dataset_line(obj.get(), path);
        break;
      default:
        out += path + "  named datatype\n";
    }
  }
}

std::size_t count_lines(const std::string& text) {
  const auto newlines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  return newlines + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

/// "years: 11 (2024-2034)" from /district/year, or "" if there is no such dataset.
std::string years_line(hid_t file) {
  if (!h5::has_link(file, "district") || !h5::has_link(file, "district/year")) return "";
  H5Handle ds(H5Dopen2(file, "district/year", H5P_DEFAULT), H5Dclose);
  H5Handle space(ds.valid() ? H5Dget_space(ds.get()) : -1, H5Sclose);
  const hssize_t n = space.valid() ? H5Sget_simple_extent_npoints(space.get()) : -1;
  if (n < 0) return std::string("years: ") + kUnreadable + "\n";
  if (n == 0) return "years: 0\n";
  std::vector<std::int64_t> years(static_cast<std::size_t>(n));
  if (H5Dread(ds.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, years.data()) < 0) {
    return std::string("years: ") + kUnreadable + "\n";
  }
  return fmt::format("years: {} ({}-{})\n", n, years.front(), years.back());
}

/// A 1-D float64 dataset, or empty when absent or unreadable.
std::vector<double> read_series(hid_t file, const char* path) {
  if (!h5::has_link(file, "balance") || !h5::has_link(file, "balance/verdict") ||
      !h5::has_link(file, path))
    return {};
  H5Handle ds(H5Dopen2(file, path, H5P_DEFAULT), H5Dclose);
  H5Handle space(ds.valid() ? H5Dget_space(ds.get()) : -1, H5Sclose);
  const hssize_t n = space.valid() ? H5Sget_simple_extent_npoints(space.get()) : -1;
  std::vector<double> values(static_cast<std::size_t>(std::max<hssize_t>(n, 0)));
  if (n <= 0 ||
      H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
    return {};
  return values;
}

/// The national-standard verdicts of every year, from /balance/verdict.
std::string verdict_lines(hid_t file) {
  const auto quality = read_series(file, "balance/verdict/quality");
  const auto basic = read_series(file, "balance/verdict/basic");
  if (quality.empty() || quality.size() != basic.size()) return "";
  auto word = [](double v) { return v == 1 ? "pass" : v == 0 ? "fail" : "n/a"; };
  std::vector<std::int64_t> years(quality.size(), -1);
  if (h5::has_link(file, "district/year")) {
    H5Handle ds(H5Dopen2(file, "district/year", H5P_DEFAULT), H5Dclose);
    H5Handle space(ds.valid() ? H5Dget_space(ds.get()) : -1, H5Sclose);
    if (space.valid() &&
        H5Sget_simple_extent_npoints(space.get()) == static_cast<hssize_t>(years.size()))
      H5Dread(ds.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, years.data());
  }
  std::string out = "balance verdicts (quality-balanced / basic-balanced):";
  for (std::size_t y = 0; y < quality.size(); ++y)
    out += fmt::format(" {}:{}/{}", years[y], word(quality[y]), word(basic[y]));
  return out + " (details: /balance/cv, /balance/schools)\n";
}

/// The first of `names` that `file` has as an attribute: (name, text).
std::optional<std::pair<std::string, std::string>> first_attr(
    hid_t file, std::initializer_list<const char*> names) {
  for (const char* name : names)
    if (auto text = attr_text(file, name)) return std::pair{std::string(name), std::move(*text)};
  return std::nullopt;
}

/// "LABEL: ..." from the first of `names` the file has ("(missing)" if none), naming the
/// attribute when it is not LABEL; a YAML document (`document`) shows its size only.
std::string attr_line(hid_t file, const char* label, std::initializer_list<const char*> names,
                      bool document) {
  const auto found = first_attr(file, names);
  if (!found) return fmt::format("{}: (missing)\n", label);
  const auto& [name, text] = *found;
  if (document)
    return fmt::format("{}: {} lines of YAML (root attribute '{}')\n", label, count_lines(text),
                       name);
  return fmt::format("{}: {}{}\n", label, text, name == label ? "" : " (" + name + ")");
}

std::string provenance_header(hid_t file) {
  std::string out;
  for (const char* name :
       {"schema_version", "file_kind", "engine_version", "git_revision", "git_clean"})
    out += attr_line(file, name, {name}, false);
  // Run files hold the seed and the resolved scenario as `seed` and `scenario`; sweep and
  // national files as `master_seed` and `base_scenario`.
  out += attr_line(file, "seed", {"seed", "master_seed"}, false);
  // Attributes that some kinds of file have only.
  for (const char* name :
       {"run_index", "scenario_file", "sweep_file", "sweep_overrides", "national_file", "threads"})
    if (H5Aexists(file, name) > 0) out += attr_line(file, name, {name}, false);
  for (const char* name : {"created_utc", "command_line"})
    out += attr_line(file, name, {name}, false);
  out += attr_line(file, "scenario", {"scenario", "base_scenario"}, true);
  for (const char* name : {"sweep", "national"})
    if (H5Aexists(file, name) > 0) out += attr_line(file, name, {name}, true);
  // Keys set without effect (io/switched_off.hpp), one per line; older files lack it.
  if (std::optional<std::string> warnings = attr_text(file, "warnings")) {
    for (auto at = warnings->find('\n'); at != std::string::npos; at = warnings->find('\n', at + 1))
      warnings->insert(at + 1, "  ");
    out += warnings->empty() ? "warnings: none\n" : "warnings:\n  " + *warnings + "\n";
  }
  out += attr_text(file, "complete") == "1"
             ? "complete: yes\n"
             : "complete: NO (the run did not finish; do not use this file)\n";
  return out;
}

}  // namespace

std::string describe_h5_file(const std::string& path) {
  const H5Handle file = h5::open_for_reading(path);
  std::string out = fmt::format("file: {}\n", path);
  out += provenance_header(file.get());
  out += years_line(file.get());
  out += verdict_lines(file.get());
  out += "contents:\n";
  H5Handle root(H5Gopen2(file.get(), "/", H5P_DEFAULT), H5Gclose);
  if (!root.valid()) {
    throw std::runtime_error(
        fmt::format("HDF5 H5Gopen2 failed for {}:/: {}", path, h5::error_text()));
  }
  std::set<std::string> visited{object_key(root.get())};
  walk(root.get(), "", out, visited);
  return out;
}

bool h5_file_complete(const std::string& path) noexcept {
  try {
    const H5Handle file = h5::open_for_reading(path);
    return attr_text(file.get(), "complete") == "1";
  } catch (...) {
    return false;
  }
}

}  // namespace edusim

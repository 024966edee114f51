#include "io/h5_school_info.hpp"

#include "io/h5_handle.hpp"

namespace edusim::h5 {
namespace {

/// In-memory record of /schools/info; the strings point into the SchoolInfoRow vector.
struct InfoRecord {
  std::int32_t index;
  const char* name;
  const char* level;
  const char* zone;
  std::int32_t group;
  std::int32_t alliance;
  const char* group_role;
  const char* group_type;
};

/// The record type; without group_role and group_type for files written before edusim 0.2.0
/// (`group_fields` false), whose rows then read with those two fields empty.
Handle info_type(const std::string& where, bool group_fields = true) {
  const Handle str = vl_utf8_type(where);
  Handle type = checked(H5Tcreate(H5T_COMPOUND, sizeof(InfoRecord)), H5Tclose, "H5Tcreate", where);
  const auto field = [&](const char* name, std::size_t offset, hid_t field_type) {
    check(H5Tinsert(type.get(), name, offset, field_type), "H5Tinsert", where);
  };
  field("index", HOFFSET(InfoRecord, index), H5T_NATIVE_INT32);
  field("name", HOFFSET(InfoRecord, name), str.get());
  field("level", HOFFSET(InfoRecord, level), str.get());
  field("zone", HOFFSET(InfoRecord, zone), str.get());
  field("group", HOFFSET(InfoRecord, group), H5T_NATIVE_INT32);
  field("alliance", HOFFSET(InfoRecord, alliance), H5T_NATIVE_INT32);
  if (group_fields) {
    field("group_role", HOFFSET(InfoRecord, group_role), str.get());
    field("group_type", HOFFSET(InfoRecord, group_type), str.get());
  }
  return type;
}

}  // namespace

void write_school_info(hid_t group, const std::vector<SchoolInfoRow>& rows,
                       const std::string& where) {
  std::vector<InfoRecord> records;
  records.reserve(rows.size());
  for (const SchoolInfoRow& r : rows) {
    records.push_back({r.index, r.name.c_str(), r.level.c_str(), r.zone.c_str(), r.group,
                       r.alliance, r.group_role.c_str(), r.group_type.c_str()});
  }
  const Handle mem_type = info_type(where);
  // The file type is the memory type without padding.
  Handle file_type = checked(H5Tcopy(mem_type.get()), H5Tclose, "H5Tcopy", where);
  check(H5Tpack(file_type.get()), "H5Tpack", where);
  const hsize_t n = records.size();
  Handle space = checked(H5Screate_simple(1, &n, nullptr), H5Sclose, "H5Screate_simple", where);
  Handle ds = checked(H5Dcreate2(group, "info", file_type.get(), space.get(), H5P_DEFAULT,
                                 H5P_DEFAULT, H5P_DEFAULT),
                      H5Dclose, "H5Dcreate2", where);
  if (n > 0) {
    check(H5Dwrite(ds.get(), mem_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, records.data()),
          "H5Dwrite", where);
  }
  write_string_attr(ds.get(), "description",
                    "one row per school: row s describes column s of /schools/<metric>", where);
  write_string_attr(ds.get(), "fields",
                    "index; name; level: primary|middle; zone: urban|town|rural; "
                    "group, alliance: id, -1 for none; group_role: lead|member|none; "
                    "group_type: tight_integration|collaborative_support|"
                    "regional_cooperation|strong_strong|none",
                    where);
  write_string_attr(ds.get(), "dimensions", "school", where);
}

std::vector<SchoolInfoRow> read_school_info(hid_t group, const std::string& where) {
  const std::string at = where + "/info";
  const Handle ds = checked(H5Dopen2(group, "info", H5P_DEFAULT), H5Dclose, "H5Dopen2", at);
  const auto dims = dataset_dims(ds.get(), at);
  std::vector<InfoRecord> records(dims.empty() ? 0 : dims[0]);
  const Handle file_type = checked(H5Dget_type(ds.get()), H5Tclose, "H5Dget_type", at);
  const Handle mem_type = info_type(at, H5Tget_member_index(file_type.get(), "group_role") >= 0);
  if (!records.empty())
    check(H5Dread(ds.get(), mem_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, records.data()),
          "H5Dread", at);
  std::vector<SchoolInfoRow> rows;
  for (const InfoRecord& r : records) {
    const auto text = [](const char* s) { return std::string(s ? s : ""); };
    rows.push_back({r.index, text(r.name), text(r.level), text(r.zone), r.group, r.alliance,
                    text(r.group_role), text(r.group_type)});
  }
  if (!records.empty()) {
    const Handle space = checked(H5Dget_space(ds.get()), H5Sclose, "H5Dget_space", at);
#if H5_VERSION_GE(1, 12, 0)
    H5Treclaim(mem_type.get(), space.get(), H5P_DEFAULT, records.data());
#else
    H5Dvlen_reclaim(mem_type.get(), space.get(), H5P_DEFAULT, records.data());
#endif
  }
  return rows;
}

}  // namespace edusim::h5

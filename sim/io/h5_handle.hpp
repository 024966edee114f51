#pragma once
// RAII ownership of HDF5 identifiers, HDF5's error text and the small helpers that the
// run writer, the snapshots and the inspector share (checked calls, opening a file for
// reading, groups, attributes, links). Only .cpp files of io/ include it (it exposes
// hdf5.h).
#include <hdf5.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace edusim::h5 {

/// Deflate level of every compressed dataset edusim writes (4: most of level 9's
/// size for a fraction of its time on these tables).
inline constexpr unsigned kGzipLevel = 4;

/// Owns one HDF5 identifier and closes it with the matching H5?close.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer close) noexcept : id_(id), close_(close) {}
  Handle(Handle&& other) noexcept
      : id_(std::exchange(other.id_, H5I_INVALID_HID)), close_(other.close_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      close_ = other.close_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  /// Closes now; false if HDF5 reported an error (finish() must know, the destructor need not).
  bool reset() noexcept {
    const bool ok = id_ < 0 || close_(id_) >= 0;
    id_ = H5I_INVALID_HID;
    return ok;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer close_ = nullptr;
};

/// The most specific message on HDF5's error stack (the innermost frame usually
/// names the errno, e.g. "No space left on device"); clears the stack.
std::string error_text();

// --- checked calls: failures become std::runtime_error carrying HDF5's message -------

/// Throws std::runtime_error("HDF5 CALL failed for WHERE: <error_text()>").
[[noreturn]] void throw_error(const char* call, const std::string& where);

/// throw_error(call, where) if `status` is negative.
void check(herr_t status, const char* call, const std::string& where);

/// Takes ownership of `id`; throw_error(call, where) if it is invalid.
Handle checked(hid_t id, Handle::Closer close, const char* call, const std::string& where);

// --- files, groups and links ----------------------------------------------------------

/// Opens an existing HDF5 file read-only (HDF5's own error printing turned off). Throws
/// InputError "PATH: not an HDF5 file (no such file)", "... (it is a directory)",
/// "PATH: not an HDF5 file", "PATH: cannot read: ..." or "PATH: cannot open HDF5 file: ...".
Handle open_for_reading(const std::string& path);

/// Link creation order tracked and indexed (so that readers list objects in the order
/// they were made) and no timestamps (so that identical runs give identical objects):
/// for the property list of a file or group creation.
void set_group_props(hid_t plist, const std::string& where);

/// A new group `name` in `parent`, with set_group_props.
Handle create_group(hid_t parent, const std::string& name, const std::string& where);

/// Opens the existing group `name` of `parent`; throw_error naming `where` if it cannot.
Handle open_group(hid_t parent, const std::string& name, const std::string& where);

/// True iff `parent` has a link `name` (a missing link is not an error).
bool has_link(hid_t parent, const char* name);

struct Link {
  std::string name;
  bool hard;  ///< a hard link (else soft or external)
};

/// The links of `group` in the order of `index` (HDF5 errors cleared, not reported).
std::vector<Link> list_links(hid_t group, H5_index_t index);

// --- types --------------------------------------------------------------------------

/// "int16", "uint8", "float32", ... for an integer or floating-point type; "" for another
/// class.
std::string number_type_name(hid_t type);

/// "int16", "float64", "string" (variable length), "string[8]" (fixed length),
/// "compound{name: type, ...}" or "other", for listings and messages.
std::string type_name(hid_t type);

// --- attributes -----------------------------------------------------------------------

/// Variable-length UTF-8 strings (h5py reads them as `str`).
Handle vl_utf8_type(const std::string& where);

/// Writes a scalar attribute; `value` points to one element of memory type `type`.
void write_attr(hid_t obj, const char* name, hid_t type, const void* value,
                const std::string& where);

/// A scalar variable-length UTF-8 string attribute.
void write_string_attr(hid_t obj, const char* name, const std::string& value,
                       const std::string& where);

/// A scalar 32-bit integer attribute.
void write_int32_attr(hid_t obj, const char* name, std::int32_t value, const std::string& where);

/// Writes a dataset of `dims` from `data` (in mem_type) as file_type, without
/// timestamps so identical inputs give identical files. Numeric data is chunked
/// (at most chunk_rows rows a chunk), shuffled and gzipped; strings and compound
/// rows are stored plainly. An empty dataset is created without a write.
Handle write_dataset(hid_t parent, const std::string& name, hid_t file_type, hid_t mem_type,
                     const std::vector<hsize_t>& dims, const void* data, const std::string& where,
                     hsize_t chunk_rows = 1024);

// --- files ------------------------------------------------------------------------------

/// Creates (truncating) an HDF5 file with set_group_props, locking where the file system
/// supports it; InputError "PATH: cannot create file: ..." on failure.
Handle create_file(const std::string& path);

/// Writes a whole file atomically: creates `path`.tmp-<pid>, lets `contents(file, where)`
/// fill it, writes the root attribute complete = 1 last, closes, fsyncs and renames it to
/// `path`; on any failure the temporary file is removed and the exception goes on.
/// InputError if `path` exists (before or after writing) and !overwrite.
void write_file_atomically(
    const std::string& path, bool overwrite,
    const std::function<void(hid_t file, const std::string& where)>& contents);

/// The current time as ISO 8601 UTC ("2024-05-01T08:00:00Z"), for created_utc.
std::string utc_now_iso8601();

/// Flushes a closed file's data to the disk (before renaming it to its final name, so that
/// a crash cannot expose a file whose contents were lost); std::runtime_error on failure.
void fsync_file(const std::string& path);

// --- reading ------------------------------------------------------------------------

/// A scalar string attribute (variable or fixed length); nullopt if missing or unreadable.
std::optional<std::string> read_string_attr(hid_t obj, const char* name);

/// A scalar integer attribute as int64 (or uint64); nullopt if missing, not an integer or
/// unreadable.
std::optional<std::int64_t> read_int64_attr(hid_t obj, const char* name);

/// read_string_attr / read_int64_attr of an attribute a file of this kind must have:
/// InputError "PATH: attribute NAME is missing" without it.
std::string required_string_attr(hid_t obj, const char* name, const std::string& path);
std::int64_t required_int64_attr(hid_t obj, const char* name, const std::string& path);
std::optional<std::uint64_t> read_uint64_attr(hid_t obj, const char* name);

/// The dimensions of a dataset.
std::vector<hsize_t> dataset_dims(hid_t ds, const std::string& where);

/// Reads a whole numeric dataset converted to `mem_type` (H5T_NATIVE_DOUBLE, ...).
template <class T>
std::vector<T> read_numbers(hid_t parent, const std::string& name, hid_t mem_type,
                            const std::string& where);

/// Reads a whole one-dimensional dataset of strings.
std::vector<std::string> read_strings(hid_t parent, const std::string& name,
                                      const std::string& where);

}  // namespace edusim::h5

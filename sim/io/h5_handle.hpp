#pragma once
// RAII ownership of HDF5 identifiers and HDF5's error text, shared by the
// writer and the inspector. Only .cpp files of io/ include it (it exposes hdf5.h).
#include <hdf5.h>

#include <string>
#include <utility>

namespace edusim::h5 {

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

}  // namespace edusim::h5

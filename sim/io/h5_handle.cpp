#include "io/h5_handle.hpp"

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

}  // namespace edusim::h5

// libFuzzer target: arbitrary bytes as a sweep file (`edusim sweep` reads it with
// load_sweep before anything runs): the sweep's own keys, the axes against the scenario
// schema, and the base scenario parsed with every axis at its extremes. An InputError is
// the expected answer to bad input; anything else is a bug (see fuzz_scenario.cpp).
//
// A `base:` path is resolved against the sweep file's directory, an empty private one, so
// relative paths find nothing; the seed corpus uses inline base_scenario documents.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "fuzz_input.hpp"
#include "sweep/sweep_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string dir = [] {
    const std::string d = edusim::fuzz::input_path("sweep.d");
    std::filesystem::create_directories(d);
    return d;
  }();
  static const std::string path = dir + "/sweep.yaml";
  edusim::fuzz::write_input(path, data, size);
  try {
    (void)edusim::load_sweep(path);
  } catch (const edusim::InputError&) {
    // Refused with a message: what bad input must get.
  }
  return 0;
}

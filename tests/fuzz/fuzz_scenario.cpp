// libFuzzer target: arbitrary bytes as a scenario file, through the same loading and
// checking as `edusim validate` (read the file, UTF-8, YAML, every key against the schema,
// the cross-key rules and the memory estimate). An InputError is the expected answer to bad
// input; anything else (a crash, a sanitizer report, any other exception, a hang, running
// out of memory) is a bug. docs/reliability.md says how to run it.
//
// The snapshot restart (district.from_snapshot) is not followed: it would open arbitrary
// paths named by the input; parse_scenario checks everything up to that point.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "fuzz_input.hpp"
#include "io/scenario_io.hpp"
#include "io/yaml_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = edusim::fuzz::input_path("scenario.yaml");
  edusim::fuzz::write_input(path, data, size);
  try {
    const YAML::Node root = edusim::schema::load_yaml_file(path);
    (void)edusim::parse_scenario(root, path);
  } catch (const edusim::InputError&) {
    // Refused with a message: what bad input must get.
  }
  return 0;
}

#pragma once
// Shared by the libFuzzer targets: the input bytes become a file, because the loaders under
// test take a path (and the file checks, UTF-8 and emptiness among them, are part of what is
// fuzzed). One file per process, on tmpfs where there is one, rewritten for every input.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace edusim::fuzz {

/// The file an input is written to: $EDUSIM_FUZZ_DIR, /dev/shm or the temp directory, with
/// the process id in its name so that parallel fuzzing jobs (-jobs=N) do not collide.
/// libFuzzer ends with _Exit, so nothing removes it: tools/ci-sanitizers.sh points
/// EDUSIM_FUZZ_DIR into its build directory.
inline std::string input_path(const char* name) {
  namespace fs = std::filesystem;
  const char* env = std::getenv("EDUSIM_FUZZ_DIR");
  fs::path dir = env && *env                    ? fs::path(env)
                 : fs::is_directory("/dev/shm") ? fs::path("/dev/shm")
                                                : fs::temp_directory_path();
  return (dir / ("edusim-fuzz-" + std::to_string(getpid()) + "-" + name)).string();
}

/// Writes `size` bytes to `path`, replacing what was there; aborts if it cannot (that is
/// a broken fuzzing setup, not a finding).
inline void write_input(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr || (size > 0 && std::fwrite(data, 1, size, f) != size) || std::fclose(f) != 0) {
    std::perror(path.c_str());
    std::abort();
  }
}

}  // namespace edusim::fuzz

#pragma once
// Running the `edusim` binary as a separate process, for the tests of the command line
// (tests/app) and the scenario tests that use it: shell quoting, temporary directories,
// stdout and stderr capture, and the small file helpers they share.
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

extern char** environ;

namespace edusim::testing::cli {

namespace fs = std::filesystem;

inline const fs::path kBinary = EDUSIM_BINARY;
inline const fs::path kSourceDir = EDUSIM_SOURCE_DIR;

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

/// The lines of `text`, without their '\n'.
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// The `# expect: ` text of a catalog file's first line ("" if it has none).
inline std::string expectation(const std::string& text) {
  const std::string tag = "# expect: ";
  if (!text.starts_with(tag)) return "";
  std::string line = text.substr(tag.size(), text.find('\n') - tag.size());
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

/// True if any line is neither blank nor a comment: the message must then give a line.
inline bool has_yaml_content(const std::string& text) {
  for (const std::string& line : lines_of(text)) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first != std::string::npos && line[first] != '#') return true;
  }
  return false;
}

/// `s` in single quotes, for a POSIX shell.
inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

/// A fresh directory under the system temp directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "edusim-cli-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& name) const { return path_ / name; }

  /// Names of everything directly in the directory, sorted.
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(path_)) names.push_back(e.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  fs::path path_;
};

struct Result {
  int exit_code = -1;  ///< 128 + signal number if the process was killed
  std::string out;     ///< stdout
  std::string err;     ///< stderr
};

/// Limits of one run, so that input the loader wrongly accepts cannot hang or exhaust
/// the machine running the tests.
struct Limits {
  int timeout_s = 60;               ///< then SIGTERM (and SIGKILL 2 s later)
  bool limit_address_space = true;  ///< to 2 GiB; never under a sanitizer (see below)
};

/// Sanitizers reserve terabytes of address space: no address-space limit under them.
/// GCC defines __SANITIZE_*__; clang (14 at least) only answers __has_feature.
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define EDUSIM_TEST_UNDER_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__) || \
    defined(EDUSIM_TEST_UNDER_SANITIZER)
inline constexpr bool kUnderSanitizer = true;
#else
inline constexpr bool kUnderSanitizer = false;
#endif

/// Runs `edusim ARGS` in `cwd` (arguments are shell-quoted, stdin is empty) within
/// `limits`; captures stdout and stderr.
inline Result run_edusim(const std::vector<std::string>& args, const fs::path& cwd,
                         const Limits& limits = {}) {
  const TempDir capture;
  const fs::path err_file = capture / "stderr";
  // Appended piece by piece: GCC 12 gives a false -Wrestrict on `"literal" + std::string`.
  std::string command = "cd ";
  command.append(shell_quote(cwd.string()));
  if (limits.limit_address_space && !kUnderSanitizer) command.append(" && ulimit -v 2097152");
  command.append(" && exec timeout -k 2 ").append(std::to_string(limits.timeout_s));
  command.append(" ").append(shell_quote(kBinary.string()));
  for (const auto& a : args) command.append(" ").append(shell_quote(a));
  command.append(" 2>").append(shell_quote(err_file.string())).append(" </dev/null");
  Result r;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed: " + command);
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.err = read_file(err_file);
  return r;
}

/// Starts `edusim ARGS` (stdout and stderr to /dev/null) without waiting; returns its pid,
/// or -1.
inline pid_t spawn_edusim(const std::vector<std::string>& args) {
  std::vector<std::string> all{kBinary.string()};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

/// The .h5 files in `dir` (0 if it does not exist).
inline std::size_t count_parts(const fs::path& dir) {
  std::size_t n = 0;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return 0;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".h5") ++n;
  return n;
}

}  // namespace edusim::testing::cli

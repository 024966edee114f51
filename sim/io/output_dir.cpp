#include "io/output_dir.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "core/error.hpp"

namespace edusim {

namespace fs = std::filesystem;

namespace {

/// `dir` without a trailing slash ("out/" -> "out"), so that its siblings are named right.
fs::path without_trailing_slash(const std::string& dir) {
  fs::path p(dir);
  return p.has_filename() ? p : p.parent_path();
}

fs::path sibling(const fs::path& dir, const char* tag) {
  return dir.parent_path() / fmt::format("{}.{}-{}", dir.filename().string(), tag, ::getpid());
}

}  // namespace

void check_output_directory(const std::string& dir, bool overwrite) {
  const fs::path p = without_trailing_slash(dir);
  std::error_code ec;
  if (fs::exists(p, ec) && !fs::is_directory(p, ec))
    throw InputError(fmt::format("{}: exists and is not a directory; give a directory name", dir));
  if (fs::exists(p, ec) && !overwrite)
    throw InputError(fmt::format("{}: output directory exists; use --force to replace it", dir));
  const fs::path parent = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  if (!fs::is_directory(parent, ec))
    throw InputError(fmt::format("{}: parent directory {} does not exist", dir, parent.string()));
}

void write_directory_atomically(const std::string& dir, bool overwrite,
                                const std::function<void(const std::string& tmp)>& fill) {
  check_output_directory(dir, overwrite);
  const fs::path final_path = without_trailing_slash(dir);
  const fs::path tmp = sibling(final_path, "tmp"), old = sibling(final_path, "old");
  std::error_code ec;
  if (!fs::create_directory(tmp, ec) || ec)
    throw InputError(fmt::format("{}: cannot create directory: {}", tmp.string(),
                                 ec ? ec.message() : "it exists"));
  try {
    fill(tmp.string());
    check_output_directory(dir, overwrite);  // appeared meanwhile: never replace it unasked
    const bool replacing = fs::exists(final_path);
    if (replacing) fs::rename(final_path, old);
    fs::rename(tmp, final_path);
    if (replacing) fs::remove_all(old, ec);
  } catch (...) {
    fs::remove_all(tmp, ec);
    if (fs::exists(old, ec) && !fs::exists(final_path, ec)) fs::rename(old, final_path, ec);
    throw;
  }
}

}  // namespace edusim

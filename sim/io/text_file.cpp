#include "io/text_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace edusim {

namespace {

/// First byte offset of invalid UTF-8, or npos.
std::size_t invalid_utf8_at(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || (len == 2 && c < 0xC2) || i + len > s.size()) return i;
    for (int k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return i;
    i += len;
  }
  return std::string::npos;
}

}  // namespace

std::string read_text_file(const std::string& file, std::string_view what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(file, ec);
  if (ec || !fs::exists(status)) throw InputError(fmt::format("{}: file not found", file));
  if (fs::is_directory(status))
    throw InputError(fmt::format("{}: is a directory; expected a {}", file, what));
  // A FIFO would block until a writer comes, a device could stream forever.
  if (!fs::is_regular_file(status))
    throw InputError(
        fmt::format("{}: is not a regular file (a FIFO, device or socket); expected "
                    "a {}",
                    file, what));
  constexpr std::uintmax_t kMaxBytes = 256u << 20;
  if (fs::file_size(file, ec) > kMaxBytes)
    throw InputError(fmt::format("{}: is {} MiB; a {} may be at most 256 MiB", file,
                                 fs::file_size(file, ec) >> 20, what));
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot be read (permission denied?)", file));
  std::string text(static_cast<std::size_t>(fs::file_size(file, ec)), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);  // UTF-8 byte-order mark
  if (const auto bad = invalid_utf8_at(text); bad != std::string::npos) {
    const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<long>(bad), '\n');
    throw InputError(
        fmt::format("{}:{}: the file is not valid UTF-8 (byte {} of the file); save it as UTF-8",
                    file, line, bad + 1));
  }
  return text;
}

}  // namespace edusim

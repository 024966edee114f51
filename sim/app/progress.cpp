#include "app/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace edusim {

bool stderr_is_terminal() {
  return isatty(fileno(stderr)) != 0;
}

ProgressBar::ProgressBar(std::string label, std::string what, std::string unit, bool enabled)
    : label_(std::move(label)), enabled_(enabled), start_(std::chrono::steady_clock::now()) {
  if (enabled_ && !stderr_is_terminal()) lines_.emplace(std::move(what), std::move(unit));
}

void ProgressBar::update(long done, long total) {
  if (!enabled_ || total <= 0) return;
  if (lines_) {
    if (const auto line = lines_->update(done, total)) {
      fmt::print(stderr, "{}\n", *line);
      std::fflush(stderr);
    }
    return;
  }
  constexpr int kWidth = 30;
  const double share = static_cast<double>(done) / static_cast<double>(total);
  const int filled = static_cast<int>(share * kWidth);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double left = done > 0 ? elapsed / done * static_cast<double>(total - done) : 0.0;
  fmt::print(stderr, "\r{} [{}{}] {}/{}  {:.1f}/s  {:.0f}s left ", label_, std::string(filled, '#'),
             std::string(kWidth - filled, '.'), done, total, done / std::max(elapsed, 1e-9), left);
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (enabled_ && !lines_) fmt::print(stderr, "\n");
}

}  // namespace edusim

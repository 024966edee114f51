#include "app/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace edusim {

ProgressBar::ProgressBar(std::string label, bool enabled)
    : label_(std::move(label)),
      enabled_(enabled && isatty(fileno(stderr))),
      start_(std::chrono::steady_clock::now()) {}

void ProgressBar::update(long done, long total) {
  if (!enabled_ || total <= 0) return;
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
  if (enabled_) fmt::print(stderr, "\n");
}

}  // namespace edusim

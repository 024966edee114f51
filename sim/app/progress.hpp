#pragma once
// A one-line progress bar on stderr, drawn only when stderr is a terminal.
#include <chrono>
#include <string>

namespace edusim {

class ProgressBar {
 public:
  ProgressBar(std::string label, bool enabled);
  void update(long done, long total);
  void finish();

 private:
  std::string label_;
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace edusim

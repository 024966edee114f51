#include "app/signals.hpp"

#include <fmt/format.h>

#include <atomic>
#include <csignal>

#include "app/commands.hpp"

namespace edusim {
namespace {

std::atomic<int> g_signal{0};

extern "C" void on_signal(int sig) {
  g_signal.store(sig);
}

}  // namespace

void install_signal_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

int received_signal() {
  return g_signal.load();
}

void throw_if_interrupted(const char* consequence) {
  if (const int sig = g_signal.load())
    throw Interrupted(fmt::format("stopped by signal {} ({}); {}", sig,
                                  sig == SIGINT ? "SIGINT" : "SIGTERM", consequence));
}

}  // namespace edusim

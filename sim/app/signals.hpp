#pragma once
// SIGINT and SIGTERM set a flag that long loops check between units of work (years of a
// run, runs of a sweep), so that they stop cleanly and leave no partial file behind.
namespace edusim {

void install_signal_handlers();

/// The signal received (SIGINT or SIGTERM), or 0.
int received_signal();

/// Throws Interrupted ("stopped by signal N (NAME); <consequence>") if a signal arrived.
void throw_if_interrupted(const char* consequence = "no output file was written");

}  // namespace edusim

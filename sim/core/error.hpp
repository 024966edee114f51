#pragma once
// Errors a user can cause (bad input, bad paths) as opposed to bugs.
#include <stdexcept>
#include <string>

namespace edusim {

/// Bad input: the message names the file, the line, the key and what is allowed.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An invariant of the world was broken: a bug, reported with the year and phase.
class InvariantError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace edusim

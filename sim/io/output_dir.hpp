#pragma once
// Writing an output directory as a whole (the directory analogue of writing a file under a
// temporary name and renaming it): the files go into a fresh sibling directory, which is renamed
// to the final name only once every file is written, so that a directory under the final name is
// never partial.
#include <functional>
#include <string>

namespace edusim {

/// Refuses `dir` before any work: InputError if it exists and !overwrite, if it exists and is
/// not a directory, or if its parent directory does not exist.
void check_output_directory(const std::string& dir, bool overwrite);

/// Checks `dir` (check_output_directory), lets `fill(tmp)` write into the new directory
/// `tmp` = DIR.tmp-<pid>, then renames it to `dir`. An existing `dir` (overwrite) is moved aside
/// first and removed after the rename. If anything fails, the temporary directory is removed and
/// `dir` is left as it was; the exception goes on.
void write_directory_atomically(const std::string& dir, bool overwrite,
                                const std::function<void(const std::string& tmp)>& fill);

}  // namespace edusim

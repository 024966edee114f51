#pragma once
// Reading a whole input text file with the checks every input gets.
#include <string>
#include <string_view>

namespace edusim {

/// The contents of `file` without a UTF-8 byte-order mark; throws InputError
/// when it does not exist, is a directory, cannot be read, or is not UTF-8
/// (naming the line of the first bad byte). `what` names the kind of file
/// expected ("YAML file", "table") in messages.
std::string read_text_file(const std::string& file, std::string_view what);

}  // namespace edusim

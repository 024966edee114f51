#include "io/schema.hpp"

namespace edusim {

std::span<const std::string_view> enum_names(const Level*) {
  return kLevelNames;
}
std::span<const std::string_view> enum_names(const Zone*) {
  return kZoneNames;
}

}  // namespace edusim

#include "model/schema.hpp"

#include <fmt/format.h>

#include <cmath>

namespace edusim {

std::span<const std::string_view> enum_names(const Level*) {
  return kLevelNames;
}
std::span<const std::string_view> enum_names(const Zone*) {
  return kZoneNames;
}
std::span<const std::string_view> enum_names(const Subject*) {
  return kSubjectNames;
}
std::span<const std::string_view> enum_names(const Degree*) {
  return kDegreeNames;
}
std::span<const std::string_view> enum_names(const Contract*) {
  return kContractNames;
}
std::span<const std::string_view> enum_names(const GroupRole*) {
  return kGroupRoleNames;
}
std::span<const std::string_view> enum_names(const TitleGrade*) {
  return kTitleNames;
}
std::span<const std::string_view> enum_names(const BackboneLevel*) {
  return kBackboneNames;
}

}  // namespace edusim

namespace edusim::schema {

Basis basis_of(std::string_view source) {
  if (source.empty()) return Basis::missing;
  if (source.starts_with("assumption")) return Basis::assumption;
  if (source.starts_with("setting")) return Basis::setting;
  return Basis::source;
}

std::string_view basis_name(Basis basis) {
  switch (basis) {
    case Basis::source:
      return "source";
    case Basis::assumption:
      return "assumption";
    case Basis::setting:
      return "setting";
    case Basis::missing:
      break;
  }
  return "missing";
}

std::string format_range(double min, double max) {
  const bool lo = std::isfinite(min), hi = std::isfinite(max);
  if (lo && hi) return fmt::format("[{}, {}]", min, max);
  if (lo) return fmt::format(">= {}", min);
  if (hi) return fmt::format("<= {}", max);
  return "any finite number";
}

}  // namespace edusim::schema

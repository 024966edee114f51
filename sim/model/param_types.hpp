#pragma once
// Small parameter shapes used by many phases: values per zone or per level,
// and a truncated normal distribution. They are declared through helpers so
// that each use keeps its own allowed range and description.
#include <array>
#include <string>

#include "core/types.hpp"
#include "model/schema.hpp"

namespace edusim {

using ZoneValues = std::array<double, kZones>;    ///< indexed by Zone
using LevelValues = std::array<double, kLevels>;  ///< indexed by Level

/// Normal(mean, sd) truncated to [min, max] (by redrawing, see sample_truncated).
struct TruncatedNormal {
  double mean = 0;
  double sd = 1;
  double min = -1e9;
  double max = 1e9;
};

namespace schema {

/// Declares `key: {urban: .., town: .., rural: ..}`, each value within `item`.
inline void per_zone(Visitor& v, std::string_view key, ZoneValues& values, RealSpec item,
                     const Doc& doc) {
  v.section(key, SectionSpec{doc}, [&values, item](Visitor& z) {
    for (int i = 0; i < kZones; ++i) z.real(kZoneNames[i], values[i], item);
  });
}

/// Declares `key: {primary: .., middle: ..}`, each value within `item`.
inline void per_level(Visitor& v, std::string_view key, LevelValues& values, RealSpec item,
                      const Doc& doc) {
  v.section(key, SectionSpec{doc}, [&values, item](Visitor& z) {
    for (int i = 0; i < kLevels; ++i) z.real(kLevelNames[i], values[i], item);
  });
}

/// Declares `key: {mean, sd, min, max}` with all four within `bounds`.
inline void truncated_normal(Visitor& v, std::string_view key, TruncatedNormal& d, RealSpec bounds,
                             const Doc& doc) {
  v.section(key, SectionSpec{doc}, [&d, bounds](Visitor& z) {
    RealSpec spec = bounds;
    spec.doc = {"mean", bounds.doc.unit};
    z.real("mean", d.mean, spec);
    z.real("sd", d.sd, {0, bounds.max - bounds.min, {"standard deviation", bounds.doc.unit}});
    spec.doc = {"lower truncation bound", bounds.doc.unit};
    z.real("min", d.min, spec);
    spec.doc = {"upper truncation bound", bounds.doc.unit};
    z.real("max", d.max, spec);
  });
}

/// Declares shares that must sum to 1 (checked after loading).
template <std::size_t N>
void shares(Visitor& v, std::string_view key, std::array<double, N>& values,
            const std::array<std::string_view, N>& names, const Doc& doc) {
  v.section(key, SectionSpec{doc}, [&values, &names](Visitor& z) {
    for (std::size_t i = 0; i < N; ++i) z.real(names[i], values[i], {0, 1, {"share", "1"}});
  });
}

}  // namespace schema
}  // namespace edusim

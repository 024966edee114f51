#pragma once
// What every phase of one simulated year shares: which year it is (for the
// random streams) and the tally of flows that the metrics report.
#include <array>
#include <cstdint>
#include <vector>

#include "core/rng.hpp"
#include "core/types.hpp"

namespace edusim {

struct YearContext {
  std::uint64_t seed = 0;
  std::uint32_t run = 0;
  std::uint32_t year = 0;  ///< 1 for the first simulated year (0 is the generated world)

  RandomStream stream(Stream s) const { return RandomStream(seed, run, year, s); }
};

/// Counts of people entering and leaving during one year, by zone and by school.
struct YearFlows {
  std::array<std::int64_t, kZones> hires{}, retirements{}, quits{};
  std::int64_t teachers_at_start = 0;
  std::int64_t students_at_start = 0;
  std::int64_t entrants = 0;       ///< new grade-1 students
  std::int64_t graduates = 0;      ///< grade-9 students leaving
  std::int64_t left_district = 0;  ///< grade-6 students with no middle school to go to
  std::vector<std::int32_t> school_hires, school_retirements, school_quits;
  std::vector<std::int32_t> school_graduates;       ///< graduation record per school
  std::vector<double> school_graduate_achievement;  ///< sum over the school's graduates

  void reset(std::size_t n_schools) {
    *this = YearFlows{};
    school_hires.assign(n_schools, 0);
    school_retirements.assign(n_schools, 0);
    school_quits.assign(n_schools, 0);
    school_graduates.assign(n_schools, 0);
    school_graduate_achievement.assign(n_schools, 0.0);
  }
  static std::int64_t total(const std::array<std::int64_t, kZones>& a) {
    return a[0] + a[1] + a[2];
  }
};

}  // namespace edusim

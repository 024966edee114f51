#pragma once
// The 2017 national standard for quality-balanced compulsory education
// (县域义务教育优质均衡发展督导评估办法, 教督〔2017〕6号): seven resource
// indicators per school, their enrolment-weighted coefficient of variation
// across schools by level, the per-school rule, and a yearly verdict. The
// thresholds default to the standard's and can be overridden from YAML.
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "metrics/basic_balance.hpp"
#include "model/balance_standard.hpp"
#include "model/param_types.hpp"
#include "model/schema.hpp"
#include "model/series.hpp"
#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

struct BalanceAssessment {
  std::size_t n_schools = 0;
  std::vector<double> indicator;  ///< [indicator * n_schools + school]; NaN if not assessed
  std::vector<double>
      indicators_met;  ///< per school: indicators at or above threshold; NaN if not assessed
  std::vector<double> school_passes;  ///< per school: 1 or 0; NaN if not assessed (closed or small)
  std::array<std::array<double, kIndicators>, kLevels> cv{};  ///< NaN if the level has < 2 schools
  std::array<double, kLevels> schools_assessed{};
  std::array<double, kLevels> schools_passing{};
  /// Per level and indicator: the schools failing the per-school rule whose value is under
  /// the indicator's threshold (missing), and of them those under shortfall_floor of it.
  std::array<std::array<double, kIndicators>, kLevels> failing_below{}, failing_under_floor{};
  std::array<double, kLevels> quality_pass{};  ///< 1, 0, or NaN when the level has no school
  double quality_verdict = 0;                  ///< 1 when every level present passes
  double basic_verdict = 0;                    ///< 1 when every level present passes
  BasicBalance basic;   ///< the 2012 standard's CVs, composite and per-level verdict (basic.pass)
  std::string reasons;  ///< why the quality verdict fails ("" when it passes)
  /// The rotation criterion of the year: 1 pass, 0 fail, NaN when no teacher was
  /// eligible or no year was simulated (set by assess_rotation).
  double rotation_pass = std::numeric_limits<double>::quiet_NaN();
};

/// Indicator values of every open school with at least min_students students.
BalanceAssessment assess_balance(const World& world, const BalanceStandardParams& params);

/// The rotation criterion (教师〔2014〕4号, restated by the 2017 assessment): at least
/// rotation_min_share of the eligible teachers rotated in the year, backbone teachers at
/// least rotation_backbone_min_share of them.
double assess_rotation(std::int64_t eligible, std::int64_t rotations, std::int64_t backbone,
                       const BalanceStandardParams& params);

/// A year's whole assessment: assess_balance of the world and the rotation criterion of the
/// year's flows (as /balance of run files and /counties/balance of national files hold it).
BalanceAssessment assess_year_balance(const World& world, const YearFlows& flows,
                                      const BalanceStandardParams& params);

/// The output groups /balance/schools [year, school], /balance/cv, /balance/verdict and
/// /balance/basic_cv [year] (docs/output-schema.md), and one year's rows of them.
std::vector<SeriesGroup> balance_groups(std::size_t n_schools);
std::vector<std::vector<double>> balance_rows(const BalanceAssessment& assessment);

}  // namespace edusim

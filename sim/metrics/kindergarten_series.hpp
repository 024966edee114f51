#pragma once
// Output series of the kindergarten level, written only for districts with kindergartens:
// /kindergartens/<metric> [year, kindergarten] and /kindergarten_district/<metric>
// [year, zone] with a fourth column for the whole district (docs/output-schema.md).
#include <array>
#include <vector>

#include "model/district_spec.hpp"
#include "model/series.hpp"
#include "model/year_context.hpp"
#include "phases/pay.hpp"
#include "world/world.hpp"

namespace edusim {

/// Per kindergarten: enrolment, classes, staff per class, teacher effectiveness, leaders,
/// private, then its teachers: count, by title, mean experience and mean pay; labels are
/// the kindergartens' names.
SeriesGroup kindergarten_series(const World& world);
std::vector<double> kindergarten_rows(const World& world, const KindergartenSpec& spec,
                                      const PayParams& pay);

/// Per zone and for the district (columns urban, town, rural, district): enrolment,
/// attendance rate, staff per class, teacher effectiveness, leaders, private share, the
/// kindergarten leaders' rotation figures of the year (district column only; NaN by zone),
/// then the teachers (count, by title, mean experience, mean pay) and the year's teacher
/// and leader flows (district column only).
SeriesGroup kindergarten_district_series();
std::vector<double> kindergarten_district_rows(const World& world, const KindergartenSpec& spec,
                                               const PayParams& pay,
                                               const std::array<double, kZones>& cohorts,
                                               const YearFlows& flows);

}  // namespace edusim

#pragma once
// The kindergarten level (幼儿园): children move up a year group each year (大班 leaves for
// grade 1), a new 小班 enrols at the zone's attendance rate, classes and staff follow the
// class norms (the teachers are agents: phases/kindergarten_teachers.hpp), and the heads
// and deputy heads (园长) retire or quit and are replaced from the teachers.
// Kindergartens have no achievement: no learning phase reads them.
#include <array>
#include <cstdint>

#include "model/district_spec.hpp"
#include "model/year_context.hpp"
#include "phases/kindergarten_teachers.hpp"
#include "phases/leaders.hpp"
#include "phases/progression.hpp"
#include "world/world.hpp"

namespace edusim {

/// Classes of a kindergarten: per year group ceil(children / max class size).
std::int32_t kindergarten_classes(const KindergartenSpec& spec,
                                  const std::array<std::int32_t, kYearGroups>& children);

/// Deputy-head posts of a kindergarten with `classes` classes (0, 1 or 2).
std::int32_t deputy_head_posts(const KindergartenSpec& spec, std::int32_t classes);

/// Sets kindergarten k's classes, teachers and care staff from its children.
void staff_kindergarten(Kindergartens& kg, std::size_t k, const KindergartenSpec& spec);

/// Children of one year of age living in each zone in simulated year `year`: the trend of
/// the zone's open primaries' entry cohorts (assumption: no migration or mortality between
/// ages 3 and 6).
std::array<double, kZones> zone_cohorts(const World& world, const EnrolmentParams& enrolment,
                                        int year);

/// Enrols year group g of every open kindergarten: attendance_rate x the zone's cohort,
/// shared among the zone's open kindergartens by size_weight (largest remainders).
void enrol_year_group(World& world, const KindergartenSpec& spec,
                      const std::array<double, kZones>& cohorts, int g);

/// Creates the head and deputy heads of every open kindergarten, unless there are
/// kindergarten leaders already or leaders are disabled.
void generate_kindergarten_leaders(World& world, const LeaderParams& leaders,
                                   const KindergartenSpec& spec, const YearContext& ctx);

/// Shift of grade-1 entry achievement by zone from this year's 大班 leavers (before they
/// leave): entry_effect x attendance_rate[zone] x (the leavers' children-weighted mean
/// teacher effectiveness in the zone - the district's); all 0 when entry_effect is 0.
/// Kindergartens have no catchment primary of their own: a zone's leavers enter its
/// primaries, as the zone's cohorts fill its kindergartens.
std::array<float, kZones> entry_shift(const Kindergartens& kindergartens,
                                      const KindergartenSpec& spec);

/// The yearly phase (no-op without kindergartens): children move up and enrol, teachers age
/// and leave, heads and deputies leave and are appointed (from the staff), teachers are
/// hired to the norm and promoted, the mean effectiveness follows the teachers.
void kindergartens(World& world, const KindergartenCareerRules& rules,
                   const EnrolmentParams& enrolment, const LeaderParams& leaders,
                   const YearContext& ctx, YearFlows& flows);

}  // namespace edusim

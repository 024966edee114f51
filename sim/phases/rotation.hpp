#pragma once
// Teacher rotation (交流轮岗): every year a quota of the eligible teachers (long
// at one school, not near retirement) is sent for a fixed term from sending
// schools (strong / lead / urban / above the alliance mean) to receiving schools
// of the same level and unit, neediest receiver first; in a paired exchange a
// young (or else eligible) teacher of the receiver goes the other way. At the
// end of the term the teacher returns home or stays. Moves cost morale and
// burnout once, and a settling-in period that the learning phase reads.
// In coverage mode (全覆盖) every school of a pool both sends and receives by
// swaps, teachers who have waited longest since their last rotation first, so
// that everyone rotates once per cycle of ceil(1 / quota_share) years.
#include <cstdint>
#include <span>
#include <string_view>

#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "phases/demography.hpp"
#include "world/world.hpp"

namespace edusim {

/// Which schools exchange teachers: one district-wide pool per level, inside each
/// education group, inside each alliance, or urban to town and rural.
enum class RotationScope : std::uint8_t { District = 0, Group, Alliance, UrbanRural };
/// paired: a teacher of the receiver goes back to the sender; one_way: no partner.
enum class RotationExchange : std::uint8_t { Paired = 0, OneWay };
/// At the end of the term the teacher returns home, or the destination keeps it.
enum class TermEnd : std::uint8_t { Return = 0, Stay };
/// need: senders to the neediest receivers until their deficit is met; coverage:
/// every school swaps teachers, never-rotated and longest-waiting teachers first.
enum class RotationMode : std::uint8_t { Need = 0, Coverage };

std::span<const std::string_view> enum_names(const RotationScope*);
std::span<const std::string_view> enum_names(const RotationExchange*);
std::span<const std::string_view> enum_names(const TermEnd*);
std::span<const std::string_view> enum_names(const RotationMode*);

struct RotationParams {
  bool enabled = false;
  RotationMode mode = RotationMode::Need;
  std::int32_t eligibility_years = 6;        ///< years at the current school
  std::int32_t years_before_retirement = 5;  ///< closer to retirement: not eligible
  double quota_share = 0.10;                 ///< movers per year / eligible teachers
  double backbone_min_share = 0.20;          ///< floor of backbone (>= district) among movers
  bool backbone_first = true;
  bool primary_first = true;
  RotationScope scope = RotationScope::District;
  RotationExchange exchange = RotationExchange::Paired;
  std::int32_t young_max_experience = 5;  ///< partners this young go to train (TrainingIn)
  std::int32_t term_years = 3;
  TermEnd on_term_end = TermEnd::Return;
  double max_share_per_school = 0.2;  ///< cap on a receiver's intake per year (at least 1)
  double morale_shock = 0.05;         ///< morale lost once at the move
  double burnout_shock = 0.05;        ///< burnout added once at the move
  double burnout_per_year = 0.0;      ///< burnout added each year away
  std::int32_t settling_years = 1;    ///< years of settling in at the new school

  void visit(schema::Visitor& v);
};

/// Ends the terms due this year, then sends this year's movers. Needs the
/// school strength of this year and a current teacher index; leaves the index
/// rebuilt. Deterministic (no random draws) and independent of thread count.
void rotation(World& world, const RotationParams& params, const DemographyParams& demography,
              const YearContext& ctx, YearFlows& flows);

}  // namespace edusim

#pragma once
// Voluntary transfers (调动: teacher sorting): every year some regular teachers apply to
// leave their school for a better one - a town or urban school, or a stronger school of
// their own zone - with a yearly probability that is highest in rural schools and early in
// the career, and that rises with the title and with the teacher's effectiveness above the
// colleagues'. Receiving schools take the best applicants first (选调): each applicant, in
// that order, goes to the most preferred upward school of its level that has a vacancy
// against the staffing norm; the post it leaves is filled by the hiring phase. A
// service-years rule and the county pool (县管校聘) constrain who may leave, and from where.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "model/district_spec.hpp"
#include "model/param_types.hpp"
#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

/// Multipliers of the application rate by career stage (years of experience): early
/// 0-5, mid 6-10, experienced 11-30, late more than 30 (the bins of Hanushek, Kain &
/// Rivkin 2004, Table 1, whose 0-2 and 3-5 bins are merged).
struct CareerMultipliers {
  double early = 1.08;
  double mid = 1.0;
  double experienced = 0.84;
  double late = 0.59;

  void visit(schema::Visitor& v);
};

/// Where a transfer may go: upward (a higher zone or a stronger school of the zone, the most
/// preferred first) or any other school of the level, drawn in proportion to its vacancies.
enum class TransferDestination : std::uint8_t { Upward = 0, Any = 1 };
inline constexpr std::array<std::string_view, 2> kTransferDestinationNames{"upward", "any"};
inline std::span<const std::string_view> enum_names(const TransferDestination*) {
  return kTransferDestinationNames;
}

struct TransferParams {
  bool enabled = true;
  double base_rate = 0.045;  ///< yearly application probability: rural, mid career, title 0
  ZoneValues zone_multiplier{0.25, 0.5, 1.0};  ///< by the zone of the school left
  CareerMultipliers career_multiplier;
  double title_multiplier = 1.1;     ///< per title grade above 三级
  double effectiveness_slope = 3.0;  ///< log-rate per SD above the colleagues' mean
  double max_rate = 0.5;
  std::int32_t min_service_years = 3;  ///< years at the current school before applying
  bool county_pool = false;            ///< 县管校聘: only from schools above their norm
  double max_distance_km = 10000;
  std::int32_t settling_years = 1;
  TransferDestination destination = TransferDestination::Upward;

  void visit(schema::Visitor& v);
};

/// The multiplier of career_multiplier for `experience` years of teaching.
double career_multiplier(const CareerMultipliers& m, int experience);

/// Yearly probability that a teacher applies for a transfer (capped at max_rate):
/// base_rate * zone_multiplier[zone] * career_multiplier(experience) *
/// title_multiplier^title * exp(effectiveness_slope * above), `above` being the
/// teacher's effectiveness minus the mean of the teachers at its school.
double transfer_probability(const TransferParams& params, Zone zone, int experience, int title,
                            double above);

/// Whether school `to` is a step up from `from`: a higher zone (rural < town < urban), or
/// the same zone and a stronger class (weak < ordinary < strong).
bool transfer_upward(const Schools& schools, std::size_t from, std::size_t to);

/// The year's voluntary transfers (when enabled): applications drawn from
/// ctx.stream(Stream::Transfers), draw 0 keyed by teacher id; applicants placed best
/// first (effectiveness, then id), upward or (destination `any`) at a school drawn in
/// proportion to its vacant posts (draw 1 keyed by teacher id). Needs this year's school strength,
/// enrolment after progression and a current teacher index; leaves the index rebuilt. Moves are
/// recorded in flows.rotation_events with kind Transfer and counted in the transfer flows.
void transfers(World& world, const TransferParams& params, const TeacherSpec& spec,
               const YearContext& ctx, YearFlows& flows);

}  // namespace edusim

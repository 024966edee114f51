#pragma once
// Part-time exchange (兼职交流, 兼课): a PE/art (music, PE, fine arts) teacher of a
// school with PE/art staff to spare teaches a share of its load at a school
// short of them, while staying at home. Reassigned every year after hiring; the
// balance indicator pe_art_teachers_per_100 counts the shares (metrics/balance.cpp).
// PE/art teachers teach no class-teacher core class in this model, so learning
// is unchanged.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "model/balance_standard.hpp"
#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

/// Who lends to whom: urban schools to town and rural ones, or strong schools to weak ones.
enum class PartTimeDirection : std::uint8_t { UrbanRural = 0, StrongWeak };
inline constexpr std::array<std::string_view, 2> kPartTimeDirectionNames{"urban_rural",
                                                                         "strong_weak"};
inline std::span<const std::string_view> enum_names(const PartTimeDirection*) {
  return kPartTimeDirectionNames;
}

struct PartTimeParams {
  bool enabled = false;
  double share = 0.3;                 ///< share of the load taught at the other school
  std::int32_t max_per_receiver = 2;  ///< part-time teachers one school receives at most
  std::int32_t max_teachers = -1;     ///< district total per year; -1: no cap
  PartTimeDirection direction = PartTimeDirection::UrbanRural;

  void visit(schema::Visitor& v);
};

/// Shares of teaching (or guiding) time sent from and received by each school,
/// in full-time-teacher units.
struct SharesBySchool {
  std::vector<double> sent, received;
};

/// Clears last year's part-time posts, then lends PE/art teachers: the receiver
/// furthest below the PE/art threshold (balance.threshold) relative to it first,
/// each time from the sender furthest above it relative to it; a sender lends
/// only while it stays at or above its own threshold, a receiver takes while it
/// is below its threshold. Same level only. A teacher's share is capped so that
/// part_time_share + guidance_share <= 1. Deterministic; needs a current teacher
/// index and this year's enrolment and strength. Counts flows.part_time_teachers.
void part_time_exchange(World& world, const PartTimeParams& params,
                        const BalanceStandardParams& balance, const YearContext& ctx,
                        YearFlows& flows);

/// Per school, the sum of `share` of its teachers working at `other_school` (sent,
/// by home school) and of the teachers working there (received); -1 is no other school.
SharesBySchool shares_by_school(const World& world, const std::vector<std::int32_t>& other_school,
                                const std::vector<float>& share);

/// Part-time shares sent (by home school) and received (by part-time school).
SharesBySchool part_time_shares(const World& world);

}  // namespace edusim

#pragma once
// Facilities investment: a yearly budget buys teaching floor area, sports area,
// equipment and multimedia classrooms for the schools, either for the schools
// furthest below the national thresholds first (so the inter-school CVs of the
// balance standard fall) or in proportion to enrolment. Equipment also wears
// out at a yearly rate. Runs after hiring, on this year's enrolment.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "model/balance_standard.hpp"
#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

/// How the budget is shared: neediest_first buys the largest relative shortfall
/// below the thresholds first; equal_per_student gives each school its share of
/// the budget by students and fills its own shortfalls.
enum class InvestmentRule : std::uint8_t { NeediestFirst = 0, EqualPerStudent };
inline constexpr std::array<std::string_view, 2> kInvestmentRuleNames{"neediest_first",
                                                                      "equal_per_student"};
inline std::span<const std::string_view> enum_names(const InvestmentRule*) {
  return kInvestmentRuleNames;
}

struct InvestmentParams {
  bool enabled = false;
  double yearly_budget = 0;  ///< yuan/year
  InvestmentRule rule = InvestmentRule::NeediestFirst;
  double floor_area_cost = 3000;             ///< yuan per m2 of teaching floor area
  double sports_area_cost = 500;             ///< yuan per m2 of sports ground
  double multimedia_classroom_cost = 60000;  ///< yuan per networked multimedia classroom
  double depreciation = 0.0;                 ///< share of equipment value lost per year

  void visit(schema::Visitor& v);
};

/// Spends the year's budget (after depreciating equipment) and returns the
/// amount spent, in yuan (never more than yearly_budget). Schools taking part:
/// open, with at least max(1, balance.min_students) students. Each pays to
/// reach its thresholds (balance.threshold, per student or per 100 students as
/// the standard defines them); money no shortfall needs buys equipment, shared
/// by students. The amount is added to flows.facilities_investment too. Deterministic;
/// no random draws. Skipped when not enabled.
double facilities_investment(World& world, const InvestmentParams& params,
                             const BalanceStandardParams& balance, const YearContext& ctx,
                             YearFlows& flows);

}  // namespace edusim

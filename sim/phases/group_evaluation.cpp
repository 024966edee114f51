#include "phases/group_evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "world/group_gaps.hpp"

namespace edusim {

void GroupEvaluationParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled,
          {"fund education groups by bundled evaluation (捆绑考核) of how far they narrow the gap "
           "between the lead school and the member schools",
           "",
           "seed 001 Fushun: groups judged on quality increment and narrowing of inter-school "
           "gaps, results tied to funding"});
  v.field("reward_per_point", reward_per_point,
          {0,
           1e10,
           {"reward per 0.01 SD of narrowing, over a year, of the lead-member gap in mean "
            "teacher effectiveness; paid to the member schools as teaching equipment",
            "yuan per 0.01 SD",
            "assumption: 50,000 yuan, about 25 yuan per student of a 2,000-student group; a "
            "group closing 0.02 SD a year earns 100,000 yuan, a few per cent of its members' "
            "equipment value at the 2,000-2,500 yuan/student threshold"}});
}

std::vector<double> effectiveness_gaps(const World& w) {
  const std::size_t n = group_count(w);
  const std::vector<double> rows = group_gap_rows(w, n);
  return {rows.begin() + static_cast<std::ptrdiff_t>(n), rows.end()};  // effectiveness half
}

GroupEvaluationState start_group_evaluation(const World& w) {
  return {effectiveness_gaps(w)};
}

namespace {

/// Open member schools with students, by group.
std::vector<std::vector<std::size_t>> paid_members(const World& w, std::size_t n_groups) {
  std::vector<std::vector<std::size_t>> members(n_groups);
  const Schools& sc = w.schools;
  for (std::size_t s = 0; s < sc.size(); ++s)
    if (sc.group[s] >= 0 && static_cast<std::size_t>(sc.group[s]) < n_groups &&
        sc.group_role[s] == GroupRole::Member && sc.open[s] && w.school_students(s) > 0)
      members[static_cast<std::size_t>(sc.group[s])].push_back(s);
  return members;
}

/// Adds `reward` to the equipment of `members` in proportion to their students.
void pay_members(World& w, const std::vector<std::size_t>& members, double reward) {
  double students = 0;
  for (auto s : members) students += w.school_students(s);
  for (auto s : members)
    w.schools.equipment_value_yuan[s] +=
        static_cast<float>(reward * w.school_students(s) / students);
}

}  // namespace

double group_evaluation(World& w, const GroupEvaluationParams& p, GroupEvaluationState& state,
                        const YearContext&, YearFlows& flows) {
  if (!p.enabled) return 0;
  std::vector<double> gap = effectiveness_gaps(w);
  double paid = 0;
  if (state.last_gap.size() == gap.size()) {
    const auto members = paid_members(w, gap.size());
    for (std::size_t g = 0; g < gap.size(); ++g) {
      const double narrowing = state.last_gap[g] - gap[g];  // NaN when either is
      if (!(narrowing > 0) || members[g].empty()) continue;
      const double reward = narrowing * 100 * p.reward_per_point;
      pay_members(w, members[g], reward);
      paid += reward;
    }
  }
  state.last_gap = std::move(gap);
  flows.group_evaluation_reward += paid;
  return paid;
}

void group_evaluation(World& w, const GroupEvaluationParams& p, const YearContext& ctx,
                      YearFlows& flows) {
  GroupEvaluationState state{flows.group_gaps_at_start};
  group_evaluation(w, p, state, ctx, flows);
}

}  // namespace edusim

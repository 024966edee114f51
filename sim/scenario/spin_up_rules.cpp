#include "scenario/spin_up_rules.hpp"

namespace edusim {

std::uint64_t spin_up_seed(const Scenario& s) {
  // splitmix64's finaliser of the district's seed, offset by a constant ("SPIN-UP"): a seed
  // no run.seed maps to by chance in practice, whatever the seeds a sweep derives.
  std::uint64_t z = world_seed(s) + 0x5350494E2D5550ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return (z ^ (z >> 31)) >> 1;  // a non-negative int64, like run.seed
}

Scenario spin_up_rules(const Scenario& s) {
  Scenario r = s;
  r.run.seed = static_cast<std::int64_t>(spin_up_seed(s));
  r.run.world_seed = static_cast<std::int64_t>(world_seed(s));
  r.run.spin_up_years = 0;
  r.enrolment.intake_growth = 0;  // cohorts keep the start year's size
  // Policy levers: each section back to its defaults (all of them off by default).
  r.consolidation = ConsolidationParams{};
  r.drift = DriftParams{};
  r.shadow_posts = ShadowParams{};
  r.rotation = RotationParams{};
  r.leader_rotation = LeaderRotationParams{};
  r.part_time_exchange = PartTimeParams{};
  r.training = TrainingParams{};
  r.subject_guidance = GuidanceParams{};
  r.low_title_high_hire = LowTitleHighHireParams{};
  r.mentoring = MentoringParams{};
  r.online_classroom = OnlineClassroomParams{};
  r.facilities_investment = InvestmentParams{};
  r.group_evaluation = GroupEvaluationParams{};
  r.housing = HousingParams{};
  r.group_spillover.enabled = false;
  // Voluntary transfers are teachers' behaviour and stay as the scenario sets them; the
  // county pool (县管校聘) that constrains them is a policy.
  r.transfers.county_pool = TransferParams{}.county_pool;
  // School choice is families' behaviour and stays as the scenario sets it; the lottery that
  // replaces selective admission (电脑派位, 公民同招) is a policy.
  r.school_choice.admission = SchoolChoiceParams{}.admission;
  r.school_choice.lottery_from_year = SchoolChoiceParams{}.lottery_from_year;
  r.hiring.placement = HiringParams{}.placement;
  r.hiring.interns = InternParams{};
  r.hiring.max_hires_per_year = HiringParams{}.max_hires_per_year;  // no budget cap
  r.pay.zone_allowance = PayParams{}.zone_allowance;
  r.pay.rotation_allowance = PayParams{}.rotation_allowance;
  return r;
}

}  // namespace edusim

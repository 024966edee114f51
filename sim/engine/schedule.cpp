#include "engine/schedule.hpp"

#include <array>

#include "phases/backbone_recognition.hpp"
#include "phases/class_assignment.hpp"
#include "phases/consolidation.hpp"
#include "phases/demography.hpp"
#include "phases/drift.hpp"
#include "phases/facilities_investment.hpp"
#include "phases/group_evaluation.hpp"
#include "phases/group_spillover.hpp"
#include "phases/growth.hpp"
#include "phases/hiring.hpp"
#include "phases/leader_rotation.hpp"
#include "phases/leaders.hpp"
#include "phases/learning.hpp"
#include "phases/mentoring.hpp"
#include "phases/morale.hpp"
#include "phases/part_time_exchange.hpp"
#include "phases/progression.hpp"
#include "phases/promotion.hpp"
#include "phases/rotation.hpp"
#include "phases/school_strength.hpp"
#include "phases/shadow_posts.hpp"
#include "phases/subject_guidance.hpp"
#include "phases/title_uplift.hpp"
#include "phases/training.hpp"

namespace edusim {

namespace {
void record(const ConsolidationOutcome& o, YearFlows& f) {
  f.closures += o.closures;
  f.consolidation_students_moved += o.students_moved;
  f.consolidation_teachers_moved += o.teachers_moved;
  f.consolidation_overflow += o.students_overflow;
  f.consolidation_boarding += o.students_boarding;
  for (const ConsolidationEvent& e : o.events)
    f.closure_events.push_back({e.school, e.to_school, e.students, e.teachers});
}

void record(const DriftOutcome& o, YearFlows& f) {
  f.drift_moved += o.moved;
  f.drift_blocked += o.blocked;
  f.capacity_added += o.places_added;
}

using S = const Scenario&;
using C = const YearContext&;

constexpr std::array kYear{
    // The gaps the year's group evaluation is judged against, before anything changes.
    Phase{"group_gaps_at_start",
          [](World& w, S s, C, YearFlows& f) {
            if (s.group_evaluation.enabled) f.group_gaps_at_start = effectiveness_gaps(w);
          }},
    Phase{"contract_ends", [](World& w, S, C, YearFlows& f) { end_temporary_contracts(w, f); }},
    Phase{"teacher_demography",
          [](World& w, S s, C c, YearFlows& f) {
            teacher_demography(w, s.demography, s.leaders, c, f);
          }},
    Phase{"school_strength",
          [](World& w, S s, C c, YearFlows&) { school_strength(w, s.strength, c); }},
    Phase{"consolidation",
          [](World& w, S s, C c, YearFlows& f) {
            record(consolidation(w, s.consolidation, calendar_year(s, c), c), f);
            release_leaders_of_closed_schools(w, f);
          }},
    Phase{"drift", [](World& w, S s, C c,
                      YearFlows& f) { record(drift(w, s.drift, calendar_year(s, c), c), f); }},
    Phase{"leaders", [](World& w, S s, C c, YearFlows& f) { leaders(w, s.leaders, c, f); }},
    Phase{"shadow_posts",
          [](World& w, S s, C c, YearFlows& f) { shadow_posts(w, s.shadow_posts, c, f); }},
    Phase{"rotation",
          [](World& w, S s, C c, YearFlows& f) { rotation(w, s.rotation, s.demography, c, f); }},
    Phase{"leader_rotation",
          [](World& w, S s, C c, YearFlows& f) {
            leader_rotation(w, s.leader_rotation, s.leaders.retirement_age, c, f);
          }},
    Phase{"student_progression",
          [](World& w, S s, C c, YearFlows& f) {
            student_progression(w, s.enrolment, s.district.students, c, f);
          }},
    Phase{"hiring",
          [](World& w, S s, C c, YearFlows& f) { hiring(w, s.hiring, s.district.teachers, c, f); }},
    Phase{"part_time_exchange",
          [](World& w, S s, C c, YearFlows& f) {
            part_time_exchange(w, s.part_time_exchange, s.balance_standard, c, f);
          }},
    Phase{"facilities_investment",
          [](World& w, S s, C c, YearFlows& f) {
            f.facilities_investment +=
                facilities_investment(w, s.facilities_investment, s.balance_standard, c, f);
          }},
    Phase{"promotion", [](World& w, S s, C c, YearFlows& f) { promotion(w, s.promotion, c, f); }},
    Phase{"backbone_recognition",
          [](World& w, S s, C c, YearFlows& f) { backbone_recognition(w, s.backbone, c, f); }},
    Phase{"low_title_high_hire",
          [](World& w, S s, C c, YearFlows& f) { title_uplift(w, s.low_title_high_hire, c, f); }},
    Phase{"class_assignment", [](World& w, S, C c, YearFlows&) { assign_class_teachers(w, c); }},
    Phase{"growth", [](World& w, S s, C c, YearFlows&) { growth(w, s.growth, s.leaders, c); }},
    Phase{"mentoring",
          [](World& w, S s, C c, YearFlows& f) { mentoring(w, s.mentoring, s.growth, c, f); }},
    Phase{"training", [](World& w, S s, C c, YearFlows& f) { training(w, s.training, c, f); }},
    Phase{"subject_guidance",
          [](World& w, S s, C c, YearFlows& f) { subject_guidance(w, s.subject_guidance, c, f); }},
    Phase{"group_spillover",
          [](World& w, S s, C c, YearFlows& f) { group_spillover(w, s.group_spillover, c, f); }},
    Phase{"learning",
          [](World& w, S s, C c, YearFlows&) {
            learning(w, s.learning, s.online_classroom, c, s.subject_guidance, s.leaders);
          }},
    Phase{"group_evaluation",
          [](World& w, S s, C c, YearFlows& f) {
            GroupEvaluationState state{f.group_gaps_at_start};
            f.group_evaluation_reward += group_evaluation(w, s.group_evaluation, state, c, f);
          }},
    Phase{"morale",
          [](World& w, S s, C c, YearFlows&) {
            morale(w, s.morale, s.pay, s.housing, s.district.teachers, s.leaders, c);
          }},
};
}  // namespace

std::span<const Phase> year_schedule() {
  return kYear;
}

}  // namespace edusim

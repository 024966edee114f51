#include "engine/schedule.hpp"

#include <array>
#include <cstdint>

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
#include "phases/kindergartens.hpp"
#include "phases/leader_rotation.hpp"
#include "phases/leaders.hpp"
#include "phases/learning.hpp"
#include "phases/low_title_high_hire.hpp"
#include "phases/mentoring.hpp"
#include "phases/morale.hpp"
#include "phases/part_time_exchange.hpp"
#include "phases/progression.hpp"
#include "phases/promotion.hpp"
#include "phases/rotation.hpp"
#include "phases/school_strength.hpp"
#include "phases/shadow_posts.hpp"
#include "phases/subject_guidance.hpp"
#include "phases/training.hpp"
#include "phases/transfers.hpp"

namespace edusim {

namespace {

/// The head counts the year's rates are measured against and, with group evaluation
/// on, the lead-member gaps the year is judged against: taken before anything changes.
void year_start(const World& w, const Scenario& s, YearFlows& f) {
  f.teachers_at_start = static_cast<std::int64_t>(w.teachers.size());
  // Rates by zone are per regular teacher: interns and substitutes leave at the end of
  // their year (contract_ends), not as quits or retirements.
  const Teachers& t = w.teachers;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t.contract[i] == Contract::Regular)
      ++f.teachers_at_start_zone[index(w.schools.zone[static_cast<std::size_t>(t.school[i])])];
  f.students_at_start = static_cast<std::int64_t>(w.students.size());
  f.kindergarten_leaders_at_start = static_cast<std::int64_t>(w.kindergarten_leaders.size());
  f.kindergarten_teachers_at_start = static_cast<std::int64_t>(w.kindergarten_teachers.size());
  if (s.group_evaluation.enabled) f.group_gaps_at_start = effectiveness_gaps(w);
}

// One schedule line: the phase's name and its call, which may use the world w, the
// scenario s, the year's context c and the year's flows f.
#define EDUSIM_PHASE(name, call)                                                              \
  Phase {                                                                                     \
#name, []([[maybe_unused]] World & w, [[maybe_unused]] const Scenario& s,                 \
              [[maybe_unused]] const YearContext& c, [[maybe_unused]] YearFlows& f) { call; } \
  }

// clang-format off
constexpr std::array kYear{
    // Year start: the head counts and gaps the year is measured against.
    EDUSIM_PHASE(year_start, year_start(w, s, f)),
    // Staffing: who leaves, which schools stay open, who leads them.
    EDUSIM_PHASE(contract_ends, end_temporary_contracts(w, f)),
    EDUSIM_PHASE(teacher_demography, teacher_demography(w, s.demography, s.leaders, c, f)),
    EDUSIM_PHASE(school_strength, school_strength(w, s.strength, c)),
    EDUSIM_PHASE(consolidation, consolidation(w, s.consolidation, calendar_year(s, c), c, f)),
    EDUSIM_PHASE(drift, drift(w, s.drift, calendar_year(s, c), c, f)),
    // The kindergarten level runs with the leaders phase (its children, staff and heads: a
    // no-op without kindergartens), so that the phase list, which outputs name, is unchanged.
    EDUSIM_PHASE(leaders, leaders(w, s.leaders, c, f); kindergartens(w, kindergarten_rules(s), s.enrolment, s.leaders, c, f)),
    // Network: teachers and leaders sent between schools.
    EDUSIM_PHASE(shadow_posts, shadow_posts(w, s.shadow_posts, c, f)),
    EDUSIM_PHASE(rotation, rotation(w, s.rotation, s.demography, c, f)),
    EDUSIM_PHASE(leader_rotation, leader_rotation(w, s.leader_rotation, s.leaders.retirement_age, s.district.kindergartens.teachers.retirement_age, c, f)),
    EDUSIM_PHASE(leadership, update_leadership(w)),
    // Enrolment and posts: students move up, teachers transfer, vacancies are filled,
    // resources shared.
    EDUSIM_PHASE(student_progression, student_progression(w, s.enrolment, s.district.students, c, f, s.school_choice, calendar_year(s, c))),
    EDUSIM_PHASE(transfers, transfers(w, s.transfers, s.district.teachers, c, f)),
    EDUSIM_PHASE(hiring, hiring(w, s.hiring, s.district.teachers, c, f)),
    EDUSIM_PHASE(part_time_exchange, part_time_exchange(w, s.part_time_exchange, s.balance_standard, c, f)),
    EDUSIM_PHASE(facilities_investment, facilities_investment(w, s.facilities_investment, s.balance_standard, c, f)),
    // Careers: titles, posts and classes.
    EDUSIM_PHASE(promotion, promotion(w, s.promotion, c, f)),
    EDUSIM_PHASE(backbone_recognition, backbone_recognition(w, s.backbone, c, f)),
    EDUSIM_PHASE(low_title_high_hire, low_title_high_hire(w, s.low_title_high_hire, c, f)),
    EDUSIM_PHASE(class_assignment, assign_class_teachers(w, c)),
    // Growth: teachers become more effective.
    EDUSIM_PHASE(growth, growth(w, s.growth, s.leaders, c)),
    EDUSIM_PHASE(mentoring, mentoring(w, s.mentoring, s.growth, c, f)),
    EDUSIM_PHASE(training, training(w, s.training, c, f)),
    EDUSIM_PHASE(subject_guidance, subject_guidance(w, s.subject_guidance, c, f)),
    EDUSIM_PHASE(group_spillover, group_spillover(w, s.group_spillover, c, f)),
    // Learning: students.
    EDUSIM_PHASE(learning, learning(w, s.learning, s.online_classroom, s.subject_guidance, s.leaders, c)),
    // Measurement and morale: the year judged against its start, then morale.
    EDUSIM_PHASE(group_evaluation, group_evaluation(w, s.group_evaluation, c, f)),
    EDUSIM_PHASE(morale, morale(w, s.morale, s.pay, s.housing, s.district.teachers, s.leaders, c)),
};
// clang-format on
#undef EDUSIM_PHASE
}  // namespace

std::span<const Phase> year_schedule() {
  return kYear;
}

}  // namespace edusim

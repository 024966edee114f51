#pragma once
// What every phase of one simulated year shares: which year it is (for the
// random streams) and the tally of flows that the metrics report.
#include <array>
#include <cstdint>
#include <vector>

#include "core/rng.hpp"
#include "core/types.hpp"

namespace edusim {

struct YearContext {
  std::uint64_t seed = 0;
  std::uint32_t run = 0;
  std::uint32_t year = 0;  ///< 1 for the first simulated year (0 is the generated world)

  RandomStream stream(Stream s) const { return RandomStream(seed, run, year, s); }
};

/// One move of a teacher between schools (written to /events/rotations).
struct RotationEvent {
  std::uint32_t teacher = 0;  ///< Teachers::id
  std::int32_t from = -1, to = -1;
  RotationKind kind = RotationKind::None;
};

/// Students and teachers moved from a closed school to one receiving school
/// (written to /events/consolidations).
struct ClosureEvent {
  std::int32_t school = -1, to_school = -1;
  std::int32_t students = 0, teachers = 0;
};

/// Counts of people entering and leaving during one year, by zone and by school,
/// and the tallies of the workforce policies.
struct YearFlows {
  std::array<std::int64_t, kZones> hires{}, retirements{}, quits{};
  std::int64_t teachers_at_start = 0;
  std::array<std::int64_t, kZones> teachers_at_start_zone{};  ///< regular teachers, by zone
  std::int64_t students_at_start = 0;
  std::int64_t entrants = 0;       ///< new grade-1 students
  std::int64_t graduates = 0;      ///< grade-9 students leaving
  std::int64_t left_district = 0;  ///< grade-6 students with no middle school to go to
  std::vector<std::int32_t> school_hires, school_retirements, school_quits;
  std::vector<std::int32_t> school_graduates;       ///< graduation record per school
  std::vector<double> school_graduate_achievement;  ///< sum over the school's graduates

  // Rotation (交流轮岗).
  std::int64_t rotation_eligible = 0;   ///< teachers eligible this year
  std::int64_t rotations_started = 0;   ///< teachers sent out this year (all kinds)
  std::int64_t rotations_backbone = 0;  ///< of which backbone (district level or higher)
  std::int64_t rotations_ended = 0;     ///< terms that ended (return or stay)
  std::vector<std::int32_t> school_rotations_out, school_rotations_in;
  std::vector<RotationEvent> rotation_events;
  // Titles and posts.
  std::array<std::int64_t, kTitleGrades> promotions{};  ///< promotions into each grade
  std::int64_t backbone_recognitions = 0;               ///< teachers who gained a backbone level
  // Hiring.
  std::int64_t hires_weak_rural = 0;    ///< regular hires placed in weak or rural schools
  std::int64_t interns_hired = 0;       ///< university interns (顶岗实习) placed
  std::int64_t substitutes_hired = 0;   ///< substitute teachers placed
  std::int64_t contract_ends = 0;       ///< interns and substitutes leaving at the end of term
  std::int64_t vacancies_unfilled = 0;  ///< posts still vacant after hiring
  std::vector<std::int32_t> school_contract_ends, school_vacancies;
  // Mentoring.
  std::int64_t mentees = 0;  ///< teachers mentored this year (studios and pairing)
  // Consolidation (撤并) and family drift (城挤).
  std::int64_t closures = 0, consolidation_students_moved = 0, consolidation_teachers_moved = 0;
  std::int64_t consolidation_overflow = 0, consolidation_boarding = 0;
  std::vector<ClosureEvent> closure_events;
  std::int64_t drift_moved = 0, drift_blocked = 0, capacity_added = 0;
  // School leaders (校级干部).
  std::int64_t teachers_to_leaders = 0;  ///< teachers who left teaching to become leaders
  std::int64_t leader_retirements = 0, leader_posts_filled = 0;
  std::int64_t leader_rotation_eligible = 0, leader_rotations = 0, leader_rotations_ended = 0;
  std::vector<RotationEvent> leader_rotation_events;  ///< `teacher` holds the leader's id
  // Other exchange modes.
  std::int64_t part_time_teachers = 0, guidance_teachers = 0, shadow_posts = 0;
  std::int64_t training_places = 0;
  double training_cost = 0;  ///< yuan
  // District structure and money.
  double facilities_investment = 0;         ///< yuan spent on facilities this year
  double group_evaluation_reward = 0;       ///< yuan paid to groups for narrowing their gap
  std::vector<double> group_gaps_at_start;  ///< lead-member gaps when the year began

  void reset(std::size_t n_schools) {
    *this = YearFlows{};
    school_hires.assign(n_schools, 0);
    school_retirements.assign(n_schools, 0);
    school_quits.assign(n_schools, 0);
    school_graduates.assign(n_schools, 0);
    school_graduate_achievement.assign(n_schools, 0.0);
    school_rotations_out.assign(n_schools, 0);
    school_rotations_in.assign(n_schools, 0);
    school_contract_ends.assign(n_schools, 0);
    school_vacancies.assign(n_schools, 0);
  }
  static std::int64_t total(const std::array<std::int64_t, kZones>& a) {
    return a[0] + a[1] + a[2];
  }
};

}  // namespace edusim

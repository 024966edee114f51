#pragma once
// What every phase of one simulated year shares: which year it is (for the
// random streams) and the tally of flows that the metrics report.
#include <array>
#include <cstdint>
#include <string_view>
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

/// One move of a teacher between schools: rotation, shadow posts, transfers (written to
/// /events/rotations).
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

/// The yearly tallies of the mechanisms, each declared once here:
/// X(name, type, units, description). Every entry becomes a YearFlows field (zero at
/// the start of each year), the dataset /district/<name> (copied unchanged by
/// measure(); F(name) in EDUSIM_DISTRICT_METRICS places it among the series), and
/// its row in docs/output-schema.md (`edusim schema --outputs`).
#define EDUSIM_YEAR_FLOWS(X)                                                                       \
  /* contract_ends, hiring */                                                                      \
  X(contract_ends, std::int64_t, "teachers", "interns and substitutes whose year ended")           \
  X(hires_weak_rural, std::int64_t, "teachers", "regular hires placed in weak or rural schools")   \
  X(interns_hired, std::int64_t, "teachers", "university interns (顶岗实习) placed for the year")  \
  X(substitutes_hired, std::int64_t, "teachers", "substitute teachers (代课) placed for the year") \
  X(vacancies_unfilled, std::int64_t, "posts",                                                     \
    "posts below the staffing norm still vacant after hiring")                                     \
  /* consolidation (撤并) */                                                                     \
  X(closures, std::int64_t, "schools", "schools closed this year (consolidation)")                 \
  X(consolidation_students_moved, std::int64_t, "students", "students moved from closed schools")  \
  X(consolidation_teachers_moved, std::int64_t, "teachers",                                        \
    "teachers redeployed from closed schools")                                                     \
  X(consolidation_overflow, std::int64_t, "students",                                              \
    "moved students placed beyond the receiver's capacity")                                        \
  X(consolidation_boarding, std::int64_t, "students",                                              \
    "moved students farther than consolidation.boarding_km")                                       \
  /* drift (城挤) */                                                                             \
  X(drift_moved, std::int64_t, "students",                                                         \
    "students moved by their families from rural schools (drift)")                                 \
  X(drift_blocked, std::int64_t, "students", "families who wanted to move but found no place")     \
  X(capacity_added, std::int64_t, "places",                                                        \
    "student places added this year (drift.capacity_expansion)")                                   \
  /* school leaders (校级干部) and their rotation (干部交流) */                            \
  X(teachers_to_leaders, std::int64_t, "teachers", "teachers promoted to school leaders")          \
  X(leader_retirements, std::int64_t, "leaders", "leaders who retired or left a closed school")    \
  X(leader_posts_filled, std::int64_t, "leaders", "leader posts filled this year")                 \
  X(leader_rotation_eligible, std::int64_t, "leaders", "leaders eligible for rotation this year")  \
  X(leader_rotations, std::int64_t, "leaders", "leaders sent on rotation this year (干部交流)")    \
  /* shadow posts (跟岗) */                                                                      \
  X(shadow_posts, std::int64_t, "teachers",                                                        \
    "young teachers sent on a shadow post (跟岗) this year")                                       \
  /* rotation (交流轮岗) */                                                                    \
  X(rotation_eligible, std::int64_t, "teachers", "teachers eligible for rotation this year")       \
  X(rotations, std::int64_t, "teachers",                                                           \
    "teachers sent on rotation this year (both directions of an exchange count)")                  \
  X(rotations_ended, std::int64_t, "teachers",                                                     \
    "rotation terms that ended this year (return or stay)")                                        \
  /* transfers (调动) */                                                                         \
  X(transfer_applicants, std::int64_t, "teachers",                                                 \
    "teachers who applied for a voluntary transfer this year")                                     \
  X(transfers, std::int64_t, "teachers", "voluntary transfers this year (teacher sorting, 调动)")  \
  X(transfers_rural_to_town_urban, std::int64_t, "teachers",                                       \
    "voluntary transfers from rural to town or urban schools")                                     \
  X(transfers_to_rural, std::int64_t, "teachers",                                                  \
    "voluntary transfers into rural schools (from weaker rural schools)")                          \
  /* student_progression */                                                                        \
  X(entrants, std::int64_t, "students", "new grade-1 students")                                    \
  X(graduates, std::int64_t, "students", "grade-9 students who graduated")                         \
  X(left_district, std::int64_t, "students",                                                       \
    "grade-6 students with no middle school in the district")                                      \
  X(choice_applicants, std::int64_t, "students",                                                   \
    "grade-6 pupils whose families applied to a better middle school (school_choice)")             \
  X(choice_admitted, std::int64_t, "students",                                                     \
    "choice applicants admitted: they entered grade 7 outside their catchment")                    \
  /* part_time_exchange (兼课) */                                                                \
  X(part_time_teachers, std::int64_t, "teachers",                                                  \
    "teachers teaching part of their load at another school")                                      \
  /* facilities_investment */                                                                      \
  X(facilities_investment, double, "yuan/year",                                                    \
    "spent on school facilities (facilities_investment)")                                          \
  /* backbone_recognition */                                                                       \
  X(backbone_recognitions, std::int64_t, "teachers", "teachers who gained a backbone level")       \
  /* mentoring, training */                                                                        \
  X(mentees, std::int64_t, "teachers", "teachers mentored this year (pairing, studios, training)") \
  X(training_places, std::int64_t, "places", "training places taken this year")                    \
  X(training_cost, double, "yuan/year", "cost of the year's training places")                      \
  /* subject_guidance (学科指导) */                                                            \
  X(guidance_teachers, std::int64_t, "teachers",                                                   \
    "backbone teachers guiding subjects at another school")                                        \
  /* group_evaluation */                                                                           \
  X(group_evaluation_reward, double, "yuan/year", "paid to groups for narrowing their gap")

/// One entry of EDUSIM_YEAR_FLOWS.
struct FlowDef {
  std::string_view name, units, description;
};

#define EDUSIM_FLOW_DEF(name, type, units, description) FlowDef{#name, units, description},
inline constexpr std::array kYearFlows{EDUSIM_YEAR_FLOWS(EDUSIM_FLOW_DEF)};
#undef EDUSIM_FLOW_DEF

/// The entry of EDUSIM_YEAR_FLOWS called `name`; kYearFlows.size() if none.
constexpr std::size_t flow_index(std::string_view name) {
  std::size_t i = 0;
  while (i < kYearFlows.size() && kYearFlows[i].name != name) ++i;
  return i;
}

/// Counts of people entering and leaving during one year, by zone and by school,
/// and the tallies of the workforce policies (EDUSIM_YEAR_FLOWS).
struct YearFlows {
#define EDUSIM_FLOW_FIELD(name, type, units, description) type name = 0;
  EDUSIM_YEAR_FLOWS(EDUSIM_FLOW_FIELD)
#undef EDUSIM_FLOW_FIELD

  // Tallies that the metrics combine rather than copy.
  std::array<std::int64_t, kZones> hires{}, retirements{}, quits{};
  std::int64_t teachers_at_start = 0;
  std::array<std::int64_t, kZones> teachers_at_start_zone{};  ///< regular teachers, by zone
  std::int64_t students_at_start = 0;
  std::vector<std::int32_t> school_hires, school_retirements, school_quits;
  std::vector<std::int32_t> school_graduates;       ///< graduation record per school
  std::vector<double> school_graduate_achievement;  ///< sum over the school's graduates
  std::int64_t rotations_backbone =
      0;  ///< rotations of backbone teachers (district level or higher)
  std::vector<std::int32_t> school_rotations_out, school_rotations_in;
  std::vector<RotationEvent> rotation_events;  ///< rotation, shadow posts and transfers
  std::vector<std::int32_t> school_transfers_out, school_transfers_in;
  std::array<std::int64_t, kTitleGrades> promotions{};  ///< promotions into each grade
  std::vector<std::int32_t> school_contract_ends, school_vacancies;
  std::vector<ClosureEvent> closure_events;
  std::int64_t leader_rotations_ended = 0;
  std::vector<RotationEvent> leader_rotation_events;  ///< `teacher` holds the leader's id
  // Kindergartens (phase kindergartens) and their heads: kept apart from the school
  // tallies above, except leader_rotation_eligible and leader_rotations, which count the
  // cadres of every kind (校(园)长), kindergarten heads included.
  std::int64_t kindergarten_leavers = 0;   ///< children leaving 大班 for grade 1
  std::int64_t kindergarten_entrants = 0;  ///< children enrolled in 小班
  std::int64_t kindergarten_leaders_at_start = 0;
  std::int64_t kindergarten_leader_retirements = 0;
  std::int64_t kindergarten_leader_appointments = 0;  ///< new heads and deputies (any origin)
  std::int64_t kindergarten_leader_quits = 0;
  // Kindergarten teachers (World::kindergarten_teachers).
  std::int64_t kindergarten_teachers_at_start = 0;
  std::int64_t kindergarten_teacher_hires = 0;
  std::int64_t kindergarten_teacher_retirements = 0;
  std::int64_t kindergarten_teacher_quits = 0;
  std::int64_t kindergarten_teachers_to_leaders = 0;  ///< appointed head or deputy head
  std::int64_t kindergarten_teacher_promotions = 0;   ///< title promotions, all grades
  std::int64_t kindergarten_leader_rotation_eligible = 0;
  std::int64_t kindergarten_leader_rotations = 0;
  std::vector<RotationEvent> kindergarten_leader_rotation_events;  ///< from/to: kindergartens
  /// Shift of this year's grade-1 entry achievement by the primary's zone, from the teachers
  /// of the kindergartens its 大班 children left (district.kindergartens.entry_effect; all 0
  /// when the key is 0 or the district has no kindergartens).
  std::array<float, kZones> kindergarten_entry_shift{};
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
    school_transfers_out.assign(n_schools, 0);
    school_transfers_in.assign(n_schools, 0);
    school_contract_ends.assign(n_schools, 0);
    school_vacancies.assign(n_schools, 0);
  }
  static std::int64_t total(const std::array<std::int64_t, kZones>& a) {
    return a[0] + a[1] + a[2];
  }
};

}  // namespace edusim

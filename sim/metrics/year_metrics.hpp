#pragma once
// The metrics written every year. Each list below is the single declaration
// of a metric: its name (the HDF5 dataset), units and description. Adding a
// metric is one line here and one assignment in year_metrics.cpp; a yearly tally
// of a mechanism is one line in EDUSIM_YEAR_FLOWS and its place F(name) here.
#include <string>
#include <string_view>
#include <vector>

#include "model/schema.hpp"
#include "model/series.hpp"
#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

// X(name, units, description): a measured series; F(name): a yearly tally of
// EDUSIM_YEAR_FLOWS (model/year_context.hpp), declared there and copied unchanged.
#define EDUSIM_DISTRICT_METRICS(X, F)                                                             \
  X(students, "students", "students enrolled")                                                    \
  X(teachers, "teachers", "teachers in post")                                                     \
  X(schools_open, "schools", "schools open")                                                      \
  X(classes, "classes", "classes")                                                                \
  X(student_teacher_ratio, "students/teacher", "students per teacher")                            \
  X(achievement_mean, "SD", "mean achievement of all students")                                   \
  X(achievement_sd, "SD", "standard deviation of achievement")                                    \
  X(achievement_gap_top_bottom_quartile, "SD",                                                    \
    "mean achievement of the top quarter of schools minus the bottom quarter (ranked by school "  \
    "mean, student-weighted)")                                                                    \
  X(achievement_gap_urban_rural, "SD",                                                            \
    "mean achievement in urban schools minus rural schools (NaN if either has no students)")      \
  X(achievement_mean_primary, "SD", "mean achievement in primary schools")                        \
  X(achievement_mean_middle, "SD", "mean achievement in middle schools")                          \
  X(achievement_sd_primary, "SD", "SD of achievement in primary schools")                         \
  X(achievement_sd_middle, "SD", "SD of achievement in middle schools")                           \
  X(achievement_gap_top_bottom_quartile_primary, "SD", "top-bottom school quartile gap, primary") \
  X(achievement_gap_top_bottom_quartile_middle, "SD", "top-bottom school quartile gap, middle")   \
  X(achievement_gap_urban_rural_primary, "SD", "urban minus rural mean achievement, primary")     \
  X(achievement_gap_urban_rural_middle, "SD", "urban minus rural mean achievement, middle")       \
  X(achievement_gap_urban_town, "SD", "mean achievement in urban schools minus town schools")     \
  X(achievement_gap_town_rural, "SD", "mean achievement in town schools minus rural schools")     \
  X(achievement_gini, "1", "Gini coefficient of scale scores max(1, 500 + 100 a)")                \
  X(achievement_theil, "1", "Theil T index of scale scores")                                      \
  X(achievement_theil_between, "1", "between-school part of the Theil T index")                   \
  X(achievement_theil_within, "1", "within-school part of the Theil T index")                     \
  X(achievement_theil_l, "1", "Theil L index (mean log deviation) of scale scores")               \
  X(achievement_theil_l_between, "1", "between-school part of the Theil L index")                 \
  X(achievement_theil_l_within, "1", "within-school part of the Theil L index")                   \
  X(achievement_between_school_share, "1",                                                        \
    "between-school share of the variance of achievement (intra-class correlation)")              \
  X(ses_gradient_slope, "SD/SD", "slope of achievement on SES (OLS over all students)")           \
  X(ses_gradient_r2, "1", "share of the variance of achievement explained by SES")                \
  X(below_proficiency_share, "1", "share of students below metrics.proficiency_threshold")        \
  X(below_proficiency_share_urban, "1", "share below the threshold in urban schools")             \
  X(below_proficiency_share_town, "1", "share below the threshold in town schools")               \
  X(below_proficiency_share_rural, "1", "share below the threshold in rural schools")             \
  X(effectiveness_mean, "SD", "mean teacher effectiveness (value added per year)")                \
  X(effectiveness_school_cv, "1",                                                                 \
    "coefficient of variation across schools of the school mean of teacher effectiveness "        \
    "(schools with teachers, unweighted)")                                                        \
  X(effectiveness_gap_urban_rural, "SD",                                                          \
    "mean effectiveness of urban teachers minus rural teachers")                                  \
  X(backbone_share_school_cv, "1",                                                                \
    "CV across schools of the share of district-or-higher backbone teachers")                     \
  X(senior_title_share_school_cv, "1", "CV across schools of the share of senior titles")         \
  X(graduate_degree_share_school_cv, "1", "CV across schools of the share of graduate degrees")   \
  X(backbone_share_gap_urban_rural, "1",                                                          \
    "share of district-or-higher backbone teachers, urban minus rural")                           \
  X(morale_mean, "0..1", "mean teacher morale")                                                   \
  X(burnout_mean, "0..1", "mean teacher burnout")                                                 \
  X(salary_bill_base, "yuan/year",                                                                \
    "salaries at each teacher's own title grade (pay.title_salary)")                              \
  X(salary_bill_uplift, "yuan/year",                                                              \
    "extra pay of posts above the title (低职高聘): post salary minus title salary")              \
  X(allowance_cost, "yuan/year", "zone allowances and rotation allowances (pay)")                 \
  X(housing_cost, "yuan/year", "yearly cost of teacher housing units (housing.unit_cost)")        \
  X(salary_bill_total, "yuan/year", "salary bill: base + uplift + allowances + housing")          \
  F(facilities_investment)                                                                        \
  F(group_evaluation_reward)                                                                      \
  X(schools_weak, "schools", "open schools classed weak (school_strength)")                       \
  F(closures)                                                                                     \
  F(consolidation_students_moved)                                                                 \
  F(consolidation_teachers_moved)                                                                 \
  F(consolidation_overflow)                                                                       \
  F(consolidation_boarding)                                                                       \
  F(drift_moved)                                                                                  \
  F(drift_blocked)                                                                                \
  F(capacity_added)                                                                               \
  F(rotation_eligible)                                                                            \
  F(rotations)                                                                                    \
  X(rotation_share_of_eligible, "1", "rotations / rotation_eligible (national floor 0.10)")       \
  X(rotation_backbone_share, "1",                                                                 \
    "share of district-or-higher backbone teachers among the year's rotations (floor 0.20)")      \
  F(rotations_ended)                                                                              \
  X(teachers_away, "teachers", "teachers away from their home school on rotation")                \
  F(transfer_applicants)                                                                          \
  F(transfers)                                                                                    \
  F(transfers_rural_to_town_urban)                                                                \
  F(transfers_to_rural)                                                                           \
  X(transfer_share_to_rural, "1", "transfers_to_rural / transfers (NaN without transfers)")       \
  X(uplift_holders, "teachers", "teachers in a post one grade above their title (低职高聘)")      \
  X(uplift_share, "1", "uplift holders / regular teachers")                                       \
  X(promotions_second, "teachers", "promotions into the second grade (二级)")                     \
  X(promotions_first, "teachers", "promotions into the first grade (一级)")                       \
  X(promotions_senior, "teachers", "promotions into the senior grade (高级)")                     \
  X(promotions_professor, "teachers", "promotions into the professor grade (正高级)")             \
  F(backbone_recognitions)                                                                        \
  X(hires, "teachers", "regular teachers hired during the year")                                  \
  F(hires_weak_rural)                                                                             \
  F(interns_hired)                                                                                \
  F(substitutes_hired)                                                                            \
  F(contract_ends)                                                                                \
  F(vacancies_unfilled)                                                                           \
  F(mentees)                                                                                      \
  X(leaders, "leaders", "school leaders: principals and vice-principals")                         \
  X(principal_quality_school_sd, "SD",                                                            \
    "SD across open schools of the quality of the principal serving there")                       \
  X(principal_quality_gap_urban_rural, "SD",                                                      \
    "mean principal quality of urban schools minus rural schools")                                \
  F(teachers_to_leaders)                                                                          \
  F(leader_retirements)                                                                           \
  F(leader_posts_filled)                                                                          \
  F(leader_rotation_eligible)                                                                     \
  F(leader_rotations)                                                                             \
  X(leader_rotation_share_of_eligible, "1", "leader_rotations / leader_rotation_eligible")        \
  F(part_time_teachers)                                                                           \
  F(guidance_teachers)                                                                            \
  F(shadow_posts)                                                                                 \
  F(training_places)                                                                              \
  F(training_cost)                                                                                \
  X(retirements, "teachers", "teachers retired during the year")                                  \
  X(quits, "teachers", "teachers who quit during the year")                                       \
  X(turnover_rate, "1/year", "(retirements + quits) / teachers at the start of the year")         \
  X(quit_rate, "1/year", "quits / teachers at the start of the year")                             \
  X(transfer_rate, "1/year",                                                                      \
    "transfers / teachers at the start of the year (NCES's movers; leavers are turnover_rate)")   \
  X(quit_rate_urban, "1/year", "quits / teachers at the start of the year, urban schools")        \
  X(quit_rate_town, "1/year", "quits / teachers at the start of the year, town schools")          \
  X(quit_rate_rural, "1/year", "quits / teachers at the start of the year, rural schools")        \
  X(turnover_rate_urban, "1/year", "(retirements + quits) / teachers at start, urban schools")    \
  X(turnover_rate_town, "1/year", "(retirements + quits) / teachers at start, town schools")      \
  X(turnover_rate_rural, "1/year", "(retirements + quits) / teachers at start, rural schools")    \
  X(morale_mean_urban, "0..1", "mean morale of teachers in urban schools")                        \
  X(morale_mean_town, "0..1", "mean morale of teachers in town schools")                          \
  X(morale_mean_rural, "0..1", "mean morale of teachers in rural schools")                        \
  X(burnout_mean_urban, "0..1", "mean burnout of teachers in urban schools")                      \
  X(burnout_mean_town, "0..1", "mean burnout of teachers in town schools")                        \
  X(burnout_mean_rural, "0..1", "mean burnout of teachers in rural schools")                      \
  F(entrants)                                                                                     \
  F(graduates)                                                                                    \
  F(left_district)                                                                                \
  F(choice_applicants)                                                                            \
  F(choice_admitted)

#define EDUSIM_SCHOOL_METRICS(X)                                                            \
  X(students, "students", "students enrolled")                                              \
  X(teachers, "teachers", "teachers teaching at the school")                                \
  X(classes, "classes", "classes")                                                          \
  X(achievement_mean, "SD", "mean achievement")                                             \
  X(achievement_sd, "SD", "standard deviation of achievement")                              \
  X(ses_mean, "SD", "mean SES of students")                                                 \
  X(effectiveness_mean, "SD", "mean effectiveness of the school's teachers")                \
  X(backbone_share, "1", "share of teachers with a backbone level of district or higher")   \
  X(senior_title_share, "1", "share of teachers with a senior (高级) or higher title")      \
  X(graduate_degree_share, "1", "share of teachers with a graduate degree")                 \
  X(morale_mean, "0..1", "mean teacher morale")                                             \
  X(burnout_mean, "0..1", "mean teacher burnout")                                           \
  X(strength, "-1/0/1", "school strength class: -1 weak, 0 ordinary, 1 strong")             \
  X(uplift_holders, "teachers", "teachers in a post one grade above their title")           \
  X(teachers_visiting, "teachers", "teachers here on rotation from another school")         \
  X(rotations_out, "teachers", "teachers of this school sent on rotation this year")        \
  X(rotations_in, "teachers", "teachers who arrived on rotation this year")                 \
  X(transfers_out, "teachers", "teachers of this school who transferred away this year")    \
  X(transfers_in, "teachers", "teachers who transferred to this school this year")          \
  X(interns, "teachers", "interns and substitutes teaching here")                           \
  X(vacancies, "posts", "posts below the staffing norm vacant after hiring")                \
  X(principal_quality, "SD", "quality of the principal serving at the school (NaN none)")   \
  X(part_time_sent, "teacher shares", "load shares this school's teachers teach elsewhere") \
  X(part_time_received, "teacher shares", "load shares taught here by other schools'")      \
  X(guidance_sent, "teacher shares", "time shares this school's teachers guide elsewhere")  \
  X(guidance_received, "teacher shares", "guiding time received from other schools")        \
  X(hires, "teachers", "regular teachers hired during the year")                            \
  X(retirements, "teachers", "teachers retired during the year")                            \
  X(quits, "teachers", "teachers who quit during the year")                                 \
  X(graduates, "students", "grade-9 students who graduated during the year")                \
  X(graduate_achievement_mean, "SD",                                                        \
    "mean achievement of the year's graduates at graduation (NaN if none)")

#define EDUSIM_ENUM_ENTRY(name, units, description) name,
#define EDUSIM_FLOW_ENUM_ENTRY(name) name,
enum class DistrictMetric : int {
  EDUSIM_DISTRICT_METRICS(EDUSIM_ENUM_ENTRY, EDUSIM_FLOW_ENUM_ENTRY) Count
};
enum class SchoolMetric : int { EDUSIM_SCHOOL_METRICS(EDUSIM_ENUM_ENTRY) Count };
#undef EDUSIM_ENUM_ENTRY

// Every F(name) names a flow, and every flow is placed once (the enum rejects repeats).
#define EDUSIM_IGNORE_ENTRY(name, units, description)
#define EDUSIM_FLOW_CHECK(name) \
  static_assert(flow_index(#name) < kYearFlows.size(), #name " is not in EDUSIM_YEAR_FLOWS");
EDUSIM_DISTRICT_METRICS(EDUSIM_IGNORE_ENTRY, EDUSIM_FLOW_CHECK)
#define EDUSIM_FLOW_COUNT(name) +1
static_assert(0 EDUSIM_DISTRICT_METRICS(EDUSIM_IGNORE_ENTRY, EDUSIM_FLOW_COUNT) ==
                  kYearFlows.size(),
              "every entry of EDUSIM_YEAR_FLOWS needs its F(name) in EDUSIM_DISTRICT_METRICS");
#undef EDUSIM_FLOW_COUNT
#undef EDUSIM_FLOW_CHECK
#undef EDUSIM_IGNORE_ENTRY
#undef EDUSIM_FLOW_ENUM_ENTRY

inline constexpr int kDistrictMetrics = static_cast<int>(DistrictMetric::Count);
inline constexpr int kSchoolMetrics = static_cast<int>(SchoolMetric::Count);

std::vector<SeriesDef> district_series();
std::vector<SeriesDef> school_series();

/// The markdown table (dataset, units, description) of a list of series: the
/// tables of docs/output-schema.md (`edusim schema --outputs`).
std::string series_reference_markdown(const std::vector<SeriesDef>& series);

/// The generated tables of docs/output-schema.md, district, schools, then the columns of
/// custom outputs, each preceded by its marker line `<!-- generated: district metrics -->`
/// (school metrics, custom output columns).
std::string output_reference_markdown();

/// Parameters of the measurement itself (not of the model).
struct MetricsParams {
  double proficiency_threshold = -1.0;  ///< achievement below which a student is "not proficient"

  void visit(schema::Visitor& v);
};

struct YearMetrics {
  std::vector<double> district;  ///< [kDistrictMetrics]
  std::vector<double> school;    ///< [kSchoolMetrics * n_schools], metric-major

  double& operator[](DistrictMetric m) { return district[static_cast<std::size_t>(m)]; }
  double operator[](DistrictMetric m) const { return district[static_cast<std::size_t>(m)]; }
  double& at(SchoolMetric m, std::size_t school, std::size_t n_schools) {
    return this->school[static_cast<std::size_t>(m) * n_schools + school];
  }
  double at(SchoolMetric m, std::size_t school, std::size_t n_schools) const {
    return this->school[static_cast<std::size_t>(m) * n_schools + school];
  }
};

/// Measures the world at the end of a year (flows are that year's tallies).
YearMetrics measure(const World& world, const YearFlows& flows, const MetricsParams& params = {});

/// `text` as a cell of a markdown table (every '|' escaped), for the generated docs.
std::string markdown_cell(std::string_view text);

/// Achievement on a positive scale for Gini and Theil: max(1, 500 + 100 a).
inline float scale_score(float achievement) {
  const float s = 500.0f + 100.0f * achievement;
  return s > 1.0f ? s : 1.0f;
}

}  // namespace edusim

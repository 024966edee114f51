#pragma once
// What the district generator builds: schools by type, students, teachers.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.hpp"
#include "model/param_types.hpp"
#include "model/schema.hpp"

namespace edusim {

/// Facilities per student (or per 100 students), the quantities the national
/// balance standard measures. Defaults sit a little above the 2017 thresholds.
struct FacilitiesSpec {
  double floor_area_per_student = 6.0;          ///< m2; threshold primary 4.5, middle 5.8
  double sports_area_per_student = 10.0;        ///< m2; threshold 7.5 / 10.2
  double equipment_value_per_student = 2600.0;  ///< yuan; threshold 2000 / 2500
  double multimedia_classrooms_per_100 = 2.6;   ///< threshold 2.3 / 2.4
  double variation = 0.15;  ///< relative SD of each facility across schools of the type

  void visit(schema::Visitor& v);
};

/// A set of similar schools: `count` schools of one level and zone.
struct SchoolTypeSpec {
  std::string name = "";  ///< prefix of generated school names
  Level level = Level::Primary;
  Zone zone = Zone::Urban;
  std::int32_t count = 1;
  TruncatedNormal students_per_grade{90, 20, 10, 600};
  std::int32_t max_class_size = 45;
  double effectiveness_shift = 0.0;  ///< strong (+) or weak (-) schools' teachers
  double ses_shift = 0.0;            ///< intake SES relative to the zone mean
  double capacity_margin = 0.15;     ///< places above the start enrolment
  FacilitiesSpec facilities;

  void visit(schema::Visitor& v);
};

struct StudentSpec {
  ZoneValues ses_mean{0.4, 0.0, -0.5};
  double ses_sd = 0.85;
  double school_ses_sd = 0.0;     ///< residential sorting: SD of schools' SES means in a zone
  double entry_ses_slope = 0.35;  ///< achievement gap by SES at school entry
  double entry_sd = 0.9;          ///< SD of entry achievement not explained by SES

  void visit(schema::Visitor& v);
};

/// How the generator draws teachers' ages: stationary (the age mix the model's own
/// careers settle to: entry at entry_age, the base quit hazards of the school's zone,
/// retirement at demography.retirement_age) or normal (the truncated normal `age`).
enum class AgeDistribution : std::uint8_t { Stationary = 0, Normal = 1 };
inline constexpr std::array<std::string_view, 2> kAgeDistributionNames{"stationary", "normal"};
inline std::span<const std::string_view> enum_names(const AgeDistribution*) {
  return kAgeDistributionNames;
}

struct TeacherSpec {
  LevelValues student_teacher_ratio{19.0, 13.5};
  /// Village schools staffed by classes as well as pupils (班师比); 0: by pupils alone.
  LevelValues rural_teachers_per_class{0.0, 0.0};
  LevelValues female_share{0.733, 0.608};  ///< MoE 2022 (district_spec.cpp)
  /// Stationary start: women past retirement_age_women are there if senior (this share).
  double older_women_senior_share = 0.4;
  AgeDistribution age_distribution = AgeDistribution::Stationary;
  TruncatedNormal age{40, 9, 22, 59};
  std::int32_t entry_age = 22;
  TruncatedNormal talent{0.32, 0.15, -0.2, 1.0};  ///< effectiveness of a novice
  double school_effect_sd = 0.03;                 ///< spread of school means of teacher talent
  std::array<double, kTitleGrades> title_shares{0.08, 0.32, 0.42, 0.17, 0.01};
  /// Highest degrees at the start: primary schools (and middle schools of a scenario that
  /// sets degree_shares but not middle_degree_shares), and middle schools.
  std::array<double, kDegrees> degree_shares{0.04, 0.215, 0.725, 0.02};
  std::array<double, kDegrees> middle_degree_shares{0.0, 0.083, 0.877, 0.04};
  std::array<double, kBackboneLevels> backbone_shares{0.69, 0.15, 0.12, 0.04};
  double pe_art_share = 0.142;  ///< MoE 2021 counts (district_spec.cpp)
  double initial_morale = 0.6;

  /// Whether a teacher of `level` is a woman, for a uniform draw u (generation, hiring).
  bool is_female_draw(Level level, double u) const { return u < female_share[index(level)]; }

  const std::array<double, kDegrees>& degree_shares_of(Level level) const {
    return level == Level::Middle ? middle_degree_shares : degree_shares;
  }

  void visit(schema::Visitor& v);
};

/// A set of similar kindergartens: `count` kindergartens of one zone, public or private.
struct KindergartenTypeSpec {
  std::string name = "";  ///< prefix of generated names (default: kindergarten-zone)
  Zone zone = Zone::Urban;
  bool is_private = false;
  std::int32_t count = 1;
  double size_sd = 0.3;  ///< log-SD of the kindergartens' shares of their zone's children

  void visit(schema::Visitor& v);
};

/// Kindergarten teachers (幼儿园专任教师) as agents: careers on the schools' title ladder
/// (since 人社部发〔2015〕79号), with their own entry and retirement ages, quits and posts.
struct KindergartenTeacherSpec {
  std::int32_t entry_age = 21;
  std::int32_t retirement_age = 55;  ///< teachers, heads and deputy heads
  double quit_rate_public = 0.02;    ///< yearly, teachers and leaders of public kindergartens
  double quit_rate_private = 0.12;   ///< yearly, of private kindergartens
  /// Maximum share of a kindergarten's teachers at each grade above 三级 (index = grade).
  std::array<double, kTitleGrades> post_shares{1.0, 0.40, 0.35, 0.10, 0.005};
  double private_pay_ratio = 0.6;  ///< private pay per yuan of the public scale

  void visit(schema::Visitor& v);
};

/// The kindergarten level (幼儿园): generated from `types` (default none, so no
/// kindergartens), enrolled by an attendance rate of the zone's children, staffed by class
/// norms. Children of ages 3-5 in a zone are counted as the zone's primary entry cohort.
struct KindergartenSpec {
  std::vector<KindergartenTypeSpec> types;
  ZoneValues attendance_rate{0.911, 0.911, 0.911};
  std::array<double, kYearGroups> max_class_size{25, 30, 35};
  double teachers_per_class = 2.0;
  double care_staff_per_class = 1.0;
  std::int32_t one_deputy_from_classes = 6;  ///< fewer classes: the head alone
  std::int32_t two_deputies_from_classes = 10;
  double private_effectiveness_shift = 0.0;  ///< private kindergartens' teachers, SD
  double entry_effect = 0.0;  ///< entry achievement per SD of kindergarten teachers (0: off)
  KindergartenTeacherSpec teachers;

  void visit(schema::Visitor& v);
};

/// A real district's tables (paths relative to the scenario file).
struct DataSource {
  std::string schools;
  std::string teachers;
  std::string enrolment;
  std::string kindergartens;  ///< optional kindergartens table
  bool keep_names = false;    ///< write the tables' school names to outputs

  bool given() const { return !schools.empty(); }
  void visit(schema::Visitor& v);
};

/// Where the district comes from: exactly one of the generator (`schools`),
/// tables (`from_data`) or a snapshot of an earlier run (`from_snapshot`).
struct DistrictSpec {
  std::string name = "synthetic district";
  double radius_km = 40.0;
  std::vector<SchoolTypeSpec> schools;
  DataSource from_data;
  std::string from_snapshot;
  std::int32_t snapshot_year = 0;  ///< calendar year of the snapshot; 0: the only one
  StudentSpec students;
  TeacherSpec teachers;
  KindergartenSpec kindergartens;

  void visit(schema::Visitor& v);
};

}  // namespace edusim

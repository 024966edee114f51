#pragma once
// A scenario: what to simulate. Plain structs with every default resolved;
// each section belongs to one mechanism and is declared next to it.
#include <cstdint>
#include <memory>
#include <string>

#include "metrics/balance.hpp"
#include "metrics/custom_outputs.hpp"
#include "metrics/year_metrics.hpp"
#include "model/district_spec.hpp"
#include "model/schema.hpp"
#include "model/structure_spec.hpp"
#include "model/year_context.hpp"
#include "phases/backbone_recognition.hpp"
#include "phases/consolidation.hpp"
#include "phases/demography.hpp"
#include "phases/drift.hpp"
#include "phases/facilities_investment.hpp"
#include "phases/group_evaluation.hpp"
#include "phases/group_spillover.hpp"
#include "phases/growth.hpp"
#include "phases/hiring.hpp"
#include "phases/kindergarten_teachers.hpp"
#include "phases/leader_rotation.hpp"
#include "phases/leaders.hpp"
#include "phases/learning.hpp"
#include "phases/low_title_high_hire.hpp"
#include "phases/mentoring.hpp"
#include "phases/morale.hpp"
#include "phases/online_classroom.hpp"
#include "phases/part_time_exchange.hpp"
#include "phases/progression.hpp"
#include "phases/promotion.hpp"
#include "phases/rotation.hpp"
#include "phases/school_choice.hpp"
#include "phases/school_strength.hpp"
#include "phases/shadow_posts.hpp"
#include "phases/subject_guidance.hpp"
#include "phases/training.hpp"
#include "phases/transfers.hpp"

namespace edusim {

struct RunParams {
  std::int32_t years = 10;
  std::int64_t seed = 1;
  /// The generated district's seed (schools, teachers, students, groups, leaders); -1: the
  /// same as `seed`. Separate so that a comparison can keep the district and redraw the
  /// years, or the reverse.
  std::int64_t world_seed = -1;
  std::int32_t start_year = 2024;
  std::int64_t run_index = 0;
  /// Years stepped under the no-policy rules (spin_up_rules) before the first recorded
  /// year, so that the run starts in the model's own statistical equilibrium.
  std::int32_t spin_up_years = 40;

  void visit(schema::Visitor& v);
};

struct Scenario {
  RunParams run;
  DistrictSpec district;
  StructureSpec structure;
  EnrolmentParams enrolment;
  DemographyParams demography;
  StrengthParams strength;
  ConsolidationParams consolidation;
  DriftParams drift;
  SchoolChoiceParams school_choice;
  LeaderParams leaders;
  ShadowParams shadow_posts;
  RotationParams rotation;
  LeaderRotationParams leader_rotation;
  TransferParams transfers;
  PartTimeParams part_time_exchange;
  TrainingParams training;
  GuidanceParams subject_guidance;
  HiringParams hiring;
  PromotionParams promotion;
  BackboneParams backbone;
  LowTitleHighHireParams low_title_high_hire;
  MentoringParams mentoring;
  SpilloverParams group_spillover;
  OnlineClassroomParams online_classroom;
  GrowthParams growth;
  LearningParams learning;
  MoraleParams morale;
  PayParams pay;
  HousingParams housing;
  InvestmentParams facilities_investment;
  GroupEvaluationParams group_evaluation;
  BalanceStandardParams balance_standard;
  MetricsParams metrics;
  /// Yearly aggregates defined by the researcher, written under /custom.
  std::vector<CustomOutput> outputs;

  /// Not a key: directory of the scenario file, against which the paths of
  /// district.from_data and district.from_snapshot are resolved.
  std::string base_dir = ".";
  /// Not a key: the file the scenario was read from (for messages).
  std::string file = "scenario";
  /// Not a key: where each key was written (for checks after loading, such as
  /// school names, to give the line); null when not read from a document.
  std::shared_ptr<const schema::SourceMap> sources;
  /// Not a key: whether the file wrote run.seed / run.run_index (a restart
  /// from a snapshot takes the snapshot's values otherwise).
  bool seed_given = false;
  bool run_index_given = false;

  void visit(schema::Visitor& v);
};

/// The calendar year of simulated year `ctx.year` (1 = the first).
inline std::int32_t calendar_year(const Scenario& s, const YearContext& ctx) {
  return s.run.start_year + static_cast<std::int32_t>(ctx.year);
}

/// The calendar year of the run's first row (its world before the first simulated year):
/// run.start_year, or the year of the snapshot a restart continues from.
inline std::int32_t first_calendar_year(const Scenario& s) {
  return s.district.from_snapshot.empty() ? s.run.start_year : s.district.snapshot_year;
}

/// The random-stream context of simulated year `year` (the dynamics' seed, run.seed).
inline YearContext year_context(const Scenario& s, std::uint32_t year) {
  return YearContext{static_cast<std::uint64_t>(s.run.seed),
                     static_cast<std::uint32_t>(s.run.run_index), year};
}

/// The seed of the generated district: run.world_seed, or run.seed when it is not given.
inline std::uint64_t world_seed(const Scenario& s) {
  return static_cast<std::uint64_t>(s.run.world_seed >= 0 ? s.run.world_seed : s.run.seed);
}

/// The random-stream context of the generated district (year 0, the world's seed).
inline YearContext world_context(const Scenario& s) {
  return YearContext{world_seed(s), static_cast<std::uint32_t>(s.run.run_index), 0};
}

/// The rules the kindergarten teachers' careers read from the scenario (references into s).
inline KindergartenCareerRules kindergarten_rules(const Scenario& s) {
  return {s.district.kindergartens, s.district.teachers.talent, s.growth, s.promotion,
          s.hiring.enabled && s.hiring.include_kindergartens};
}

}  // namespace edusim

#pragma once
// School leaders (校级干部): one principal and a few vice-principals per open
// school. Leadership quality is latent, in student-achievement SD units (the
// principal value-added scale of Branch, Hanushek & Rivkin 2012); it acts on
// the school through its teachers (growth, morale, quit hazard) and, weakly,
// directly on students. Every effect uses quality relative to the district mean
// of serving principals, so a district of average leaders is neutral.
//
// This file holds the parameters, the generation of the initial leaders, the
// yearly leader demography with vacancy filling, and the per-school leadership
// vector the other phases read.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "model/param_types.hpp"
#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

inline constexpr int kLeaderRanks = 4;

struct LeaderParams {
  bool enabled = true;
  // Posts.
  std::int32_t students_per_vice_principal = 600;  ///< one vice-principal per this many students
  std::int32_t min_vice_principals = 1;
  std::int32_t max_vice_principals = 3;
  // Quality (student SD per year).
  double quality_mean = 0.0;
  double quality_sd = 0.05;
  ZoneValues quality_zone_shift{0.0, 0.0, 0.0};
  double promotion_link =
      0.25;  ///< quality per unit of the promoted teacher's relative effectiveness
  // Rank (Qiaodong rating 骨干/专家/功勋校长) and its allowance.
  std::array<double, kLeaderRanks> rank_shares{0.70, 0.20, 0.08, 0.02};
  std::array<double, kLeaderRanks> rank_allowance{0, 3000, 6000, 10000};  ///< yuan/year
  // Demography.
  std::int32_t retirement_age = 60;
  std::int32_t min_age = 40, max_age = 58;     ///< ages of the generated leaders
  std::int32_t max_years_in_post = 40;         ///< generated leaders' years at the school, at most
  std::int32_t promotion_min_experience = 10;  ///< for a teacher who is not district backbone
  // Effects, per unit of quality above the district mean (student SD).
  double growth_effect = 2.0;    ///< relative change of teachers' yearly growth
  double morale_effect = 0.6;    ///< target morale
  double quit_effect = 4.0;      ///< log quit hazard (lowered)
  double learning_effect = 0.2;  ///< share passed directly to every student each year

  void visit(schema::Visitor& v);
};

/// Vice-principal posts of a school with `students` students.
std::int32_t vice_principal_posts(const LeaderParams& p, std::int32_t students);

/// Yearly allowance of a rank, yuan.
double rank_allowance(const LeaderParams& p, LeaderRank rank);

/// Appends one leader of table `l` serving at its home post `post` (a school, or a
/// kindergarten in World::kindergarten_leaders), with the next id; returns its index.
std::size_t add_leader(Leaders& l, std::uint32_t& next_id, std::int32_t post, LeaderRole role);

/// Draws age, experience, years in post, rank and quality of generated leader k (the draws
/// are keyed by its id), serving in a post of `zone`.
void draw_generated_leader(Leaders& l, std::size_t k, const LeaderParams& p, const RandomStream& r,
                           Zone zone);

/// Quality of a leader appointed in `zone`: from outside (no teacher record) with
/// relative_effectiveness 0, else promoted from a teacher that far above its peers' mean.
float appointed_quality(const LeaderParams& p, const RandomStream& r, std::uint32_t id, Zone zone,
                        double relative_effectiveness = 0.0);

/// A year older, more experienced and longer in post; those at `retirement_age` leave
/// the table. Returns how many left.
std::int64_t age_and_retire(Leaders& l, std::int32_t retirement_age);

/// Keeps the leaders for which keep[i] is true, preserving order.
void compact_leaders(Leaders& l, const std::vector<std::uint8_t>& keep);

/// Creates the principal and vice-principals of every open school, unless the
/// world already has leaders (a snapshot) or leaders are disabled.
void generate_leaders(World& world, const LeaderParams& params, const YearContext& ctx);

/// Leaders serving at a school that has closed leave the leader corps (counted
/// as leader retirements); a leader whose home school closed while away on
/// rotation stays where it serves. Call right after consolidation.
void release_leaders_of_closed_schools(World& world, YearFlows& flows);

/// The yearly phase: ageing, retirement, closed schools, then vacancies filled
/// (principal from the best vice-principal, else a teacher; vice-principals from
/// the school's teachers). Needs an up-to-date teacher index.
void leaders(World& world, const LeaderParams& params, const YearContext& ctx, YearFlows& flows);

/// Per school: quality of the principal serving there minus the district mean of
/// serving principals' quality; NaN where there is none.
std::vector<float> school_leadership(const World& world);

/// The phase `leadership`: stores school_leadership in Schools::leadership, once a year after
/// every phase that changes leaders (closures, the leaders phase, leader rotation), and at
/// the start of a simulation. Nothing else changes leaders before the next year's closures,
/// so the next year's teacher demography reads the same value.
void update_leadership(World& world);

/// The stored leadership (Schools::leadership) with NaN as 0, or all zeros when leaders are
/// disabled: the value the effects use. Throws std::logic_error if it was never stored.
std::vector<float> leadership_for_effects(const World& world, const LeaderParams& params);

/// Per school, SD per year to add to every student's achievement:
/// learning_effect * leadership (zeros when disabled).
std::vector<float> leadership_learning_effect(const World& world, const LeaderParams& params);

}  // namespace edusim

#pragma once
// Kindergarten teachers (幼儿园专任教师) as agents: generated at the start to the staffing
// norm, then every year older, more effective with experience (the schools' growth
// curve), leaving at district.kindergartens.teachers.retirement_age or by quits, replaced
// by novices up to the norm, and promoted on the schools' title ladder (one ladder since
// 人社部发〔2015〕79号) within their kindergarten's posts. A kindergarten's
// teacher_effectiveness is the mean of its teachers. All their draws use
// Stream::KindergartenTeachers keyed by their own ids, so a district without
// kindergartens draws exactly as before.
#include <cstdint>
#include <vector>

#include "model/district_spec.hpp"
#include "model/year_context.hpp"
#include "phases/growth.hpp"
#include "phases/pay.hpp"
#include "phases/promotion.hpp"
#include "world/world.hpp"

namespace edusim {

/// What the kindergarten teachers' careers read besides their own section.
struct KindergartenCareerRules {
  const KindergartenSpec& spec;
  const TruncatedNormal& talent;     ///< district.teachers.talent: novices' effectiveness
  const GrowthParams& growth;        ///< the experience curve
  const PromotionParams& promotion;  ///< min_years_in_grade; off: no promotions
  bool hiring = true;                ///< hiring.enabled and hiring.include_kindergartens
};

/// Appends a teacher of kindergarten k with the next id (its other columns zero); returns its
/// index.
std::size_t add_kindergarten_teacher(World& world, std::size_t k);

/// Indices of the teachers serving at each kindergarten, in table order.
std::vector<std::vector<std::size_t>> kindergarten_staff(const World& world);

/// Yearly quit rate of the staff (teachers and leaders) of kindergarten k.
double kindergarten_quit_rate(const KindergartenSpec& spec, const Kindergartens& kg, std::size_t k);

/// Creates the teachers of every open kindergarten that has none yet (kindergartens.teachers
/// of them; a kindergarten whose teachers the tables list keeps exactly those): ages from the
/// stationary mix of constant quits, effectiveness recentred on the kindergarten's
/// teacher_effectiveness (the centring becomes its talent_shift), titles by the posts as the
/// yearly promotion fills them.
void generate_kindergarten_teachers(World& world, const KindergartenCareerRules& rules,
                                    const YearContext& ctx);

/// Effectiveness of kindergarten teacher `id` after `experience` years, drawn as the generated
/// ones are: a novice's talent draw plus `shift`, plus the experience curve (for a teacher
/// listed in the tables without an effectiveness).
float kindergarten_teacher_talent(const KindergartenCareerRules& rules, const YearContext& ctx,
                                  std::uint32_t id, int experience, double shift);

/// A year older and more experienced; retirements and quits leave the table.
void age_and_leave_kindergarten_teachers(World& world, const KindergartenCareerRules& rules,
                                         const YearContext& ctx, YearFlows& flows);

/// Novices until every open kindergarten has kindergartens.teachers[k] (the norm) teachers;
/// then kindergartens.teachers counts those serving (a surplus stays: no dismissals).
void hire_kindergarten_teachers(World& world, const KindergartenCareerRules& rules,
                                const YearContext& ctx, YearFlows& flows);

/// Fills each kindergarten's vacant title posts, top grade first, with its best teachers of
/// the grade below who have served promotion.min_years_in_grade there.
void promote_kindergarten_teachers(World& world, const KindergartenCareerRules& rules,
                                   YearFlows& flows);

/// Sets each kindergarten's teacher_effectiveness to its teachers' mean (kept where none).
void update_kindergarten_effectiveness(World& world);

/// Adds `gain[k]` to the effectiveness of every teacher of kindergarten k (to the mean of a
/// kindergarten without teachers), then updates the means.
void add_kindergarten_gain(World& world, const std::vector<double>& gain);

/// Pay of kindergarten teacher i this year: the title salary of the schools' scale, times
/// private_pay_ratio in a private kindergarten.
double kindergarten_teacher_pay(const World& world, const KindergartenSpec& spec,
                                const PayParams& pay, std::size_t i);

/// Removes the teachers marked in `taken` (appointed leaders); counts them. The
/// kindergartens' counts follow at the next hiring.
void remove_kindergarten_teachers(World& world, const std::vector<std::uint8_t>& taken,
                                  YearFlows& flows);

}  // namespace edusim

#pragma once
// Professional growth: effectiveness rises with experience along a concave
// curve (steep in the first years) and is slowed by burnout.
#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "phases/leaders.hpp"
#include "world/world.hpp"

namespace edusim {

struct GrowthParams {
  bool enabled = true;
  double experience_gain = 0.10;        ///< lifetime gain from experience, SD
  double experience_scale_years = 7.2;  ///< e-folding time: half the gain in the first 5 years
  double burnout_penalty = 0.5;         ///< share of the year's gain lost at burnout 1
  double noise_sd = 0.0;                ///< yearly idiosyncratic change, SD

  void visit(schema::Visitor& v);
};

/// Cumulative gain after `years` of experience: gain * (1 - exp(-years / scale)).
double experience_gain(const GrowthParams& p, double years);

/// Without school leaders (as with leaders.enabled false).
void growth(World& world, const GrowthParams& params, const YearContext& ctx);

/// With school leaders: a teacher's yearly gain from experience is multiplied by
/// max(0, 1 + leaders.growth_effect * leadership of the school it teaches at).
void growth(World& world, const GrowthParams& params, const LeaderParams& leaders,
            const YearContext& ctx);

}  // namespace edusim

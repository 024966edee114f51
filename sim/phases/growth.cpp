#include "phases/growth.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace edusim {

void GrowthParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled, {"apply professional growth every year"});
  // The experience curve is read with growth off too: the generated teachers'
  // effectiveness includes their experience (world/generator.cpp, drawn_effectiveness).
  v.field("experience_gain", experience_gain,
          {0,
           2,
           {"lifetime gain in effectiveness from experience", "student SD",
            "Papay & Kraft 2015: novice gap 0.05-0.10 SD", schema::WhenOff::still_read}});
  v.field("experience_scale_years", experience_scale_years,
          {0.1,
           100,
           {"e-folding time of the experience curve", "years",
            "7.2 puts half the lifetime gain in years 1-5 (Papay & Kraft 2015)",
            schema::WhenOff::still_read}});
  // Read with growth off too: mentoring's gains lose the same share (phases/mentoring.cpp).
  v.field("burnout_penalty", burnout_penalty,
          {0,
           1,
           {"share of a year's growth lost at full burnout", "1", "assumption",
            schema::WhenOff::still_read}});
  v.field("noise_sd", noise_sd,
          {0,
           1,
           {"SD of a yearly idiosyncratic change", "student SD",
            "assumption: none by default (year-to-year changes come from experience, "
            "training, mentoring and burnout)"}});
}

double experience_gain(const GrowthParams& p, double years) {
  return p.experience_gain * (1.0 - std::exp(-years / p.experience_scale_years));
}

void growth(World& world, const GrowthParams& params, const YearContext& ctx) {
  LeaderParams none;
  none.enabled = false;
  growth(world, params, none, ctx);
}

void growth(World& world, const GrowthParams& params, const LeaderParams& leaders,
            const YearContext& ctx) {
  if (!params.enabled) return;
  // Empty without leaders: the gain is then left exactly as it was.
  const std::vector<float> leadership =
      leaders.enabled ? leadership_for_effects(world, leaders) : std::vector<float>{};
  Teachers& t = world.teachers;
  const RandomStream stream = ctx.stream(Stream::Growth);
  // The year's experience gain by whole years of experience, looked up instead of two
  // exponentials a teacher (the same values: experience is a whole number).
  std::array<double, 64> step{};
  for (std::size_t x = 1; x < step.size(); ++x)
    step[x] = experience_gain(params, static_cast<double>(x)) -
              experience_gain(params, static_cast<double>(x) - 1);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, t.size()), [&](const auto& range) {
    for (std::size_t i = range.begin(); i != range.end(); ++i) {
      const double x = t.experience[i];
      if (x < 1) continue;  // a new hire grows after a year of teaching
      const double gain = x < static_cast<double>(step.size())
                              ? step[static_cast<std::size_t>(t.experience[i])]
                              : experience_gain(params, x) - experience_gain(params, x - 1);
      double delta = gain * (1.0 - params.burnout_penalty * t.burnout[i]);
      if (!leadership.empty())
        delta *= std::max(
            0.0, 1.0 + leaders.growth_effect * leadership[static_cast<std::size_t>(t.school[i])]);
      if (params.noise_sd > 0) delta += params.noise_sd * stream.normal(t.id[i]);
      t.effectiveness[i] += static_cast<float>(delta);
    }
  });
}

}  // namespace edusim

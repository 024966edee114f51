#include "phases/school_strength.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace edusim {

void StrengthParams::visit(schema::Visitor& v) {
  v.field("weak_share", weak_share,
          {0,
           1,
           {"share of the schools of a level classed weak (薄弱校), by the mean effectiveness of "
            "their teachers",
            "1", "assumption: the bottom quarter"}});
  v.field("strong_share", strong_share,
          {0,
           1,
           {"share of the schools of a level classed strong", "1", "assumption: the top quarter"}});
}

std::vector<double> school_mean_effectiveness(const World& w) {
  std::vector<double> mean(w.schools.size(), std::numeric_limits<double>::quiet_NaN());
  // Per school in parallel: each sum runs over its own teachers in index order.
  tbb::parallel_for(std::size_t{0}, w.schools.size(), [&](std::size_t s) {
    const auto b = w.school_teacher_begin[s], e = w.school_teacher_begin[s + 1];
    if (b == e) return;
    double sum = 0;
    for (auto k = b; k < e; ++k)
      sum += w.teachers.effectiveness[static_cast<std::size_t>(
          w.teachers_by_school[static_cast<std::size_t>(k)])];
    mean[s] = sum / (e - b);
  });
  return mean;
}

void school_strength(World& w, const StrengthParams& p, const YearContext&) {
  const std::vector<double> mean = school_mean_effectiveness(w);
  std::fill(w.schools.strength.begin(), w.schools.strength.end(), Strength::Ordinary);
  // The levels in parallel: each ranks and classes only its own schools.
  tbb::parallel_for(0, kLevels, [&](int l) {
    std::vector<std::size_t> ranked;
    for (std::size_t s = 0; s < w.schools.size(); ++s)
      if (index(w.schools.level[s]) == l && w.schools.open[s] && !std::isnan(mean[s]))
        ranked.push_back(s);
    std::stable_sort(ranked.begin(), ranked.end(),
                     [&](std::size_t a, std::size_t b) { return mean[a] < mean[b]; });
    const auto n = static_cast<double>(ranked.size());
    const auto weak = static_cast<std::size_t>(std::lround(p.weak_share * n));
    const auto strong =
        std::min(ranked.size() - weak, static_cast<std::size_t>(std::lround(p.strong_share * n)));
    for (std::size_t k = 0; k < weak; ++k) w.schools.strength[ranked[k]] = Strength::Weak;
    for (std::size_t k = ranked.size() - strong; k < ranked.size(); ++k)
      w.schools.strength[ranked[k]] = Strength::Strong;
  });
}

}  // namespace edusim

#include "metrics/basic_balance.hpp"

#include "metrics/inequality.hpp"
#include "model/balance_standard.hpp"

namespace edusim {

namespace {

/// The weighted CV, 0 when every school has the same value: a level where no teacher
/// holds a 中级 post has no spread in that indicator, not an undefined one.
double basic_cv(const std::vector<double>& x, const std::vector<double>& weights) {
  for (const double v : x)
    if (v != x.front()) return weighted_cv(x, weights);
  return 0.0;
}

}  // namespace

std::array<double, kBasicIndicators> basic_school_indicators(const World& w,
                                                             const AssessedStaff& staff,
                                                             std::size_t s) {
  const Degree required = required_degree(w.schools.level[s]);
  double qualified = 0, intermediate = 0;
  for (const std::int32_t k : staff.of(s)) {
    const auto t = static_cast<std::size_t>(k);
    qualified += w.teachers.degree[t] >= required;
    // 专业技术职务 is the post held, so a teacher promoted under 低职高聘 counts by her post.
    intermediate += w.teachers.post_title[t] >= static_cast<std::int8_t>(TitleGrade::First);
  }
  const double n = w.school_students(s);
  return {w.schools.floor_area_m2[s] / n,
          w.schools.sports_area_m2[s] / n,
          w.schools.equipment_value_yuan[s] / n,
          100.0 * staff.count(s) / n,
          100 * qualified / n,
          100 * intermediate / n};
}

BasicBalance assess_basic_balance(const World& w, const AssessedStaff& staff,
                                  const std::vector<std::size_t>& assessed,
                                  const LevelValues& composite_limit) {
  std::array<std::array<std::vector<double>, kBasicIndicators>, kLevels> values;
  std::array<std::vector<double>, kLevels> weights;
  for (const std::size_t s : assessed) {
    const auto level = static_cast<std::size_t>(index(w.schools.level[s]));
    const auto x = basic_school_indicators(w, staff, s);
    for (std::size_t i = 0; i < kBasicIndicators; ++i) values[level][i].push_back(x[i]);
    weights[level].push_back(w.school_students(s));
  }
  BasicBalance b;
  for (std::size_t l = 0; l < kLevels; ++l) {
    b.cv[l].fill(kNaN);
    b.pass[l] = kNaN;
    if (weights[l].empty()) continue;
    double sum = 0;
    for (std::size_t i = 0; i < kBasicIndicators; ++i)
      sum += b.cv[l][i] = basic_cv(values[l][i], weights[l]);
    const double composite = sum / kBasicIndicators;
    b.cv[l][kBasicIndicators] = composite;
    b.pass[l] = composite <= composite_limit[l] ? 1.0 : 0.0;
  }
  return b;
}

}  // namespace edusim

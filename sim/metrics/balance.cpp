#include "metrics/balance.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "metrics/assessed_staff.hpp"
#include "metrics/inequality.hpp"

namespace edusim {

double assess_rotation(std::int64_t eligible, std::int64_t rotations, std::int64_t backbone,
                       const BalanceStandardParams& p) {
  if (eligible <= 0) return std::numeric_limits<double>::quiet_NaN();
  const double share = static_cast<double>(rotations) / static_cast<double>(eligible);
  const double backbone_share =
      rotations > 0 ? static_cast<double>(backbone) / static_cast<double>(rotations) : 0.0;
  return share >= p.rotation_min_share && backbone_share >= p.rotation_backbone_min_share ? 1.0
                                                                                          : 0.0;
}

namespace {

/// PE/art teaching received by each school from part-time teachers (兼课) of other
/// schools, in full-time-teacher units.
std::vector<double> part_time_received(const World& w) {
  std::vector<double> received(w.schools.size(), 0.0);
  const Teachers& t = w.teachers;
  for (std::size_t i = 0; i < t.size(); ++i)  // serial: fixed order of the sums
    if (t.part_time_school[i] >= 0 && t.subject[i] == Subject::PeArt)
      received[static_cast<std::size_t>(t.part_time_school[i])] += t.part_time_share[i];
  return received;
}

/// Per-school indicator values, in the order of the Indicator enum, with the teachers
/// `staff` assesses at s (balance_standard.rotating_teachers). A PE/art
/// teacher counts at its own school for the share of the load it keeps there
/// and at its part-time school for the share it teaches there.
std::array<double, kIndicators> school_indicators(const World& w, const AssessedStaff& staff,
                                                  std::size_t s, double pe_art_received) {
  const Degree required = required_degree(w.schools.level[s]);
  double qualified = 0, backbone = 0, pe_art = 0;
  for (const std::int32_t k : staff.of(s)) {
    const auto t = static_cast<std::size_t>(k);
    qualified += w.teachers.degree[t] >= required;
    backbone += district_backbone(w.teachers.backbone[t]);  // county (district) level or higher
    if (w.teachers.subject[t] == Subject::PeArt) pe_art += 1.0 - w.teachers.part_time_share[t];
  }
  pe_art += pe_art_received;
  const double n = w.school_students(s);
  return {100 * qualified / n,
          100 * backbone / n,
          100 * pe_art / n,
          w.schools.floor_area_m2[s] / n,
          w.schools.sports_area_m2[s] / n,
          w.schools.equipment_value_yuan[s] / n,
          100.0 * w.schools.multimedia_classrooms[s] / n};
}

/// Adds a school failing the per-school rule to its level's counts of the indicators it
/// misses (under the threshold) and misses badly (under shortfall_floor of it).
void count_misses(const std::array<double, kIndicators>& x, const BalanceStandardParams& p,
                  std::size_t level, BalanceAssessment& a) {
  for (std::size_t i = 0; i < kIndicators; ++i) {
    const double t = p.threshold[i][level];
    a.failing_below[level][i] += x[i] < t;
    a.failing_under_floor[level][i] += x[i] < p.shortfall_floor * t;
  }
}

}  // namespace

BalanceAssessment assess_balance(const World& w, const BalanceStandardParams& p) {
  const std::size_t n = w.schools.size();
  BalanceAssessment a;
  a.n_schools = n;
  a.indicator.assign(kIndicators * n, kNaN);
  a.indicators_met.assign(n, kNaN);
  a.school_passes.assign(n, kNaN);
  std::array<std::array<std::vector<double>, kIndicators>, kLevels> values;
  std::array<std::vector<double>, kLevels> weights;
  const std::vector<double> pe_art_received = part_time_received(w);
  const AssessedStaff staff(w, p.rotating_teachers);
  std::vector<std::size_t> assessed;
  for (std::size_t s = 0; s < n; ++s) {
    const int students = w.school_students(s);
    if (!w.schools.open[s] || students < std::max(1, p.min_students)) continue;
    assessed.push_back(s);
    const auto level = static_cast<std::size_t>(index(w.schools.level[s]));
    const auto x = school_indicators(w, staff, s, pe_art_received[s]);
    int met = 0, near = 0;
    for (std::size_t i = 0; i < kIndicators; ++i) {
      a.indicator[i * n + s] = x[i];
      values[level][i].push_back(x[i]);
      const double t = p.threshold[i][level];
      met += x[i] >= t;
      near += x[i] < t && x[i] >= p.shortfall_floor * t;
    }
    weights[level].push_back(students);
    a.indicators_met[s] = met;
    a.school_passes[s] = met >= p.indicators_to_meet && met + near == kIndicators;
    a.schools_assessed[level] += 1;
    a.schools_passing[level] += a.school_passes[s];
    if (a.school_passes[s] == 0) count_misses(x, p, level, a);
  }
  a.basic = assess_basic_balance(w, staff, assessed, p.basic_cv_limit);
  std::vector<std::string> reasons;
  a.quality_verdict = a.basic_verdict = 1;
  for (std::size_t l = 0; l < kLevels; ++l) {
    a.quality_pass[l] = kNaN;
    for (auto& cv : a.cv[l]) cv = kNaN;
    if (a.schools_assessed[l] == 0) continue;
    bool quality = a.schools_passing[l] == a.schools_assessed[l];
    if (!quality)
      reasons.push_back(fmt::format("{} of {} {} schools miss the per-school rule",
                                    a.schools_assessed[l] - a.schools_passing[l],
                                    a.schools_assessed[l], kLevelNames[l]));
    for (std::size_t i = 0; i < kIndicators; ++i) {
      // One school has no spread: the CV is 0 by the formula.
      a.cv[l][i] = weighted_cv(values[l][i], weights[l]);
      if (!(a.cv[l][i] <= p.cv_limit[l])) {
        quality = false;
        reasons.push_back(fmt::format("{} CV of {} is {:.3f} > {}", kLevelNames[l],
                                      kBalanceThresholds[i].name, a.cv[l][i], p.cv_limit[l]));
      }
    }
    a.quality_pass[l] = quality;
    a.quality_verdict = a.quality_verdict && quality;
    a.basic_verdict = a.basic_verdict && a.basic.pass[l] == 1.0;
  }
  for (const auto& r : reasons) a.reasons += (a.reasons.empty() ? "" : "; ") + r;
  return a;
}

BalanceAssessment assess_year_balance(const World& world, const YearFlows& flows,
                                      const BalanceStandardParams& params) {
  BalanceAssessment a = assess_balance(world, params);
  a.rotation_pass =
      assess_rotation(flows.rotation_eligible, flows.rotations, flows.rotations_backbone, params);
  return a;
}

std::vector<SeriesGroup> balance_groups(std::size_t n_schools) {
  SeriesGroup schools{"balance/schools", n_schools, {}}, cv{"balance/cv", 0, {}},
      verdict{"balance/verdict", 0, {}}, basic{"balance/basic_cv", 0, {}},
      misses{"balance/misses", 0, {}};
  for (const auto& t : kBalanceThresholds)
    schools.series.push_back({std::string(t.name), std::string(t.units),
                              "the school's value of this indicator (NaN: closed or under "
                              "balance_standard.min_students)"});
  schools.series.push_back({"indicators_met", "indicators", "indicators at or above threshold"});
  schools.series.push_back({"passes", "1", "1 if the school meets the per-school rule, else 0"});
  for (int l = 0; l < kLevels; ++l)
    for (const auto& t : kBalanceThresholds) {
      cv.series.push_back({fmt::format("{}_{}", kLevelNames[l], t.name), "1",
                           fmt::format("enrolment-weighted inter-school CV of {} over {} schools",
                                       t.name, kLevelNames[l])});
      misses.series.push_back(
          {fmt::format("{}_{}", kLevelNames[l], t.name), "schools",
           fmt::format("{} schools failing the per-school rule with {} under its threshold",
                       kLevelNames[l], t.name)});
      misses.series.push_back({fmt::format("{}_{}_under_floor", kLevelNames[l], t.name), "schools",
                               fmt::format("{} schools failing the per-school rule with {} under "
                                           "balance_standard.shortfall_floor of its threshold",
                                           kLevelNames[l], t.name)});
    }
  verdict.series = {
      {"quality", "1", "1 if every level passes the quality-balanced resource rules"},
      {"basic", "1",
       "1 if every level passes the 2012 basic-balance rule (its composite CV, "
       "/balance/basic_cv/<level>_composite, at most balance_standard.basic_cv_limit)"},
      {"rotation", "1",
       "1 if the year's rotations meet the rotation criterion (share of eligible and "
       "backbone share), 0 if not, NaN when no teacher was eligible or in row 0"}};
  for (int l = 0; l < kLevels; ++l) {
    const std::string level(kLevelNames[l]);
    verdict.series.push_back(
        {level + "_quality", "1", "quality-balanced verdict of the level (NaN: no school)"});
    verdict.series.push_back(
        {level + "_basic", "1", "basic-balance verdict of the level (NaN: no school)"});
    verdict.series.push_back({level + "_schools_assessed", "schools", "schools assessed"});
    verdict.series.push_back(
        {level + "_schools_passing", "schools", "schools meeting the per-school rule"});
    for (const auto& d : kBasicIndicatorDefs)
      basic.series.push_back(
          {fmt::format("{}_{}", level, d.name), "1",
           fmt::format("enrolment-weighted inter-school CV of {} over {} schools, an indicator of "
                       "the 2012 basic-balance standard",
                       d.name, level)});
    basic.series.push_back({level + "_composite", "1",
                            "the 2012 standard's composite CV: the mean of the level's "
                            "basic-balance CVs (six of its eight indicators are modelled)"});
  }
  return {schools, cv, verdict, basic, misses};
}

std::vector<std::vector<double>> balance_rows(const BalanceAssessment& a) {
  std::vector<double> schools = a.indicator;
  schools.insert(schools.end(), a.indicators_met.begin(), a.indicators_met.end());
  schools.insert(schools.end(), a.school_passes.begin(), a.school_passes.end());
  std::vector<double> cv;
  for (const auto& level : a.cv) cv.insert(cv.end(), level.begin(), level.end());
  std::vector<double> verdict{a.quality_verdict, a.basic_verdict, a.rotation_pass};
  for (std::size_t l = 0; l < kLevels; ++l)
    verdict.insert(verdict.end(), {a.quality_pass[l], a.basic.pass[l], a.schools_assessed[l],
                                   a.schools_passing[l]});
  std::vector<double> basic;
  for (const auto& level : a.basic.cv) basic.insert(basic.end(), level.begin(), level.end());
  std::vector<double> misses;
  for (std::size_t l = 0; l < kLevels; ++l)
    for (std::size_t i = 0; i < kIndicators; ++i)
      misses.insert(misses.end(), {a.failing_below[l][i], a.failing_under_floor[l][i]});
  return {schools, cv, verdict, basic, misses};
}

}  // namespace edusim

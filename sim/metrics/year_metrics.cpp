#include "metrics/year_metrics.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_group.h>

#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

#include "core/huge_pages.hpp"
#include "metrics/custom_outputs.hpp"
#include "metrics/inequality.hpp"
#include "phases/part_time_exchange.hpp"
#include "phases/subject_guidance.hpp"

namespace edusim {

namespace {
SeriesDef flow_series(std::size_t flow) {
  const FlowDef& f = kYearFlows[flow];
  return {std::string(f.name), std::string(f.units), std::string(f.description)};
}

}  // namespace

std::string markdown_cell(std::string_view text) {
  std::string out;
  for (const char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

#define EDUSIM_SERIES_ENTRY(name, units, description) SeriesDef{#name, units, description},
#define EDUSIM_FLOW_SERIES_ENTRY(name) flow_series(flow_index(#name)),
std::vector<SeriesDef> district_series() {
  return {EDUSIM_DISTRICT_METRICS(EDUSIM_SERIES_ENTRY, EDUSIM_FLOW_SERIES_ENTRY)};
}
std::vector<SeriesDef> school_series() {
  return {EDUSIM_SCHOOL_METRICS(EDUSIM_SERIES_ENTRY)};
}
#undef EDUSIM_FLOW_SERIES_ENTRY
#undef EDUSIM_SERIES_ENTRY

std::string series_reference_markdown(const std::vector<SeriesDef>& series) {
  std::string out = "| dataset | units | description |\n|---|---|---|\n";
  for (const SeriesDef& d : series)
    out += "| `" + d.name + "` | " + markdown_cell(d.units) + " | " + markdown_cell(d.description) +
           " |\n";
  return out;
}

std::string output_reference_markdown() {
  return "<!-- generated: district metrics -->\n" + series_reference_markdown(district_series()) +
         "\n<!-- generated: school metrics -->\n" + series_reference_markdown(school_series()) +
         "\n<!-- generated: custom output columns -->\n" + output_columns_markdown();
}

namespace {

double ratio(double a, double b) {
  return b > 0 ? a / b : kNaN;
}

/// Per-school sums over students and teachers.
struct SchoolSums {
  std::int64_t students = 0, teachers = 0, below_proficiency = 0;
  double achievement = 0, achievement_sq = 0, ses = 0, ses_sq = 0, achievement_ses = 0;
  double effectiveness = 0, morale = 0, burnout = 0;
  std::int64_t backbone = 0, senior = 0, graduate = 0;
  std::int64_t uplift = 0, visiting = 0, temporary = 0, regular = 0;
};

SchoolSums sum_school(const World& w, std::size_t s, double proficiency_threshold) {
  SchoolSums r;
  const auto& st = w.students;
  const auto first = w.school_student_begin(s), last = w.school_student_begin(s + 1);
  for (auto i = first; i < last; ++i) {
    const double a = st.achievement[static_cast<std::size_t>(i)];
    const double ses = st.ses[static_cast<std::size_t>(i)];
    r.achievement += a, r.achievement_sq += a * a, r.ses += ses;
    r.ses_sq += ses * ses, r.achievement_ses += a * ses;
    r.below_proficiency += a < proficiency_threshold;
  }
  r.students = last - first;
  const auto& t = w.teachers;
  for (auto k = w.school_teacher_begin[s]; k < w.school_teacher_begin[s + 1]; ++k) {
    const auto i = static_cast<std::size_t>(w.teachers_by_school[static_cast<std::size_t>(k)]);
    r.effectiveness += t.effectiveness[i], r.morale += t.morale[i], r.burnout += t.burnout[i];
    r.backbone += district_backbone(t.backbone[i]), r.senior += t.title[i] >= kSeniorTitle;
    r.graduate += t.degree[i] == Degree::Graduate;
    r.uplift += t.post_title[i] > t.title[i], r.visiting += t.rotation_destination[i] >= 0;
    r.temporary += t.contract[i] != Contract::Regular,
        r.regular += t.contract[i] == Contract::Regular;
  }
  r.teachers = w.school_teacher_begin[s + 1] - w.school_teacher_begin[s];
  return r;
}

void fill_school_metrics(YearMetrics& m, const std::vector<SchoolSums>& sums, const World& w,
                         const YearFlows& flows) {
  const std::size_t n = sums.size();
  for (std::size_t s = 0; s < n; ++s) {
    const SchoolSums& r = sums[s];
    const double ns = static_cast<double>(r.students), nt = static_cast<double>(r.teachers);
    const double mean = ratio(r.achievement, ns);
    m.at(SchoolMetric::students, s, n) = ns;
    m.at(SchoolMetric::teachers, s, n) = nt;
    m.at(SchoolMetric::classes, s, n) = w.school_class_begin[s + 1] - w.school_class_begin[s];
    m.at(SchoolMetric::achievement_mean, s, n) = mean;
    m.at(SchoolMetric::achievement_sd, s, n) =
        ns > 0 ? std::sqrt(std::max(0.0, r.achievement_sq / ns - mean * mean)) : kNaN;
    m.at(SchoolMetric::ses_mean, s, n) = ratio(r.ses, ns);
    m.at(SchoolMetric::effectiveness_mean, s, n) = ratio(r.effectiveness, nt);
    m.at(SchoolMetric::backbone_share, s, n) = ratio(static_cast<double>(r.backbone), nt);
    m.at(SchoolMetric::senior_title_share, s, n) = ratio(static_cast<double>(r.senior), nt);
    m.at(SchoolMetric::graduate_degree_share, s, n) = ratio(static_cast<double>(r.graduate), nt);
    m.at(SchoolMetric::morale_mean, s, n) = ratio(r.morale, nt);
    m.at(SchoolMetric::burnout_mean, s, n) = ratio(r.burnout, nt);
    m.at(SchoolMetric::strength, s, n) = static_cast<double>(w.schools.strength[s]);
    m.at(SchoolMetric::uplift_holders, s, n) = static_cast<double>(r.uplift);
    m.at(SchoolMetric::teachers_visiting, s, n) = static_cast<double>(r.visiting);
    m.at(SchoolMetric::rotations_out, s, n) = flows.school_rotations_out[s];
    m.at(SchoolMetric::rotations_in, s, n) = flows.school_rotations_in[s];
    m.at(SchoolMetric::transfers_out, s, n) = flows.school_transfers_out[s];
    m.at(SchoolMetric::transfers_in, s, n) = flows.school_transfers_in[s];
    m.at(SchoolMetric::interns, s, n) = static_cast<double>(r.temporary);
    m.at(SchoolMetric::vacancies, s, n) = flows.school_vacancies[s];
    m.at(SchoolMetric::hires, s, n) = flows.school_hires[s];
    m.at(SchoolMetric::retirements, s, n) = flows.school_retirements[s];
    m.at(SchoolMetric::quits, s, n) = flows.school_quits[s];
    const double graduates = flows.school_graduates[s];
    m.at(SchoolMetric::graduates, s, n) = graduates;
    m.at(SchoolMetric::graduate_achievement_mean, s, n) =
        graduates > 0 ? flows.school_graduate_achievement[s] / graduates : kNaN;
  }
}

/// Every student's scale score, in a buffer kept across years by the calling thread (no
/// page faults). A thread_local must not be named inside a parallel body, where it
/// would be the worker's own: the body uses a reference.
const std::vector<float>& scale_scores(const World& w) {
  const auto& a = w.students.achievement;
  thread_local std::vector<float> buffer;
  std::vector<float>& score = buffer;
  if (score.capacity() < a.size()) reserve_huge(score, a.size() + a.size() / 8, a.size());
  score.resize(a.size());
  tbb::parallel_for(std::size_t{0}, a.size(), [&](std::size_t i) { score[i] = scale_score(a[i]); });
  return score;
}

void fill_theil(YearMetrics& m, const World& w, const std::vector<float>& score) {
  std::vector<std::int32_t> school_begin(w.schools.size() + 1);
  for (std::size_t s = 0; s <= w.schools.size(); ++s) school_begin[s] = w.school_student_begin(s);
  const TheilIndex t = theil(score, school_begin);
  m[DistrictMetric::achievement_theil] = t.total;
  m[DistrictMetric::achievement_theil_between] = t.between;
  m[DistrictMetric::achievement_theil_within] = t.within;
  m[DistrictMetric::achievement_theil_l] = t.l_total;
  m[DistrictMetric::achievement_theil_l_between] = t.l_between;
  m[DistrictMetric::achievement_theil_l_within] = t.l_within;
}

/// Achievement over the schools of one level (or of every level): mean, SD,
/// school-quartile gap and the mean of each zone, summed in school order.
struct AchievementSummary {
  double mean = kNaN, sd = kNaN, quartile_gap = kNaN;
  std::array<double, kZones> zone_mean{};

  double zone_gap(Zone a, Zone b) const { return zone_mean[index(a)] - zone_mean[index(b)]; }
};

AchievementSummary summarize(const std::vector<SchoolSums>& sums, const World& w,
                             std::optional<Level> level) {
  double n = 0, sa = 0, saa = 0;
  std::array<double, kZones> zone_sum{}, zone_n{};
  std::vector<double> school_mean, school_n;
  for (std::size_t s = 0; s < sums.size(); ++s) {
    const SchoolSums& r = sums[s];
    if ((level && w.schools.level[s] != *level) || r.students == 0) continue;
    const double ns = static_cast<double>(r.students);
    n += ns, sa += r.achievement, saa += r.achievement_sq;
    zone_sum[static_cast<std::size_t>(index(w.schools.zone[s]))] += r.achievement;
    zone_n[static_cast<std::size_t>(index(w.schools.zone[s]))] += ns;
    school_mean.push_back(r.achievement / ns);
    school_n.push_back(ns);
  }
  AchievementSummary out;
  out.mean = ratio(sa, n);
  out.sd = n > 0 ? std::sqrt(std::max(0.0, saa / n - out.mean * out.mean)) : kNaN;
  out.quartile_gap = quartile_gap(school_mean, school_n);
  for (std::size_t z = 0; z < kZones; ++z) out.zone_mean[z] = ratio(zone_sum[z], zone_n[z]);
  return out;
}

void fill_district_metrics(YearMetrics& m, const std::vector<SchoolSums>& sums, const World& w) {
  SchoolSums total;
  std::vector<double> school_effectiveness, ones;
  std::int64_t open = 0;
  for (std::size_t s = 0; s < sums.size(); ++s) {  // fixed order: reproducible sums
    const SchoolSums& r = sums[s];
    open += w.schools.open[s];
    total.students += r.students, total.teachers += r.teachers;
    total.effectiveness += r.effectiveness, total.morale += r.morale, total.burnout += r.burnout;
    if (r.teachers > 0) {
      school_effectiveness.push_back(r.effectiveness / static_cast<double>(r.teachers));
      ones.push_back(1.0);
    }
  }
  const double ns = static_cast<double>(total.students), nt = static_cast<double>(total.teachers);
  m[DistrictMetric::students] = ns;
  m[DistrictMetric::teachers] = nt;
  m[DistrictMetric::schools_open] = static_cast<double>(open);
  m[DistrictMetric::classes] = static_cast<double>(w.classes.size());
  m[DistrictMetric::student_teacher_ratio] = ratio(ns, nt);
  const AchievementSummary all = summarize(sums, w, std::nullopt);
  m[DistrictMetric::achievement_mean] = all.mean;
  m[DistrictMetric::achievement_sd] = all.sd;
  m[DistrictMetric::achievement_gap_top_bottom_quartile] = all.quartile_gap;
  m[DistrictMetric::achievement_gap_urban_rural] = all.zone_gap(Zone::Urban, Zone::Rural);
  m[DistrictMetric::achievement_gap_urban_town] = all.zone_gap(Zone::Urban, Zone::Town);
  m[DistrictMetric::achievement_gap_town_rural] = all.zone_gap(Zone::Town, Zone::Rural);
  m[DistrictMetric::effectiveness_mean] = ratio(total.effectiveness, nt);
  m[DistrictMetric::effectiveness_school_cv] = weighted_cv(school_effectiveness, ones);
  m[DistrictMetric::morale_mean] = ratio(total.morale, nt);
  m[DistrictMetric::burnout_mean] = ratio(total.burnout, nt);
}

/// The achievement summary of each level.
void fill_levels(YearMetrics& m, const std::vector<SchoolSums>& sums, const World& w) {
  const AchievementSummary primary = summarize(sums, w, Level::Primary);
  const AchievementSummary middle = summarize(sums, w, Level::Middle);
  m[DistrictMetric::achievement_mean_primary] = primary.mean;
  m[DistrictMetric::achievement_mean_middle] = middle.mean;
  m[DistrictMetric::achievement_sd_primary] = primary.sd;
  m[DistrictMetric::achievement_sd_middle] = middle.sd;
  m[DistrictMetric::achievement_gap_top_bottom_quartile_primary] = primary.quartile_gap;
  m[DistrictMetric::achievement_gap_top_bottom_quartile_middle] = middle.quartile_gap;
  m[DistrictMetric::achievement_gap_urban_rural_primary] =
      primary.zone_gap(Zone::Urban, Zone::Rural);
  m[DistrictMetric::achievement_gap_urban_rural_middle] = middle.zone_gap(Zone::Urban, Zone::Rural);
}

/// Between-school variance share, SES gradient and proficiency, from the
/// per-school sums (combined in school order).
void fill_gradients(YearMetrics& m, const std::vector<SchoolSums>& sums, const World& w) {
  double n = 0, sa = 0, saa = 0, ss = 0, sss = 0, sas = 0, between = 0;
  std::array<double, kZones> below{}, zone_n{};
  for (const auto& r : sums) {
    n += static_cast<double>(r.students), sa += r.achievement, saa += r.achievement_sq;
    ss += r.ses, sss += r.ses_sq, sas += r.achievement_ses;
  }
  const double mean = ratio(sa, n);
  for (std::size_t s = 0; s < sums.size(); ++s) {
    const auto& r = sums[s];
    const auto z = static_cast<std::size_t>(index(w.schools.zone[s]));
    below[z] += static_cast<double>(r.below_proficiency),
        zone_n[z] += static_cast<double>(r.students);
    if (r.students > 0) {
      const double d = r.achievement / static_cast<double>(r.students) - mean;
      between += static_cast<double>(r.students) * d * d;
    }
  }
  const double var_a = saa - sa * sa / n, var_s = sss - ss * ss / n, cov = sas - sa * ss / n;
  m[DistrictMetric::achievement_between_school_share] = ratio(between, var_a);
  m[DistrictMetric::ses_gradient_slope] = ratio(cov, var_s);
  m[DistrictMetric::ses_gradient_r2] = ratio(cov * cov, var_a * var_s);
  m[DistrictMetric::below_proficiency_share] = ratio(below[0] + below[1] + below[2], n);
  m[DistrictMetric::below_proficiency_share_urban] = ratio(below[0], zone_n[0]);
  m[DistrictMetric::below_proficiency_share_town] = ratio(below[1], zone_n[1]);
  m[DistrictMetric::below_proficiency_share_rural] = ratio(below[2], zone_n[2]);
}

/// Spread of teacher quality across schools and between urban and rural schools.
void fill_teacher_quality(YearMetrics& m, const std::vector<SchoolSums>& sums, const World& w) {
  std::vector<double> backbone, senior, graduate, ones;
  std::array<double, kZones> effectiveness{}, backbone_n{}, teachers{};
  for (std::size_t s = 0; s < sums.size(); ++s) {
    const auto& r = sums[s];
    if (r.teachers == 0) continue;
    const double nt = static_cast<double>(r.teachers);
    backbone.push_back(static_cast<double>(r.backbone) / nt);
    senior.push_back(static_cast<double>(r.senior) / nt);
    graduate.push_back(static_cast<double>(r.graduate) / nt);
    ones.push_back(1.0);
    const auto z = static_cast<std::size_t>(index(w.schools.zone[s]));
    effectiveness[z] += r.effectiveness, backbone_n[z] += static_cast<double>(r.backbone),
        teachers[z] += nt;
  }
  m[DistrictMetric::backbone_share_school_cv] = weighted_cv(backbone, ones);
  m[DistrictMetric::senior_title_share_school_cv] = weighted_cv(senior, ones);
  m[DistrictMetric::graduate_degree_share_school_cv] = weighted_cv(graduate, ones);
  m[DistrictMetric::effectiveness_gap_urban_rural] =
      ratio(effectiveness[0], teachers[0]) - ratio(effectiveness[2], teachers[2]);
  m[DistrictMetric::backbone_share_gap_urban_rural] =
      ratio(backbone_n[0], teachers[0]) - ratio(backbone_n[2], teachers[2]);
}

/// Workforce stocks by zone and the policies' head counts.
void fill_workforce(YearMetrics& m, const std::vector<SchoolSums>& sums, const World& w) {
  std::array<double, kZones> morale{}, burnout{}, teachers{};
  double uplift = 0, visiting = 0, regular = 0, weak = 0;
  for (std::size_t s = 0; s < sums.size(); ++s) {  // fixed order: reproducible sums
    const auto& r = sums[s];
    const auto z = static_cast<std::size_t>(index(w.schools.zone[s]));
    morale[z] += r.morale, burnout[z] += r.burnout, teachers[z] += static_cast<double>(r.teachers);
    uplift += static_cast<double>(r.uplift), visiting += static_cast<double>(r.visiting);
    regular += static_cast<double>(r.regular);
    weak += w.schools.open[s] && w.schools.strength[s] == Strength::Weak;
  }
  constexpr DistrictMetric kMorale[] = {DistrictMetric::morale_mean_urban,
                                        DistrictMetric::morale_mean_town,
                                        DistrictMetric::morale_mean_rural};
  constexpr DistrictMetric kBurnout[] = {DistrictMetric::burnout_mean_urban,
                                         DistrictMetric::burnout_mean_town,
                                         DistrictMetric::burnout_mean_rural};
  for (std::size_t z = 0; z < kZones; ++z) {
    m[kMorale[z]] = ratio(morale[z], teachers[z]);
    m[kBurnout[z]] = ratio(burnout[z], teachers[z]);
  }
  m[DistrictMetric::uplift_holders] = uplift;
  m[DistrictMetric::uplift_share] = ratio(uplift, regular);
  m[DistrictMetric::teachers_away] = visiting;
  m[DistrictMetric::schools_weak] = weak;
}

/// The tallies of the year's mechanisms: EDUSIM_YEAR_FLOWS copied unchanged, then
/// the series combined from several tallies.
void fill_policy_flows(YearMetrics& m, const YearFlows& f) {
#define EDUSIM_FLOW_COPY(name, type, units, description) \
  m[DistrictMetric::name] = static_cast<double>(f.name);
  EDUSIM_YEAR_FLOWS(EDUSIM_FLOW_COPY)
#undef EDUSIM_FLOW_COPY
  const auto d = [](std::int64_t x) { return static_cast<double>(x); };
  m[DistrictMetric::rotation_share_of_eligible] = ratio(d(f.rotations), d(f.rotation_eligible));
  m[DistrictMetric::rotation_backbone_share] = ratio(d(f.rotations_backbone), d(f.rotations));
  m[DistrictMetric::transfer_share_to_rural] = ratio(d(f.transfers_to_rural), d(f.transfers));
  m[DistrictMetric::promotions_second] = d(f.promotions[1]);
  m[DistrictMetric::promotions_first] = d(f.promotions[2]);
  m[DistrictMetric::promotions_senior] = d(f.promotions[3]);
  m[DistrictMetric::promotions_professor] = d(f.promotions[4]);
  constexpr DistrictMetric kQuit[] = {DistrictMetric::quit_rate_urban,
                                      DistrictMetric::quit_rate_town,
                                      DistrictMetric::quit_rate_rural};
  constexpr DistrictMetric kTurnover[] = {DistrictMetric::turnover_rate_urban,
                                          DistrictMetric::turnover_rate_town,
                                          DistrictMetric::turnover_rate_rural};
  for (std::size_t z = 0; z < kZones; ++z) {
    const double start = d(f.teachers_at_start_zone[z]);
    m[kQuit[z]] = ratio(d(f.quits[z]), start);
    m[kTurnover[z]] = ratio(d(f.quits[z] + f.retirements[z]), start);
  }
}

/// School leaders and the exchange modes other than rotation.
void fill_leaders_and_exchange(YearMetrics& m, const World& w, const YearFlows& f) {
  const std::size_t n = w.schools.size();
  const Leaders& l = w.leaders;
  std::vector<double> quality(n, kNaN);
  for (std::size_t i = 0; i < l.size(); ++i)
    if (l.role[i] == LeaderRole::Principal)
      quality[static_cast<std::size_t>(l.school[i])] = l.quality[i];
  double sum = 0, sum_sq = 0, count = 0;
  std::array<double, kZones> zone_sum{}, zone_n{};
  for (std::size_t s = 0; s < n; ++s) {  // fixed order: reproducible sums
    m.at(SchoolMetric::principal_quality, s, n) = quality[s];
    if (!w.schools.open[s] || std::isnan(quality[s])) continue;
    sum += quality[s], sum_sq += quality[s] * quality[s], ++count;
    const auto z = static_cast<std::size_t>(index(w.schools.zone[s]));
    zone_sum[z] += quality[s], ++zone_n[z];
  }
  const double mean = ratio(sum, count);
  m[DistrictMetric::leaders] = static_cast<double>(l.size());
  m[DistrictMetric::principal_quality_school_sd] =
      count > 0 ? std::sqrt(std::max(0.0, sum_sq / count - mean * mean)) : kNaN;
  m[DistrictMetric::principal_quality_gap_urban_rural] =
      ratio(zone_sum[0], zone_n[0]) - ratio(zone_sum[2], zone_n[2]);
  const SharesBySchool part_time = part_time_shares(w), guidance = guidance_shares(w);
  for (std::size_t s = 0; s < n; ++s) {
    m.at(SchoolMetric::part_time_sent, s, n) = part_time.sent[s];
    m.at(SchoolMetric::part_time_received, s, n) = part_time.received[s];
    m.at(SchoolMetric::guidance_sent, s, n) = guidance.sent[s];
    m.at(SchoolMetric::guidance_received, s, n) = guidance.received[s];
  }
  const auto d = [](std::int64_t x) { return static_cast<double>(x); };
  m[DistrictMetric::leader_rotation_share_of_eligible] =
      ratio(d(f.leader_rotations), d(f.leader_rotation_eligible));
}

void fill_flows(YearMetrics& m, const YearFlows& f) {
  const double retirements = static_cast<double>(YearFlows::total(f.retirements));
  const double quits = static_cast<double>(YearFlows::total(f.quits));
  // Per teacher who could retire or quit: interns and substitutes end their year instead.
  const double start = static_cast<double>(f.teachers_at_start - f.contract_ends);
  m[DistrictMetric::hires] = static_cast<double>(YearFlows::total(f.hires));
  m[DistrictMetric::retirements] = retirements;
  m[DistrictMetric::quits] = quits;
  // Rates are undefined (NaN) in row 0, the generated world, which has no year behind it.
  m[DistrictMetric::turnover_rate] = ratio(retirements + quits, start);
  m[DistrictMetric::quit_rate] = ratio(quits, start);
  m[DistrictMetric::transfer_rate] = ratio(static_cast<double>(f.transfers), start);
}

}  // namespace

void MetricsParams::visit(schema::Visitor& v) {
  v.field("proficiency_threshold", proficiency_threshold,
          {-5,
           5,
           {"achievement below which a student counts as not proficient", "SD",
            "assumption: about the lowest sixth at the start"}});
}

/// From this many students the Gini runs beside the other metrics (measure).
constexpr std::size_t kOverlapMinStudents = std::size_t{1} << 18;

YearMetrics measure(const World& w, const YearFlows& flows, const MetricsParams& params) {
  const std::size_t n = w.schools.size();
  if (flows.school_hires.size() != n)
    throw std::logic_error("measure: flows not reset for this world");
  YearMetrics m{std::vector<double>(kDistrictMetrics, kNaN),
                std::vector<double>(static_cast<std::size_t>(kSchoolMetrics) * n, kNaN)};
  const std::vector<float>& score = scale_scores(w);
  const auto others = [&] {
    std::vector<SchoolSums> sums(n);
    tbb::parallel_for(std::size_t{0}, n, [&](std::size_t s) {
      sums[s] = sum_school(w, s, params.proficiency_threshold);
    });
    fill_school_metrics(m, sums, w, flows);
    fill_district_metrics(m, sums, w);
    fill_gradients(m, sums, w);
    fill_levels(m, sums, w);
    fill_teacher_quality(m, sums, w);
    fill_theil(m, w, score);
    fill_flows(m, flows);
    fill_workforce(m, sums, w);
    fill_policy_flows(m, flows);
    fill_leaders_and_exchange(m, w, flows);
  };
  if (score.size() < kOverlapMinStudents) {
    others();
    m[DistrictMetric::achievement_gini] = gini(score);
    return m;
  }
  // The Gini ends in a running sum over the sorted scores (serial: its order fixes the
  // rounding); in a large district the other metrics run beside it on the other threads.
  // Every figure is computed as before, each into its own entry of m. (Not in a small
  // one: there the sum is short, and a worker descheduled while it holds `others` on a
  // busy machine would cost the caller more than the overlap saves.)
  tbb::task_group rest;
  rest.run(others);
  // On the calling thread: the sort's buffers are that thread's (see sorted_keys), and
  // nothing in `others` sorts, so a thread waiting here cannot re-enter them.
  m[DistrictMetric::achievement_gini] = gini(score);
  rest.wait();
  return m;
}

}  // namespace edusim

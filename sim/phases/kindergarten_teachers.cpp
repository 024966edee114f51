#include "phases/kindergarten_teachers.hpp"

#include <algorithm>
#include <cmath>

namespace edusim {

namespace {

// Draw indices of Stream::KindergartenTeachers, keyed by the teacher's id (leaders' quits
// by the leader's id at kDrawLeaderQuit: another id space, another draw).
constexpr std::uint32_t kDrawKgYears = 1, kDrawKgQuit = 10, kDrawKgTalent = 100;

/// Years of experience the career curve gives (0 with growth off).
double career_gain(const GrowthParams& g, double years) {
  return g.enabled ? experience_gain(g, years) : 0.0;
}

/// A novice's effectiveness: the district's talent draw, shifted by the kindergarten.
float novice_talent(const KindergartenCareerRules& r, const RandomStream& rng, std::uint32_t id,
                    double shift) {
  const TruncatedNormal& d = r.talent;
  return static_cast<float>(rng.truncated_normal(d.mean, d.sd, d.min, d.max, id, kDrawKgTalent) +
                            shift);
}

/// A teacher's effectiveness after `years` of teaching: a novice's talent draw plus the
/// experience curve.
float experienced_talent(const KindergartenCareerRules& r, const RandomStream& rng,
                         std::uint32_t id, int years, double shift) {
  return static_cast<float>(novice_talent(r, rng, id, shift) + career_gain(r.growth, years));
}

/// Years served, drawn from the stationary mix of a constant yearly quit rate q over a
/// career of `span` years (a truncated geometric law; uniform without quits).
int stationary_years(double u, double q, int span) {
  if (span <= 0) return 0;
  if (q <= 0) return std::min(static_cast<int>(u * span), span - 1);
  const double keep = 1.0 - q;
  const double tail = 1.0 - std::pow(keep, span);
  return std::clamp(static_cast<int>(std::floor(std::log(1.0 - u * tail) / std::log(keep))), 0,
                    span - 1);
}

/// The promotion review's order: higher effectiveness, then longer in grade, then lower id.
bool review_order(const KindergartenTeachers& t, std::size_t a, std::size_t b) {
  if (t.effectiveness[a] != t.effectiveness[b]) return t.effectiveness[a] > t.effectiveness[b];
  if (t.years_in_title[a] != t.years_in_title[b]) return t.years_in_title[a] > t.years_in_title[b];
  return t.id[a] < t.id[b];
}

/// Promotes the best teachers of `staff` at grade - 1 into grade's vacant posts; with
/// `carry` (the generated start) the years beyond the minimum stay as years in grade.
std::int64_t fill_posts(KindergartenTeachers& t, const KindergartenCareerRules& r,
                        const std::vector<std::size_t>& staff, int grade, bool carry) {
  const auto g = static_cast<std::size_t>(grade);
  const auto posts =
      static_cast<std::int64_t>(std::floor(r.spec.teachers.post_shares[g] * staff.size() + 1e-9));
  std::int64_t held = 0;
  std::vector<std::size_t> candidates;
  const std::int32_t min_years = r.promotion.min_years_in_grade[g];
  for (const std::size_t i : staff) {
    held += t.title[i] == grade;
    if (t.title[i] == grade - 1 && t.years_in_title[i] >= min_years) candidates.push_back(i);
  }
  const auto n = static_cast<std::size_t>(
      std::clamp<std::int64_t>(posts - held, 0, static_cast<std::int64_t>(candidates.size())));
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(n),
                    candidates.end(),
                    [&t](std::size_t a, std::size_t b) { return review_order(t, a, b); });
  for (std::size_t c = 0; c < n; ++c) {
    const std::size_t i = candidates[c];
    t.title[i] = static_cast<std::int8_t>(grade);
    t.years_in_title[i] = carry ? static_cast<std::int16_t>(t.years_in_title[i] - min_years) : 0;
  }
  return static_cast<std::int64_t>(n);
}

/// Shifts the teachers of kindergarten k so that their mean is its teacher_effectiveness;
/// the shift is the kindergarten's pull on the talent of the novices it will hire.
void recentre(World& w, std::size_t k, const std::vector<std::size_t>& staff) {
  if (staff.empty()) return;
  KindergartenTeachers& t = w.kindergarten_teachers;
  double sum = 0;
  for (const std::size_t i : staff) sum += t.effectiveness[i];
  const double shift =
      w.kindergartens.teacher_effectiveness[k] - sum / static_cast<double>(staff.size());
  for (const std::size_t i : staff)
    t.effectiveness[i] = static_cast<float>(t.effectiveness[i] + shift);
  w.kindergartens.talent_shift[k] = static_cast<float>(shift);
}

}  // namespace

std::size_t add_kindergarten_teacher(World& w, std::size_t k) {
  KindergartenTeachers& t = w.kindergarten_teachers;
  t.for_each_column([](auto& column) { column.emplace_back(); });
  const std::size_t i = t.size() - 1;
  t.id[i] = w.next_kindergarten_teacher_id++;
  t.kindergarten[i] = static_cast<std::int32_t>(k);
  return i;
}

std::vector<std::vector<std::size_t>> kindergarten_staff(const World& w) {
  std::vector<std::vector<std::size_t>> staff(w.kindergartens.size());
  const auto& at = w.kindergarten_teachers.kindergarten;
  for (std::size_t i = 0; i < at.size(); ++i) staff[static_cast<std::size_t>(at[i])].push_back(i);
  return staff;
}

double kindergarten_quit_rate(const KindergartenSpec& spec, const Kindergartens& kg,
                              std::size_t k) {
  return kg.is_private[k] ? spec.teachers.quit_rate_private : spec.teachers.quit_rate_public;
}

float kindergarten_teacher_talent(const KindergartenCareerRules& rules, const YearContext& ctx,
                                  std::uint32_t id, int experience, double shift) {
  return experienced_talent(rules, ctx.stream(Stream::KindergartenTeachers), id, experience, shift);
}

void generate_kindergarten_teachers(World& w, const KindergartenCareerRules& r,
                                    const YearContext& ctx) {
  const RandomStream rng = ctx.stream(Stream::KindergartenTeachers);
  const KindergartenTeacherSpec& spec = r.spec.teachers;
  const int span = std::max(spec.retirement_age - spec.entry_age, 0);
  Kindergartens& kg = w.kindergartens;
  // Teachers listed in the tables stay as given: no generated colleagues, no recentring.
  const auto listed = kindergarten_staff(w);
  for (std::size_t k = 0; k < kg.size(); ++k) {
    if (!kg.open[k] || !listed[k].empty()) continue;
    const double q = kindergarten_quit_rate(r.spec, kg, k);
    for (std::int32_t n = 0; n < kg.teachers[k]; ++n) {
      const std::size_t i = add_kindergarten_teacher(w, k);
      KindergartenTeachers& t = w.kindergarten_teachers;
      const int years = stationary_years(rng.uniform(t.id[i], kDrawKgYears), q, span);
      t.age[i] = static_cast<std::int16_t>(spec.entry_age + years);
      t.experience[i] = t.years_in_title[i] = static_cast<std::int16_t>(years);
      t.effectiveness[i] = experienced_talent(r, rng, t.id[i], years, 0.0);
    }
  }
  const auto staff = kindergarten_staff(w);
  for (std::size_t k = 0; k < kg.size(); ++k) {
    if (!listed[k].empty()) continue;
    recentre(w, k, staff[k]);
    if (!r.promotion.enabled) continue;
    for (int g = 1; g < kTitleGrades; ++g)
      fill_posts(w.kindergarten_teachers, r, staff[k], g, true);
  }
}

void age_and_leave_kindergarten_teachers(World& w, const KindergartenCareerRules& r,
                                         const YearContext& ctx, YearFlows& flows) {
  KindergartenTeachers& t = w.kindergarten_teachers;
  const RandomStream rng = ctx.stream(Stream::KindergartenTeachers);
  std::vector<std::uint8_t> keep(t.size(), 1);
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double before = career_gain(r.growth, t.experience[i]);
    ++t.age[i], ++t.experience[i], ++t.years_in_title[i];
    t.effectiveness[i] =
        static_cast<float>(t.effectiveness[i] + career_gain(r.growth, t.experience[i]) - before);
    const auto k = static_cast<std::size_t>(t.kindergarten[i]);
    if (t.age[i] >= r.spec.teachers.retirement_age) {
      keep[i] = 0, ++flows.kindergarten_teacher_retirements;
    } else if (!w.kindergartens.open[k] || rng.uniform(t.id[i], kDrawKgQuit) <
                                               kindergarten_quit_rate(r.spec, w.kindergartens, k)) {
      keep[i] = 0, ++flows.kindergarten_teacher_quits;
    }
  }
  compact_rows(t, keep);
}

void hire_kindergarten_teachers(World& w, const KindergartenCareerRules& r, const YearContext& ctx,
                                YearFlows& flows) {
  Kindergartens& kg = w.kindergartens;
  std::vector<std::int32_t> serving(kg.size(), 0);
  for (const auto k : w.kindergarten_teachers.kindergarten) ++serving[static_cast<std::size_t>(k)];
  const RandomStream rng = ctx.stream(Stream::KindergartenTeachers);
  for (std::size_t k = 0; k < kg.size(); ++k) {
    for (; r.hiring && kg.open[k] && serving[k] < kg.teachers[k]; ++serving[k]) {
      const std::size_t i = add_kindergarten_teacher(w, k);
      KindergartenTeachers& t = w.kindergarten_teachers;
      t.age[i] = static_cast<std::int16_t>(r.spec.teachers.entry_age);
      t.effectiveness[i] = novice_talent(r, rng, t.id[i], kg.talent_shift[k]);
      ++flows.kindergarten_teacher_hires;
    }
    kg.teachers[k] = serving[k];
  }
}

void promote_kindergarten_teachers(World& w, const KindergartenCareerRules& r, YearFlows& flows) {
  if (!r.promotion.enabled) return;
  const auto staff = kindergarten_staff(w);
  for (std::size_t k = 0; k < staff.size(); ++k)
    for (int g = kTitleGrades - 1; g >= 1; --g)
      flows.kindergarten_teacher_promotions +=
          fill_posts(w.kindergarten_teachers, r, staff[k], g, false);
}

void update_kindergarten_effectiveness(World& w) {
  const KindergartenTeachers& t = w.kindergarten_teachers;
  std::vector<double> sum(w.kindergartens.size(), 0.0);
  std::vector<std::int32_t> n(w.kindergartens.size(), 0);
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto k = static_cast<std::size_t>(t.kindergarten[i]);
    sum[k] += t.effectiveness[i], ++n[k];
  }
  for (std::size_t k = 0; k < n.size(); ++k)
    if (n[k] > 0) w.kindergartens.teacher_effectiveness[k] = static_cast<float>(sum[k] / n[k]);
}

void add_kindergarten_gain(World& w, const std::vector<double>& gain) {
  KindergartenTeachers& t = w.kindergarten_teachers;
  std::vector<std::uint8_t> staffed(w.kindergartens.size(), 0);
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto k = static_cast<std::size_t>(t.kindergarten[i]);
    staffed[k] = 1;
    t.effectiveness[i] = static_cast<float>(t.effectiveness[i] + gain[k]);
  }
  for (std::size_t k = 0; k < gain.size(); ++k)
    if (!staffed[k])
      w.kindergartens.teacher_effectiveness[k] =
          static_cast<float>(w.kindergartens.teacher_effectiveness[k] + gain[k]);
  update_kindergarten_effectiveness(w);
}

double kindergarten_teacher_pay(const World& w, const KindergartenSpec& spec, const PayParams& pay,
                                std::size_t i) {
  const KindergartenTeachers& t = w.kindergarten_teachers;
  const double scale = pay.title_salary[static_cast<std::size_t>(t.title[i])];
  return w.kindergartens.is_private[static_cast<std::size_t>(t.kindergarten[i])]
             ? scale * spec.teachers.private_pay_ratio
             : scale;
}

void remove_kindergarten_teachers(World& w, const std::vector<std::uint8_t>& taken,
                                  YearFlows& flows) {
  std::vector<std::uint8_t> keep(taken.size());
  for (std::size_t i = 0; i < keep.size(); ++i) {
    keep[i] = !taken[i];
    flows.kindergarten_teachers_to_leaders += taken[i];
  }
  compact_rows(w.kindergarten_teachers, keep);
}

}  // namespace edusim

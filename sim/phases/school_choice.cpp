#include "phases/school_choice.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "core/float_key.hpp"
#include "world/layout.hpp"

namespace edusim {

namespace {
// Draws of the SchoolChoice stream, keyed by student id.
constexpr std::uint32_t kChoiceApplyDraw = 0;
constexpr std::uint32_t kChoiceLotteryDraw = 1;
}  // namespace

void SchoolChoiceParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled,
          {"let families of grade-6 pupils seek a better middle school than their catchment "
           "one (小升初择校), and better schools admit a quota of them"});
  v.field("rate", rate,
          {0,
           1,
           {"share of average-SES pupils whose families apply to a better middle school", "1",
            "assumption, bounded by the Ministry of Education's figures as reported by Sixth "
            "Tone (2018-02-24, 'Schools banned from publicizing graduates' scores'): in 2017 97% "
            "of pupils in 24 major cities attended a nearby middle school, against 88% in "
            "Shanghai in 2014; 5% applying, of whom most are admitted, gives a non-catchment "
            "share of grade 7 within that 3-12%"}});
  v.field("ses_slope", ses_slope,
          {0,
           5,
           {"rise of the applying share per SD of family SES: share = rate * exp(ses_slope * ses)",
            "1/SD",
            "assumption (direction sourced): in CEPS 2013-14, pupils of higher-SES and urban "
            "families chose their middle school more often (Fang Chenchen 2018, Journal of Inner "
            "Mongolia Normal University 2018(3); Zhou, Mau & Jordan 2022, Research Papers in "
            "Education 37(1), with CFPS); the size is not read: 0.7 doubles the share per SD"}});
  v.field("max_distance_km", max_distance_km,
          {0,
           10000,
           {"farthest middle school a family considers, from the pupil's primary school", "km",
            "assumption: a county-town commute"}});
  v.field(
      "places_share", places_share,
      {0,
       1,
       {"choice places of a middle school, as a share of its own catchment's grade-7 intake", "1",
        "assumption: a quota of choice pupils (择校生) beside the catchment's; no figure "
        "for compulsory schools read"}});
  v.field("admission", admission,
          schema::ChoiceSpec{
              {"how an oversubscribed school picks among its choice applicants: score (best "
               "achievement first: selective intake, 掐尖) or lottery (电脑派位: the "
               "Ministry's 2014 rule for big cities' admissions and, from 2020, 公民同招)",
               "", "setting: the district's admission rule"}});
  v.field("lottery_from_year", lottery_from_year,
          schema::IntegerSpec{0,
                              9999,
                              {"calendar year from which admission is by lottery whatever "
                               "`admission` says (0: never): a district adopting 电脑派位 or "
                               "公民同招 during the run",
                               "calendar year", "setting: the district's policy"}});
}

double choice_probability(const SchoolChoiceParams& p, double ses) {
  return std::min(1.0, p.rate * std::exp(p.ses_slope * ses));
}

std::vector<double> middle_school_reputation(const World& w) {
  const std::size_t n = w.schools.size();
  std::vector<double> out(n, std::numeric_limits<double>::quiet_NaN());
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t s) {
    if (!w.schools.open[s] || w.schools.level[s] != Level::Middle) return;
    const auto b = w.school_student_begin(s), e = w.school_student_begin(s + 1);
    if (e <= b) return;
    double sum = 0;
    for (auto i = b; i < e; ++i) sum += w.students.achievement[static_cast<std::size_t>(i)];
    out[s] = sum / (e - b);
  });
  return out;
}

std::vector<std::int32_t> choice_targets(const World& w, const SchoolChoiceParams& p,
                                         const std::vector<double>& reputation) {
  const Schools& sc = w.schools;
  std::vector<std::int32_t> out(sc.size(), -1);
  for (std::size_t pr = 0; pr < sc.size(); ++pr) {
    const std::int32_t home = sc.catchment_middle[pr];
    if (!sc.open[pr] || sc.level[pr] != Level::Primary || home < 0) continue;
    // NaN (a catchment school without students) compares below any reputation.
    const double own = reputation[static_cast<std::size_t>(home)];
    double best = std::isnan(own) ? -std::numeric_limits<double>::infinity() : own;
    for (std::size_t m = 0; m < sc.size(); ++m)
      if (!std::isnan(reputation[m]) && reputation[m] > best &&
          school_distance_km(sc, pr, m) <= p.max_distance_km)
        best = reputation[m], out[pr] = static_cast<std::int32_t>(m);
  }
  return out;
}

namespace {

struct ChoiceApplicant {
  std::uint32_t key;  ///< admission order: lower first
  std::uint32_t id;
  std::uint32_t student;  ///< layout index
  bool operator<(const ChoiceApplicant& o) const {
    return std::tie(key, id) < std::tie(o.key, o.id);
  }
};

/// Admission key of a pupil: by score, higher achievement first; by lottery, a random word.
std::uint32_t admission_key(const World& w, std::uint32_t student, bool lottery,
                            const RandomStream& stream) {
  const std::uint32_t id = w.students.id[student];
  if (lottery) return stream.words(id, kChoiceLotteryDraw)[0];
  return ~float_rank_key(w.students.achievement[student]);  // higher scores first
}

/// Each middle school's applicants, in the order of their primaries and layout.
std::vector<std::vector<ChoiceApplicant>> applicants_by_target(
    const World& w, const SchoolChoiceParams& p, const std::vector<std::int32_t>& target,
    bool lottery, const RandomStream& stream) {
  const std::size_t n = w.schools.size();
  std::vector<std::vector<ChoiceApplicant>> by_primary(n);
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t pr) {
    if (target[pr] < 0) return;
    const auto [b, e] = cohort_range(w, pr, 6);
    for (auto i = b; i < e; ++i) {
      const auto s = static_cast<std::uint32_t>(i);
      const std::uint32_t id = w.students.id[s];
      if (stream.uniform(id, kChoiceApplyDraw) < choice_probability(p, w.students.ses[s]))
        by_primary[pr].push_back({admission_key(w, s, lottery, stream), id, s});
    }
  });
  std::vector<std::vector<ChoiceApplicant>> out(n);
  for (std::size_t pr = 0; pr < n; ++pr)
    for (const ChoiceApplicant& a : by_primary[pr])
      out[static_cast<std::size_t>(target[pr])].push_back(a);
  return out;
}

}  // namespace

ChoiceOutcome apply_school_choice(const World& w, const SchoolChoiceParams& p,
                                  std::int32_t calendar_year, const YearContext& ctx,
                                  std::vector<std::vector<std::uint32_t>>& intake) {
  ChoiceOutcome out;
  if (!p.enabled) return out;
  const bool lottery = p.admission == ChoiceAdmission::Lottery ||
                       (p.lottery_from_year > 0 && calendar_year >= p.lottery_from_year);
  const RandomStream stream = ctx.stream(Stream::SchoolChoice);
  const std::vector<std::int32_t> target = choice_targets(w, p, middle_school_reputation(w));
  std::vector<std::vector<ChoiceApplicant>> applied =
      applicants_by_target(w, p, target, lottery, stream);
  // Admission per school, against its places before anyone moves.
  std::vector<std::uint32_t> moved;  // layout indices of admitted pupils
  for (std::size_t m = 0; m < applied.size(); ++m) {
    auto& list = applied[m];
    out.applicants += static_cast<std::int64_t>(list.size());
    const auto places = static_cast<std::size_t>(std::floor(p.places_share * intake[m].size()));
    std::sort(list.begin(), list.end());
    list.resize(std::min(list.size(), places));
    for (const ChoiceApplicant& a : list) moved.push_back(a.student);
  }
  out.admitted = static_cast<std::int64_t>(moved.size());
  if (moved.empty()) return out;
  std::sort(moved.begin(), moved.end());
  tbb::parallel_for(std::size_t{0}, intake.size(), [&](std::size_t m) {
    std::erase_if(intake[m], [&](std::uint32_t i) {
      return std::binary_search(moved.begin(), moved.end(), i);
    });
  });
  for (std::size_t m = 0; m < applied.size(); ++m)
    for (const ChoiceApplicant& a : applied[m]) intake[m].push_back(a.student);
  return out;
}

}  // namespace edusim

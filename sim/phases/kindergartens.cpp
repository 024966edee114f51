#include "phases/kindergartens.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "phases/kindergarten_teachers.hpp"
#include "phases/leader_posts.hpp"

namespace edusim {

std::int32_t kindergarten_classes(const KindergartenSpec& spec,
                                  const std::array<std::int32_t, kYearGroups>& children) {
  std::int32_t classes = 0;
  for (std::size_t g = 0; g < kYearGroups; ++g)
    classes +=
        static_cast<std::int32_t>(std::ceil(std::max(children[g], 0) / spec.max_class_size[g]));
  return classes;
}

std::int32_t deputy_head_posts(const KindergartenSpec& spec, std::int32_t classes) {
  return (classes >= spec.one_deputy_from_classes ? 1 : 0) +
         (classes >= spec.two_deputies_from_classes ? 1 : 0);
}

void staff_kindergarten(Kindergartens& kg, std::size_t k, const KindergartenSpec& spec) {
  const std::int32_t classes = kindergarten_classes(spec, kg.children[k]);
  kg.classes[k] = classes;
  kg.teachers[k] = static_cast<std::int32_t>(std::lround(classes * spec.teachers_per_class));
  kg.care_staff[k] = static_cast<std::int32_t>(std::lround(classes * spec.care_staff_per_class));
}

std::array<double, kZones> zone_cohorts(const World& w, const EnrolmentParams& enrolment,
                                        int year) {
  std::array<double, kZones> cohort{};
  const Schools& sc = w.schools;
  for (std::size_t s = 0; s < sc.size(); ++s)
    if (sc.open[s] && sc.level[s] == Level::Primary)
      cohort[static_cast<std::size_t>(index(sc.zone[s]))] += sc.base_intake[s];
  const double trend = std::pow(1.0 + enrolment.intake_growth, year);
  for (double& c : cohort) c *= trend;
  return cohort;
}

void enrol_year_group(World& w, const KindergartenSpec& spec,
                      const std::array<double, kZones>& cohorts, int g) {
  Kindergartens& kg = w.kindergartens;
  for (int z = 0; z < kZones; ++z) {
    std::vector<std::size_t> members;
    double weights = 0;
    for (std::size_t k = 0; k < kg.size(); ++k)
      if (kg.open[k] && index(kg.zone[k]) == z) members.push_back(k), weights += kg.size_weight[k];
    if (members.empty() || weights <= 0) continue;
    const auto zi = static_cast<std::size_t>(z);
    const auto total =
        static_cast<std::int64_t>(std::lround(spec.attendance_rate[zi] * cohorts[zi]));
    // Largest remainders, ties to the lower index: the shares add up to the total exactly.
    std::vector<double> remainder(members.size());
    std::int64_t given = 0;
    for (std::size_t m = 0; m < members.size(); ++m) {
      const double exact = static_cast<double>(total) * kg.size_weight[members[m]] / weights;
      const double whole = std::floor(exact);
      kg.children[members[m]][static_cast<std::size_t>(g)] = static_cast<std::int32_t>(whole);
      remainder[m] = exact - whole;
      given += static_cast<std::int64_t>(whole);
    }
    std::vector<std::size_t> order(members.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
    for (std::size_t i = 0; given < total && i < order.size(); ++i, ++given)
      ++kg.children[members[order[i]]][static_cast<std::size_t>(g)];
  }
}

namespace {

constexpr std::uint32_t kDrawLeaderQuit = 20;  ///< Stream::KindergartenTeachers, leader ids

/// Appointments of a year: teachers taken into leader posts (removed at the end) and the
/// kindergarten teachers' mean effectiveness their quality is drawn against.
struct KgAppointments {
  std::vector<std::uint8_t> taken;
  double mean_effectiveness = 0;
  std::int64_t count = 0;
};

/// The best teacher of `staff` not yet taken: 一级 or higher with
/// leaders.promotion_min_experience years first, then those years alone, then (with
/// `any_teacher`) anyone; -1 if none. The schools' rule (LeaderCandidates) with the title
/// in place of the backbone level.
std::int32_t kg_candidate(const KindergartenTeachers& t, const LeaderParams& p,
                          const std::vector<std::size_t>& staff,
                          const std::vector<std::uint8_t>& taken, bool any_teacher) {
  LeaderCandidates candidates;
  for (const std::size_t i : staff) {
    if (taken[i]) continue;
    const bool experienced = t.experience[i] >= p.promotion_min_experience;
    const int tier = experienced && t.title[i] >= static_cast<int>(TitleGrade::First) ? 0
                     : experienced                                                    ? 1
                                                                                      : 2;
    candidates.offer(tier, static_cast<std::int32_t>(i), t.effectiveness[i], t.id[i]);
  }
  return candidates.choice(any_teacher);
}

/// The teacher a post of kindergarten k is filled from: its own staff, else the experienced
/// teachers of its kindergarten group; -1 if none.
std::int32_t kg_appointee(const World& w, const LeaderParams& p, std::size_t k,
                          const std::vector<std::vector<std::size_t>>& staff,
                          const KgAppointments& a, bool any_teacher) {
  const KindergartenTeachers& t = w.kindergarten_teachers;
  if (const auto i = kg_candidate(t, p, staff[k], a.taken, any_teacher); i >= 0) return i;
  const Kindergartens& kg = w.kindergartens;
  if (kg.group[k] < 0) return -1;
  std::vector<std::size_t> group_staff;
  for (std::size_t m = 0; m < kg.size(); ++m)
    if (m != k && kg.open[m] && kg.group[m] == kg.group[k])
      group_staff.insert(group_staff.end(), staff[m].begin(), staff[m].end());
  return kg_candidate(t, p, group_staff, a.taken, false);
}

/// A head or deputy of kindergarten k in `role`: teacher `i` of the staff, or (i < 0) an
/// outside appointment at the youngest generated leader's age.
void appoint(World& w, const LeaderParams& p, const RandomStream& r, std::size_t k, LeaderRole role,
             std::int32_t i, KgAppointments& a) {
  Leaders& l = w.kindergarten_leaders;
  const std::size_t n = add_leader(l, w.next_leader_id, static_cast<std::int32_t>(k), role);
  l.rank[n] = LeaderRank::Ordinary;
  const Zone zone = w.kindergartens.zone[k];
  if (i < 0) {
    l.age[n] = static_cast<std::int16_t>(p.min_age);
    l.quality[n] = appointed_quality(p, r, l.id[n], zone);
    return;
  }
  const auto ti = static_cast<std::size_t>(i);
  const KindergartenTeachers& t = w.kindergarten_teachers;
  l.age[n] = t.age[ti];
  l.quality[n] = appointed_quality(p, r, l.id[n], zone, t.effectiveness[ti] - a.mean_effectiveness);
  a.taken[ti] = 1;
  ++a.count;
}

/// Fills every open kindergarten's head post (from its best deputy, else from its teachers,
/// else its group's, else from outside), then its deputy posts (from its teachers, else
/// its group's experienced teachers, else from outside); the teachers appointed leave the
/// teacher table. Returns the new leaders.
std::int64_t fill_kindergarten_posts(World& w, const LeaderParams& p, const KindergartenSpec& spec,
                                     const RandomStream& r, YearFlows& flows) {
  LeaderPosts posts = count_leader_posts(w.kindergarten_leaders, w.kindergartens.size());
  const auto staff = kindergarten_staff(w);
  const KindergartenTeachers& t = w.kindergarten_teachers;
  KgAppointments a{std::vector<std::uint8_t>(t.size(), 0), 0.0, 0};
  for (const float e : t.effectiveness) a.mean_effectiveness += e;
  if (t.size() > 0) a.mean_effectiveness /= static_cast<double>(t.size());
  std::int64_t appointed = 0;
  for (std::size_t k = 0; k < w.kindergartens.size(); ++k) {
    if (!w.kindergartens.open[k]) continue;
    if (posts.principal[k] < 0) {
      if (posts.best_vice[k] >= 0) {
        w.kindergarten_leaders.role[static_cast<std::size_t>(posts.best_vice[k])] =
            LeaderRole::Principal;
        --posts.vices[k];
      } else {
        appoint(w, p, r, k, LeaderRole::Principal, kg_appointee(w, p, k, staff, a, true), a);
        ++appointed;
      }
    }
    const std::int32_t target = deputy_head_posts(spec, w.kindergartens.classes[k]);
    for (std::int32_t d = posts.vices[k]; d < target; ++d, ++appointed)
      appoint(w, p, r, k, LeaderRole::VicePrincipal, kg_appointee(w, p, k, staff, a, false), a);
  }
  if (a.count > 0) remove_kindergarten_teachers(w, a.taken, flows);
  return appointed;
}

/// Heads and deputy heads leave at the kindergarten teachers' retirement age, or quit at
/// the yearly rate of their post's kindergarten (assumption: as its teachers).
void age_and_leave_kindergarten_leaders(World& w, const KindergartenSpec& spec,
                                        const YearContext& ctx, YearFlows& flows) {
  Leaders& l = w.kindergarten_leaders;
  flows.kindergarten_leader_retirements += age_and_retire(l, spec.teachers.retirement_age);
  const RandomStream r = ctx.stream(Stream::KindergartenTeachers);
  std::vector<std::uint8_t> keep(l.size(), 1);
  for (std::size_t i = 0; i < l.size(); ++i) {
    const double q =
        kindergarten_quit_rate(spec, w.kindergartens, static_cast<std::size_t>(l.school[i]));
    keep[i] = r.uniform(l.id[i], kDrawLeaderQuit) >= q;
    flows.kindergarten_leader_quits += !keep[i];
  }
  compact_leaders(l, keep);
}

}  // namespace

void generate_kindergarten_leaders(World& w, const LeaderParams& leaders,
                                   const KindergartenSpec& spec, const YearContext& ctx) {
  if (!leaders.enabled || w.kindergarten_leaders.size() > 0) return;
  // Younger than the kindergarten teachers' retirement age, as the schools' leaders are
  // younger than theirs.
  LeaderParams p = leaders;
  p.max_age = std::min(p.max_age, spec.teachers.retirement_age - 1);
  p.min_age = std::min(p.min_age, p.max_age);
  const RandomStream r = ctx.stream(Stream::Leaders);
  Leaders& l = w.kindergarten_leaders;
  const Kindergartens& kg = w.kindergartens;
  for (std::size_t k = 0; k < kg.size(); ++k) {
    if (!kg.open[k]) continue;
    const std::int32_t deputies = deputy_head_posts(spec, kg.classes[k]);
    for (std::int32_t d = -1; d < deputies; ++d) {
      const LeaderRole role = d < 0 ? LeaderRole::Principal : LeaderRole::VicePrincipal;
      const std::size_t i = add_leader(l, w.next_leader_id, static_cast<std::int32_t>(k), role);
      draw_generated_leader(l, i, p, r, kg.zone[k]);
    }
  }
}

std::array<float, kZones> entry_shift(const Kindergartens& kg, const KindergartenSpec& spec) {
  std::array<float, kZones> shift{};
  if (spec.entry_effect == 0.0) return shift;
  std::array<double, kZones> leavers{}, weighted{};
  double all = 0, all_weighted = 0;
  for (std::size_t k = 0; k < kg.size(); ++k) {
    const auto z = static_cast<std::size_t>(index(kg.zone[k]));
    const double n = kg.children[k][kYearGroups - 1];
    leavers[z] += n, weighted[z] += n * kg.teacher_effectiveness[k];
    all += n, all_weighted += n * kg.teacher_effectiveness[k];
  }
  if (all <= 0) return shift;
  // Children who attended no kindergarten enter unchanged: the zone's shift is diluted by
  // its attendance rate, which keeps the district's entry mean as it was.
  for (std::size_t z = 0; z < kZones; ++z)
    if (leavers[z] > 0)
      shift[z] = static_cast<float>(spec.entry_effect * std::min(spec.attendance_rate[z], 1.0) *
                                    (weighted[z] / leavers[z] - all_weighted / all));
  return shift;
}

void kindergartens(World& w, const KindergartenCareerRules& rules, const EnrolmentParams& enrolment,
                   const LeaderParams& leaders, const YearContext& ctx, YearFlows& flows) {
  Kindergartens& kg = w.kindergartens;
  if (kg.size() == 0) return;
  const KindergartenSpec& spec = rules.spec;
  flows.kindergarten_entry_shift = entry_shift(kg, spec);
  // Children: 大班 leaves for grade 1, the others move up, a new 小班 enrols.
  for (std::size_t k = 0; k < kg.size(); ++k) {
    auto& c = kg.children[k];
    flows.kindergarten_leavers += c[kYearGroups - 1];
    for (std::size_t g = kYearGroups - 1; g > 0; --g) c[g] = c[g - 1];
    c[0] = 0;
  }
  enrol_year_group(w, spec, zone_cohorts(w, enrolment, static_cast<int>(ctx.year)), 0);
  // Teachers leave, then leaders leave and are replaced (from the staff), then the staff
  // is hired up to the norm of this year's classes and promoted.
  for (std::size_t k = 0; k < kg.size(); ++k) {
    flows.kindergarten_entrants += kg.children[k][0];
    staff_kindergarten(kg, k, spec);  // the teachers' norm of this year's classes
  }
  age_and_leave_kindergarten_teachers(w, rules, ctx, flows);
  if (leaders.enabled) {
    age_and_leave_kindergarten_leaders(w, spec, ctx, flows);
    flows.kindergarten_leader_appointments +=
        fill_kindergarten_posts(w, leaders, spec, ctx.stream(Stream::Leaders), flows);
  }
  hire_kindergarten_teachers(w, rules, ctx, flows);
  promote_kindergarten_teachers(w, rules, flows);
  update_kindergarten_effectiveness(w);
}

}  // namespace edusim

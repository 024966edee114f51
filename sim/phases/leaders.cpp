#include "phases/leaders.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "phases/leader_posts.hpp"

namespace edusim {

namespace {
// There is no leader stream yet: leader draws use Stream::Promotion, keyed by
// leader id, at draw indices from 100 (the promotion phase keys teachers by id at
// low draw indices, so the two never share a counter).
constexpr Stream kLeaderStream = Stream::Leaders;
// Draw 102 held the years in post, now derived from the experience (kept free so
// that the other draws stay as they were).
constexpr std::uint32_t kDrawAge = 100, kDrawExperience = 101, kDrawRank = 103, kDrawQuality = 104;
constexpr int kLeaderEntryAge = 35;  ///< generated leaders count experience from this age
}  // namespace

void LeaderParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled,
          {"school leaders (principal and vice-principals) as agents with effects on their "
           "school; off: no leaders and no effects"});
  v.field("students_per_vice_principal", students_per_vice_principal,
          {1,
           100000,
           {"students per vice-principal post (rounded up, then bounded)", "students",
            "assumption after provincial leader-post rules (职数): 1 principal and 1-3 "
            "vice-principals by school size"}});
  v.field("min_vice_principals", min_vice_principals,
          {0, 20, {"fewest vice-principal posts of an open school", "posts", "assumption"}});
  v.field("max_vice_principals", max_vice_principals,
          {0, 20, {"most vice-principal posts of a school", "posts", "assumption"}});
  v.field("quality_mean", quality_mean,
          {-1,
           1,
           {"mean leadership quality of generated leaders (the effects use quality relative to "
            "the district mean, so only differences matter)",
            "student SD/year", "setting: a normalisation"}});
  v.field("quality_sd", quality_sd,
          {0,
           1,
           {"SD of leadership quality across leaders", "student SD/year",
            "Branch, Hanushek & Rivkin 2012 (NBER w17803): SD of principal value added about "
            "0.05"}});
  schema::per_zone(v, "quality_zone_shift", quality_zone_shift, {-1, 1, {"", "student SD/year"}},
                   {"shift of the mean quality of leaders generated or promoted in each zone",
                    "student SD/year", "assumption: neutral by default"});
  v.field("promotion_link", promotion_link,
          {0,
           10,
           {"mean quality of a promoted teacher per unit of its effectiveness above the "
            "district mean of regular teachers (plus quality_sd noise)",
            "1",
            "assumption: teaching and leading skill weakly related; 0.25 puts a teacher 0.2 SD "
            "above the mean one leader SD above it"}});
  schema::shares(v, "rank_shares", rank_shares, kLeaderRankNames,
                 {"shares of the generated leaders by rank (Qiaodong rating 骨干/专家/功勋校长)",
                  "1", "assumption: a pyramid, few merit principals"});
  v.section("rank_allowance",
            schema::SectionSpec{{"yearly allowance by rank", "yuan/year",
                                 "assumption: order of the Qiaodong rating allowance"}},
            [this](schema::Visitor& ranks) {
              for (std::size_t r = 0; r < kLeaderRanks; ++r)
                ranks.real(kLeaderRankNames[r], rank_allowance[r],
                           {0, 1e6, {"allowance of this rank", "yuan/year"}});
            });
  // Read with leaders off too: leader rotation moves the leaders a snapshot holds
  // (engine/schedule.cpp).
  v.field("retirement_age", retirement_age,
          {40,
           75,
           {"statutory retirement age of leaders", "years", "PRC statutory age 60",
            schema::WhenOff::still_read}});
  v.field("min_age", min_age, {25, 75, {"youngest generated leader", "years", "assumption"}});
  v.field("max_age", max_age, {25, 75, {"oldest generated leader", "years", "assumption"}});
  v.field("max_years_in_post", max_years_in_post,
          {0,
           40,
           {"generated leaders have served at their school min(experience, this) years: in the "
            "model a leader changes school only by cadre rotation (vacancies are filled from the "
            "school's own vice-principals and teachers), so without a rotation history the time "
            "in post is the time as a leader; a lower value stands for earlier transfers",
            "years",
            "assumption: no cadre rotation history (40 = no bound); 教师〔2014〕4号 counts "
            "consecutive years in post at one school"}});
  v.field("promotion_min_experience", promotion_min_experience,
          {0,
           50,
           {"years of teaching a regular teacher without a district backbone title needs to be "
            "promoted into a leader post",
            "years", "assumption"}});
  v.field("growth_effect", growth_effect,
          {0,
           100,
           {"relative change of teachers' yearly growth per unit of the principal's quality "
            "above the district mean (2: one SD, 0.05, adds 10%)",
            "1/(student SD)",
            "assumption; more effective principals develop and keep better teachers (Loeb, "
            "Kalogrides & Béteille 2012; Branch et al. 2012)"}});
  v.field("morale_effect", morale_effect,
          {0,
           100,
           {"target morale per unit of the principal's quality above the district mean (0.6: "
            "one SD adds 0.03)",
            "1/(student SD)", "assumption; same size as rotation hardship"}});
  v.field("quit_effect", quit_effect,
          {0,
           100,
           {"log quit hazard lowered per unit of the principal's quality above the district "
            "mean (4: one SD, hazard x 0.82)",
            "1/(student SD)",
            "assumption; effective principals retain teachers (Grissom 2011; Branch et al. "
            "2012)"}});
  v.field("learning_effect", learning_effect,
          {0,
           1,
           {"share of the principal's relative quality added directly to every student's "
            "achievement each year (the rest of Branch et al.'s total effect works through "
            "teachers)",
            "1", "assumption: weak direct channel, 0.2 of 0.05 = 0.01 SD per leader SD"}});
}

std::int32_t vice_principal_posts(const LeaderParams& p, std::int32_t students) {
  const std::int32_t by_size =
      (std::max(students, 0) + p.students_per_vice_principal - 1) / p.students_per_vice_principal;
  return std::clamp(by_size, p.min_vice_principals,
                    std::max(p.min_vice_principals, p.max_vice_principals));
}

double rank_allowance(const LeaderParams& p, LeaderRank rank) {
  return p.rank_allowance[static_cast<std::size_t>(rank)];
}

std::size_t add_leader(Leaders& l, std::uint32_t& next_id, std::int32_t post, LeaderRole role) {
  l.for_each_column([](auto& column) { column.emplace_back(); });
  const std::size_t i = l.size() - 1;
  l.id[i] = next_id++;
  l.school[i] = l.home_school[i] = post;
  l.role[i] = role;
  l.rotation_destination[i] = -1;
  return i;
}

namespace {

/// Appends one leader serving at its home school s; returns its index.
std::size_t add_leader(World& w, std::int32_t s, LeaderRole role) {
  return add_leader(w.leaders, w.next_leader_id, s, role);
}

double drawn_quality(const LeaderParams& p, const RandomStream& r, std::uint32_t id, Zone zone,
                     double relative_effectiveness) {
  return p.quality_mean + p.quality_zone_shift[index(zone)] +
         p.promotion_link * relative_effectiveness + p.quality_sd * r.normal(id, kDrawQuality);
}

}  // namespace

void compact_leaders(Leaders& l, const std::vector<std::uint8_t>& keep) {
  compact_rows(l, keep);
}

namespace {

/// The school's most effective eligible regular teacher at home, not yet taken:
/// district-or-higher backbone first, then `min_experience` years of teaching,
/// then (if `any_regular`) any regular teacher; -1 if none.
std::int32_t promotion_candidate(const World& w, std::size_t s, const LeaderParams& p,
                                 const std::vector<std::uint8_t>& taken, bool any_regular) {
  const Teachers& t = w.teachers;
  LeaderCandidates candidates;
  for (auto k = w.school_teacher_begin[s]; k < w.school_teacher_begin[s + 1]; ++k) {
    const auto i = static_cast<std::size_t>(w.teachers_by_school[static_cast<std::size_t>(k)]);
    if (taken[i] || t.contract[i] != Contract::Regular || t.rotation_destination[i] >= 0 ||
        t.home_school[i] != static_cast<std::int32_t>(s))
      continue;
    const int tier = district_backbone(t.backbone[i])                ? 0
                     : t.experience[i] >= p.promotion_min_experience ? 1
                                                                     : 2;
    candidates.offer(tier, static_cast<std::int32_t>(i), t.effectiveness[i], t.id[i]);
  }
  return candidates.choice(any_regular);
}

/// Mean effectiveness of the regular teachers (serial, in table order).
double mean_regular_effectiveness(const Teachers& t) {
  double sum = 0;
  std::int64_t n = 0;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t.contract[i] == Contract::Regular) sum += t.effectiveness[i], ++n;
  return n > 0 ? sum / static_cast<double>(n) : 0.0;
}

/// Teachers promoted this year, removed from the teacher table at the end.
struct Promotions {
  std::vector<std::uint8_t> taken;
  std::int64_t count = 0;
  double mean_effectiveness = 0;
};

/// Makes teacher i a leader of school s in `role`.
void promote_teacher(World& w, const LeaderParams& p, const RandomStream& r, std::size_t i,
                     std::size_t s, LeaderRole role, Promotions& promoted) {
  const std::size_t k = add_leader(w, static_cast<std::int32_t>(s), role);
  Leaders& l = w.leaders;
  l.age[k] = w.teachers.age[i];
  l.rank[k] = LeaderRank::Ordinary;
  l.quality[k] = static_cast<float>(drawn_quality(
      p, r, l.id[k], w.schools.zone[s], w.teachers.effectiveness[i] - promoted.mean_effectiveness));
  promoted.taken[i] = 1;
  ++promoted.count;
}

/// Fills every open school's principal post, then its vice-principal posts.
void fill_vacancies(World& w, const LeaderParams& p, const YearContext& ctx, YearFlows& flows) {
  const RandomStream r = ctx.stream(kLeaderStream);
  LeaderPosts posts = count_leader_posts(w.leaders, w.schools.size());
  Promotions promoted{std::vector<std::uint8_t>(w.teachers.size(), 0), 0,
                      mean_regular_effectiveness(w.teachers)};
  for (std::size_t s = 0; s < w.schools.size(); ++s) {
    if (!w.schools.open[s]) continue;
    if (posts.principal[s] < 0) {
      if (posts.best_vice[s] >= 0) {
        w.leaders.role[static_cast<std::size_t>(posts.best_vice[s])] = LeaderRole::Principal;
        --posts.vices[s];
        ++flows.leader_posts_filled;
      } else if (const auto i = promotion_candidate(w, s, p, promoted.taken, true); i >= 0) {
        promote_teacher(w, p, r, static_cast<std::size_t>(i), s, LeaderRole::Principal, promoted);
        ++flows.leader_posts_filled;
      } else {  // no regular teacher at all: an outside appointment from the bureau
        const std::size_t k = add_leader(w, static_cast<std::int32_t>(s), LeaderRole::Principal);
        w.leaders.age[k] = static_cast<std::int16_t>(p.min_age);
        w.leaders.quality[k] =
            static_cast<float>(drawn_quality(p, r, w.leaders.id[k], w.schools.zone[s], 0.0));
        ++flows.leader_posts_filled;
      }
    }
    const std::int32_t target = vice_principal_posts(p, w.school_students(s));
    for (std::int32_t v = posts.vices[s]; v < target; ++v) {
      const auto i = promotion_candidate(w, s, p, promoted.taken, false);
      if (i < 0) break;  // nobody eligible: the post stays vacant
      promote_teacher(w, p, r, static_cast<std::size_t>(i), s, LeaderRole::VicePrincipal, promoted);
      ++flows.leader_posts_filled;
    }
  }
  if (promoted.count == 0) return;
  std::vector<std::uint8_t> keep(promoted.taken.size());
  for (std::size_t i = 0; i < keep.size(); ++i) keep[i] = !promoted.taken[i];
  compact_teachers(w.teachers, keep);
  index_teachers(w);
  // Teacher indices moved; classes get their teachers again in class_assignment.
  std::fill(w.classes.class_teacher.begin(), w.classes.class_teacher.end(), -1);
  flows.teachers_to_leaders += promoted.count;
}

}  // namespace

std::int64_t age_and_retire(Leaders& l, std::int32_t retirement_age) {
  std::vector<std::uint8_t> keep(l.size());
  std::int64_t retired = 0;
  for (std::size_t i = 0; i < l.size(); ++i) {
    ++l.age[i], ++l.experience[i], ++l.years_in_post[i];
    keep[i] = l.age[i] < retirement_age;
    retired += !keep[i];
  }
  compact_leaders(l, keep);
  return retired;
}

float appointed_quality(const LeaderParams& p, const RandomStream& r, std::uint32_t id, Zone zone,
                        double relative_effectiveness) {
  return static_cast<float>(drawn_quality(p, r, id, zone, relative_effectiveness));
}

void draw_generated_leader(Leaders& l, std::size_t k, const LeaderParams& p, const RandomStream& r,
                           Zone zone) {
  const std::uint32_t id = l.id[k];
  const int age = p.min_age + static_cast<int>(r.uniform(id, kDrawAge) *
                                               (std::max(p.max_age - p.min_age, 0) + 1));
  const int experience =
      static_cast<int>(r.uniform(id, kDrawExperience) * (std::max(age - kLeaderEntryAge, 0) + 1));
  l.age[k] = static_cast<std::int16_t>(age);
  l.experience[k] = static_cast<std::int16_t>(experience);
  l.years_in_post[k] = static_cast<std::int16_t>(std::min(experience, p.max_years_in_post));
  l.rank[k] =
      static_cast<LeaderRank>(RandomStream::categorical(r.uniform(id, kDrawRank), p.rank_shares));
  l.quality[k] = static_cast<float>(drawn_quality(p, r, id, zone, 0.0));
}

void generate_leaders(World& w, const LeaderParams& p, const YearContext& ctx) {
  if (!p.enabled || w.leaders.size() > 0) return;
  const RandomStream r = ctx.stream(kLeaderStream);
  auto draw = [&](std::size_t s, LeaderRole role) {
    const std::size_t k = add_leader(w, static_cast<std::int32_t>(s), role);
    draw_generated_leader(w.leaders, k, p, r, w.schools.zone[s]);
  };
  for (std::size_t s = 0; s < w.schools.size(); ++s) {
    if (!w.schools.open[s]) continue;
    draw(s, LeaderRole::Principal);
    const std::int32_t vices = vice_principal_posts(p, w.school_students(s));
    for (std::int32_t v = 0; v < vices; ++v) draw(s, LeaderRole::VicePrincipal);
  }
}

void release_leaders_of_closed_schools(World& w, YearFlows& flows) {
  Leaders& l = w.leaders;
  std::vector<std::uint8_t> keep(l.size());
  for (std::size_t i = 0; i < l.size(); ++i) {
    keep[i] = w.schools.open[static_cast<std::size_t>(l.school[i])];
    if (!keep[i]) {
      ++flows.leader_retirements;
      continue;
    }
    if (!w.schools.open[static_cast<std::size_t>(l.home_school[i])]) {
      // Away on rotation when the home school closed: the post there is now home.
      l.home_school[i] = l.school[i];
      l.rotation_destination[i] = -1;
      l.rotation_years_left[i] = 0;
    }
  }
  compact_leaders(l, keep);
}

void leaders(World& w, const LeaderParams& p, const YearContext& ctx, YearFlows& flows) {
  if (!p.enabled) return;
  flows.leader_retirements += age_and_retire(w.leaders, p.retirement_age);
  release_leaders_of_closed_schools(w, flows);
  fill_vacancies(w, p, ctx, flows);
}

std::vector<float> school_leadership(const World& w) {
  const Leaders& l = w.leaders;
  std::vector<float> q(w.schools.size(), std::numeric_limits<float>::quiet_NaN());
  double sum = 0;
  std::int64_t n = 0;
  for (std::size_t i = 0; i < l.size(); ++i) {
    if (l.role[i] != LeaderRole::Principal) continue;
    const auto s = static_cast<std::size_t>(l.school[i]);
    if (!w.schools.open[s]) continue;
    sum += l.quality[i], ++n;
  }
  const double mean = n > 0 ? sum / static_cast<double>(n) : 0.0;
  for (std::size_t i = 0; i < l.size(); ++i) {
    const auto s = static_cast<std::size_t>(l.school[i]);
    if (l.role[i] == LeaderRole::Principal && w.schools.open[s])
      q[s] = static_cast<float>(l.quality[i] - mean);
  }
  return q;
}

void update_leadership(World& w) {
  w.schools.leadership = school_leadership(w);
}

std::vector<float> leadership_for_effects(const World& w, const LeaderParams& p) {
  if (!p.enabled) return std::vector<float>(w.schools.size(), 0.0f);
  if (w.schools.leadership.size() != w.schools.size())
    throw std::logic_error(
        "leadership_for_effects: Schools::leadership is not up to date "
        "(update_leadership runs at the start and once a year)");
  std::vector<float> q = w.schools.leadership;
  for (float& x : q)
    if (std::isnan(x)) x = 0.0f;
  return q;
}

std::vector<float> leadership_learning_effect(const World& w, const LeaderParams& p) {
  std::vector<float> q = leadership_for_effects(w, p);
  for (float& x : q) x = static_cast<float>(p.learning_effect * x);
  return q;
}

}  // namespace edusim

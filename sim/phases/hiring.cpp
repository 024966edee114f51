#include "phases/hiring.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>
#include <tuple>

namespace edusim {

void InternParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled,
          {"place university interns (顶岗实习 / UGS) for one year", "",
           "Qiaodong: 228 interns (2017), 203 (2018), one year each"});
  v.field("mode", mode,
          schema::ChoiceSpec{
              {"vacancies: interns fill the posts regular hiring leaves vacant (up to "
               "max_per_year); fixed: per_year interns every year on top of the staffing norm "
               "(supernumerary student teachers, not counted against it), weak and rural schools "
               "first, at most max_share_per_school of a school's posts",
               "",
               "Qiaodong (seed 000): interviewed students of Hebei North University taught a "
               "year in the district's schools on top of its staff (UGS cooperation: fixed)"}});
  v.field("max_per_year", max_per_year,
          {0,
           100000000,
           {"vacancies mode: interns placed per year at most; 0 = as many as the vacancies left",
            "teachers", "assumption: no cap"}});
  v.field("per_year", per_year,
          {0,
           100000000,
           {"fixed mode: interns placed every year (fewer only when every school is at "
            "max_share_per_school)",
            "teachers", "Qiaodong: 228 (2017) and 203 (2018), about 216 a year"}});
  v.field("max_share_per_school", max_share_per_school,
          {0,
           1,
           {"fixed mode: interns a school takes at most, per post of its staffing norm (at least "
            "1 for a school with students)",
            "1",
            "assumption: about one intern per five posts, so that each has experienced "
            "teachers to mentor it"}});
  v.field("effectiveness_shift", effectiveness_shift,
          {-1,
           1,
           {"mean effectiveness of an intern relative to a novice regular teacher (district "
            "talent distribution)",
            "student SD",
            "assumption: a student teacher without a degree is below a novice; the novice gap to "
            "experienced teachers is 0.05-0.10 SD (Papay & Kraft 2015), so one such gap again"}});
  schema::truncated_normal(v, "age", age, {16, 40, {"", "years"}},
                           {"age of interns (university students)", "years",
                            "assumption: third- or fourth-year undergraduates, around 21"});
  v.field("degree", degree,
          schema::ChoiceSpec{{"highest completed degree of an intern", "",
                              "assumption: still studying for the bachelor degree"}});
}

void SubstituteParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled,
          {"hire substitute teachers (代课教师) on one-year contracts for what interns leave "
           "vacant"});
  v.field("max_per_year", max_per_year,
          {0,
           100000000,
           {"substitutes hired per year; 0 = as many as the vacancies left", "teachers",
            "setting: the district's budget (0: no cap)"}});
  v.field("effectiveness_shift", effectiveness_shift,
          {-1,
           1,
           {"mean effectiveness of a substitute relative to a novice regular teacher (district "
            "talent distribution)",
            "student SD",
            "assumption: uncertified, but often with some classroom experience; half the "
            "intern shift"}});
  schema::truncated_normal(
      v, "age", age, {16, 70, {"", "years"}},
      {"age of substitutes", "years", "assumption: local adults of any working age"});
  v.field(
      "degree", degree,
      schema::ChoiceSpec{{"highest degree of a substitute", "",
                          "assumption: associate degree (专科), below the regular hiring bar"}});
}

void HiringParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled, {"fill vacancies every year"});
  schema::truncated_normal(v, "age", age, {18, 60, {"", "years"}},
                           {"age of new hires", "years",
                            "assumption: graduates hired a year or two after their degree"});
  schema::shares(v, "degree_shares", degree_shares, kDegreeNames,
                 {"highest degree of applicants (sum 1)", "1",
                  "Qiaodong 2014-2018: all 218 hires bachelor or more, 22 graduate (10%)"});
  v.field("applicant_quality_shift", applicant_quality_shift,
          {-1,
           1,
           {"added to the talent of every applicant", "SD",
            "setting: a scenario's applicant pool (0: as the starting teachers)"}});
  v.field("entry_title", entry_title,
          {0,
           kTitleGrades - 1,
           {"title grade of new teachers (0 = 三级)", "",
            "assumption: new graduates enter at the lowest grade"}});
  v.field("max_hires_per_year", max_hires_per_year,
          {0,
           100000000,
           {"cap on regular hires per year (budget or quota); 0 = no cap", "teachers",
            "setting: the district's quota (0: none)"}});
  v.field("placement", placement,
          schema::ChoiceSpec{
              {"which vacancies regular hires fill first: need (largest share of posts vacant; "
               "applicants unranked), weak_rural_first (weak or rural schools first, with the "
               "best applicants), preference (best applicants take urban, then town, then rural "
               "posts, accepting with probability acceptance)",
               "", "Qiaodong: new hires go first to rural or weak schools (weak_rural_first)"}});
  schema::per_zone(v, "acceptance", acceptance, {0, 1, {"", "1"}},
                   {"placement preference: probability that an applicant accepts a post in the "
                    "zone",
                    "1",
                    "assumption: rural posts are hard to fill; 79.2% of Yunnan rural teachers "
                    "intend to leave (Wang & Li 2017)"});
  v.field("include_kindergartens", include_kindergartens,
          {"kindergartens fill their teacher vacancies every year with novices up to their class "
           "norms (district.kindergartens.teachers_per_class); false: they hire nobody and "
           "their staff shrinks by retirements, quits and appointments (hiring.enabled false "
           "stops their hiring too)",
           "", "assumption: kindergartens hire to the national norms as schools do"});
  v.field("school_pull", school_pull,
          {0,
           2,
           {"multiplier of every school's talent_shift (district.schools[].effectiveness_shift: "
            "the school's pull on the talent of the teachers it hires) when it hires; 1 keeps "
            "the district's shifts, 0 makes a hire's talent independent of the school it "
            "joins (hiring equalised across schools); the spin-up's hiring uses it too, the "
            "generated teachers of year 0 do not",
            "1",
            "setting, a design choice: 1 (the district's shifts as written); 0 is the equalised "
            "hiring of "
            "the Goldhaber et al. (2023) experiment (docs/teacher-quality-gaps.md)"}});
  v.field("interns", interns, {{"university interns (顶岗实习 / UGS), one year"}});
  v.field("substitutes", substitutes, {{"substitute teachers (代课教师), one year"}});
}

bool weak_or_rural(const Schools& schools, std::size_t s) {
  return schools.strength[s] == Strength::Weak || schools.zone[s] == Zone::Rural;
}

namespace {

// Draw indices of a new teacher (stream Hiring or Interns, keyed by its id).
constexpr std::uint32_t kAgeDraw = 0, kTalentDraw = 100, kDegreeDraw = 200, kAcceptDraw = 300,
                        kFemaleDraw = 400;

/// A new teacher's sex, by district.teachers.female_share of its school's level.
std::uint8_t drawn_female(const World& world, std::size_t i, const TeacherSpec& spec,
                          const RandomStream& stream) {
  const Level level = world.schools.level[static_cast<std::size_t>(world.teachers.school[i])];
  return spec.is_female_draw(level, stream.uniform(world.teachers.id[i], kFemaleDraw));
}

/// Everything of a new regular teacher but the talent, which the caller drew.
void set_regular_teacher(World& world, std::size_t i, const HiringParams& params,
                         const TeacherSpec& spec, const RandomStream& stream, double talent) {
  Teachers& t = world.teachers;
  const std::uint32_t id = t.id[i];
  t.age[i] = static_cast<std::int16_t>(std::lround(stream.truncated_normal(
      params.age.mean, params.age.sd, params.age.min, params.age.max, id, kAgeDraw)));
  t.female[i] = drawn_female(world, i, spec, stream);
  t.effectiveness[i] = static_cast<float>(talent);
  t.degree[i] = static_cast<Degree>(
      RandomStream::categorical(stream.uniform(id, kDegreeDraw), params.degree_shares));
  t.title[i] = t.post_title[i] = static_cast<std::int8_t>(params.entry_title);
  t.morale[i] = static_cast<float>(spec.initial_morale);
}

}  // namespace

void draw_new_teacher(World& world, std::size_t i, const HiringParams& params,
                      const TeacherSpec& spec, const RandomStream& stream) {
  const auto s = static_cast<std::size_t>(world.teachers.school[i]);
  const TruncatedNormal& talent = spec.talent;
  const double e =
      stream.truncated_normal(talent.mean + params.applicant_quality_shift +
                                  params.school_pull * world.schools.talent_shift[s],
                              talent.sd, talent.min, talent.max, world.teachers.id[i], kTalentDraw);
  set_regular_teacher(world, i, params, spec, stream, e);
}

void end_temporary_contracts(World& world, YearFlows& flows) {
  Teachers& t = world.teachers;
  std::vector<std::uint8_t> keep(t.size());
  bool any = false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    keep[i] = t.contract[i] == Contract::Regular;
    if (keep[i]) continue;
    any = true;
    ++flows.contract_ends;
    ++flows.school_contract_ends[static_cast<std::size_t>(t.school[i])];
  }
  if (!any) return;
  compact_teachers(t, keep);
  index_teachers(world);
  // Teacher indices moved; classes get their teachers again in class_assignment.
  std::fill(world.classes.class_teacher.begin(), world.classes.class_teacher.end(), -1);
}

namespace {

/// Posts to fill per school, against the staffing norm.
struct Demand {
  std::vector<std::int32_t> target, vacant, pe_art_gap;
};

Demand count_vacancies(const World& world, const TeacherSpec& spec) {
  const std::size_t n = world.schools.size();
  Demand d{staffing_targets(world, spec), std::vector<std::int32_t>(n, 0),
           std::vector<std::int32_t>(n, 0)};
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t s) {  // each school its own counts
    if (!world.schools.open[s]) return;
    d.vacant[s] = std::max(0, d.target[s] - world.school_teachers(s));
    std::int32_t pe_art = 0;
    for (auto k = world.school_teacher_begin[s]; k < world.school_teacher_begin[s + 1]; ++k)
      pe_art += world.teachers.subject[static_cast<std::size_t>(
                    world.teachers_by_school[static_cast<std::size_t>(k)])] == Subject::PeArt;
    d.pe_art_gap[s] =
        static_cast<std::int32_t>(std::lround(spec.pe_art_share * d.target[s])) - pe_art;
  });
  return d;
}

/// Schools with a vacancy in the order their vacancies are filled: by `tier` (lower
/// first), then by the share of posts vacant (larger first), then by index. Only they
/// get posts, and a stable sort keeps their order among themselves whether or not the
/// other schools are sorted with them.
template <class Tier>
std::vector<std::size_t> fill_order(const Demand& d, Tier tier) {
  std::vector<double> share(d.target.size(), 0.0);
  std::vector<std::size_t> order;
  for (std::size_t s = 0; s < share.size(); ++s) {
    share[s] = d.target[s] > 0 ? static_cast<double>(d.vacant[s]) / d.target[s] : 0.0;
    if (d.vacant[s] > 0) order.push_back(s);
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const int ta = tier(a), tb = tier(b);
    return ta != tb ? ta < tb : share[a] > share[b];
  });
  return order;
}

/// One entry per vacant post (its school), in filling order, at most `limit`.
std::vector<std::int32_t> posts(const std::vector<std::size_t>& order,
                                const std::vector<std::int32_t>& vacant, std::int64_t limit) {
  std::vector<std::int32_t> out;
  for (std::size_t s : order)
    for (std::int32_t k = 0; k < vacant[s] && static_cast<std::int64_t>(out.size()) < limit; ++k)
      out.push_back(static_cast<std::int32_t>(s));
  return out;
}

std::int64_t cap(std::int32_t max_per_year) {
  return max_per_year > 0 ? max_per_year : INT64_MAX;
}

std::vector<std::size_t> regular_order(const World& world, const Demand& d,
                                       HiringPlacement placement) {
  switch (placement) {
    case HiringPlacement::WeakRuralFirst:
      return fill_order(d, [&](std::size_t s) { return weak_or_rural(world.schools, s) ? 0 : 1; });
    case HiringPlacement::Preference:
      return fill_order(d, [&](std::size_t s) { return index(world.schools.zone[s]); });
    case HiringPlacement::Need:
      break;
  }
  return fill_order(d, [](std::size_t) { return 0; });
}

/// Adds one regular hire at school s (attributes still to draw) and tallies it.
std::size_t add_regular(World& world, std::size_t s, std::uint32_t id, Demand& d,
                        YearFlows& flows) {
  const std::size_t i = add_teacher(world.teachers, id, static_cast<std::int32_t>(s));
  if (d.pe_art_gap[s]-- > 0) world.teachers.subject[i] = Subject::PeArt;
  --d.vacant[s];
  ++flows.hires[index(world.schools.zone[s])];
  ++flows.school_hires[s];
  flows.hires_weak_rural += weak_or_rural(world.schools, s);
  return i;
}

/// Regular hiring. The pool has one applicant per post offered (the vacancies,
/// up to the cap); applicant j is keyed by the id first_id + j, which becomes its
/// teacher id. Under `need` applicants come unranked (today's rule, so the
/// talent draw includes the school's talent shift); otherwise they are ranked by
/// talent, best first, and the r-th best is offered the r-th post.
void hire_regular(World& world, const HiringParams& params, const TeacherSpec& spec,
                  const RandomStream& stream, Demand& d, YearFlows& flows) {
  const std::vector<std::int32_t> offered =
      posts(regular_order(world, d, params.placement), d.vacant, cap(params.max_hires_per_year));
  const std::uint32_t first_id = world.next_teacher_id;
  const std::size_t n = offered.size();
  world.next_teacher_id += static_cast<std::uint32_t>(n);
  if (params.placement == HiringPlacement::Need) {
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t i = add_regular(world, static_cast<std::size_t>(offered[j]),
                                        first_id + static_cast<std::uint32_t>(j), d, flows);
      draw_new_teacher(world, i, params, spec, stream);
    }
    return;
  }
  const TruncatedNormal& tn = spec.talent;
  std::vector<double> talent(n);
  for (std::size_t j = 0; j < n; ++j)
    talent[j] =
        stream.truncated_normal(tn.mean + params.applicant_quality_shift, tn.sd, tn.min, tn.max,
                                first_id + static_cast<std::uint32_t>(j), kTalentDraw);
  std::vector<std::size_t> rank(n);
  std::iota(rank.begin(), rank.end(), 0);
  std::stable_sort(rank.begin(), rank.end(),
                   [&](std::size_t a, std::size_t b) { return talent[a] > talent[b]; });
  for (std::size_t r = 0; r < n; ++r) {
    const auto s = static_cast<std::size_t>(offered[r]);
    const std::uint32_t id = first_id + static_cast<std::uint32_t>(rank[r]);
    if (params.placement == HiringPlacement::Preference &&
        stream.uniform(id, kAcceptDraw) >= params.acceptance[index(world.schools.zone[s])])
      continue;  // declined: the post stays vacant, the applicant goes elsewhere
    // The school's talent shift is its pull on the applicant it gets.
    const std::size_t i = add_regular(world, s, id, d, flows);
    set_regular_teacher(world, i, params, spec, stream,
                        talent[rank[r]] + params.school_pull * world.schools.talent_shift[s]);
  }
}

/// What distinguishes interns from substitutes when they are placed.
struct Temporary {
  Contract contract;
  std::int32_t max_per_year;
  double effectiveness_shift;
  TruncatedNormal age;
  Degree degree;
};

/// One temporary teacher of `kind` at each school listed (stream Interns, keyed
/// by the new teacher's id).
void add_temporary(World& world, const Temporary& kind, const TeacherSpec& spec,
                   const RandomStream& stream, const std::vector<std::int32_t>& schools) {
  Teachers& t = world.teachers;
  const TruncatedNormal& tn = spec.talent;
  for (std::int32_t s : schools) {
    const std::size_t i = add_teacher(t, world.next_teacher_id++, s);
    const std::uint32_t id = t.id[i];
    t.contract[i] = kind.contract;
    t.age[i] = static_cast<std::int16_t>(std::lround(stream.truncated_normal(
        kind.age.mean, kind.age.sd, kind.age.min, kind.age.max, id, kAgeDraw)));
    t.female[i] = drawn_female(world, i, spec, stream);
    t.effectiveness[i] = static_cast<float>(stream.truncated_normal(
        tn.mean + kind.effectiveness_shift, tn.sd, tn.min, tn.max, id, kTalentDraw));
    t.degree[i] = kind.degree;
    t.morale[i] = static_cast<float>(spec.initial_morale);
  }
}

/// Fills what is still vacant with one-year contracts, weak and rural schools
/// first.
std::int64_t hire_temporary(World& world, const Temporary& kind, const TeacherSpec& spec,
                            const RandomStream& stream, Demand& d) {
  const auto order =
      fill_order(d, [&](std::size_t s) { return weak_or_rural(world.schools, s) ? 0 : 1; });
  const std::vector<std::int32_t> filled = posts(order, d.vacant, cap(kind.max_per_year));
  add_temporary(world, kind, spec, stream, filled);
  for (std::int32_t s : filled) --d.vacant[static_cast<std::size_t>(s)];
  return static_cast<std::int64_t>(filled.size());
}

/// Supernumerary interns: per_year placed one at a time at the school with the
/// fewest interns per post, weak and rural schools first, each school up to
/// max(1, floor(max_share * posts)). Vacancies are left as they are.
std::int64_t place_fixed_interns(World& world, const InternParams& p, const TeacherSpec& spec,
                                 const RandomStream& stream, const Demand& d) {
  struct Slot {
    int tier;
    double load;  ///< interns placed / posts
    std::size_t school;
    bool operator>(const Slot& o) const {
      return std::tie(tier, load, school) > std::tie(o.tier, o.load, o.school);
    }
  };
  const std::size_t n = d.target.size();
  std::vector<std::int32_t> cap(n, 0), placed(n, 0);
  std::priority_queue<Slot, std::vector<Slot>, std::greater<>> next;
  for (std::size_t s = 0; s < n; ++s) {
    if (d.target[s] <= 0) continue;
    cap[s] = std::max(
        1, static_cast<std::int32_t>(std::floor(p.max_share_per_school * d.target[s] + 1e-9)));
    next.push({weak_or_rural(world.schools, s) ? 0 : 1, 0.0, s});
  }
  std::vector<std::int32_t> schools;
  while (static_cast<std::int32_t>(schools.size()) < p.per_year && !next.empty()) {
    Slot slot = next.top();
    next.pop();
    schools.push_back(static_cast<std::int32_t>(slot.school));
    if (++placed[slot.school] < cap[slot.school]) {
      slot.load = static_cast<double>(placed[slot.school]) / d.target[slot.school];
      next.push(slot);
    }
  }
  add_temporary(world, {Contract::Intern, 0, p.effectiveness_shift, p.age, p.degree}, spec, stream,
                schools);
  return static_cast<std::int64_t>(schools.size());
}

}  // namespace

void hiring(World& world, const HiringParams& params, const TeacherSpec& spec,
            const YearContext& ctx, YearFlows& flows) {
  if (!params.enabled) return;
  // The teacher index is current: every phase that moves teachers rebuilds it.
  Demand d = count_vacancies(world, spec);
  hire_regular(world, params, spec, ctx.stream(Stream::Hiring), d, flows);
  const RandomStream temporary = ctx.stream(Stream::Interns);
  if (params.interns.enabled) {
    const InternParams& p = params.interns;
    flows.interns_hired +=
        p.mode == InternMode::Fixed
            ? place_fixed_interns(world, p, spec, temporary, d)
            : hire_temporary(
                  world, {Contract::Intern, p.max_per_year, p.effectiveness_shift, p.age, p.degree},
                  spec, temporary, d);
  }
  if (params.substitutes.enabled) {
    const SubstituteParams& p = params.substitutes;
    flows.substitutes_hired += hire_temporary(
        world, {Contract::Substitute, p.max_per_year, p.effectiveness_shift, p.age, p.degree}, spec,
        temporary, d);
  }
  for (std::size_t s = 0; s < d.vacant.size(); ++s) {
    flows.school_vacancies[s] += d.vacant[s];
    flows.vacancies_unfilled += d.vacant[s];
  }
  index_teachers(world);
}

}  // namespace edusim

// Hiring fills vacancies up to the staffing norm, within the cap.
#include <gtest/gtest.h>

#include <tbb/global_control.h>
#include <utility>

#include <algorithm>
#include <cmath>

#include "build/generator.hpp"
#include "phases/demography.hpp"
#include "phases/hiring.hpp"
#include "test_helpers.hpp"

using namespace edusim;

TEST(Hiring, StaffingTarget) {
  EXPECT_EQ(staffing_target(0, 19), 0);
  EXPECT_EQ(staffing_target(1, 19), 1);
  EXPECT_EQ(staffing_target(38, 19), 2);
  EXPECT_EQ(staffing_target(39, 19), 3);
}

namespace {
World world_with_vacancies(const Scenario& s) {
  World w = generate_district(s);
  DemographyParams heavy;
  heavy.quit_rate_early = heavy.quit_rate_mid = heavy.quit_rate_late = 0.3;
  YearFlows f;
  f.reset(w.schools.size());
  teacher_demography(w, heavy, {5, 0, 1}, f);
  return w;
}
}  // namespace

TEST(Hiring, FillsEverySchoolToItsTarget) {
  const Scenario s = edusim::testing::small_scenario();
  World w = world_with_vacancies(s);
  YearFlows f;
  f.reset(w.schools.size());
  hiring(w, s.hiring, s.district.teachers, {5, 0, 1}, f);
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc) {
    const auto target =
        staffing_target(w.school_students(sc),
                        s.district.teachers.student_teacher_ratio[index(w.schools.level[sc])]);
    EXPECT_GE(w.school_teachers(sc), target) << "school " << sc;
  }
  EXPECT_GT(YearFlows::total(f.hires), 0);
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (w.teachers.experience[i] == 0) {
      EXPECT_EQ(w.teachers.title[i], s.hiring.entry_title);
      EXPECT_GE(w.teachers.age[i], s.hiring.age.min);
    }
}

TEST(Hiring, CapIsHonouredAndNeediestSchoolsGoFirst) {
  Scenario s = edusim::testing::small_scenario();
  World w = world_with_vacancies(s);
  s.hiring.max_hires_per_year = 3;
  YearFlows f;
  f.reset(w.schools.size());
  hiring(w, s.hiring, s.district.teachers, {5, 0, 1}, f);
  EXPECT_EQ(YearFlows::total(f.hires), 3);
}

TEST(Hiring, DisabledHiresNobody) {
  Scenario s = edusim::testing::small_scenario();
  World w = world_with_vacancies(s);
  s.hiring.enabled = false;
  const auto before = w.teachers.size();
  YearFlows f;
  f.reset(w.schools.size());
  hiring(w, s.hiring, s.district.teachers, {5, 0, 1}, f);
  EXPECT_EQ(w.teachers.size(), before);
}

// ---- Targeted hiring, interns and substitutes ----

namespace {

/// The sum of the interns' effectiveness, and their number.
std::pair<double, std::int64_t> intern_effectiveness(const World& w) {
  double sum = 0;
  std::int64_t n = 0;
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (w.teachers.contract[i] == Contract::Intern) sum += w.teachers.effectiveness[i], ++n;
  return {sum, n};
}

YearFlows fresh_flows(const World& w) {
  YearFlows f;
  f.reset(w.schools.size());
  return f;
}

/// Today's rule written out independently: schools by share of posts vacant,
/// one new teacher per vacancy in that order, ids in hiring order.
void reference_need_hiring(World& w, const HiringParams& params, const TeacherSpec& spec,
                           const YearContext& ctx) {
  const std::size_t n = w.schools.size();
  std::vector<std::int32_t> vacant(n, 0), pe_gap(n, 0);
  std::vector<double> share(n, 0.0);
  for (std::size_t s = 0; s < n; ++s) {
    if (!w.schools.open[s]) continue;
    const auto target = staffing_target(w.school_students(s),
                                        spec.student_teacher_ratio[index(w.schools.level[s])]);
    vacant[s] = std::max(0, target - w.school_teachers(s));
    share[s] = target > 0 ? static_cast<double>(vacant[s]) / target : 0.0;
    std::int32_t pe = 0;
    for (auto k = w.school_teacher_begin[s]; k < w.school_teacher_begin[s + 1]; ++k)
      pe += w.teachers.subject[static_cast<std::size_t>(
                w.teachers_by_school[static_cast<std::size_t>(k)])] == Subject::PeArt;
    pe_gap[s] = static_cast<std::int32_t>(std::lround(spec.pe_art_share * target)) - pe;
  }
  std::vector<std::size_t> order(n);
  for (std::size_t s = 0; s < n; ++s) order[s] = s;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return share[a] > share[b]; });
  std::int64_t budget = params.max_hires_per_year > 0 ? params.max_hires_per_year : INT64_MAX;
  const RandomStream stream = ctx.stream(Stream::Hiring);
  for (std::size_t s : order)
    for (std::int32_t k = 0; k < vacant[s] && budget > 0; ++k, --budget) {
      const auto i = add_teacher(w.teachers, w.next_teacher_id++, static_cast<std::int32_t>(s));
      draw_new_teacher(w, i, params, spec, stream);
      if (pe_gap[s]-- > 0) w.teachers.subject[i] = Subject::PeArt;
    }
  index_teachers(w);
}

/// The bytes of every teacher column, to compare two worlds bit for bit.
std::vector<char> teacher_bytes(World& w) {
  std::vector<char> out;
  w.teachers.for_each_column([&out](auto& column) {
    const auto* p = reinterpret_cast<const char*>(column.data());
    out.insert(out.end(), p, p + column.size() * sizeof(column[0]));
  });
  return out;
}

std::int64_t total_vacancies(const World& w, const TeacherSpec& spec) {
  std::int64_t v = 0;
  for (std::size_t s = 0; s < w.schools.size(); ++s)
    if (w.schools.open[s])
      v += std::max(0, staffing_target(w.school_students(s),
                                       spec.student_teacher_ratio[index(w.schools.level[s])]) -
                           w.school_teachers(s));
  return v;
}

/// Marks school 0 (urban) weak and every other school ordinary.
void one_weak_urban_school(World& w) {
  std::fill(w.schools.strength.begin(), w.schools.strength.end(), Strength::Ordinary);
  w.schools.strength[0] = Strength::Weak;
}

}  // namespace

TEST(Hiring, NeedReproducesTheOriginalRuleBitForBit) {
  for (std::int32_t cap : {0, 5}) {
    Scenario s = edusim::testing::small_scenario();
    s.hiring.max_hires_per_year = cap;
    ASSERT_EQ(s.hiring.placement, HiringPlacement::Need);
    World a = world_with_vacancies(s), b = world_with_vacancies(s);
    YearFlows f = fresh_flows(a);
    hiring(a, s.hiring, s.district.teachers, {5, 0, 1}, f);
    reference_need_hiring(b, s.hiring, s.district.teachers, {5, 0, 1});
    EXPECT_EQ(teacher_bytes(a), teacher_bytes(b)) << "cap " << cap;
    EXPECT_EQ(a.next_teacher_id, b.next_teacher_id);
  }
}

TEST(Hiring, WeakRuralFirstUnderACapHiresOnlyThereWhileTheyHaveVacancies) {
  Scenario s = edusim::testing::small_scenario();
  s.hiring.placement = HiringPlacement::WeakRuralFirst;
  World w = world_with_vacancies(s);
  one_weak_urban_school(w);
  std::int64_t priority = 0;
  const TeacherSpec& spec = s.district.teachers;
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc)
    if (weak_or_rural(w.schools, sc))
      priority +=
          std::max(0, staffing_target(w.school_students(sc),
                                      spec.student_teacher_ratio[index(w.schools.level[sc])]) -
                          w.school_teachers(sc));
  ASSERT_GT(priority, 3);
  s.hiring.max_hires_per_year = static_cast<std::int32_t>(priority - 1);
  YearFlows f = fresh_flows(w);
  hiring(w, s.hiring, spec, {5, 0, 1}, f);
  EXPECT_EQ(YearFlows::total(f.hires), priority - 1);
  EXPECT_EQ(f.hires_weak_rural, priority - 1);
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc)
    if (!weak_or_rural(w.schools, sc)) {
      EXPECT_EQ(f.school_hires[sc], 0) << "school " << sc;
    }
}

TEST(Hiring, WeakRuralFirstGivesThemTheBestApplicants) {
  Scenario s = edusim::testing::small_scenario();
  s.hiring.placement = HiringPlacement::WeakRuralFirst;
  World w = world_with_vacancies(s);
  one_weak_urban_school(w);
  const std::uint32_t first_id = w.next_teacher_id;
  YearFlows f = fresh_flows(w);
  hiring(w, s.hiring, s.district.teachers, {5, 0, 1}, f);
  ASSERT_GT(f.hires_weak_rural, 0);
  ASSERT_GT(YearFlows::total(f.hires), f.hires_weak_rural);  // others were hired too
  // Applicant talent = effectiveness less the school's pull.
  double worst_priority = 1e9, best_other = -1e9;
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    if (w.teachers.id[i] < first_id) continue;
    const auto sc = static_cast<std::size_t>(w.teachers.school[i]);
    const double talent = w.teachers.effectiveness[i] - w.schools.talent_shift[sc];
    if (weak_or_rural(w.schools, sc))
      worst_priority = std::min(worst_priority, talent);
    else
      best_other = std::max(best_other, talent);
  }
  EXPECT_GE(worst_priority, best_other - 1e-6);
}

namespace {
/// Many rural, town and urban primaries with no teachers at all: every post vacant.
World empty_district(Scenario& s) {
  SchoolTypeSpec town = s.district.schools[1];
  town.zone = Zone::Town;
  town.count = 30;
  s.district.schools[1].count = 60;  // rural primaries
  s.district.schools.push_back(town);
  World w = generate_district(s);
  compact_teachers(w.teachers, std::vector<std::uint8_t>(w.teachers.size(), 0));
  index_teachers(w);
  return w;
}
}  // namespace

TEST(Hiring, PreferenceLeavesRuralPostsVacantAtOneMinusAcceptance) {
  Scenario s = edusim::testing::small_scenario();
  s.hiring.placement = HiringPlacement::Preference;
  World w = empty_district(s);
  std::array<std::int64_t, kZones> posts{};
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc)
    posts[index(w.schools.zone[sc])] +=
        staffing_target(w.school_students(sc),
                        s.district.teachers.student_teacher_ratio[index(w.schools.level[sc])]);
  ASSERT_GT(posts[index(Zone::Rural)], 400);
  ASSERT_GT(posts[index(Zone::Town)], 200);
  YearFlows f = fresh_flows(w);
  hiring(w, s.hiring, s.district.teachers, {11, 0, 1}, f);
  std::array<std::int64_t, kZones> vacant{};
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc)
    vacant[index(w.schools.zone[sc])] += f.school_vacancies[sc];
  for (int z = 0; z < kZones; ++z) {
    EXPECT_EQ(f.hires[z] + vacant[z], posts[z]) << "zone " << z;
    const double share = static_cast<double>(vacant[z]) / static_cast<double>(posts[z]);
    const double expected = 1.0 - s.hiring.acceptance[z];
    // Binomial SD is at most 0.5 / sqrt(posts): about 0.025 for the rural posts.
    EXPECT_NEAR(share, expected, 0.08) << "zone " << z;
  }
  EXPECT_EQ(vacant[index(Zone::Urban)], 0);
  EXPECT_EQ(f.vacancies_unfilled, vacant[0] + vacant[1] + vacant[2]);
  // The best applicants took the urban posts (acceptance 1 there).
  double worst_urban = 1e9, best_rural = -1e9;
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    const auto sc = static_cast<std::size_t>(w.teachers.school[i]);
    const double talent = w.teachers.effectiveness[i] - w.schools.talent_shift[sc];
    if (w.schools.zone[sc] == Zone::Urban) worst_urban = std::min(worst_urban, talent);
    if (w.schools.zone[sc] == Zone::Rural) best_rural = std::max(best_rural, talent);
  }
  EXPECT_GE(worst_urban, best_rural - 1e-6);
}

TEST(Hiring, InternsFillTheRestWeakAndRuralFirstAndLeaveTheNextYear) {
  Scenario s = edusim::testing::small_scenario();
  s.hiring.max_hires_per_year = 3;
  s.hiring.interns.enabled = true;
  World w = world_with_vacancies(s);
  one_weak_urban_school(w);
  const TeacherSpec& spec = s.district.teachers;
  const std::int64_t vacancies = total_vacancies(w, spec);
  ASSERT_GT(vacancies, 10);
  YearFlows f = fresh_flows(w);
  hiring(w, s.hiring, spec, {5, 0, 1}, f);
  EXPECT_EQ(YearFlows::total(f.hires), 3);
  EXPECT_EQ(f.interns_hired, vacancies - 3);
  EXPECT_EQ(f.vacancies_unfilled, 0);
  EXPECT_EQ(total_vacancies(w, spec), 0);
  std::int64_t interns = 0;
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (w.teachers.contract[i] == Contract::Intern) {
      ++interns;
      EXPECT_GE(w.teachers.age[i], s.hiring.interns.age.min);
      EXPECT_LE(w.teachers.age[i], s.hiring.interns.age.max);
      EXPECT_EQ(w.teachers.degree[i], s.hiring.interns.degree);
      EXPECT_EQ(w.teachers.home_school[i], w.teachers.school[i]);
    }
  EXPECT_EQ(interns, f.interns_hired);

  // The next year: every intern leaves and the same posts are filled again.
  const auto before = static_cast<std::int64_t>(w.teachers.size());
  YearFlows next = fresh_flows(w);
  end_temporary_contracts(w, next);
  hiring(w, s.hiring, spec, {5, 0, 2}, next);
  EXPECT_EQ(next.contract_ends, interns);
  std::int64_t by_school = 0;
  for (auto c : next.school_contract_ends) by_school += c;
  EXPECT_EQ(by_school, interns);
  EXPECT_EQ(static_cast<std::int64_t>(w.teachers.size()),
            before + YearFlows::total(next.hires) + next.interns_hired - next.contract_ends);
}

TEST(Hiring, InternCapGoesToWeakAndRuralSchoolsFirst) {
  Scenario s = edusim::testing::small_scenario();
  s.hiring.enabled = true;
  s.hiring.max_hires_per_year = 1;
  s.hiring.interns.enabled = true;
  s.hiring.interns.max_per_year = 4;
  World w = world_with_vacancies(s);
  one_weak_urban_school(w);
  YearFlows f = fresh_flows(w);
  hiring(w, s.hiring, s.district.teachers, {5, 0, 1}, f);
  EXPECT_EQ(f.interns_hired, 4);
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (w.teachers.contract[i] == Contract::Intern) {
      EXPECT_TRUE(weak_or_rural(w.schools, static_cast<std::size_t>(w.teachers.school[i])));
    }
  EXPECT_EQ(f.vacancies_unfilled, total_vacancies(w, s.district.teachers));
  EXPECT_GT(f.vacancies_unfilled, 0);
}

TEST(Hiring, SubstitutesFillWhatInternsLeave) {
  Scenario s = edusim::testing::small_scenario();
  s.hiring.max_hires_per_year = 3;
  s.hiring.interns.enabled = true;
  s.hiring.interns.max_per_year = 2;
  s.hiring.substitutes.enabled = true;
  World w = world_with_vacancies(s);
  const std::int64_t vacancies = total_vacancies(w, s.district.teachers);
  YearFlows f = fresh_flows(w);
  hiring(w, s.hiring, s.district.teachers, {5, 0, 1}, f);
  EXPECT_EQ(f.interns_hired, 2);
  EXPECT_EQ(f.substitutes_hired, vacancies - 5);
  EXPECT_EQ(f.vacancies_unfilled, 0);
  std::int64_t subs = 0;
  for (auto c : w.teachers.contract) subs += c == Contract::Substitute;
  EXPECT_EQ(subs, f.substitutes_hired);
}

TEST(Hiring, InternTalentIsShiftedBelowTheNoviceMean) {
  // Interns are drawn effectiveness_shift below the novice distribution.
  Scenario s = edusim::testing::small_scenario();
  s.hiring.max_hires_per_year = 1;
  s.hiring.interns.enabled = true;
  s.hiring.interns.effectiveness_shift = -0.3;
  World w = empty_district(s);
  YearFlows f = fresh_flows(w);
  hiring(w, s.hiring, s.district.teachers, {5, 0, 1}, f);
  const auto [sum, n] = intern_effectiveness(w);
  ASSERT_GT(n, 500);
  // Truncation at talent.min lifts the mean a little above mean + shift.
  EXPECT_NEAR(sum / n, s.district.teachers.talent.mean - 0.3, 0.05);
}

namespace {
/// Three years of demography and hiring with every option on; returns the
/// head-count mismatches (0 when the flows balance) and leaves the world in w.
std::int64_t three_years(World& w, const Scenario& s) {
  std::int64_t mismatches = 0;
  for (std::uint32_t year = 1; year <= 3; ++year) {
    YearFlows f = fresh_flows(w);
    const auto start = static_cast<std::int64_t>(w.teachers.size());
    const YearContext ctx{static_cast<std::uint64_t>(s.run.seed), 0, year};
    end_temporary_contracts(w, f);
    teacher_demography(w, s.demography, ctx, f);
    hiring(w, s.hiring, s.district.teachers, ctx, f);
    const std::int64_t expected = start + YearFlows::total(f.hires) + f.interns_hired +
                                  f.substitutes_hired - YearFlows::total(f.retirements) -
                                  YearFlows::total(f.quits) - f.contract_ends;
    mismatches += static_cast<std::int64_t>(w.teachers.size()) != expected;
  }
  return mismatches;
}

Scenario all_options() {
  Scenario s = edusim::testing::small_scenario();
  s.demography.quit_rate_early = s.demography.quit_rate_mid = 0.2;
  s.hiring.placement = HiringPlacement::Preference;
  s.hiring.max_hires_per_year = 6;
  s.hiring.interns.enabled = true;
  s.hiring.interns.max_per_year = 3;
  s.hiring.substitutes.enabled = true;
  return s;
}
}  // namespace

TEST(Hiring, HeadCountsBalanceWithTheFlows) {
  const Scenario s = all_options();
  World w = generate_district(s);
  EXPECT_EQ(three_years(w, s), 0);
  std::int64_t temporary = 0;
  for (auto c : w.teachers.contract) temporary += c != Contract::Regular;
  EXPECT_GT(temporary, 0);
}

TEST(Hiring, DeterministicForOneAndTwoThreads) {
  const Scenario s = all_options();
  std::vector<std::vector<char>> results;
  for (int threads : {1, 2}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(threads));
    World w = generate_district(s);
    three_years(w, s);
    results.push_back(teacher_bytes(w));
  }
  EXPECT_EQ(results[0], results[1]);
}

TEST(Hiring, YamlKeys) {
  const Scenario s = edusim::testing::scenario_from_text(R"(district:
  schools:
    - {level: primary, zone: rural, count: 2}
    - {level: middle, zone: town, count: 1}
hiring:
  placement: weak_rural_first
  acceptance: {rural: 0.5}
  interns: {enabled: true, max_per_year: 7, effectiveness_shift: -0.2}
  substitutes: {enabled: true, degree: bachelor}
)");
  EXPECT_EQ(s.hiring.placement, HiringPlacement::WeakRuralFirst);
  EXPECT_DOUBLE_EQ(s.hiring.acceptance[index(Zone::Rural)], 0.5);
  EXPECT_DOUBLE_EQ(s.hiring.acceptance[index(Zone::Town)], 0.85);
  EXPECT_TRUE(s.hiring.interns.enabled);
  EXPECT_EQ(s.hiring.interns.max_per_year, 7);
  EXPECT_DOUBLE_EQ(s.hiring.interns.effectiveness_shift, -0.2);
  EXPECT_TRUE(s.hiring.substitutes.enabled);
  EXPECT_EQ(s.hiring.substitutes.degree, Degree::Bachelor);
  EXPECT_FALSE(HiringParams{}.interns.enabled);
  EXPECT_EQ(HiringParams{}.placement, HiringPlacement::Need);
}

// --- supernumerary interns (interns.mode fixed) ---------------------------------------

namespace {

Scenario fixed_interns(std::int32_t per_year, double share = 0.2) {
  Scenario s = edusim::testing::small_scenario();
  s.hiring.interns.enabled = true;
  s.hiring.interns.mode = InternMode::Fixed;
  s.hiring.interns.per_year = per_year;
  s.hiring.interns.max_share_per_school = share;
  return s;
}

/// Posts of the staffing norm per school.
std::vector<std::int32_t> posts_of(const World& w, const TeacherSpec& spec) {
  std::vector<std::int32_t> out(w.schools.size(), 0);
  for (std::size_t s = 0; s < w.schools.size(); ++s)
    if (w.schools.open[s])
      out[s] = staffing_target(w.school_students(s),
                               spec.student_teacher_ratio[index(w.schools.level[s])]);
  return out;
}

std::vector<std::int32_t> interns_per_school(const World& w) {
  std::vector<std::int32_t> out(w.schools.size(), 0);
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (w.teachers.contract[i] == Contract::Intern)
      ++out[static_cast<std::size_t>(w.teachers.school[i])];
  return out;
}

}  // namespace

TEST(HiringInterns, FixedModePlacesPerYearOnTopOfAFullStaff) {
  const Scenario s = fixed_interns(5);
  World w = generate_district(s);  // generated at the staffing norm: no vacancy
  ASSERT_EQ(total_vacancies(w, s.district.teachers), 0);
  YearFlows f = fresh_flows(w);
  hiring(w, s.hiring, s.district.teachers, {5, 0, 1}, f);
  EXPECT_EQ(f.interns_hired, 5);
  EXPECT_EQ(YearFlows::total(f.hires), 0);
  EXPECT_EQ(f.vacancies_unfilled, 0);
  std::int64_t n = 0;
  for (auto c : interns_per_school(w)) n += c;
  EXPECT_EQ(n, 5);
}

TEST(HiringInterns, FixedInternsDoNotCountAgainstTheStaffingNorm) {
  // The same vacancies get the same regular hires with or without the interns.
  Scenario with = fixed_interns(6);
  with.hiring.max_hires_per_year = 2;  // leaves vacancies for the check
  Scenario without = with;
  without.hiring.interns.enabled = false;
  World a = world_with_vacancies(with), b = world_with_vacancies(without);
  YearFlows fa = fresh_flows(a), fb = fresh_flows(b);
  hiring(a, with.hiring, with.district.teachers, {5, 0, 1}, fa);
  hiring(b, without.hiring, without.district.teachers, {5, 0, 1}, fb);
  EXPECT_EQ(fa.interns_hired, 6);
  EXPECT_EQ(fa.hires, fb.hires);
  EXPECT_EQ(fa.vacancies_unfilled, fb.vacancies_unfilled);
  EXPECT_GT(fa.vacancies_unfilled, 0);
}

TEST(HiringInterns, FixedModeGoesToWeakAndRuralSchoolsFirstUpToTheirShare) {
  const Scenario s = fixed_interns(1000, 0.2);  // more than every school can take
  World w = generate_district(s);
  one_weak_urban_school(w);
  const std::vector<std::int32_t> posts = posts_of(w, s.district.teachers);
  std::int64_t capacity = 0, priority_capacity = 0;
  std::vector<std::int32_t> cap(posts.size(), 0);
  for (std::size_t sc = 0; sc < posts.size(); ++sc) {
    if (posts[sc] == 0) continue;
    cap[sc] = std::max(1, static_cast<std::int32_t>(std::floor(0.2 * posts[sc] + 1e-9)));
    capacity += cap[sc];
    if (weak_or_rural(w.schools, sc)) priority_capacity += cap[sc];
  }
  YearFlows f = fresh_flows(w);
  hiring(w, s.hiring, s.district.teachers, {5, 0, 1}, f);
  EXPECT_EQ(f.interns_hired, capacity);  // every school at its share
  const std::vector<std::int32_t> placed = interns_per_school(w);
  for (std::size_t sc = 0; sc < posts.size(); ++sc) EXPECT_EQ(placed[sc], cap[sc]);

  // Fewer interns than the weak and rural schools take: none elsewhere, spread evenly.
  ASSERT_GT(priority_capacity, 3);
  const Scenario few = fixed_interns(static_cast<std::int32_t>(priority_capacity - 1), 0.2);
  World v = generate_district(few);
  one_weak_urban_school(v);
  YearFlows g = fresh_flows(v);
  hiring(v, few.hiring, few.district.teachers, {5, 0, 1}, g);
  EXPECT_EQ(g.interns_hired, priority_capacity - 1);
  const std::vector<std::int32_t> some = interns_per_school(v);
  for (std::size_t sc = 0; sc < posts.size(); ++sc) {
    if (!weak_or_rural(v.schools, sc)) {
      EXPECT_EQ(some[sc], 0) << "school " << sc;
    }
    EXPECT_LE(some[sc], cap[sc]);
  }
}

TEST(HiringInterns, FixedInternsLeaveAfterOneYearAndComeAgain) {
  const Scenario s = fixed_interns(4);
  World w = generate_district(s);
  YearFlows f = fresh_flows(w);
  hiring(w, s.hiring, s.district.teachers, {5, 0, 1}, f);
  ASSERT_EQ(f.interns_hired, 4);
  const auto size = w.teachers.size();
  YearFlows next = fresh_flows(w);
  end_temporary_contracts(w, next);
  EXPECT_EQ(next.contract_ends, 4);
  EXPECT_EQ(w.teachers.size(), size - 4);
  hiring(w, s.hiring, s.district.teachers, {5, 0, 2}, next);
  EXPECT_EQ(next.interns_hired, 4);
  EXPECT_EQ(w.teachers.size(), size);
}

TEST(HiringInterns, FixedInternsTeachWithInternEffectiveness) {
  Scenario s = fixed_interns(100000, 1.0);
  s.hiring.interns.effectiveness_shift = -0.3;
  World w = generate_district(s);
  YearFlows f = fresh_flows(w);
  hiring(w, s.hiring, s.district.teachers, {5, 0, 1}, f);
  const auto [sum, n] = intern_effectiveness(w);
  ASSERT_GT(n, 50);
  EXPECT_EQ(n, f.interns_hired);
  // Truncation at talent.min lifts the mean a little above mean + shift.
  EXPECT_NEAR(sum / static_cast<double>(n), s.district.teachers.talent.mean - 0.3, 0.08);
}

TEST(HiringInterns, YamlKeys) {
  const Scenario s = edusim::testing::scenario_from_text(R"(district:
  schools:
    - {level: primary, zone: rural, count: 2}
    - {level: middle, zone: rural, count: 1}
hiring:
  interns: {enabled: true, mode: fixed, per_year: 216, max_share_per_school: 0.3}
)");
  EXPECT_EQ(s.hiring.interns.mode, InternMode::Fixed);
  EXPECT_EQ(s.hiring.interns.per_year, 216);
  EXPECT_DOUBLE_EQ(s.hiring.interns.max_share_per_school, 0.3);
  EXPECT_EQ(InternParams{}.mode, InternMode::Vacancies);
}

// --- the school's pull (hiring.school_pull) ----------------------------------------------

TEST(Hiring, SchoolPullZeroHiresAsIfNoSchoolHadATalentShift) {
  for (HiringPlacement placement : {HiringPlacement::Need, HiringPlacement::WeakRuralFirst}) {
    Scenario s = edusim::testing::small_scenario();
    s.hiring.placement = placement;
    World pulled = world_with_vacancies(s);
    ASSERT_TRUE(std::any_of(pulled.schools.talent_shift.begin(), pulled.schools.talent_shift.end(),
                            [](float x) { return x != 0; }));
    World flat = pulled;
    std::fill(flat.schools.talent_shift.begin(), flat.schools.talent_shift.end(), 0.0f);
    HiringParams equal = s.hiring;
    equal.school_pull = 0;
    YearFlows f = fresh_flows(pulled), g = fresh_flows(flat);
    hiring(pulled, equal, s.district.teachers, {5, 0, 1}, f);
    hiring(flat, s.hiring, s.district.teachers, {5, 0, 1}, g);
    ASSERT_GT(YearFlows::total(f.hires), 0);
    EXPECT_EQ(teacher_bytes(pulled), teacher_bytes(flat))
        << kHiringPlacementNames[static_cast<std::size_t>(placement)];
  }
}

TEST(Hiring, SchoolPullScalesTheShiftOfTheSchool) {
  // Under `need` the pull moves the mean of the truncated normal: with the same ids and draws
  // a hire of a school with a positive shift is more effective the larger the pull.
  Scenario s = edusim::testing::small_scenario();
  World a = world_with_vacancies(s), b = a;
  const std::uint32_t first_id = a.next_teacher_id;
  HiringParams doubled = s.hiring;
  doubled.school_pull = 2;
  YearFlows f = fresh_flows(a), g = fresh_flows(b);
  hiring(a, s.hiring, s.district.teachers, {5, 0, 1}, f);
  hiring(b, doubled, s.district.teachers, {5, 0, 1}, g);
  ASSERT_EQ(a.teachers.id, b.teachers.id);
  int compared = 0;
  for (std::size_t i = 0; i < a.teachers.size(); ++i) {
    if (a.teachers.id[i] < first_id) continue;
    const float shift = a.schools.talent_shift[static_cast<std::size_t>(a.teachers.school[i])];
    if (shift > 0) {
      EXPECT_GE(b.teachers.effectiveness[i], a.teachers.effectiveness[i]);
    }
    if (shift < 0) {
      EXPECT_LE(b.teachers.effectiveness[i], a.teachers.effectiveness[i]);
    }
    compared += shift != 0;
  }
  EXPECT_GT(compared, 0);
  EXPECT_DOUBLE_EQ(HiringParams{}.school_pull, 1.0);
  const Scenario y = edusim::testing::scenario_from_text(R"(district:
  schools:
    - {level: primary, zone: rural, count: 2}
    - {level: middle, zone: town, count: 1}
hiring: {school_pull: 0}
)");
  EXPECT_DOUBLE_EQ(y.hiring.school_pull, 0.0);
}

// 生师比与班师比相结合: village schools staffed by classes as well as pupils.
TEST(Hiring, RuralSchoolsAreStaffedByClassesWhenTheirPupilsAreFew) {
  Scenario s = edusim::testing::small_scenario();
  const World plain = generate_district(s);
  s.district.teachers.rural_teachers_per_class = {1.5, 2.5};
  const World w = generate_district(s);
  bool some_rural_school_gains = false;
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc) {
    const auto level = index(w.schools.level[sc]);
    const std::int32_t by_pupils =
        staffing_target(w.school_students(sc), s.district.teachers.student_teacher_ratio[level]);
    const std::int32_t classes = w.school_class_begin[sc + 1] - w.school_class_begin[sc];
    const double per_class = s.district.teachers.rural_teachers_per_class[level];
    const std::int32_t expected =
        w.schools.zone[sc] == Zone::Rural
            ? std::max(by_pupils, static_cast<std::int32_t>(std::ceil(classes * per_class)))
            : by_pupils;
    EXPECT_EQ(school_staffing_target(w, sc, s.district.teachers), expected) << "school " << sc;
    // The generator staffs every school to its target; the students are the same.
    EXPECT_EQ(w.school_teachers(sc), expected) << "school " << sc;
    EXPECT_EQ(w.school_students(sc), plain.school_students(sc));
    if (w.schools.zone[sc] != Zone::Rural) {
      EXPECT_EQ(w.school_teachers(sc), plain.school_teachers(sc));
    }
    some_rural_school_gains = some_rural_school_gains || expected > by_pupils;
  }
  EXPECT_TRUE(some_rural_school_gains) << "the test district needs a small rural school";
}

TEST(Hiring, HiringRefillsARuralSchoolToItsClassNorm) {
  Scenario s = edusim::testing::small_scenario();
  s.district.teachers.rural_teachers_per_class = {2.0, 3.0};
  World w = world_with_vacancies(s);
  YearFlows f;
  f.reset(w.schools.size());
  hiring(w, s.hiring, s.district.teachers, {5, 0, 1}, f);
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc)
    EXPECT_GE(w.school_teachers(sc), school_staffing_target(w, sc, s.district.teachers))
        << "school " << sc;
}

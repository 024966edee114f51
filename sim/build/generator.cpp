#include "build/generator.hpp"

#include <tbb/parallel_for.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>

#include "build/stationary_age.hpp"
#include "phases/class_assignment.hpp"
#include "phases/growth.hpp"
#include "phases/kindergartens.hpp"
#include "phases/learning.hpp"
#include "phases/progression.hpp"
#include "phases/staffing_norm.hpp"
#include "world/layout.hpp"

namespace edusim {

namespace {

/// Radial band of each zone as a share of the district radius.
constexpr std::array<std::array<double, 2>, kZones> kZoneBand{
    {{0.0, 0.15}, {0.25, 0.6}, {0.5, 1.0}}};

/// A location in the zone's radial band (draws 0 and 1 of `agent`).
std::pair<float, float> drawn_location(Zone zone, double radius_km, const RandomStream& rng,
                                       std::uint32_t agent) {
  const auto band = kZoneBand[static_cast<std::size_t>(index(zone))];
  const double r = radius_km * (band[0] + (band[1] - band[0]) * rng.uniform(agent, 0));
  const double angle = 2 * std::numbers::pi * rng.uniform(agent, 1);
  return {static_cast<float>(r * std::cos(angle)), static_cast<float>(r * std::sin(angle))};
}

void push_school(Schools& sc, const SchoolTypeSpec& type, int number, const DistrictSpec& district,
                 const RandomStream& rng) {
  const auto s = static_cast<std::uint32_t>(sc.size());
  const std::string prefix =
      type.name.empty()
          ? fmt::format("{}-{}", kLevelNames[index(type.level)], kZoneNames[index(type.zone)])
          : type.name;
  sc.name.push_back(fmt::format("{} {}", prefix, number));
  sc.level.push_back(type.level);
  sc.zone.push_back(type.zone);
  const auto [x, y] = drawn_location(type.zone, district.radius_km, rng, s);
  sc.x_km.push_back(x);
  sc.y_km.push_back(y);
  const auto& spg = type.students_per_grade;
  const auto per_grade = static_cast<std::int32_t>(
      std::lround(rng.truncated_normal(spg.mean, spg.sd, spg.min, spg.max, s, 10)));
  const double students = static_cast<double>(per_grade) * grade_count(type.level);
  sc.base_intake.push_back(per_grade);
  sc.capacity.push_back(
      static_cast<std::int32_t>(std::ceil(students * (1.0 + type.capacity_margin))));
  sc.max_class_size.push_back(type.max_class_size);
  sc.catchment_middle.push_back(-1);
  const auto& f = type.facilities;
  auto vary = [&](std::uint32_t draw) { return std::exp(f.variation * rng.normal(s, draw)); };
  sc.floor_area_m2.push_back(static_cast<float>(students * f.floor_area_per_student * vary(50)));
  sc.sports_area_m2.push_back(static_cast<float>(students * f.sports_area_per_student * vary(51)));
  sc.equipment_value_yuan.push_back(
      static_cast<float>(students * f.equipment_value_per_student * vary(52)));
  sc.multimedia_classrooms.push_back(static_cast<std::int32_t>(
      std::lround(students / 100.0 * f.multimedia_classrooms_per_100 * vary(53))));
  // Residential sorting (school_ses_sd): drawn only when set, so that a district without it
  // keeps every draw and value it had.
  const double sorting = district.students.school_ses_sd > 0
                             ? district.students.school_ses_sd * rng.normal(s, 61)
                             : 0.0;
  sc.ses_mean.push_back(
      static_cast<float>(district.students.ses_mean[index(type.zone)] + type.ses_shift + sorting));
  sc.talent_shift.push_back(static_cast<float>(
      type.effectiveness_shift + district.teachers.school_effect_sd * rng.normal(s, 60)));
  sc.group.push_back(-1);
  sc.group_role.push_back(GroupRole::None);
  sc.alliance.push_back(-1);
  sc.open.push_back(1);
  sc.strength.push_back(Strength::Ordinary);
  sc.group_type.push_back(GroupType::None);
  sc.alliance_core.push_back(0);
  sc.housing_units.push_back(0);
}

/// Each primary without a catchment sends its grade 6 to the nearest middle school.
/// Each primary without a catchment from the tables feeds one middle school (its grade 6
/// moves there). Middle schools are filled to their own size: a middle school's room is its
/// cohort size scaled so that the rooms add up to the primaries' cohorts; primaries, largest
/// cohort first, go to the nearest middle school with room for their cohort, else to the one
/// with the most room left. (Nearest-only catchments ignored the sizes, so some middle
/// schools got no intake and emptied within three years while others doubled.)
void assign_catchments(Schools& sc) {
  std::vector<std::size_t> primaries, middles;
  double primary_total = 0, middle_total = 0;
  for (std::size_t s = 0; s < sc.size(); ++s) {
    if (!sc.open[s]) continue;
    if (sc.level[s] == Level::Middle) {
      middles.push_back(s);
      middle_total += sc.base_intake[s];
    } else if (sc.catchment_middle[s] < 0) {
      primaries.push_back(s);
      primary_total += sc.base_intake[s];
    }
  }
  if (middles.empty()) return;
  const double scale = middle_total > 0 ? primary_total / middle_total : 0;
  std::vector<double> room(sc.size(), 0);
  for (const auto m : middles) room[m] = sc.base_intake[m] * scale;
  std::stable_sort(primaries.begin(), primaries.end(), [&](std::size_t a, std::size_t b) {
    return sc.base_intake[a] > sc.base_intake[b];
  });
  for (const auto p : primaries) {
    const double cohort = sc.base_intake[p];
    std::size_t nearest = middles.front(), roomiest = middles.front();
    double best = INFINITY;
    for (const auto m : middles) {
      const double d = std::hypot(sc.x_km[p] - sc.x_km[m], sc.y_km[p] - sc.y_km[m]);
      if (room[m] >= cohort && d < best) best = d, nearest = m;
      if (room[m] > room[roomiest]) roomiest = m;
    }
    const std::size_t m = std::isfinite(best) ? nearest : roomiest;
    room[m] -= cohort;
    sc.catchment_middle[p] = static_cast<std::int32_t>(m);
  }
}

}  // namespace

void generate_students(World& w, const Scenario& s, const CohortSize& cohort_size) {
  const RandomStream rng = world_context(s).stream(Stream::WorldStudents);
  LayoutBuilder out(w);
  struct Cohort {
    std::size_t school, first, size;
    std::uint32_t first_id;
  };
  std::vector<Cohort> cohorts;  // declared in school order (ids too), filled in parallel
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc) {
    out.begin_school(static_cast<std::int32_t>(sc));
    const Level level = w.schools.level[sc];
    for (int g = first_grade(level); g <= last_grade(level); ++g) {
      const auto n = static_cast<std::size_t>(cohort_size(sc, g));
      const std::size_t first =
          out.add_cohort(static_cast<std::int8_t>(g), n, w.schools.max_class_size[sc]);
      cohorts.push_back({sc, first, n, w.next_student_id});
      w.next_student_id += static_cast<std::uint32_t>(n);
    }
  }
  Students& st = out.allocate();
  tbb::parallel_for(std::size_t{0}, cohorts.size(), [&](std::size_t c) {
    const Cohort& co = cohorts[c];
    write_entrants(st, co.first, co.size, co.first_id, s.district.students,
                   w.schools.ses_mean[co.school], w.schools.zone[co.school], rng);
  });
  out.finish(w);
}

namespace {

/// Rank-based assignment: the `shares` of teachers with the highest key get
/// the highest category, and so on down (keys ascending get category 0 first).
template <class Column, std::size_t N>
void assign_by_rank(Column& column, const std::vector<double>& key,
                    const std::array<double, N>& shares) {
  std::vector<std::size_t> order(key.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return key[a] < key[b]; });
  double cumulative = 0;
  std::size_t k = 0;
  for (std::size_t c = 0; c < N; ++c) {
    cumulative += shares[c];
    const auto end = c + 1 == N ? order.size()
                                : static_cast<std::size_t>(std::lround(cumulative * order.size()));
    for (; k < end && k < order.size(); ++k)
      column[order[k]] = static_cast<typename Column::value_type>(c);
  }
}

/// The upper bound of a drawn age under age_distribution normal: a woman is drawn below the
/// women's retirement age (her title, and so the later age of senior women, comes after).
double normal_age_max(const TeacherSpec& spec, const Scenario& s, bool female) {
  if (!female) return spec.age.max;
  return std::max(spec.age.min,
                  std::min(spec.age.max, s.demography.retirement_age_of(true, 0) - 1.0));
}

void generate_teachers(World& w, const Scenario& s) {
  const TeacherSpec& spec = s.district.teachers;
  const RandomStream rng = world_context(s).stream(Stream::WorldTeachers);
  Teachers& t = w.teachers;
  const StationaryAges stationary(s.demography, spec.entry_age, spec.older_women_senior_share);
  for (std::size_t sc = 0; sc < w.schools.size(); ++sc) {
    const std::int32_t n = school_staffing_target(w, sc, spec);
    const auto pe_art = static_cast<std::int32_t>(std::lround(spec.pe_art_share * n));
    for (std::int32_t k = 0; k < n; ++k) {
      const std::uint32_t id = w.next_teacher_id++;
      const std::size_t i = add_teacher(t, id, static_cast<std::int32_t>(sc));
      const bool female = drawn_female(s, w.schools.level[sc], id);
      t.female[i] = female;
      const long age =
          spec.age_distribution == AgeDistribution::Stationary
              ? stationary.age(w.schools.zone[sc], female, rng.uniform(id, 45))
              : std::lround(rng.truncated_normal(spec.age.mean, spec.age.sd, spec.age.min,
                                                 normal_age_max(spec, s, female), id, 0));
      t.age[i] = static_cast<std::int16_t>(age);
      t.experience[i] = static_cast<std::int16_t>(std::max<long>(0, age - spec.entry_age));
      t.years_at_school[i] =
          static_cast<std::int16_t>(std::floor(rng.uniform(id, 40) * (t.experience[i] + 1)));
      t.years_in_title[i] = static_cast<std::int16_t>(
          std::min<double>(t.experience[i], std::floor(rng.uniform(id, 41) * 8)));
      t.degree[i] = static_cast<Degree>(RandomStream::categorical(
          rng.uniform(id, 42), spec.degree_shares_of(w.schools.level[sc])));
      t.subject[i] = k < pe_art ? Subject::PeArt : Subject::Core;
      t.effectiveness[i] = drawn_effectiveness(s, w.schools.talent_shift[sc], id, t.experience[i]);
      t.morale[i] = static_cast<float>(spec.initial_morale);
    }
  }
  // Titles follow experience; backbone status follows effectiveness (with noise).
  std::vector<double> seniority(t.size()), merit(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    seniority[i] = t.experience[i] + rng.uniform(t.id[i], 43);
    merit[i] = t.effectiveness[i] + 0.05 * rng.normal(t.id[i], 44);
  }
  assign_by_rank(t.title, seniority, spec.title_shares);
  t.post_title = t.title;
  assign_by_rank(t.backbone, merit, spec.backbone_shares);
}

}  // namespace

float drawn_effectiveness(const Scenario& s, float school_talent_shift, std::uint32_t id,
                          int experience) {
  const TruncatedNormal& talent = s.district.teachers.talent;
  const RandomStream rng = world_context(s).stream(Stream::WorldTeachers);
  const double drawn = rng.truncated_normal(talent.mean + school_talent_shift, talent.sd,
                                            talent.min, talent.max, id, 100);
  return static_cast<float>(drawn + experience_gain(s.growth, experience));
}

bool drawn_female(const Scenario& s, Level level, std::uint32_t id) {
  const RandomStream rng = world_context(s).stream(Stream::WorldTeachers);
  return s.district.teachers.is_female_draw(level, rng.uniform(id, 46));
}

namespace {

/// Appends one generated kindergarten; its children are enrolled afterwards.
void push_kindergarten(Kindergartens& kg, const KindergartenTypeSpec& type, int number,
                       const Scenario& s, const RandomStream& rng, double effectiveness_mean) {
  const auto k = static_cast<std::uint32_t>(kg.size());
  const std::string prefix =
      type.name.empty() ? fmt::format("kindergarten-{}", kZoneNames[index(type.zone)]) : type.name;
  kg.name.push_back(fmt::format("{} {}", prefix, number));
  kg.zone.push_back(type.zone);
  kg.is_private.push_back(type.is_private);
  const auto [x, y] = drawn_location(type.zone, s.district.radius_km, rng, k);
  kg.x_km.push_back(x);
  kg.y_km.push_back(y);
  kg.size_weight.push_back(static_cast<float>(std::exp(type.size_sd * rng.normal(k, 10))));
  kg.children.push_back({0, 0, 0});
  kg.classes.push_back(0);
  kg.teachers.push_back(0);
  kg.care_staff.push_back(0);
  // Teachers as good as the district's school teachers on average, spread like the
  // schools' means (assumption), private ones shifted.
  kg.teacher_effectiveness.push_back(static_cast<float>(
      effectiveness_mean + s.district.teachers.school_effect_sd * rng.normal(k, 60) +
      (type.is_private ? s.district.kindergartens.private_effectiveness_shift : 0.0)));
  kg.group.push_back(-1);
  kg.group_role.push_back(GroupRole::None);
  kg.alliance.push_back(-1);
  kg.alliance_core.push_back(0);
  kg.school_group.push_back(-1);
  kg.talent_shift.push_back(0.0f);  // set with its teachers (generate_kindergarten_teachers)
  kg.open.push_back(1);
}

double district_mean_effectiveness(const Teachers& t) {
  double sum = 0;
  for (const float e : t.effectiveness) sum += e;
  return t.size() > 0 ? sum / static_cast<double>(t.size()) : 0.0;
}

}  // namespace

void enrol_kindergartens(World& w, const Scenario& s) {
  const auto cohorts = zone_cohorts(w, s.enrolment, 0);
  for (int g = 0; g < kYearGroups; ++g) enrol_year_group(w, s.district.kindergartens, cohorts, g);
  for (std::size_t k = 0; k < w.kindergartens.size(); ++k)
    staff_kindergarten(w.kindergartens, k, s.district.kindergartens);
}

void finish_world(World& w, const Scenario& s) {
  assign_catchments(w.schools);
  index_teachers(w);
  assign_class_teachers(w, world_context(s));
  initialise_value_added(w, s.learning);
}

World generate_district(const Scenario& s) {
  World w;
  const RandomStream rng = world_context(s).stream(Stream::WorldSchools);
  for (const auto& type : s.district.schools)
    for (int k = 0; k < type.count; ++k) push_school(w.schools, type, k + 1, s.district, rng);
  generate_students(w, s, [&w](std::size_t school, int) { return w.schools.base_intake[school]; });
  generate_teachers(w, s);
  const RandomStream kg_rng = world_context(s).stream(Stream::WorldKindergartens);
  const double effectiveness = district_mean_effectiveness(w.teachers);
  for (const auto& type : s.district.kindergartens.types)
    for (int k = 0; k < type.count; ++k)
      push_kindergarten(w.kindergartens, type, k + 1, s, kg_rng, effectiveness);
  enrol_kindergartens(w, s);
  finish_world(w, s);
  return w;
}

}  // namespace edusim

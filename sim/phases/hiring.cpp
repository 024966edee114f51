#include "phases/hiring.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace edusim {

void HiringParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled, {"fill vacancies every year"});
  schema::truncated_normal(v, "age", age, {18, 60, {"", "years"}}, {"age of new hires", "years"});
  schema::shares(v, "degree_shares", degree_shares, kDegreeNames,
                 {"highest degree of applicants (sum 1)", "1",
                  "Qiaodong 2014-2018: all 218 hires bachelor or more, 22 graduate (10%)"});
  v.field("applicant_quality_shift", applicant_quality_shift,
          {-1, 1, {"added to the talent of every applicant", "SD"}});
  v.field("entry_title", entry_title,
          {0, kTitleGrades - 1, {"title grade of new teachers (0 = 三级)"}});
  v.field("max_hires_per_year", max_hires_per_year,
          {0, 100000000, {"cap on hires per year (budget or quota); 0 = no cap", "teachers"}});
}

std::int32_t staffing_target(std::int32_t students, double ratio) {
  if (students <= 0) return 0;
  return std::max(1, static_cast<std::int32_t>(std::ceil(students / ratio - 1e-9)));
}

void draw_new_teacher(World& world, std::size_t i, const HiringParams& params,
                      const TeacherSpec& spec, const RandomStream& stream) {
  Teachers& t = world.teachers;
  const auto s = static_cast<std::size_t>(t.school[i]);
  const std::uint32_t id = t.id[i];
  t.age[i] = static_cast<std::int16_t>(std::lround(stream.truncated_normal(
      params.age.mean, params.age.sd, params.age.min, params.age.max, id, 0)));
  const TruncatedNormal& talent = spec.talent;
  t.effectiveness[i] = static_cast<float>(stream.truncated_normal(
      talent.mean + params.applicant_quality_shift + world.schools.talent_shift[s], talent.sd,
      talent.min, talent.max, id, 100));
  t.degree[i] =
      static_cast<Degree>(RandomStream::categorical(stream.uniform(id, 200), params.degree_shares));
  t.title[i] = t.post_title[i] = static_cast<std::int8_t>(params.entry_title);
  t.morale[i] = static_cast<float>(spec.initial_morale);
}

void hiring(World& world, const HiringParams& params, const TeacherSpec& spec,
            const YearContext& ctx, YearFlows& flows) {
  if (!params.enabled) return;
  // The teacher index is current: every phase that moves teachers rebuilds it.
  const std::size_t n_schools = world.schools.size();
  std::vector<std::int32_t> vacancies(n_schools, 0), pe_art_gap(n_schools, 0);
  std::vector<double> vacancy_share(n_schools, 0.0);
  for (std::size_t s = 0; s < n_schools; ++s) {
    if (!world.schools.open[s]) continue;
    const std::int32_t target = staffing_target(
        world.school_students(s), spec.student_teacher_ratio[index(world.schools.level[s])]);
    vacancies[s] = std::max(0, target - world.school_teachers(s));
    vacancy_share[s] = target > 0 ? static_cast<double>(vacancies[s]) / target : 0.0;
    std::int32_t pe_art = 0;
    for (auto k = world.school_teacher_begin[s]; k < world.school_teacher_begin[s + 1]; ++k)
      pe_art += world.teachers.subject[static_cast<std::size_t>(
                    world.teachers_by_school[static_cast<std::size_t>(k)])] == Subject::PeArt;
    pe_art_gap[s] = static_cast<std::int32_t>(std::lround(spec.pe_art_share * target)) - pe_art;
  }
  // Under a cap, the schools with the largest share of posts vacant go first.
  std::vector<std::size_t> order(n_schools);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return vacancy_share[a] > vacancy_share[b];
  });
  std::int64_t budget = params.max_hires_per_year > 0 ? params.max_hires_per_year : INT64_MAX;
  const RandomStream stream = ctx.stream(Stream::Hiring);
  for (std::size_t s : order) {
    for (std::int32_t k = 0; k < vacancies[s] && budget > 0; ++k, --budget) {
      const std::size_t i =
          add_teacher(world.teachers, world.next_teacher_id++, static_cast<std::int32_t>(s));
      draw_new_teacher(world, i, params, spec, stream);
      if (pe_art_gap[s]-- > 0) world.teachers.subject[i] = Subject::PeArt;
      ++flows.hires[index(world.schools.zone[s])];
      ++flows.school_hires[s];
    }
  }
  index_teachers(world);
}

}  // namespace edusim

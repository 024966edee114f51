#include "phases/progression.hpp"

#include <algorithm>
#include <cmath>

#include "world/layout.hpp"

namespace edusim {

void EnrolmentParams::visit(schema::Visitor& v) {
  v.field("intake_growth", intake_growth,
          {-0.5,
           0.5,
           {"yearly growth rate of grade-1 cohorts", "1/year",
            "assumption; set from local birth and migration figures"}});
  v.field("intake_noise_sd", intake_noise_sd,
          {0, 1, {"relative SD of a school's grade-1 cohort around its trend", "1"}});
}

NewStudent draw_new_student(const StudentSpec& spec, float school_ses_mean,
                            const RandomStream& stream, std::uint32_t id) {
  RandomStream::WordSequence next{stream, id, 0, stream.words(id), 0};
  const double ses = school_ses_mean + spec.ses_sd * ziggurat::normal(next);
  const double achievement = spec.entry_ses_slope * ses + spec.entry_sd * ziggurat::normal(next);
  return {static_cast<float>(ses), static_cast<float>(achievement)};
}

std::int32_t intake_size(const EnrolmentParams& params, std::int32_t base_intake, int year,
                         const RandomStream& stream, std::uint32_t school) {
  const double trend = base_intake * std::pow(1.0 + params.intake_growth, year);
  const double noise = std::exp(params.intake_noise_sd * stream.normal(school));
  // Capped far above any school, so the cast cannot overflow (the memory
  // check refuses such scenarios before a run starts).
  return static_cast<std::int32_t>(std::lround(std::min(trend * noise, 1e8)));
}

namespace {

/// Student index range [first, second) of one grade of one school.
std::pair<std::int32_t, std::int32_t> cohort_range(const World& w, std::size_t school, int grade) {
  std::int32_t begin = -1, end = -1;
  for (auto c = w.school_class_begin[school]; c < w.school_class_begin[school + 1]; ++c) {
    const auto ci = static_cast<std::size_t>(c);
    if (w.classes.grade[ci] != grade) continue;
    if (begin < 0) begin = w.classes.student_begin[ci];
    end = w.classes.student_begin[ci + 1];
  }
  return begin < 0 ? std::pair{0, 0} : std::pair{begin, end};
}

void copy_student(LayoutBuilder& out, const Students& from, std::size_t i) {
  out.add_student(from.id[i], from.achievement[i], from.teacher_value_added[i], from.ses[i],
                  from.residence[i]);
}

/// Grade-6 students of every feeder primary of each middle school, in a
/// shuffled order so that grade-7 classes mix pupils from different primaries.
std::vector<std::vector<std::uint32_t>> middle_intakes(const World& w, const YearContext& ctx,
                                                       YearFlows& flows) {
  std::vector<std::vector<std::uint32_t>> intake(w.schools.size());
  for (std::size_t p = 0; p < w.schools.size(); ++p) {
    if (w.schools.level[p] != Level::Primary) continue;
    const auto [b, e] = cohort_range(w, p, 6);
    const std::int32_t m = w.schools.catchment_middle[p];
    if (m < 0) {
      flows.left_district += e - b;
      continue;
    }
    for (auto i = b; i < e; ++i)
      intake[static_cast<std::size_t>(m)].push_back(static_cast<std::uint32_t>(i));
  }
  const RandomStream shuffle = ctx.stream(Stream::MiddleShuffle);
  for (auto& list : intake) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> keyed;
    keyed.reserve(list.size());
    for (auto i : list) keyed.emplace_back(shuffle.words(w.students.id[i])[0], i);
    std::sort(keyed.begin(), keyed.end());
    for (std::size_t k = 0; k < list.size(); ++k) list[k] = keyed[k].second;
  }
  return intake;
}

}  // namespace

void student_progression(World& world, const EnrolmentParams& params, const StudentSpec& spec,
                         const YearContext& ctx, YearFlows& flows) {
  const Students& old = world.students;
  const auto intake7 = middle_intakes(world, ctx, flows);
  const RandomStream size_stream = ctx.stream(Stream::IntakeSize);
  const RandomStream entrant_stream = ctx.stream(Stream::Entrant);
  LayoutBuilder out(world);
  for (std::size_t s = 0; s < world.schools.size(); ++s) {
    if (!world.schools.open[s]) continue;
    const Level level = world.schools.level[s];
    const std::int32_t max_class = world.schools.max_class_size[s];
    out.begin_school(static_cast<std::int32_t>(s));
    for (int g = first_grade(level); g <= last_grade(level); ++g) {
      out.begin_cohort(static_cast<std::int8_t>(g));
      if (g == 1) {
        const std::int32_t n =
            intake_size(params, world.schools.base_intake[s], static_cast<int>(ctx.year),
                        size_stream, static_cast<std::uint32_t>(s));
        for (std::int32_t k = 0; k < n; ++k) {
          const std::uint32_t id = world.next_student_id++;
          const NewStudent ns =
              draw_new_student(spec, world.schools.ses_mean[s], entrant_stream, id);
          out.add_student(id, ns.achievement, 0.0f, ns.ses, world.schools.zone[s]);
        }
        flows.entrants += n;
      } else if (g == 7) {
        for (auto i : intake7[s]) copy_student(out, old, i);
      } else {
        const auto [b, e] = cohort_range(world, s, g - 1);
        out.add_range(old, static_cast<std::size_t>(b), static_cast<std::size_t>(e));
      }
      out.end_cohort(max_class);
    }
    if (level == Level::Middle) {  // grade 9 graduates: the graduation record
      const auto [b, e] = cohort_range(world, s, 9);
      flows.graduates += e - b;
      flows.school_graduates[s] += e - b;
      for (auto i = b; i < e; ++i)
        flows.school_graduate_achievement[s] += old.achievement[static_cast<std::size_t>(i)];
    }
  }
  out.finish(world);
}

}  // namespace edusim

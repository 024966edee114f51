#include "phases/progression.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "core/radix_sort.hpp"
#include "world/layout.hpp"

namespace edusim {

void EnrolmentParams::visit(schema::Visitor& v) {
  v.field("intake_growth", intake_growth,
          {-0.5,
           0.5,
           {"yearly growth rate of grade-1 cohorts", "1/year",
            "assumption; set from local birth and migration figures"}});
  v.field("intake_noise_sd", intake_noise_sd,
          {0,
           1,
           {"relative SD of a school's grade-1 cohort around its trend", "1",
            "assumption: cohorts of a school vary by about 5% a year"}});
}

namespace {

/// An entrant from its two standard normals (SES first).
NewStudent new_student(const StudentSpec& spec, float school_ses_mean, double z_ses,
                       double z_achievement) {
  const double ses = school_ses_mean + spec.ses_sd * z_ses;
  const double achievement = spec.entry_ses_slope * ses + spec.entry_sd * z_achievement;
  return {static_cast<float>(ses), static_cast<float>(achievement)};
}

}  // namespace

NewStudent draw_new_student(const StudentSpec& spec, float school_ses_mean,
                            const RandomStream& stream, std::uint32_t id) {
  RandomStream::WordSequence next{stream, id, 0, stream.words(id), 0};
  const double z_ses = ziggurat::normal(next);  // sequenced: SES takes the first words
  return new_student(spec, school_ses_mean, z_ses, ziggurat::normal(next));
}

void write_entrants(Students& to, std::size_t first, std::size_t n, std::uint32_t first_id,
                    const StudentSpec& spec, float school_ses_mean, Zone zone,
                    const RandomStream& stream) {
  // By blocks: the four words of every entrant (vectorized Philox); when both
  // of draw_new_student's normals fall in a ziggurat rectangle (about 94.5% of
  // entrants) they are words 0-1 and 2-3, else draw_new_student itself runs.
  // The arithmetic is draw_new_student's, so the values are the same.
  constexpr std::size_t kBlock = 256;
  std::array<std::uint32_t, kBlock> ids, w0, w1, w2, w3;
  const ziggurat::Tables& tables = ziggurat::tables();
  for (std::size_t b = 0; b < n; b += kBlock) {
    const std::size_t m = std::min(kBlock, n - b);
    for (std::size_t k = 0; k < m; ++k) ids[k] = first_id + static_cast<std::uint32_t>(b + k);
    stream.all_words(ids.data(), m, w0.data(), w1.data(), w2.data(), w3.data());
    for (std::size_t k = 0; k < m; ++k) {
      const std::size_t i = first + b + k;
      double z_ses, z_achievement;
      const NewStudent ns = ziggurat::try_rectangle(tables, w0[k], w1[k], z_ses) &&
                                    ziggurat::try_rectangle(tables, w2[k], w3[k], z_achievement)
                                ? new_student(spec, school_ses_mean, z_ses, z_achievement)
                                : draw_new_student(spec, school_ses_mean, stream, ids[k]);
      to.id[i] = ids[k], to.achievement[i] = ns.achievement, to.teacher_value_added[i] = 0.0f;
      to.ses[i] = ns.ses, to.residence[i] = zone;
    }
  }
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

/// Student index range [begin, end) of every grade of one school, in one pass
/// over its classes (grades absent from the school: {0, 0}).
using GradeRanges = std::array<std::pair<std::int32_t, std::int32_t>, kGrades + 1>;
GradeRanges grade_ranges(const World& w, std::size_t school) {
  GradeRanges r;
  r.fill({-1, -1});
  for (auto c = w.school_class_begin[school]; c < w.school_class_begin[school + 1]; ++c) {
    const auto ci = static_cast<std::size_t>(c);
    auto& [begin, end] = r[static_cast<std::size_t>(w.classes.grade[ci])];
    if (begin < 0) begin = w.classes.student_begin[ci];
    end = w.classes.student_begin[ci + 1];
  }
  for (auto& range : r)
    if (range.first < 0) range = {0, 0};
  return r;
}

/// Each middle school's feeder primaries, in school order; grade 6 of a primary
/// without a catchment middle school leaves the district.
std::vector<std::vector<std::uint32_t>> feeders(const World& w, YearFlows& flows) {
  std::vector<std::vector<std::uint32_t>> out(w.schools.size());
  for (std::size_t p = 0; p < w.schools.size(); ++p) {
    if (w.schools.level[p] != Level::Primary) continue;
    const std::int32_t m = w.schools.catchment_middle[p];
    if (m >= 0) {
      out[static_cast<std::size_t>(m)].push_back(static_cast<std::uint32_t>(p));
    } else {
      const auto [b, e] = cohort_range(w, p, 6);
      flows.left_district += e - b;
    }
  }
  return out;
}

/// Intakes below this many students sort by bucket_insertion_sort (faster there
/// than four radix passes; measured on random words, 50-1,600 keys).
constexpr std::size_t kBucketSortMax = 2048;

/// Grade-6 students of every feeder primary of each middle school, in a
/// shuffled order so that grade-7 classes mix pupils from different primaries.
/// Per middle school in parallel: its list is its feeders' grade-6 cohorts in
/// school order, as when one loop over the primaries appended them.
std::vector<std::vector<std::uint32_t>> middle_intakes(const World& w, const YearContext& ctx,
                                                       const SchoolChoiceParams& choice,
                                                       std::int32_t calendar_year,
                                                       YearFlows& flows) {
  std::vector<std::vector<std::uint32_t>> intake = feeders(w, flows);
  tbb::parallel_for(std::size_t{0}, intake.size(), [&](std::size_t m) {
    auto& list = intake[m];
    const std::vector<std::uint32_t> primaries = std::move(list);
    list.clear();
    for (const auto p : primaries) {
      const auto [b, e] = cohort_range(w, p, 6);
      for (auto i = b; i < e; ++i) list.push_back(static_cast<std::uint32_t>(i));
    }
  });
  const ChoiceOutcome chosen = apply_school_choice(w, choice, calendar_year, ctx, intake);
  flows.choice_applicants += chosen.applicants;
  flows.choice_admitted += chosen.admitted;
  const RandomStream shuffle = ctx.stream(Stream::MiddleShuffle);
  tbb::parallel_for(std::size_t{0}, intake.size(), [&](std::size_t m) {
    auto& list = intake[m];
    const std::size_t n = list.size();
    std::vector<std::uint32_t> ids(n);
    for (std::size_t k = 0; k < n; ++k) ids[k] = w.students.id[list[k]];
    // Sort by (word, index), packed in one 64-bit key: distinct keys, one order,
    // however sorted. Without choice the list is in index order (primaries in school
    // order, each cohort in layout order), so a stable sort on the word alone gives
    // that order.
    std::vector<std::uint64_t> keyed(n), scratch;
    shuffle.shuffle_keys(ids.data(), list.data(), n, keyed.data());  // vectorized Philox
    if (n < kBucketSortMax)
      bucket_insertion_sort(keyed, scratch);  // the words are random: a few moves a key
    else if (std::is_sorted(list.begin(), list.end()))
      radix_sort<8, 32, 64>(keyed, scratch);
    else
      std::sort(keyed.begin(), keyed.end());
    for (std::size_t k = 0; k < n; ++k) list[k] = static_cast<std::uint32_t>(keyed[k]);
  });
  return intake;
}

/// One cohort of the new layout and where its students come from: grade 1
/// from entrants, grade 7 from the feeder primaries, other grades from the
/// school's cohort one grade below.
struct CohortFill {
  std::size_t first = 0;  ///< first slot in the new student table
  std::size_t size = 0;
  std::int32_t school = 0;
  std::int8_t grade = 0;
  std::size_t source_begin = 0;  ///< other grades: first old index of the cohort moving up
  std::uint32_t first_id = 0;    ///< grade 1: id of the first entrant
};

/// Every cohort's size and source of one school (pure: per school, in parallel).
std::array<CohortFill, kGrades + 1> school_cohorts(
    const World& world, std::size_t s, const EnrolmentParams& params, const YearContext& ctx,
    const RandomStream& size_stream, const std::vector<std::vector<std::uint32_t>>& intake7) {
  std::array<CohortFill, kGrades + 1> out{};
  const Level level = world.schools.level[s];
  const GradeRanges ranges = grade_ranges(world, s);
  for (int g = first_grade(level); g <= last_grade(level); ++g) {
    CohortFill& f = out[static_cast<std::size_t>(g)];
    f.school = static_cast<std::int32_t>(s);
    f.grade = static_cast<std::int8_t>(g);
    if (g == 1) {
      f.size = static_cast<std::size_t>(intake_size(params, world.schools.base_intake[s],
                                                    static_cast<int>(ctx.year), size_stream,
                                                    static_cast<std::uint32_t>(s)));
    } else if (g == 7) {
      f.size = intake7[s].size();
    } else {
      const auto [b, e] = ranges[static_cast<std::size_t>(g - 1)];
      f.source_begin = static_cast<std::size_t>(b);
      f.size = static_cast<std::size_t>(e - b);
    }
  }
  return out;
}

/// Declares every cohort of the new layout: the sizes per school in parallel, the
/// entrants' first ids in school order (one step a school), then the classes and
/// slots by per-school offsets (LayoutBuilder::plan_schools). Result: [school][grade].
std::vector<std::array<CohortFill, kGrades + 1>> plan_cohorts(
    World& world, LayoutBuilder& out, const EnrolmentParams& params, const YearContext& ctx,
    const std::vector<std::vector<std::uint32_t>>& intake7, YearFlows& flows) {
  const RandomStream size_stream = ctx.stream(Stream::IntakeSize);
  const std::size_t n = world.schools.size();
  std::vector<std::array<CohortFill, kGrades + 1>> planned(n);
  std::vector<LayoutBuilder::CohortSizes> sizes(n);
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t s) {
    if (!world.schools.open[s]) return;
    planned[s] = school_cohorts(world, s, params, ctx, size_stream, intake7);
    for (std::size_t g = 0; g <= kGrades; ++g) sizes[s][g] = planned[s][g].size;
  });
  for (std::size_t s = 0; s < n; ++s) {
    if (!world.schools.open[s] || first_grade(world.schools.level[s]) != 1) continue;
    CohortFill& f = planned[s][1];
    f.first_id = world.next_student_id;
    world.next_student_id += static_cast<std::uint32_t>(f.size);
    flows.entrants += static_cast<std::int64_t>(f.size);
  }
  const std::vector<LayoutBuilder::CohortSizes> first = out.plan_schools(world.schools, sizes);
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t s) {
    for (std::size_t g = 0; g <= kGrades; ++g) planned[s][g].first = first[s][g];
  });
  return planned;
}

/// Writes the students of one cohort into their slots (pure: any order, any thread).
void fill_cohort(Students& to, const World& world, const CohortFill& f, const StudentSpec& spec,
                 const RandomStream& entrants,
                 const std::vector<std::vector<std::uint32_t>>& intake7,
                 const std::array<float, kZones>& entry_shift) {
  const Students& from = world.students;
  if (f.grade == 1) {
    const auto s = static_cast<std::size_t>(f.school);
    write_entrants(to, f.first, f.size, f.first_id, spec, world.schools.ses_mean[s],
                   world.schools.zone[s], entrants);
    // Kindergarten quality at entry (phase kindergartens; 0, untouched, when off).
    const float shift = entry_shift[static_cast<std::size_t>(index(world.schools.zone[s]))];
    if (shift != 0.0f)
      for (std::size_t k = 0; k < f.size; ++k) to.achievement[f.first + k] += shift;
  } else if (f.grade == 7) {
    const auto& list = intake7[static_cast<std::size_t>(f.school)];
    to.for_each_column_pair(from, [&](auto& dst, const auto& src) {
      for (std::size_t k = 0; k < f.size; ++k) dst[f.first + k] = src[list[k]];
    });
  } else {
    to.for_each_column_pair(from, [&](auto& dst, const auto& src) {
      std::copy_n(src.data() + f.source_begin, f.size, dst.data() + f.first);
    });
  }
}

/// Grade 9 of every middle school graduates: counts and achievement sums, per school in
/// parallel, then the district total in school order.
void record_graduates(const World& world, YearFlows& flows) {
  tbb::parallel_for(std::size_t{0}, world.schools.size(), [&](std::size_t s) {
    if (!world.schools.open[s] || world.schools.level[s] != Level::Middle) return;
    const auto [b, e] = cohort_range(world, s, 9);
    double sum = 0;
    for (auto i = b; i < e; ++i) sum += world.students.achievement[static_cast<std::size_t>(i)];
    flows.school_graduates[s] += e - b;
    flows.school_graduate_achievement[s] += sum;
  });
  for (const auto n : flows.school_graduates) flows.graduates += n;
}

}  // namespace

void student_progression(World& world, const EnrolmentParams& params, const StudentSpec& spec,
                         const YearContext& ctx, YearFlows& flows, const SchoolChoiceParams& choice,
                         std::int32_t calendar_year) {
  const auto intake7 = middle_intakes(world, ctx, choice, calendar_year, flows);
  record_graduates(world, flows);
  LayoutBuilder out(world);
  const auto planned = plan_cohorts(world, out, params, ctx, intake7, flows);
  Students& to = out.allocate();
  const RandomStream entrants = ctx.stream(Stream::Entrant);
  // One task per (school, grade): every cohort writes only its own slots.
  tbb::parallel_for(std::size_t{0}, planned.size() * (kGrades + 1), [&](std::size_t k) {
    const CohortFill& f = planned[k / (kGrades + 1)][k % (kGrades + 1)];
    if (f.size > 0)
      fill_cohort(to, world, f, spec, entrants, intake7, flows.kindergarten_entry_shift);
  });
  out.finish(world);
}

}  // namespace edusim

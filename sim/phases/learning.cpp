#include "phases/learning.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "core/cpu_features.hpp"
#include "model/balance_standard.hpp"

namespace edusim {

void LearningParams::visit(schema::Visitor& v) {
  v.field(
      "prior_persistence", prior_persistence,
      {0,
       1,
       {"share of last year's durable achievement carried over", "1",
        "prior-score coefficient of value-added models, typically 0.6-0.9 (MODEL.md section 7)"}});
  v.field("teacher_persistence", teacher_persistence,
          {0,
           1,
           {"share of last year's transient teacher-added achievement carried over (the "
            "durable share of teaching persists at prior_persistence instead)",
            "1",
            "0: the transient part is gone within a year, as in the permanent/transitory model of "
            "Jacob, Lefgren & Sims 2010 (JHR 45(4)), section II"}});
  v.field("teacher_durable_share", teacher_durable_share,
          {0,
           1,
           {"share of a year's teaching that becomes durable knowledge (persisting at "
            "prior_persistence); one-year persistence of a teacher's gain = teacher_durable_share "
            "* prior_persistence + (1 - teacher_durable_share) * teacher_persistence",
            "1",
            "0.33 gives one-year persistence 0.25: 'three-quarters or more fading out within one "
            "year' (Jacob, Lefgren & Sims 2010, JHR 45(4), abstract); 'only a third of the "
            "contemporaneous teacher effect survives into the next grade' (Kinsler 2012, JHR "
            "47(3), abstract); after five years 0.08 remains, within the 0-25% of the ten "
            "studies reviewed by Raudenbush 2014 (Carnegie Knowledge Network brief 15)"}});
  v.field("class_teacher_weight", class_teacher_weight,
          {0,
           1,
           {"weight of the class teacher in the teaching a class receives (rest: the "
            "school's other core teachers); a class teacher 1 SD (district.teachers.talent.sd) "
            "more effective raises her class by class_teacher_weight SD of talent a year",
            "1",
            "assumption: 0.8 with talent SD 0.15 gives a realised class-teacher effect of 0.12 "
            "student SD, inside the 0.10-0.20 of Hanushek & Rivkin 2010 (AER 100(2), table 1) "
            "and Nye, Konstantopoulos & Hedges 2004 (EEPA 26(3)); the other core teachers "
            "(subject teachers of the class) carry the rest"}});
  v.field("peer_effect", peer_effect,
          {0,
           1,
           {"achievement per SD of the mean achievement of the class's other students "
            "(leave-one-out) above the grade mean",
            "SD/SD",
            "about 0.2: 'a 0.1 standard deviation increase in peer average achievement leads to "
            "roughly a 0.02 increase in achievement' (Hanushek, Kain, Markman & Rivkin 2003, J. "
            "Appl. Econometrics 18(5):527-544, grade-cohort peers with school-by-grade fixed "
            "effects); the class is edusim's peer group, an assumption"}});
  v.field("ses_effect", ses_effect,
          {-1,
           1,
           {"yearly achievement gain per SD of SES (out-of-school learning)", "SD/SD",
            "assumption; summer-learning gaps"}});
  v.field("resource_effect", resource_effect,
          {-1,
           1,
           {"yearly gain per unit of the school resource index", "SD",
            "assumption: small, as school-resource effects are weak (Hanushek 2003)"}});
  v.field("noise_sd", noise_sd,
          {0,
           5,
           {"SD of the yearly idiosyncratic change", "SD",
            "setting: a normalisation; achievement is in SD units, and this is the value that "
            "keeps the achievement SD near 1 given the other terms (docs/odd.md, calibration "
            "table), so its uncertainty is theirs, not its own"}});
  v.field("substitute_effectiveness", substitute_effectiveness,
          {-1,
           2,
           {"effectiveness a class gets without a teacher", "SD",
            "assumption: a class covered by colleagues gets some teaching"}});
  v.field("settling_penalty", settling_penalty,
          {0,
           1,
           {"effectiveness lost by a class teacher settling in at a new school after a rotation "
            "move (rotation.settling_years)",
            "SD",
            "assumption; school-specific human capital is lost on a move (Ost 2014, AEJ: Applied "
            "6(2); Jackson 2013, REStat 95(4))"}});
}

SchoolLearningInputs school_learning_inputs(const World& world, const LearningParams& params) {
  const std::size_t n = world.schools.size();
  SchoolLearningInputs in{std::vector<float>(n, 0.0f), std::vector<float>(n, 0.0f)};
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t s) {
    double sum = 0;
    int count = 0;
    for (auto k = world.school_teacher_begin[s]; k < world.school_teacher_begin[s + 1]; ++k) {
      const auto t =
          static_cast<std::size_t>(world.teachers_by_school[static_cast<std::size_t>(k)]);
      if (world.teachers.subject[t] != Subject::Core) continue;
      sum += world.teachers.effectiveness[t];
      ++count;
    }
    // A school without core teachers has its core lessons covered by substitutes.
    in.core_mean_effectiveness[s] =
        static_cast<float>(count > 0 ? sum / count : params.substitute_effectiveness);
    const double students = std::max(1, world.school_students(s));
    const Level l = world.schools.level[s];
    const double ratios[] = {
        world.schools.floor_area_m2[s] / students / threshold(Indicator::FloorArea, l),
        world.schools.sports_area_m2[s] / students / threshold(Indicator::SportsArea, l),
        world.schools.equipment_value_yuan[s] / students / threshold(Indicator::EquipmentValue, l),
        100.0 * world.schools.multimedia_classrooms[s] / students /
            threshold(Indicator::MultimediaClassrooms, l)};
    double log_sum = 0;
    for (double r : ratios) log_sum += std::clamp(std::log(std::max(r, 1e-3)), -2.0, 2.0);
    in.resource_index[s] = static_cast<float>(log_sum / 4);
  });
  return in;
}

float class_effectiveness(const World& world, const LearningParams& p,
                          const SchoolLearningInputs& in, std::size_t c, double guide_loss) {
  const auto s = static_cast<std::size_t>(world.classes.school[c]);
  const auto t = world.classes.class_teacher[c];
  double own = p.substitute_effectiveness;
  if (t >= 0) {
    const auto i = static_cast<std::size_t>(t);
    double e = world.teachers.effectiveness[i];
    // Time spent guiding another school is partly lost to the guide's own class.
    const double guiding = world.teachers.guidance_share[i];
    if (guiding > 0 && guide_loss > 0) e *= 1.0 - guiding * guide_loss;
    own = e - (world.teachers.settling_years_left[i] > 0 ? p.settling_penalty : 0.0);
  }
  const double school =
      world.school_teachers(s) > 0 ? in.core_mean_effectiveness[s] : p.substitute_effectiveness;
  return static_cast<float>(p.class_teacher_weight * own + (1.0 - p.class_teacher_weight) * school);
}

namespace {

/// Mean achievement of each class, and of each grade over the district.
void class_and_grade_means(const World& w, std::vector<double>& class_mean,
                           std::array<double, kGrades + 1>& grade_mean) {
  const auto& begin = w.classes.student_begin;
  const float* a = w.students.achievement.data();
  class_mean.assign(w.classes.size(), 0.0);
  tbb::parallel_for(std::size_t{0}, w.classes.size(), [&](std::size_t c) {
    double sum = 0;
    for (auto i = begin[c]; i < begin[c + 1]; ++i) sum += a[i];
    const auto n = begin[c + 1] - begin[c];
    class_mean[c] = n > 0 ? sum / n : 0.0;
  });
  std::array<double, kGrades + 1> sum{}, count{};
  for (std::size_t c = 0; c < w.classes.size(); ++c) {  // fixed order: reproducible
    const auto n = begin[c + 1] - begin[c];
    sum[static_cast<std::size_t>(w.classes.grade[c])] += class_mean[c] * n;
    count[static_cast<std::size_t>(w.classes.grade[c])] += n;
  }
  for (std::size_t g = 0; g <= kGrades; ++g) grade_mean[g] = count[g] > 0 ? sum[g] / count[g] : 0;
}

/// A class's terms of the update, the same for each of its students.
struct ClassTerms {
  double tp, pp, durable, transient, shared, peer_base, peer_self, ses_effect, noise_sd;
};

/// The update of n students of one class, in a function of its own so that it has
/// AVX-512 and AVX2 clones (EDUSIM_LOOP_CLONES: element-wise, the same operations in
/// the same order per student in every clone, so the same numbers).
EDUSIM_LOOP_CLONES
void update_students(const ClassTerms& t, std::size_t n, const double* __restrict z,
                     float* __restrict achievement, float* __restrict value_added,
                     const float* __restrict ses) {
  const double tp = t.tp, pp = t.pp, durable = t.durable, transient = t.transient;
  const double shared = t.shared, peer_base = t.peer_base, peer_self = t.peer_self;
  const double ses_effect = t.ses_effect, noise_sd = t.noise_sd;
  for (std::size_t k = 0; k < n; ++k) {
    const double a = achievement[k], v = value_added[k];
    const double v_next = tp * v + transient;
    const double a_next = pp * (a - v) + durable + v_next + shared + peer_base - peer_self * a +
                          ses_effect * ses[k] + noise_sd * z[k];
    value_added[k] = static_cast<float>(v_next);
    achievement[k] = static_cast<float>(a_next);
  }
}

}  // namespace

void learning(World& world, const LearningParams& p, const OnlineClassroomParams& online,
              const GuidanceParams& guidance, const LeaderParams& leaders, const YearContext& ctx) {
  // The principal's direct (weak) effect on every student of the school; 0 when off.
  const std::vector<float> leadership = leadership_learning_effect(world, leaders);
  const double guide_loss = guidance.enabled ? guidance.own_class_loss : 0.0;
  const SchoolLearningInputs in = school_learning_inputs(world, p);
  const std::vector<float> remote = remote_effectiveness(world, online);
  const double online_share = online.enabled ? online.share : 0.0;
  std::vector<double> class_mean;
  std::array<double, kGrades + 1> grade_mean{};
  class_and_grade_means(world, class_mean, grade_mean);
  const RandomStream noise = ctx.stream(Stream::Learning);
  Students& st = world.students;
  const auto& begin = world.classes.student_begin;
  tbb::parallel_for(std::size_t{0}, world.classes.size(), [&](std::size_t c) {
    const auto s = static_cast<std::size_t>(world.classes.school[c]);
    const double e = mix_online(class_effectiveness(world, p, in, c, guide_loss), remote[s],
                                online_share, online.efficiency);
    const double shared = p.resource_effect * in.resource_index[s] + leadership[s];
    // The peer mean leaves the student out: peer_effect * ((sum - a) / (n - 1) - grade mean)
    // = peer_base - peer_self * a; a class of one has no peers (no term).
    const auto size = static_cast<double>(begin[c + 1] - begin[c]);
    const double grade = grade_mean[static_cast<std::size_t>(world.classes.grade[c])];
    const double peer_self = size > 1 ? p.peer_effect / (size - 1) : 0.0;
    const double peer_base =
        size > 1 ? peer_self * class_mean[c] * size - p.peer_effect * grade : 0.0;
    // In blocks: the normals (vectorized Philox and ziggurat), then the
    // update, a loop without calls that the compiler vectorizes (same
    // operations per student, so the same numbers).
    constexpr std::size_t kBlock = RandomStream::kNormalsBlock;
    std::array<double, kBlock> z;
    const ClassTerms terms{p.teacher_persistence,
                           p.prior_persistence,
                           p.teacher_durable_share * e,
                           (1.0 - p.teacher_durable_share) * e,
                           shared,
                           peer_base,
                           peer_self,
                           p.ses_effect,
                           p.noise_sd};
    for (auto first = begin[c]; first < begin[c + 1]; first += kBlock) {
      const auto f = static_cast<std::size_t>(first);
      const auto n = std::min<std::size_t>(kBlock, static_cast<std::size_t>(begin[c + 1] - first));
      noise.normals(&st.id[f], n, z.data());
      update_students(terms, n, z.data(), st.achievement.data() + f,
                      st.teacher_value_added.data() + f, st.ses.data() + f);
    }
  });
}

void learning(World& world, const LearningParams& p, const OnlineClassroomParams& online,
              const YearContext& ctx) {
  learning(world, p, online, GuidanceParams{}, LeaderParams{false}, ctx);
}

void initialise_value_added(World& world, const LearningParams& p) {
  const SchoolLearningInputs in = school_learning_inputs(world, p);
  const auto& begin = world.classes.student_begin;
  const double scale =
      (1.0 - p.teacher_durable_share) / (1.0 - std::min(p.teacher_persistence, 0.999));
  tbb::parallel_for(std::size_t{0}, world.classes.size(), [&](std::size_t c) {
    const auto v = static_cast<float>(class_effectiveness(world, p, in, c) * scale);
    for (auto i = begin[c]; i < begin[c + 1]; ++i) {
      world.students.teacher_value_added[i] = v;
      world.students.achievement[i] += v;
    }
  });
}

}  // namespace edusim

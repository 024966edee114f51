#pragma once
// Learning, the hot loop: every student's achievement is updated from last
// year's, the class teacher and the school's other teachers, the class peers,
// SES, school resources and noise.
//
// Achievement a is split into a durable part d = a - v and a transient part v added by
// teachers. A year's teaching e_class splits into a durable share (it becomes knowledge and
// persists like prior knowledge) and a transient rest (it fades at teacher_persistence), so
// that a teacher's gain fades to about a quarter after one year and then persists as
// knowledge does (Jacob, Lefgren & Sims 2010; Kinsler 2012; docs/odd.md section 2.1):
//   v' = teacher_persistence * v + (1 - teacher_durable_share) * e_class
//   a' = prior_persistence * (a - v) + teacher_durable_share * e_class + v'
//        + peer_effect * (mean of the class's other students - grade mean)
//        + ses_effect * ses + resource_effect * resource_index + noise_sd * N(0,1)
// with e_class = class_teacher_weight * e(class teacher)
//              + (1 - class_teacher_weight) * mean e(core teachers of the school),
// where a class teacher still settling in after a rotation (settling_years_left > 0)
// counts with e - settling_penalty, and a class teacher who guides another school
// (subject guidance, guidance_share g > 0) counts with e * (1 - g * own_class_loss).
#include <vector>

#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "phases/leaders.hpp"
#include "phases/online_classroom.hpp"
#include "phases/subject_guidance.hpp"
#include "world/world.hpp"

namespace edusim {

struct LearningParams {
  double prior_persistence = 0.75;
  double teacher_persistence = 0.0;     ///< carry-over of the transient part
  double teacher_durable_share = 0.33;  ///< share of a year's teaching that becomes durable
  double class_teacher_weight = 0.8;
  double peer_effect = 0.2;
  double ses_effect = 0.05;
  double resource_effect = 0.02;
  double noise_sd = 0.6;
  double substitute_effectiveness = 0.2;  ///< class without a teacher
  double settling_penalty = 0.02;         ///< effectiveness lost while settling in at a new school

  void visit(schema::Visitor& v);
};

/// Per-school inputs of the learning update, computed once per year.
struct SchoolLearningInputs {
  std::vector<float> core_mean_effectiveness;  ///< mean over core teachers (substitute if none)
  std::vector<float> resource_index;           ///< mean log of facilities / national threshold
};

SchoolLearningInputs school_learning_inputs(const World& world, const LearningParams& params);

/// The effectiveness a class receives this year. `guide_loss` is
/// GuidanceParams::own_class_loss when subject guidance is on, else 0.
float class_effectiveness(const World& world, const LearningParams& params,
                          const SchoolLearningInputs& inputs, std::size_t class_index,
                          double guide_loss = 0.0);

/// `online` mixes lessons delivered remotely by lead-school teachers into the
/// effectiveness each class receives (mix_online; bit-identical when off);
/// `guidance` costs a guiding class teacher's class a share of its teaching
/// (nothing when guidance is off).
void learning(World& world, const LearningParams& params, const OnlineClassroomParams& online,
              const GuidanceParams& guidance, const LeaderParams& leaders, const YearContext& ctx);

/// The same with subject guidance and leaders switched off (unit tests of learning alone).
void learning(World& world, const LearningParams& params, const OnlineClassroomParams& online,
              const YearContext& ctx);

/// Sets each student's teacher_value_added to its steady state under the
/// current class teachers ((1 - teacher_durable_share) e / (1 - teacher_persistence)) so
/// that a generated world does not start with an artificial jump.
void initialise_value_added(World& world, const LearningParams& params);

}  // namespace edusim

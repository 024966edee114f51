#pragma once
// Online classrooms (三个课堂: 专递课堂, 名师课堂, 名校网络课堂; 双师同步课堂): a share of
// the lessons of member schools is taught live by the lead school's teachers
// and, for rural schools outside groups, by the best urban school of the level.
// The learning phase mixes the remote effectiveness into each class's.
#include <vector>

#include "model/schema.hpp"
#include "world/world.hpp"

namespace edusim {

struct OnlineClassroomParams {
  bool enabled = false;
  double share = 0.2;       ///< share of lessons delivered remotely
  double efficiency = 0.6;  ///< share of the remote teacher's edge that reaches the students

  void visit(schema::Visitor& v);
};

/// Per school, the effectiveness of the teachers delivering its remote lessons:
/// for a member school of a group, the mean effectiveness of the lead school's
/// teachers; for a rural school outside groups, that of the open urban school
/// of its level with the highest mean. NaN where the school receives none
/// (disabled, lead and urban and town schools outside groups, no source with
/// teachers, closed). Needs an up-to-date teacher index.
std::vector<float> remote_effectiveness(const World& world, const OnlineClassroomParams& params);

/// Effectiveness a class receives: e + share * efficiency * (remote - e), i.e.
/// the share of lessons taught remotely delivers the local teacher's
/// effectiveness plus `efficiency` of the remote teacher's edge over it.
/// Returns `class_effectiveness` unchanged (bit for bit) when share or
/// efficiency is 0 or `remote` is NaN.
float mix_online(float class_effectiveness, float remote, double share, double efficiency);

}  // namespace edusim

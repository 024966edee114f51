#include "phases/online_classroom.hpp"

#include <array>
#include <cmath>
#include <limits>

#include "phases/school_strength.hpp"

namespace edusim {

void OnlineClassroomParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled,
          {"deliver a share of the lessons of group member schools (from the lead school) and "
           "of rural schools outside groups (from the best urban school of the level) online"});
  v.field("share", share,
          {0,
           1,
           {"share of lessons delivered online by the remote school's teachers", "1",
            "assumption: one lesson in five; seed 003 (Hongqi) reports a 'three classrooms' "
            "platform reaching 8,318 students with 1,245 teachers, without a lesson share"}});
  v.field("efficiency", efficiency,
          {0,
           1,
           {"share of the remote teacher's effectiveness edge over the local teacher that "
            "reaches the students in an online lesson (the local teacher stays in the room, "
            "双师)",
            "1",
            "assumption: live remote instruction helps but less than in person (interaction "
            "and feedback are thinner); broadcast and dual-teacher studies find positive but "
            "partial gains (e.g. Johnston & Ksoll 2017, Ghana, interactive satellite "
            "instruction; Bianchi, Lu & Song 2022, J. Dev. Econ., China's rural distance "
            "education); 0.6 is not estimated"}});
}

std::vector<float> remote_effectiveness(const World& w, const OnlineClassroomParams& p) {
  const Schools& sc = w.schools;
  constexpr float kNone = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> remote(sc.size(), kNone);
  if (!p.enabled) return remote;
  const std::vector<double> mean = school_mean_effectiveness(w);
  // Lead school of each group; best open urban school of each level.
  std::vector<std::int32_t> lead;
  std::array<std::int32_t, kLevels> best_urban{-1, -1};
  for (std::size_t s = 0; s < sc.size(); ++s) {
    if (sc.group[s] >= 0 && sc.group_role[s] == GroupRole::Lead) {
      if (lead.size() <= static_cast<std::size_t>(sc.group[s]))
        lead.resize(static_cast<std::size_t>(sc.group[s]) + 1, -1);
      lead[static_cast<std::size_t>(sc.group[s])] = static_cast<std::int32_t>(s);
    }
    auto& best = best_urban[static_cast<std::size_t>(index(sc.level[s]))];
    if (sc.open[s] && sc.zone[s] == Zone::Urban && !std::isnan(mean[s]) &&
        (best < 0 || mean[s] > mean[static_cast<std::size_t>(best)]))
      best = static_cast<std::int32_t>(s);
  }
  for (std::size_t s = 0; s < sc.size(); ++s) {
    if (!sc.open[s]) continue;
    std::int32_t from = -1;
    if (sc.group[s] >= 0 && sc.group_role[s] == GroupRole::Member &&
        static_cast<std::size_t>(sc.group[s]) < lead.size())
      from = lead[static_cast<std::size_t>(sc.group[s])];
    else if (sc.group[s] < 0 && sc.zone[s] == Zone::Rural)
      from = best_urban[static_cast<std::size_t>(index(sc.level[s]))];
    if (from >= 0 && sc.open[static_cast<std::size_t>(from)] &&
        !std::isnan(mean[static_cast<std::size_t>(from)]))
      remote[s] = static_cast<float>(mean[static_cast<std::size_t>(from)]);
  }
  return remote;
}

float mix_online(float e, float remote, double share, double efficiency) {
  const double weight = share * efficiency;
  if (weight == 0.0 || std::isnan(remote)) return e;
  return static_cast<float>(e + weight * (static_cast<double>(remote) - e));
}

}  // namespace edusim

#include "phases/subject_guidance.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace edusim {

void GuidanceParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled,
          {"send backbone teachers to guide weak subjects in weak schools every year (学科指导)"});
  v.field("guides", guides,
          {0,
           1000000,
           {"backbone teachers (district level or higher) guiding in a year", "teachers",
            "seed 002 (Miyun 2021): 70 district-level-or-higher backbone teachers for subject "
            "guidance"}});
  v.field("share", share,
          {0,
           1,
           {"share of a guide's time spent guiding", "1",
            "assumption: half a day a week (0.1); the seed gives no figure"}});
  v.field("reach", reach,
          {0,
           1e6,
           {"core teachers one guide reaches per unit of guiding time (coverage = min(1, reach "
            "* guiding time received / core teachers))",
            "teachers per full-time guide",
            "assumption: one subject teaching-research group (教研组) of about 8 teachers at the "
            "default share 0.1"}});
  v.field("growth_gain", growth_gain,
          {0,
           1,
           {"effectiveness added in a year to a core teacher of a fully covered guided school",
            "student SD per year",
            "assumption: half the 1:1 pairing gain (mentoring.pairing_gain 0.02): guidance is "
            "part-time and shared by a subject group"}});
  v.field("own_class_loss", own_class_loss,
          {0,
           1,
           {"the guide's own class loses guidance_share * own_class_loss of the guide's "
            "effectiveness",
            "1",
            "assumption: half of the time away is lost to the class (the rest is covered by "
            "colleagues and preparation outside lessons)"}});
}

namespace {

/// Mean effectiveness and count of the core teachers now at each school.
void core_staff(const World& w, std::vector<double>& mean, std::vector<std::int32_t>& count) {
  const std::size_t n = w.schools.size();
  mean.assign(n, 0.0), count.assign(n, 0);
  tbb::parallel_for(std::size_t{0}, n, [&](std::size_t s) {
    double sum = 0;
    for (auto k = w.school_teacher_begin[s]; k < w.school_teacher_begin[s + 1]; ++k) {
      const auto i = static_cast<std::size_t>(w.teachers_by_school[static_cast<std::size_t>(k)]);
      if (w.teachers.subject[i] != Subject::Core) continue;
      sum += w.teachers.effectiveness[i];
      ++count[s];
    }
    mean[s] = count[s] > 0 ? sum / count[s] : 0.0;
  });
}

/// The guides, most effective first, then by id.
std::vector<std::size_t> pick_guides(const World& w, const GuidanceParams& p) {
  const Teachers& t = w.teachers;
  std::vector<std::size_t> guides;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (district_backbone(t.backbone[i]) && t.subject[i] == Subject::Core &&
        t.contract[i] == Contract::Regular && t.rotation_destination[i] < 0 &&
        t.part_time_share[i] < 1.0f &&
        w.schools.strength[static_cast<std::size_t>(t.school[i])] == Strength::Strong)
      guides.push_back(i);
  const auto keep = std::min(guides.size(), static_cast<std::size_t>(std::max(0, p.guides)));
  auto better = [&](std::size_t a, std::size_t b) {
    if (t.effectiveness[a] != t.effectiveness[b]) return t.effectiveness[a] > t.effectiveness[b];
    return t.id[a] < t.id[b];
  };
  std::partial_sort(guides.begin(), guides.begin() + static_cast<std::ptrdiff_t>(keep),
                    guides.end(), better);
  guides.resize(keep);
  return guides;
}

}  // namespace

std::vector<double> assign_guides(World& w, const GuidanceParams& p, YearFlows& flows) {
  Teachers& t = w.teachers;
  tbb::parallel_for(std::size_t{0}, t.size(), [&](std::size_t i) {
    t.guidance_school[i] = -1;
    t.guidance_share[i] = 0.0f;
  });
  std::vector<double> received(w.schools.size(), 0.0);
  if (p.share <= 0) return received;
  std::vector<double> mean;
  std::vector<std::int32_t> core;
  core_staff(w, mean, core);
  std::vector<std::size_t> guided;
  for (std::size_t s = 0; s < w.schools.size(); ++s)
    if (w.schools.open[s] && w.schools.strength[s] == Strength::Weak && core[s] > 0)
      guided.push_back(s);
  std::stable_sort(guided.begin(), guided.end(),
                   [&](std::size_t a, std::size_t b) { return mean[a] < mean[b]; });
  std::vector<std::size_t> left = pick_guides(w, p);  // most effective first
  // Rounds over the guided schools; each takes its nearest remaining guide of its
  // level. Guides are few (tens to hundreds): the scan is guides x guided schools.
  bool placed = true;
  while (placed && !left.empty()) {
    placed = false;
    for (std::size_t s : guided) {
      std::ptrdiff_t best = -1;
      double best_d = 0;
      for (std::size_t k = 0; k < left.size(); ++k) {
        const auto from = static_cast<std::size_t>(t.school[left[k]]);
        if (w.schools.level[from] != w.schools.level[s]) continue;
        const double d = school_distance_km(w.schools, from, s);
        if (best < 0 || d < best_d) best = static_cast<std::ptrdiff_t>(k), best_d = d;
      }
      if (best < 0) continue;
      const std::size_t i = left[static_cast<std::size_t>(best)];
      left.erase(left.begin() + best);  // keeps the effectiveness order for ties
      t.guidance_school[i] = static_cast<std::int32_t>(s);
      t.guidance_share[i] = std::min(static_cast<float>(p.share), 1.0f - t.part_time_share[i]);
      received[s] += t.guidance_share[i];
      ++flows.guidance_teachers;
      placed = true;
      if (left.empty()) break;
    }
  }
  return received;
}

double guidance_coverage(const GuidanceParams& p, double received, std::int32_t core) {
  if (core <= 0 || received <= 0) return 0.0;
  return std::min(1.0, p.reach * received / core);
}

void subject_guidance(World& w, const GuidanceParams& p, const YearContext&, YearFlows& flows) {
  if (!p.enabled) return;
  const std::vector<double> received = assign_guides(w, p, flows);
  if (p.growth_gain <= 0) return;
  std::vector<double> mean;
  std::vector<std::int32_t> core;
  core_staff(w, mean, core);
  Teachers& t = w.teachers;
  tbb::parallel_for(std::size_t{0}, t.size(), [&](std::size_t i) {
    if (t.subject[i] != Subject::Core) return;
    const auto s = static_cast<std::size_t>(t.school[i]);
    const double coverage = guidance_coverage(p, received[s], core[s]);
    if (coverage > 0) t.effectiveness[i] += static_cast<float>(p.growth_gain * coverage);
  });
}

SharesBySchool guidance_shares(const World& w) {
  return shares_by_school(w, w.teachers.guidance_school, w.teachers.guidance_share);
}

}  // namespace edusim

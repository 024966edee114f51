#include "phases/training.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

namespace edusim {

void TrainingParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled, {"run training programmes every year (培训)"});
  v.field("places", places,
          {0,
           1000000000,
           {"training places (person-times) a year", "person-times/year",
            "assumption: none by default; Fushun (seed 001) reports about 48,000 person-times "
            "trained over about 6,600 staff, about 7.3 per staff member over an unstated period "
            "(at five years, about 1.5 per teacher a year)"}});
  v.field("cost_per_place", cost_per_place,
          {0,
           1e9,
           {"cost of one training place", "yuan/person-time",
            "seed 001 (Fushun): 8.58 million yuan of training funds / about 48,000 person-times "
            "= about 179 yuan, rounded"}});
  v.field("gain", gain,
          {0,
           1,
           {"effectiveness added by one training place in a year", "student SD",
            "assumption: small; in-service training shows little effect on teacher value added "
            "(Harris & Sass 2011, J. Public Econ. 95(7-8))"}});
  v.field("returns_exponent", returns_exponent,
          {0,
           1,
           {"diminishing returns: k places in a year add gain * k^returns_exponent", "1",
            "assumption: square root; a second course repeats much of the first"}});
  v.field("target", target,
          schema::ChoiceSpec{{"who is trained: new_teachers, rural, backbone_candidates or all", "",
                              "seed 001 (Fushun): new, backbone and class-teacher training"}});
  v.field("new_max_experience", new_max_experience,
          {0, 60, {"new teachers: experience at most this", "years", "assumption"}});
  v.field("candidate_min_experience", candidate_min_experience,
          {0,
           60,
           {"backbone candidates: teachers below district backbone with at least this "
            "experience",
            "years", "assumption: past the steep early years"}});
}

namespace {

bool targeted(const World& w, const TrainingParams& p, std::size_t i) {
  const Teachers& t = w.teachers;
  if (t.contract[i] != Contract::Regular) return false;
  switch (p.target) {
    case TrainingTarget::NewTeachers:
      return t.experience[i] <= p.new_max_experience;
    case TrainingTarget::Rural:
      return w.schools.zone[static_cast<std::size_t>(t.school[i])] == Zone::Rural;
    case TrainingTarget::BackboneCandidates:
      return !district_backbone(t.backbone[i]) && t.experience[i] >= p.candidate_min_experience;
    case TrainingTarget::All:
      return true;
  }
  return false;
}

}  // namespace

std::vector<std::size_t> training_targets(const World& w, const TrainingParams& p) {
  const Teachers& t = w.teachers;
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (targeted(w, p, i)) out.push_back(i);
  auto before = [&](std::size_t a, std::size_t b) {
    if (p.target == TrainingTarget::NewTeachers && t.experience[a] != t.experience[b])
      return t.experience[a] < t.experience[b];
    if (p.target != TrainingTarget::NewTeachers && t.effectiveness[a] != t.effectiveness[b])
      return p.target == TrainingTarget::BackboneCandidates
                 ? t.effectiveness[a] > t.effectiveness[b]
                 : t.effectiveness[a] < t.effectiveness[b];
    return t.id[a] < t.id[b];
  };
  std::sort(out.begin(), out.end(), before);
  return out;
}

std::vector<std::int32_t> allocate_places(std::size_t n_teachers,
                                          const std::vector<std::size_t>& targets,
                                          std::int64_t places) {
  std::vector<std::int32_t> out(n_teachers, 0);
  if (targets.empty() || places <= 0) return out;
  const auto n = static_cast<std::int64_t>(targets.size());
  const auto base = static_cast<std::int32_t>(places / n);
  const std::int64_t extra = places % n;
  for (std::int64_t k = 0; k < n; ++k)
    out[targets[static_cast<std::size_t>(k)]] = base + (k < extra ? 1 : 0);
  return out;
}

double training_gain(const TrainingParams& p, std::int32_t places) {
  return places > 0 ? p.gain * std::pow(static_cast<double>(places), p.returns_exponent) : 0.0;
}

void training(World& w, const TrainingParams& p, const YearContext&, YearFlows& flows) {
  if (!p.enabled || p.places <= 0) return;
  const std::vector<std::size_t> targets = training_targets(w, p);
  if (targets.empty()) return;
  const std::vector<std::int32_t> places = allocate_places(w.teachers.size(), targets, p.places);
  Teachers& t = w.teachers;
  tbb::parallel_for(std::size_t{0}, t.size(), [&](std::size_t i) {
    if (places[i] > 0) t.effectiveness[i] += static_cast<float>(training_gain(p, places[i]));
  });
  flows.training_places += p.places;
  flows.training_cost += static_cast<double>(p.places) * p.cost_per_place;
}

}  // namespace edusim

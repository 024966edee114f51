#pragma once
// Training programmes (培训): a yearly number of training places (person-times)
// is spread over a target group of teachers; each trained teacher gains
// effectiveness with diminishing returns in the places it takes in the year.
// Runs after growth; records places and cost.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "model/schema.hpp"
#include "model/year_context.hpp"
#include "world/world.hpp"

namespace edusim {

/// Who is trained: new teachers (experience <= new_max_experience), teachers of
/// rural schools, backbone candidates (below district backbone, experience >=
/// candidate_min_experience) or everyone.
enum class TrainingTarget : std::uint8_t { NewTeachers = 0, Rural, BackboneCandidates, All };
inline constexpr std::array<std::string_view, 4> kTrainingTargetNames{"new_teachers", "rural",
                                                                      "backbone_candidates", "all"};
inline std::span<const std::string_view> enum_names(const TrainingTarget*) {
  return kTrainingTargetNames;
}

struct TrainingParams {
  bool enabled = false;
  std::int64_t places = 0;        ///< person-times a year
  double cost_per_place = 180;    ///< yuan per person-time
  double gain = 0.005;            ///< SD added by one place in a year
  double returns_exponent = 0.5;  ///< gain * places^exponent for several places in a year
  TrainingTarget target = TrainingTarget::NewTeachers;
  std::int32_t new_max_experience = 3;        ///< new teachers: experience <= this
  std::int32_t candidate_min_experience = 5;  ///< backbone candidates: experience >= this

  void visit(schema::Visitor& v);
};

/// The target group in priority order: new teachers least experienced first;
/// rural teachers least effective first; backbone candidates most effective
/// first; all: least effective first; ties by id. Regular teachers only.
std::vector<std::size_t> training_targets(const World& world, const TrainingParams& params);

/// Places per teacher: with n targeted and P places, each gets P / n and the
/// first P mod n in priority order one more.
std::vector<std::int32_t> allocate_places(std::size_t n_teachers,
                                          const std::vector<std::size_t>& targets,
                                          std::int64_t places);

/// Gain of a teacher taking `places` places in a year: gain * places^returns_exponent.
double training_gain(const TrainingParams& params, std::int32_t places);

/// Allocates the year's places, adds the gains, and records flows.training_places
/// (places taken: 0 without targets) and flows.training_cost (places * cost_per_place).
void training(World& world, const TrainingParams& params, const YearContext& ctx, YearFlows& flows);

}  // namespace edusim

// Training programmes (培训): places, cost, diminishing returns and targeting.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "build/generator.hpp"
#include "phases/training.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {
TrainingParams enabled_params(std::int64_t places, TrainingTarget target) {
  TrainingParams p;
  p.enabled = true;
  p.places = places;
  p.target = target;
  return p;
}
}  // namespace

TEST(Training, PlacesAndCostAreExact) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  YearFlows f;
  f.reset(w.schools.size());
  training(w, enabled_params(137, TrainingTarget::All), {7, 0, 1}, f);
  EXPECT_EQ(f.training_places, 137);
  EXPECT_DOUBLE_EQ(f.training_cost, 137 * 180.0);
}

TEST(Training, AllocationSpreadsPlacesEvenlyInPriorityOrder) {
  const std::vector<std::size_t> targets{4, 1, 3};
  const auto places = allocate_places(6, targets, 8);
  EXPECT_EQ(places, (std::vector<std::int32_t>{0, 3, 0, 2, 3, 0}));
  EXPECT_EQ(std::accumulate(places.begin(), places.end(), 0), 8);
  EXPECT_EQ(allocate_places(3, {}, 5), (std::vector<std::int32_t>{0, 0, 0}));
}

TEST(Training, ReturnsDiminish) {
  TrainingParams p;
  EXPECT_DOUBLE_EQ(training_gain(p, 0), 0.0);
  EXPECT_DOUBLE_EQ(training_gain(p, 1), p.gain);
  EXPECT_NEAR(training_gain(p, 4), 2 * p.gain, 1e-15);
  EXPECT_LT(training_gain(p, 2), 2 * training_gain(p, 1));
  p.returns_exponent = 1;
  EXPECT_NEAR(training_gain(p, 3), 3 * p.gain, 1e-15);
}

TEST(Training, GainsGoToTheTargetOnly) {
  const Scenario s = edusim::testing::small_scenario();
  for (TrainingTarget target : {TrainingTarget::NewTeachers, TrainingTarget::Rural,
                                TrainingTarget::BackboneCandidates, TrainingTarget::All}) {
    World w = generate_district(s);
    const TrainingParams p =
        enabled_params(3 * static_cast<std::int64_t>(w.teachers.size()) / 2, target);
    const std::vector<float> before = w.teachers.effectiveness;
    const auto targets = training_targets(w, p);
    ASSERT_FALSE(targets.empty());
    const auto places = allocate_places(w.teachers.size(), targets, p.places);
    YearFlows f;
    f.reset(w.schools.size());
    training(w, p, {7, 0, 1}, f);
    int gained = 0;
    for (std::size_t i = 0; i < w.teachers.size(); ++i) {
      const bool in_target = std::find(targets.begin(), targets.end(), i) != targets.end();
      const auto& t = w.teachers;
      const bool expected =
          t.contract[i] == Contract::Regular &&
          (target == TrainingTarget::All ||
           (target == TrainingTarget::NewTeachers && t.experience[i] <= p.new_max_experience) ||
           (target == TrainingTarget::Rural &&
            w.schools.zone[static_cast<std::size_t>(t.school[i])] == Zone::Rural) ||
           (target == TrainingTarget::BackboneCandidates && !district_backbone(t.backbone[i]) &&
            t.experience[i] >= p.candidate_min_experience));
      EXPECT_EQ(in_target, expected) << "teacher " << i;
      EXPECT_NEAR(t.effectiveness[i] - before[i], training_gain(p, places[i]), 1e-6);
      gained += t.effectiveness[i] != before[i];
    }
    EXPECT_EQ(gained, static_cast<int>(targets.size()));
  }
}

TEST(Training, NewTeachersLeastExperiencedFirst) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  TrainingParams p = enabled_params(1, TrainingTarget::NewTeachers);
  p.new_max_experience = 10;
  const auto targets = training_targets(w, p);
  ASSERT_GE(targets.size(), 2u);
  for (std::size_t k = 1; k < targets.size(); ++k)
    EXPECT_LE(w.teachers.experience[targets[k - 1]], w.teachers.experience[targets[k]]);
}

TEST(Training, DisabledOrNoPlacesIsBitIdentical) {
  const Scenario s = edusim::testing::small_scenario();
  World w = generate_district(s);
  const std::vector<float> before = w.teachers.effectiveness;
  YearFlows f;
  f.reset(w.schools.size());
  TrainingParams off = enabled_params(500, TrainingTarget::All);
  off.enabled = false;
  training(w, off, {7, 0, 1}, f);
  training(w, enabled_params(0, TrainingTarget::All), {7, 0, 1}, f);
  EXPECT_EQ(w.teachers.effectiveness, before);
  EXPECT_EQ(f.training_places, 0);
  EXPECT_EQ(f.training_cost, 0.0);
}

// Mentoring: 1:1 pairing inside a school, master-teacher studios, training gain.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "build/generator.hpp"
#include "phases/mentoring.hpp"
#include "test_helpers.hpp"

using namespace edusim;

namespace {

/// A world of hand-made schools (zone, strength) with no students.
World hand_world(const std::vector<std::pair<Zone, Strength>>& schools) {
  World w;
  for (const auto& [zone, strength] : schools) {
    w.schools.name.push_back("school");
    w.schools.level.push_back(Level::Primary);
    w.schools.zone.push_back(zone);
    w.schools.strength.push_back(strength);
    w.schools.open.push_back(1);
  }
  return w;
}

std::size_t add(World& w, std::int32_t school, std::int16_t experience, std::int8_t backbone = 0,
                float effectiveness = 0.3f, float burnout = 0.0f) {
  const std::size_t i = add_teacher(w.teachers, w.next_teacher_id++, school);
  w.teachers.experience[i] = experience;
  w.teachers.backbone[i] = backbone;
  w.teachers.effectiveness[i] = effectiveness;
  w.teachers.burnout[i] = burnout;
  return i;
}

YearFlows flows_for(const World& w) {
  YearFlows f;
  f.reset(w.schools.size());
  return f;
}

std::vector<char> teacher_bytes(World& w) {
  std::vector<char> out;
  w.teachers.for_each_column([&out](auto& column) {
    const auto* p = reinterpret_cast<const char*>(column.data());
    out.insert(out.end(), p, p + column.size() * sizeof(column[0]));
  });
  return out;
}

MentoringParams on() {
  MentoringParams p;
  p.enabled = true;
  return p;
}

/// The generated small district, with some young teachers training elsewhere.
World generated() {
  World w = generate_district(edusim::testing::small_scenario());
  for (std::size_t i = 0; i < w.teachers.size(); i += 7)
    w.teachers.rotation_kind[i] = RotationKind::TrainingIn;
  return w;
}

}  // namespace

TEST(Mentoring, PairsAreOneToOneWithinASchoolAndRespectTheExperienceRules) {
  World w = generated();
  // Make a third of the teachers new so that some schools run out of mentors.
  for (std::size_t i = 0; i < w.teachers.size(); i += 3)
    w.teachers.experience[i] = static_cast<std::int16_t>((i / 3) % 3);
  const MentoringParams p = on();
  const std::vector<std::int32_t> mentor = pair_mentees(w, p);
  std::set<std::int32_t> mentors;
  std::vector<std::int32_t> pairs(w.schools.size(), 0), mentees(w.schools.size(), 0),
      available(w.schools.size(), 0);
  const Teachers& t = w.teachers;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto s = static_cast<std::size_t>(t.school[i]);
    mentees[s] += t.experience[i] <= p.mentee_max_experience;
    available[s] += t.experience[i] >= p.mentor_min_experience;
    if (mentor[i] < 0) continue;
    const auto m = static_cast<std::size_t>(mentor[i]);
    EXPECT_LE(t.experience[i], p.mentee_max_experience);
    EXPECT_GE(t.experience[m], p.mentor_min_experience);
    EXPECT_EQ(t.contract[m], Contract::Regular);
    EXPECT_EQ(t.school[m], t.school[i]);
    EXPECT_TRUE(mentors.insert(mentor[i]).second) << "mentor used twice";
    EXPECT_LT(mentor[m], 0) << "a mentor is not also a mentee";
    ++pairs[s];
  }
  std::int32_t total = 0;
  for (std::size_t s = 0; s < w.schools.size(); ++s) {
    EXPECT_EQ(pairs[s], std::min(mentees[s], available[s])) << "school " << s;
    total += pairs[s];
  }
  EXPECT_GT(total, 0);
}

TEST(Mentoring, BackboneMentorsGoFirstToTheNewestTeachers) {
  World w = hand_world({{Zone::Urban, Strength::Ordinary}});
  const auto newest = add(w, 0, 0), second = add(w, 0, 1), third = add(w, 0, 2);
  const auto backbone = add(w, 0, 20, 2, 0.2f), effective = add(w, 0, 15, 0, 0.5f);
  const auto plain = add(w, 0, 12, 0, 0.4f);
  add(w, 0, 9, 3, 0.9f);  // too little experience to mentor
  const auto spare = add(w, 0, 0);
  w.teachers.contract[spare] = Contract::Intern;  // interns are mentees too
  index_teachers(w);
  const auto mentor = pair_mentees(w, on());
  EXPECT_EQ(mentor[newest], static_cast<std::int32_t>(backbone));
  EXPECT_EQ(mentor[spare], static_cast<std::int32_t>(effective));  // same experience, larger id
  EXPECT_EQ(mentor[second], static_cast<std::int32_t>(plain));
  EXPECT_EQ(mentor[third], -1);  // three mentors for four mentees
}

TEST(Mentoring, MenteesGrowByThePairingGainExactly) {
  World w = hand_world({{Zone::Rural, Strength::Ordinary}});
  const auto calm = add(w, 0, 0, 0, 0.25f, 0.0f);
  const auto tired = add(w, 0, 1, 0, 0.27f, 0.4f);
  const auto m1 = add(w, 0, 30, 1, 0.4f, 0.1f), m2 = add(w, 0, 25, 0, 0.4f, 0.95f);
  index_teachers(w);
  MentoringParams p = on();
  p.mentor_burnout = 0.1;
  GrowthParams g;
  g.burnout_penalty = 0.5;
  YearFlows f = flows_for(w);
  mentoring(w, p, g, {1, 0, 1}, f);
  EXPECT_EQ(w.teachers.effectiveness[calm], 0.25f + static_cast<float>(0.02));
  EXPECT_EQ(w.teachers.effectiveness[tired], 0.27f + static_cast<float>(0.02 * (1 - 0.5 * 0.4f)));
  EXPECT_EQ(w.teachers.effectiveness[m1], 0.4f);
  EXPECT_EQ(w.teachers.effectiveness[m2], 0.4f);
  EXPECT_EQ(w.teachers.burnout[m1], 0.1f + static_cast<float>(0.1));
  EXPECT_EQ(w.teachers.burnout[m2], 1.0f);  // capped
  EXPECT_EQ(w.teachers.burnout[calm], 0.0f);
  EXPECT_EQ(f.mentees, 2);
}

TEST(Mentoring, StudioMembersComeFromWeakSchoolsFirst) {
  World w = hand_world({{Zone::Urban, Strength::Ordinary},
                        {Zone::Rural, Strength::Ordinary},
                        {Zone::Urban, Strength::Weak}});
  const auto leader = add(w, 0, 20, 3, 0.8f);
  add(w, 0, 20, 1, 0.9f);  // school backbone only: does not lead a studio
  const auto urban_young = add(w, 0, 1), rural_old = add(w, 1, 9), rural_young = add(w, 1, 3);
  const auto weak_a = add(w, 2, 5), weak_b = add(w, 2, 8);
  add(w, 2, 11);  // too experienced for a studio
  index_teachers(w);
  MentoringParams p = on();
  p.studios = 4;  // only one teacher can lead: one studio
  p.studio_size = 3;
  const auto member = studio_members(w, p);
  EXPECT_EQ(member[weak_a], 1);
  EXPECT_EQ(member[weak_b], 1);
  EXPECT_EQ(member[rural_young], 1);
  EXPECT_EQ(member[rural_old], 0);
  EXPECT_EQ(member[urban_young], 0);
  EXPECT_EQ(member[leader], 0);
  int members = 0;
  for (auto m : member) members += m;
  EXPECT_EQ(members, 3);
}

TEST(Mentoring, StudioSeatsNeverExceedStudiosTimesSize) {
  World w = generated();
  for (auto& s : w.schools.strength) s = Strength::Ordinary;
  w.schools.strength[1] = Strength::Weak;
  MentoringParams p = on();
  p.studios = 2;
  p.studio_size = 5;
  const auto member = studio_members(w, p);
  // The two studio leaders: the most effective district-or-higher backbone teachers.
  std::vector<std::pair<float, std::uint32_t>> backbone;
  for (std::size_t i = 0; i < w.teachers.size(); ++i)
    if (district_backbone(w.teachers.backbone[i]))
      backbone.emplace_back(-w.teachers.effectiveness[i], w.teachers.id[i]);
  std::sort(backbone.begin(), backbone.end());
  ASSERT_GE(backbone.size(), 2u);
  const std::set<std::uint32_t> leaders{backbone[0].second, backbone[1].second};
  int members = 0, weak_members = 0, weak_candidates = 0;
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    members += member[i];
    if (member[i]) {
      EXPECT_LE(w.teachers.experience[i], p.studio_max_experience);
      EXPECT_EQ(leaders.count(w.teachers.id[i]), 0u);
    }
    if (w.teachers.school[i] != 1) continue;
    weak_members += member[i];
    weak_candidates +=
        w.teachers.experience[i] <= p.studio_max_experience && !leaders.count(w.teachers.id[i]);
  }
  ASSERT_GT(weak_candidates, 0);
  EXPECT_LE(members, p.studios * p.studio_size);
  EXPECT_EQ(weak_members, std::min(weak_candidates, p.studios * p.studio_size));
  p.studios = 0;
  const auto none = studio_members(w, p);
  EXPECT_EQ(std::count(none.begin(), none.end(), std::uint8_t{1}), 0);
}

TEST(Mentoring, TakesTheLargerOfPairingAndStudioPlusTraining) {
  World w = hand_world({{Zone::Urban, Strength::Weak}});
  const auto both = add(w, 0, 0, 0, 0.3f, 0.2f);
  add(w, 0, 30, 3, 0.9f);  // mentor and studio leader
  w.teachers.rotation_kind[both] = RotationKind::TrainingIn;
  index_teachers(w);
  MentoringParams p = on();
  p.studios = 1;
  GrowthParams g;
  YearFlows f = flows_for(w);
  mentoring(w, p, g, {1, 0, 1}, f);
  const double gain = std::max(p.pairing_gain, p.studio_gain) + p.training_gain;
  EXPECT_EQ(w.teachers.effectiveness[both],
            0.3f + static_cast<float>(gain * (1 - g.burnout_penalty * 0.2f)));
  EXPECT_EQ(f.mentees, 1);
}

TEST(Mentoring, TrainingGainOnlyForTrainingInTeachers) {
  World w = generated();
  const std::vector<float> before = w.teachers.effectiveness;
  MentoringParams p = on();
  p.pairing_gain = 0;
  p.studio_gain = 0;
  p.studios = 3;
  p.training_gain = 0.03;
  w.teachers.rotation_kind[1] = RotationKind::BackboneOut;
  w.teachers.rotation_kind[2] = RotationKind::ExchangeIn;
  GrowthParams g;
  YearFlows f = flows_for(w);
  mentoring(w, p, g, {1, 0, 1}, f);
  std::int64_t trained = 0;
  for (std::size_t i = 0; i < w.teachers.size(); ++i) {
    if (w.teachers.rotation_kind[i] == RotationKind::TrainingIn) {
      ++trained;
      EXPECT_EQ(
          w.teachers.effectiveness[i],
          before[i] + static_cast<float>(0.03 * (1 - g.burnout_penalty * w.teachers.burnout[i])));
    } else {
      EXPECT_EQ(w.teachers.effectiveness[i], before[i]) << "teacher " << i;
    }
  }
  EXPECT_GT(trained, 0);
  EXPECT_EQ(f.mentees, trained);
}

TEST(Mentoring, DisabledOrZeroGainsLeaveTheWorldBitForBit) {
  World reference = generated();
  const auto expected = teacher_bytes(reference);
  GrowthParams g;
  {
    World w = generated();
    MentoringParams p;  // disabled by default
    p.studios = 5;
    YearFlows f = flows_for(w);
    mentoring(w, p, g, {1, 0, 1}, f);
    EXPECT_EQ(teacher_bytes(w), expected);
    EXPECT_EQ(f.mentees, 0);
  }
  {
    World w = generated();
    MentoringParams p = on();
    p.pairing_gain = p.studio_gain = p.training_gain = 0;
    p.studios = 5;
    YearFlows f = flows_for(w);
    mentoring(w, p, g, {1, 0, 1}, f);
    EXPECT_EQ(teacher_bytes(w), expected);
    EXPECT_EQ(f.mentees, 0);
  }
  {  // and a real change when enabled, so the comparison can fail
    World w = generated();
    MentoringParams p = on();
    p.studios = 5;
    YearFlows f = flows_for(w);
    mentoring(w, p, g, {1, 0, 1}, f);
    EXPECT_NE(teacher_bytes(w), expected);
    EXPECT_GT(f.mentees, 0);
  }
}

TEST(Mentoring, DeterministicForOneAndTwoThreads) {
  std::vector<std::vector<char>> results;
  for (int threads : {1, 2}) {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(threads));
    World w = generated();
    MentoringParams p = on();
    p.studios = 3;
    p.mentor_burnout = 0.05;
    YearFlows f = flows_for(w);
    mentoring(w, p, GrowthParams{}, {1, 0, 1}, f);
    results.push_back(teacher_bytes(w));
  }
  EXPECT_EQ(results[0], results[1]);
}

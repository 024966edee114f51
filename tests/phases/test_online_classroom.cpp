// Online classrooms: remote effectiveness by school and the mix into a class.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>

#include "build/generator.hpp"
#include "phases/online_classroom.hpp"
#include "phases/school_strength.hpp"
#include "test_helpers.hpp"

using namespace edusim;

TEST(OnlineClassroom, MixWithShareZeroIsIdentityBitForBit) {
  const float values[] = {0.0f, -0.0f, 0.3171f, -0.2f, 1e-30f, 7.5f};
  for (float e : values)
    for (float remote : {0.45f, -1.0f, std::numeric_limits<float>::quiet_NaN()}) {
      EXPECT_EQ(std::bit_cast<std::uint32_t>(mix_online(e, remote, 0.0, 0.6)),
                std::bit_cast<std::uint32_t>(e));
      EXPECT_EQ(std::bit_cast<std::uint32_t>(mix_online(e, remote, 0.2, 0.0)),
                std::bit_cast<std::uint32_t>(e));
    }
  // No remote source: unchanged at any share.
  EXPECT_EQ(mix_online(0.3f, std::numeric_limits<float>::quiet_NaN(), 0.5, 1.0), 0.3f);
}

TEST(OnlineClassroom, MixMovesTowardTheRemoteTeacher) {
  EXPECT_NEAR(mix_online(0.30f, 0.50f, 0.2, 0.6), 0.30 + 0.12 * 0.20, 1e-6);
  EXPECT_NEAR(mix_online(0.30f, 0.50f, 1.0, 1.0), 0.50, 1e-6);
  // A better remote teacher never lowers a class, whatever the efficiency.
  for (double eff : {0.1, 0.5, 0.9}) EXPECT_GE(mix_online(0.3f, 0.31f, 0.2, eff), 0.3f);
}

TEST(OnlineClassroom, MembersReceiveTheLeadMeanOthersNone) {
  World w = generate_district(edusim::testing::small_scenario());
  // Schools: 0-1 primary-urban, 2-5 primary-rural, 6 middle-urban, 7 middle-rural.
  w.schools.group[1] = w.schools.group[2] = 0;
  w.schools.group_role[1] = GroupRole::Lead;
  w.schools.group_role[2] = GroupRole::Member;
  w.schools.group_type[1] = w.schools.group_type[2] = GroupType::CollaborativeSupport;
  const auto mean = school_mean_effectiveness(w);
  OnlineClassroomParams p;
  EXPECT_TRUE(std::isnan(remote_effectiveness(w, p)[2]));  // disabled by default
  p.enabled = true;
  const std::vector<float> remote = remote_effectiveness(w, p);
  EXPECT_EQ(remote[2], static_cast<float>(mean[1]));
  for (std::size_t s : {0u, 1u, 6u}) EXPECT_TRUE(std::isnan(remote[s])) << s;  // urban, lead
  const std::size_t best_urban_primary = mean[0] >= mean[1] ? 0 : 1;
  for (std::size_t s : {3u, 4u, 5u})  // rural outside groups: the best urban primary
    EXPECT_EQ(remote[s], static_cast<float>(mean[best_urban_primary])) << s;
  EXPECT_EQ(remote[7], static_cast<float>(mean[6]));
  w.schools.open[6] = 0;  // no urban middle school left: none
  EXPECT_TRUE(std::isnan(remote_effectiveness(w, p)[7]));
}

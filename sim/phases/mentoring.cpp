#include "phases/mentoring.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <numeric>

#include "core/float_key.hpp"

namespace edusim {

void MentoringParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled, {"apply mentoring, studio and training gains every year"});
  v.field("pairing_gain", pairing_gain,
          {0,
           1,
           {"effectiveness added in a year to a new teacher paired 1:1 with an experienced "
            "colleague (新老教师一对一)",
            "student SD per year",
            "Papay, Taylor, Tyler & Laski 2020 (AEJ: Economic Policy 12(1)): skill-matched "
            "pairing raised achievement 0.12 SD in the low-skilled teachers' classrooms; "
            "routine pairing is not skill-matched and overlaps the experience curve, so "
            "assumption: a sixth of it a year, 0.06 SD over a three-year mentorship (half)"}});
  v.field("mentee_max_experience", mentee_max_experience,
          {0,
           60,
           {"teachers with at most this experience are paired as mentees", "years",
            "assumption: the first three years of teaching (experience 0, 1, 2)"}});
  v.field("mentor_min_experience", mentor_min_experience,
          {0,
           60,
           {"regular teachers with at least this experience can mentor", "years",
            "assumption: past the steep part of the experience curve (Papay & Kraft 2015)"}});
  v.field("studios", studios,
          {0,
           100000,
           {"master-teacher studios (名师工作室) in the district; 0 = none", "studios",
            "Qiaodong: 2 principal + 4 district + 22 school studios; Fushun: 27 studios"}});
  v.field("studio_size", studio_size,
          {1,
           1000,
           {"members per studio, the leader not counted", "teachers",
            "assumption; Fushun has 480 backbone teachers in 27 studios (about 18 each, leaders "
            "and members together)"}});
  v.field("studio_gain", studio_gain,
          {0,
           1,
           {"effectiveness added in a year to a studio member", "student SD per year",
            "assumption: three quarters of pairing_gain (one master for several members)"}});
  v.field("studio_max_experience", studio_max_experience,
          {0,
           60,
           {"teachers with at most this experience can join a studio", "years",
            "assumption: young teachers, the first ten years"}});
  v.field("training_gain", training_gain,
          {0,
           1,
           {"extra effectiveness in a year for a young teacher training at a strong or lead "
            "school (rotation kind training_in)",
            "student SD per year", "assumption: as much as a 1:1 pairing (pairing_gain)"}});
  v.field("mentor_burnout", mentor_burnout,
          {0,
           1,
           {"burnout added to a mentor per mentee", "burnout (0..1)",
            "assumption: none; Papay et al. 2020 find the partners' own students no worse off"}});
}

namespace {

/// A teacher's place in a pairing order packed into integers (compared as integers
/// instead of reading columns at random); the teacher's index comes last, after the
/// unique id, so it never decides.
struct PairKey {
  std::uint64_t hi = 0, lo = 0;
  bool operator<(const PairKey& o) const { return hi != o.hi ? hi < o.hi : lo < o.lo; }
  std::int32_t teacher() const { return static_cast<std::int32_t>(static_cast<std::uint32_t>(lo)); }
};

/// Mentees' order: less experience first, then lower id.
PairKey mentee_key(const Teachers& t, std::size_t i) {
  return {static_cast<std::uint64_t>(t.experience[i] + 32768), std::uint64_t{t.id[i]} << 32 | i};
}

/// Mentors' order: higher backbone level first, then higher effectiveness, then lower id.
PairKey mentor_key(const Teachers& t, std::size_t i) {
  const auto level = static_cast<std::uint64_t>(127 - t.backbone[i]);
  return {level << 32 | static_cast<std::uint32_t>(~float_rank_key(t.effectiveness[i])),
          std::uint64_t{t.id[i]} << 32 | i};
}

/// Pairs the mentees of school s with its mentors (writes mentor_of for them).
void pair_school(const World& w, const MentoringParams& p, std::size_t s,
                 std::vector<std::int32_t>& mentor_of) {
  const Teachers& t = w.teachers;
  // Buffers kept per thread: growing two fresh vectors in every school every year cost
  // more in allocations than the pairing itself.
  thread_local std::vector<PairKey> mentee_buffer, mentor_buffer;
  std::vector<PairKey>& mentees = mentee_buffer;
  std::vector<PairKey>& mentors = mentor_buffer;
  mentees.clear(), mentors.clear();
  for (auto k = w.school_teacher_begin[s]; k < w.school_teacher_begin[s + 1]; ++k) {
    const auto i = static_cast<std::size_t>(w.teachers_by_school[static_cast<std::size_t>(k)]);
    if (t.experience[i] <= p.mentee_max_experience)
      mentees.push_back(mentee_key(t, i));
    else if (t.contract[i] == Contract::Regular && t.experience[i] >= p.mentor_min_experience)
      mentors.push_back(mentor_key(t, i));
  }
  if (mentees.empty() || mentors.empty()) return;
  // Only the first `pairs` of each order are paired: partial sorts, exact since both
  // orders are strict.
  const auto pairs = static_cast<std::ptrdiff_t>(std::min(mentees.size(), mentors.size()));
  std::partial_sort(mentees.begin(), mentees.begin() + pairs, mentees.end());
  std::partial_sort(mentors.begin(), mentors.begin() + pairs, mentors.end());
  for (std::ptrdiff_t k = 0; k < pairs; ++k)
    mentor_of[static_cast<std::size_t>(mentees[static_cast<std::size_t>(k)].teacher())] =
        mentors[static_cast<std::size_t>(k)].teacher();
}

/// Order of studio membership: weak schools, then rural, then the others.
int studio_tier(const Schools& schools, std::size_t s) {
  if (schools.strength[s] == Strength::Weak) return 0;
  return schools.zone[s] == Zone::Rural ? 1 : 2;
}

}  // namespace

std::vector<std::int32_t> pair_mentees(const World& w, const MentoringParams& p) {
  std::vector<std::int32_t> mentor_of(w.teachers.size(), -1);
  // Each school writes only its own teachers' slots: safe and order-free.
  tbb::parallel_for(std::size_t{0}, w.schools.size(),
                    [&](std::size_t s) { pair_school(w, p, s, mentor_of); });
  return mentor_of;
}

std::vector<std::uint8_t> studio_members(const World& w, const MentoringParams& p) {
  const Teachers& t = w.teachers;
  std::vector<std::uint8_t> member(t.size(), 0);
  if (p.studios <= 0) return member;
  std::vector<std::size_t> leaders;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t.contract[i] == Contract::Regular && district_backbone(t.backbone[i]))
      leaders.push_back(i);
  const std::size_t n_studios = std::min(leaders.size(), static_cast<std::size_t>(p.studios));
  // Only who leads and who gets a seat matters, not their order, and both orders are
  // strict (ids are unique): selections (linear) find the same sets as sorts.
  if (n_studios > 0 && n_studios < leaders.size())
    std::nth_element(leaders.begin(), leaders.begin() + static_cast<std::ptrdiff_t>(n_studios - 1),
                     leaders.end(), [&](std::size_t a, std::size_t b) {
                       if (t.effectiveness[a] != t.effectiveness[b])
                         return t.effectiveness[a] > t.effectiveness[b];
                       return t.id[a] < t.id[b];
                     });
  std::vector<std::uint8_t> leads(t.size(), 0);
  for (std::size_t k = 0; k < n_studios; ++k) leads[leaders[k]] = 1;
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t.contract[i] == Contract::Regular && !leads[i] &&
        t.experience[i] <= p.studio_max_experience)
      candidates.push_back(i);
  auto tier = [&](std::size_t i) {
    return studio_tier(w.schools, static_cast<std::size_t>(t.school[i]));
  };
  const std::size_t seats =
      std::min(candidates.size(), n_studios * static_cast<std::size_t>(p.studio_size));
  if (seats > 0 && seats < candidates.size())
    std::nth_element(candidates.begin(),
                     candidates.begin() + static_cast<std::ptrdiff_t>(seats - 1), candidates.end(),
                     [&](std::size_t a, std::size_t b) {
                       if (tier(a) != tier(b)) return tier(a) < tier(b);
                       if (t.experience[a] != t.experience[b])
                         return t.experience[a] < t.experience[b];
                       return t.id[a] < t.id[b];
                     });
  for (std::size_t k = 0; k < seats; ++k) member[candidates[k]] = 1;
  return member;
}

void mentoring(World& w, const MentoringParams& p, const GrowthParams& growth, const YearContext&,
               YearFlows& flows) {
  if (!p.enabled) return;
  Teachers& t = w.teachers;
  const std::vector<std::int32_t> mentor_of = pair_mentees(w, p);
  const std::vector<std::uint8_t> member = studio_members(w, p);
  std::vector<std::uint8_t> gained(t.size(), 0);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, t.size()), [&](const auto& range) {
    for (std::size_t i = range.begin(); i != range.end(); ++i) {
      double gain =
          std::max(mentor_of[i] >= 0 ? p.pairing_gain : 0.0, member[i] ? p.studio_gain : 0.0);
      if (t.rotation_kind[i] == RotationKind::TrainingIn) gain += p.training_gain;
      if (gain <= 0) continue;  // adding 0 could still turn -0.0f into +0.0f
      t.effectiveness[i] +=
          static_cast<float>(gain * (1.0 - growth.burnout_penalty * t.burnout[i]));
      gained[i] = 1;
    }
  });
  // After the gains, which read burnout; each mentor has one mentee, so the
  // writes do not collide.
  if (p.mentor_burnout > 0)
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, t.size()), [&](const auto& range) {
      for (std::size_t i = range.begin(); i != range.end(); ++i) {
        if (mentor_of[i] < 0) continue;
        float& b = t.burnout[static_cast<std::size_t>(mentor_of[i])];
        b = std::min(1.0f, b + static_cast<float>(p.mentor_burnout));
      }
    });
  flows.mentees += std::count(gained.begin(), gained.end(), std::uint8_t{1});
}

}  // namespace edusim

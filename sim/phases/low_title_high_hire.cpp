#include "phases/low_title_high_hire.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace edusim {

void LowTitleHighHireWeights::visit(schema::Visitor& v) {
  constexpr std::string_view source =
      "assumption: the seeds favour rural and weak schools and rotation experience (Qiaodong), "
      "so each flag weighs as much as 2 SD of effectiveness or experience";
  v.field("rural", rural, {-10, 10, {"weight of teaching in a rural school (0/1)", "1", source}});
  v.field("weak", weak, {-10, 10, {"weight of teaching in a weak school (0/1)", "1", source}});
  v.field("rotation", rotation,
          {-10, 10, {"weight of rotation experience or a current rotation (0/1)", "1", source}});
  v.field("effectiveness", effectiveness,
          {-10, 10, {"weight of effectiveness (z-score among the eligible)", "1/SD", source}});
  v.field("seniority", seniority,
          {-10, 10, {"weight of experience (z-score among the eligible)", "1/SD", source}});
}

void LowTitleHighHireParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled, {"re-evaluate low-title high-hire posts every year"});
  v.field("quota_share", quota_share,
          {0,
           1,
           {"uplift posts (one grade above the title) as a share of regular staff", "1",
            "Qiaodong: 10% of staff, 198 teachers in 2019 (staff about 1,980)"}});
  v.field("priority", priority,
          schema::ChoiceSpec{{"who gets the posts first: rural, weak, rotation, effectiveness, "
                              "seniority (experience) or weighted (a weighted score); ties by "
                              "effectiveness, then id"}});
  v.field("weights", weights,
          schema::SectionSpec{{"weights of the criteria for priority weighted", "1"}});
  v.field("min_experience", min_experience,
          schema::IntegerSpec{0,
                              60,
                              {"years of teaching before a teacher is eligible", "years",
                               "assumption: past the novice years"}});
  v.field("incumbency_bonus", incumbency_bonus,
          {0,
           100,
           {"score added for current holders at the yearly re-evaluation (damps churn)",
            "score units (flag = 1, z-score = 1)", "assumption: 0, full yearly re-evaluation"}});
}

std::int32_t low_title_high_hire_quota(const LowTitleHighHireParams& p, std::int32_t staff) {
  return static_cast<std::int32_t>(std::lround(p.quota_share * staff));
}

namespace {

bool eligible(const Teachers& t, const LowTitleHighHireParams& p, std::size_t i) {
  return t.contract[i] == Contract::Regular &&
         t.title[i] < static_cast<std::int8_t>(TitleGrade::Professor) &&
         t.experience[i] >= p.min_experience;
}

/// (x - mean) / sd over `values` (serial sums: reproducible); all 0 without spread.
std::vector<double> z_scores(const std::vector<double>& values) {
  std::vector<double> z(values.size(), 0.0);
  if (values.empty()) return z;
  double sum = 0;
  for (double x : values) sum += x;
  const double mean = sum / static_cast<double>(values.size());
  double squares = 0;
  for (double x : values) squares += (x - mean) * (x - mean);
  const double sd = std::sqrt(squares / static_cast<double>(values.size()));
  if (sd > 0)
    for (std::size_t k = 0; k < values.size(); ++k) z[k] = (values[k] - mean) / sd;
  return z;
}

/// Priority scores of the eligible teachers `who` (flags 0/1, the rest z-scores).
std::vector<double> priority_scores(const World& w, const LowTitleHighHireParams& p,
                                    const std::vector<std::size_t>& who) {
  const Teachers& t = w.teachers;
  std::vector<double> effectiveness(who.size()), experience(who.size());
  for (std::size_t k = 0; k < who.size(); ++k) {
    effectiveness[k] = t.effectiveness[who[k]];
    experience[k] = t.experience[who[k]];
  }
  const auto z_effectiveness = z_scores(effectiveness), z_experience = z_scores(experience);
  std::vector<double> score(who.size());
  for (std::size_t k = 0; k < who.size(); ++k) {
    const std::size_t i = who[k];
    const auto s = static_cast<std::size_t>(t.school[i]);
    const double rural = w.schools.zone[s] == Zone::Rural;
    const double weak = w.schools.strength[s] == Strength::Weak;
    const double rotation = t.has_rotated[i] != 0 || t.rotation_destination[i] >= 0;
    switch (p.priority) {
      case LowTitleHighHirePriority::Rural:
        score[k] = rural;
        break;
      case LowTitleHighHirePriority::Weak:
        score[k] = weak;
        break;
      case LowTitleHighHirePriority::Rotation:
        score[k] = rotation;
        break;
      case LowTitleHighHirePriority::Effectiveness:
        score[k] = z_effectiveness[k];
        break;
      case LowTitleHighHirePriority::Seniority:
        score[k] = z_experience[k];
        break;
      case LowTitleHighHirePriority::Weighted:
        score[k] = p.weights.rural * rural + p.weights.weak * weak + p.weights.rotation * rotation +
                   p.weights.effectiveness * z_effectiveness[k] +
                   p.weights.seniority * z_experience[k];
        break;
    }
  }
  return score;
}

/// The `n` highest of `who` by score, then effectiveness, then id (a strict
/// total order, so the set is exact), in no particular order.
std::vector<std::size_t> best(const Teachers& t, const std::vector<std::size_t>& who,
                              const std::vector<double>& score, std::size_t n) {
  struct Candidate {
    double score;
    float effectiveness;
    std::uint32_t id;
    std::size_t teacher;
  };
  std::vector<Candidate> c(who.size());
  for (std::size_t k = 0; k < who.size(); ++k)
    c[k] = {score[k], t.effectiveness[who[k]], t.id[who[k]], who[k]};
  const auto higher = [](const Candidate& a, const Candidate& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.effectiveness != b.effectiveness) return a.effectiveness > b.effectiveness;
    return a.id < b.id;
  };
  n = std::min(n, c.size());
  // Selection is linear in the eligible (a partial sort was n log n).
  std::nth_element(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(n), c.end(), higher);
  std::vector<std::size_t> chosen(n);
  for (std::size_t k = 0; k < n; ++k) chosen[k] = c[k].teacher;
  return chosen;
}

}  // namespace

void low_title_high_hire(World& w, const LowTitleHighHireParams& p, const YearContext&,
                         YearFlows&) {
  if (!p.enabled) return;
  Teachers& t = w.teachers;
  std::int32_t staff = 0;
  std::vector<std::size_t> who;  // the eligible, in teacher order
  std::vector<std::uint8_t> was_holder;
  for (std::size_t i = 0; i < t.size(); ++i) {
    staff += t.contract[i] == Contract::Regular;
    const bool holder = t.post_title[i] > t.title[i];
    t.post_title[i] = t.title[i];  // re-evaluation: every uplift ends
    if (!eligible(t, p, i)) continue;
    who.push_back(i);
    was_holder.push_back(holder);
  }
  std::vector<double> score = priority_scores(w, p, who);
  for (std::size_t k = 0; k < who.size(); ++k)
    if (was_holder[k]) score[k] += p.incumbency_bonus;
  for (std::size_t i :
       best(t, who, score, static_cast<std::size_t>(low_title_high_hire_quota(p, staff))))
    t.post_title[i] = static_cast<std::int8_t>(t.title[i] + 1);
}

}  // namespace edusim

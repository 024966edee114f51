#include "phases/transfers.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <tuple>
#include <vector>

#include "phases/school_strength.hpp"
#include "phases/staffing_norm.hpp"

namespace edusim {

namespace {
// Draw of the Transfers stream, keyed by teacher id.
constexpr std::uint32_t kApplyDraw = 0, kDestinationDraw = 1;
}  // namespace

void CareerMultipliers::visit(schema::Visitor& v) {
  v.field("early", early,
          {0,
           20,
           {"multiplier of the application rate in the first 5 years of teaching", "1",
            "HKR 2004 Table 1: (7.5% + 7.2%) / 2 / 6.8% = 1.08 (see `mid`)"}});
  v.field("mid", mid,
          {0,
           20,
           {"multiplier from 6 to 10 years of teaching (the reference stage)", "1",
            "Hanushek, Kain & Rivkin 2004 (J. Human Resources 39(2)), Table 1: teachers who "
            "change schools within their district each year, Texas 1993-96: 7.5% (0-2 years of "
            "experience), 7.2% (3-5), 6.8% (6-10), 5.7% (11-30), 4.0% (over 30)"}});
  v.field("experienced", experienced,
          {0,
           20,
           {"multiplier from 11 to 30 years of teaching", "1",
            "HKR 2004 Table 1: 5.7% / 6.8% = 0.84 (see `mid`)"}});
  v.field("late", late,
          {0,
           20,
           {"multiplier after 30 years of teaching", "1",
            "HKR 2004 Table 1: 4.0% / 6.8% = 0.59 (see `mid`)"}});
}

void TransferParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled,
          {"voluntary transfers (调动): teachers move from rural to town and urban schools and "
           "from weak to stronger ones, into vacancies",
           "",
           "assumption: off until calibrated together with the learning function (issue 22); "
           "China Rural Education Development Report 2013-2014 (secondary citation): about half "
           "of the teachers first posted to rural schools later moved to county or town schools"});
  v.field("base_rate", base_rate,
          {0,
           1,
           {"yearly probability that an eligible teacher of a rural school, 6-10 years into the "
            "career, with the entry title and the effectiveness of its colleagues, applies for a "
            "transfer",
            "1/year",
            "derived: 1 - 0.5^(1/15) = 0.045, so that half of the teachers first posted to rural "
            "schools move up within about 15 years (China Rural Education Development Report "
            "2013-2014, as cited by Chen Maozhe 2020; the report itself not seen); the "
            "within-district move rate of Texas teachers, 6.5% (Hanushek, Kain & Rivkin 2004, "
            "Table 1), is of the same order"}});
  schema::per_zone(v, "zone_multiplier", zone_multiplier, {0, 20, {"", "1"}},
                   {"multiplier of the application rate by the zone of the school left", "1",
                    "assumption: the pull of the county town falls as a teacher gets closer to "
                    "it (rural 1, town 1/2, urban 1/4, where only stronger urban schools are "
                    "up); school location is the most consistent factor of teacher turnover in "
                    "rural Gansu (Wei & Zhou 2019, Asia-Pacific Educ. Researcher 28(2)), no "
                    "rate by zone given"});
  v.field("career_multiplier", career_multiplier,
          {{"multipliers of the application rate by career stage (years of experience)", "",
            "Hanushek, Kain & Rivkin 2004, Table 1"}});
  v.field("title_multiplier", title_multiplier,
          {0,
           10,
           {"multiplier of the application rate per title grade above the entry grade (三级): "
            "rate x title_multiplier^title",
            "1",
            "assumption: 1.1; teachers with higher professional ranks are more likely to leave "
            "their school in rural Gansu (Wei & Zhou 2019), no size given"}});
  v.field("effectiveness_slope", effectiveness_slope,
          {-100,
           100,
           {"rise of the log application rate per student SD of effectiveness above the mean of "
            "the teachers of the school: rate x exp(slope * (e - school mean))",
            "1/(student SD)",
            "assumption: 3, so that a teacher one SD of novice talent (0.15) above the colleagues "
            "applies 1.57 times as often; direction from Feng & Sass (CALDER WP 57, 2011): "
            "teachers who rank above their faculty colleagues are more likely to transfer within "
            "the district"}});
  v.field("max_rate", max_rate,
          {0, 1, {"cap on the yearly application probability", "1/year", "assumption: 0.5"}});
  v.field("min_service_years", min_service_years,
          {0,
           40,
           {"years at the current school before a teacher may apply (service-years rule); at "
            "least 1 is always required, so nobody moves twice in a year",
            "years",
            "assumption: 3, the order of the service terms that local rules set for new rural "
            "teachers (3-5 years); no national figure verified"}});
  v.field("county_pool", county_pool,
          {"县管校聘 (teachers employed by the county pool, not the school): the county lets a "
           "teacher transfer only out of a school that stays at or above its staffing norm "
           "after the move, so voluntary moves never open a vacancy (they only move teachers "
           "out of overstaffed schools); off: any school may lose a teacher, and hiring fills "
           "the post",
           "", "assumption: the pool's rule of allocating posts by need (统筹编制)"});
  v.field("max_distance_km", max_distance_km,
          {0,
           100000,
           {"farthest school a teacher transfers to, from its school", "km",
            "assumption: transfers are decided by the county bureau within the county, at any "
            "distance"}});
  v.field("settling_years", settling_years,
          {0,
           5,
           {"years of settling in at the new school (the learning phase applies its penalty)",
            "years", "assumption: as rotation.settling_years"}});
  v.field(
      "destination", destination,
      schema::ChoiceSpec{
          {"where a transfer may go: upward (a higher zone, or a stronger school of the "
           "same zone; the most preferred school with a vacancy: the sorting of teachers "
           "toward advantaged schools) or any (any other school of the level within "
           "max_distance_km with a vacancy, drawn with probability proportional to its "
           "vacant posts: mobility that does not depend on the school's advantage)",
           "",
           "upward: teacher sorting in rural China (China Rural Education Development Report "
           "2013-2014, secondary citation) and Feng & Sass (2011); any: the equalised "
           "mobility of the Goldhaber et al. (2023) experiment (docs/teacher-quality-gaps.md)"}});
}

double career_multiplier(const CareerMultipliers& m, int experience) {
  return experience <= 5    ? m.early
         : experience <= 10 ? m.mid
         : experience <= 30 ? m.experienced
                            : m.late;
}

namespace {

/// transfer_probability with title_multiplier^title given.
double transfer_probability_of(const TransferParams& p, Zone zone, int experience,
                               double title_factor, double above) {
  const double rate = p.base_rate * p.zone_multiplier[index(zone)] *
                      career_multiplier(p.career_multiplier, experience) * title_factor *
                      std::exp(p.effectiveness_slope * above);
  return std::min(rate, p.max_rate);
}

}  // namespace

double transfer_probability(const TransferParams& p, Zone zone, int experience, int title,
                            double above) {
  return transfer_probability_of(p, zone, experience, std::pow(p.title_multiplier, title), above);
}

bool transfer_upward(const Schools& s, std::size_t from, std::size_t to) {
  // Zone indices run urban 0, town 1, rural 2: a smaller index is higher.
  if (s.zone[to] != s.zone[from]) return index(s.zone[to]) < index(s.zone[from]);
  return s.strength[to] > s.strength[from];
}

namespace {

struct Applicant {
  float effectiveness;
  std::uint32_t id;
  std::size_t teacher;
  /// Best first: higher effectiveness, then lower id.
  bool operator<(const Applicant& o) const {
    return std::tie(o.effectiveness, id) < std::tie(effectiveness, o.id);
  }
};

/// The eligible teachers who apply this year, best first.
std::vector<Applicant> applicants(const World& w, const TransferParams& p,
                                  const std::vector<double>& school_mean,
                                  const RandomStream& stream) {
  const Teachers& t = w.teachers;
  const std::int32_t service = std::max(1, p.min_service_years);
  std::vector<std::uint8_t> applies(t.size(), 0);
  // title_multiplier^title by title, once (the same values as std::pow each time).
  std::array<double, 8> title_factors;
  for (std::size_t k = 0; k < title_factors.size(); ++k)
    title_factors[k] = std::pow(p.title_multiplier, static_cast<int>(k));
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, t.size()), [&](const auto& range) {
    // Every teacher's word first, vectorized (the ineligible's go unused).
    std::array<std::uint32_t, 256> word;
    static_assert(kApplyDraw == 0);  // first_words draws draw 0
    for (std::size_t i = range.begin(); i != range.end(); ++i) {
      const std::size_t k = (i - range.begin()) % word.size();
      if (k == 0) stream.first_words(&t.id[i], std::min(word.size(), range.end() - i), word.data());
      if (t.contract[i] != Contract::Regular || t.rotation_destination[i] >= 0 ||
          t.years_at_school[i] < service)
        continue;
      const auto s = static_cast<std::size_t>(t.school[i]);
      const int title = t.title[i];
      const double title_factor = title >= 0 && title < static_cast<int>(title_factors.size())
                                      ? title_factors[static_cast<std::size_t>(title)]
                                      : std::pow(p.title_multiplier, title);
      const double prob = transfer_probability_of(
          p, w.schools.zone[s], t.experience[i], title_factor, t.effectiveness[i] - school_mean[s]);
      applies[i] = RandomStream::to_unit(word[k]) < prob;  // stream.uniform(t.id[i], kApplyDraw)
    }
  });
  std::vector<Applicant> out;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (applies[i]) out.push_back({t.effectiveness[i], t.id[i], i});
  std::sort(out.begin(), out.end());
  return out;
}

/// The open schools of each level in the order applicants prefer them: higher zone, then
/// stronger class, then higher mean effectiveness, then lower index.
std::array<std::vector<std::size_t>, kLevels> preference_order(const World& w,
                                                               const std::vector<double>& mean) {
  const Schools& s = w.schools;
  std::array<std::vector<std::size_t>, kLevels> order;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s.open[i]) order[static_cast<std::size_t>(index(s.level[i]))].push_back(i);
  const auto quality = [&](std::size_t i) { return std::isnan(mean[i]) ? -kInf : mean[i]; };
  for (auto& o : order)
    std::stable_sort(o.begin(), o.end(), [&](std::size_t a, std::size_t b) {
      return std::tuple(index(s.zone[a]), -static_cast<int>(s.strength[a]), -quality(a)) <
             std::tuple(index(s.zone[b]), -static_cast<int>(s.strength[b]), -quality(b));
    });
  return order;
}

/// destination `any`: the school of `options` (those for which open_to holds) drawn with
/// probability proportional to its vacant posts, norm - staff, by the uniform u; staff.size()
/// when none has a vacancy.
template <class Open>
std::size_t vacancy_weighted_school(const std::vector<std::size_t>& options, Open open_to,
                                    const std::vector<std::int32_t>& staff,
                                    const std::vector<std::int32_t>& norm, double u) {
  std::int64_t total = 0;
  for (std::size_t s : options)
    if (open_to(s)) total += norm[s] - staff[s];
  if (total <= 0) return staff.size();
  // The school whose share of the vacant posts holds u (options in preference order).
  const double target = u * static_cast<double>(total);
  std::int64_t seen = 0;
  std::size_t last = staff.size();
  for (std::size_t s : options) {
    if (!open_to(s)) continue;
    seen += norm[s] - staff[s];
    last = s;
    if (target < static_cast<double>(seen)) return s;
  }
  return last;
}

}  // namespace

void transfers(World& w, const TransferParams& p, const TeacherSpec& spec, const YearContext& ctx,
               YearFlows& f) {
  const std::size_t n = w.schools.size();
  f.school_transfers_out.resize(n, 0);
  f.school_transfers_in.resize(n, 0);
  if (!p.enabled || p.base_rate <= 0) return;
  const std::vector<double> mean = school_mean_effectiveness(w);
  const RandomStream stream = ctx.stream(Stream::Transfers);
  const std::vector<Applicant> queue = applicants(w, p, mean, stream);
  f.transfer_applicants += static_cast<std::int64_t>(queue.size());
  if (queue.empty()) return;
  const std::vector<std::int32_t> norm = staffing_targets(w, spec);
  std::vector<std::int32_t> staff(n, 0);
  for (std::size_t s = 0; s < n; ++s)
    if (w.schools.open[s]) staff[s] = w.school_teachers(s);
  const auto order = preference_order(w, mean);
  const Schools& sc = w.schools;
  Teachers& t = w.teachers;
  for (const Applicant& a : queue) {
    const std::size_t i = a.teacher;
    const auto from = static_cast<std::size_t>(t.school[i]);
    if (p.county_pool && staff[from] - 1 < norm[from]) continue;
    const auto& options = order[static_cast<std::size_t>(index(sc.level[from]))];
    const auto open_to = [&](std::size_t to) {
      return to != from && staff[to] < norm[to] &&
             school_distance_km(sc, from, to) <= p.max_distance_km;
    };
    std::size_t to = n;
    if (p.destination == TransferDestination::Upward) {
      // The preference order ranks zone, then strength, so the schools upward of `from` are
      // its first ones: the scan stops at the first school that is not (the same school
      // as a scan of every school, without the distances to the rest).
      for (const std::size_t s : options) {
        if (!transfer_upward(sc, from, s)) break;
        if (open_to(s)) {
          to = s;
          break;
        }
      }
    } else {
      to = vacancy_weighted_school(options, open_to, staff, norm,
                                   stream.uniform(a.id, kDestinationDraw));
    }
    if (to == n) continue;
    --staff[from], ++staff[to];
    t.school[i] = t.home_school[i] = static_cast<std::int32_t>(to);
    t.years_at_school[i] = 0;
    t.settling_years_left[i] = static_cast<std::int8_t>(p.settling_years);
    f.rotation_events.push_back({t.id[i], static_cast<std::int32_t>(from),
                                 static_cast<std::int32_t>(to), RotationKind::Transfer});
    ++f.transfers;
    f.transfers_rural_to_town_urban += sc.zone[from] == Zone::Rural && sc.zone[to] != Zone::Rural;
    f.transfers_to_rural += sc.zone[to] == Zone::Rural;
    ++f.school_transfers_out[from];
    ++f.school_transfers_in[to];
  }
  if (f.transfers > 0) index_teachers(w);
}

}  // namespace edusim

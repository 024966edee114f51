#include "national/county_generator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/rng.hpp"
#include "model/run_seed.hpp"

namespace edusim {

namespace {

/// The random stream of the plan (county sizes and urban shares), keyed by the master seed.
/// Not a simulation stream: counties simulate under their own derived seeds.
constexpr auto kPlanStream = Stream::NationalPlan;
constexpr std::uint32_t kSizeDraw = 0, kUrbanDraw = 1;

double logistic(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

/// The logit intercept c with sum_k w_k logistic(c + offset_k) = target * sum_k w_k.
double solve_intercept(const std::vector<double>& weights, const std::vector<double>& offsets,
                       double target) {
  double total = 0;
  for (const double w : weights) total += w;
  double lo = -40, hi = 40;
  for (int it = 0; it < 100; ++it) {
    const double mid = 0.5 * (lo + hi);
    double mean = 0;
    for (std::size_t k = 0; k < weights.size(); ++k)
      mean += weights[k] * logistic(mid + offsets[k]);
    (mean < target * total ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

/// Splits `total` over counties in proportion to `weights`, rounding the running sum so
/// that the parts add up to `total` exactly.
std::vector<std::int64_t> split_students(std::int64_t total, const std::vector<double>& weights) {
  double sum = 0;
  for (const double w : weights) sum += w;
  std::vector<std::int64_t> parts(weights.size());
  double cumulative = 0;
  std::int64_t given = 0;
  for (std::size_t k = 0; k < weights.size(); ++k) {
    cumulative += weights[k];
    const std::int64_t upto = k + 1 == weights.size()
                                  ? total
                                  : std::llround(static_cast<double>(total) * cumulative / sum);
    parts[k] = upto - given;
    given = upto;
  }
  return parts;
}

void plan_province(const NationalSpec& spec, std::size_t p, std::int64_t province_students,
                   const RandomStream& rng, NationalPlan& plan) {
  const ProvinceSpec& prov = spec.provinces[p];
  const auto n = static_cast<std::size_t>(prov.counties);
  const auto first = static_cast<std::uint32_t>(plan.counties.size());
  std::vector<double> weights(n), offsets(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto k = first + static_cast<std::uint32_t>(i);
    const double z = rng.normal(k, kSizeDraw);
    weights[i] = std::exp(spec.county_size_sigma * z);
    offsets[i] =
        spec.county_urban_size_slope * z + spec.county_urban_sd * rng.normal(k, kUrbanDraw);
  }
  const std::vector<std::int64_t> students = split_students(province_students, weights);
  std::vector<double> student_weights(students.begin(), students.end());
  const double c = solve_intercept(student_weights, offsets, prov.urban_share);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t k = first + static_cast<std::int64_t>(i);
    plan.counties.push_back(
        {static_cast<std::int32_t>(p), static_cast<std::int32_t>(i), students[i],
         logistic(c + offsets[i]),
         static_cast<std::int64_t>(run_seed(static_cast<std::uint64_t>(spec.seed), k))});
  }
}

/// Multiplies the keys it is asked for as it walks a scenario; lists are not entered (their
/// keys cannot be scaled).
class ScaleVisitor final : public schema::Visitor {
 public:
  ScaleVisitor(const std::vector<std::string>& keys, double factor, std::string path)
      : keys_(keys), factor_(factor), path_(std::move(path)) {}

  // Values <= 0 are kept: 0 and -1 mean "none" or "no cap" in many keys.
  void real(std::string_view key, double& value, const schema::RealSpec& spec) override {
    if (wanted(key) && value > 0) value = std::clamp(value * factor_, spec.min, spec.max);
  }
  void integer(std::string_view key, std::int64_t& value,
               const schema::IntegerSpec& spec) override {
    if (!wanted(key) || value <= 0) return;
    const auto scaled =
        std::max<std::int64_t>(1, std::llround(static_cast<double>(value) * factor_));
    value = std::clamp(scaled, spec.min, spec.max);
  }
  void boolean(std::string_view, bool&, const schema::Doc&) override {}
  void text(std::string_view, std::string&, const schema::TextSpec&) override {}
  void choice(std::string_view, int&, std::span<const std::string_view>,
              const schema::ChoiceSpec&) override {}
  void section(std::string_view key, const schema::SectionSpec&,
               const std::function<void(Visitor&)>& body) override {
    ScaleVisitor child(keys_, factor_, child_path(key));
    body(child);
  }
  void list(std::string_view, const schema::ListSpec&, schema::ListHandle&) override {}

 private:
  std::string child_path(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }
  bool wanted(std::string_view key) const {
    return std::find(keys_.begin(), keys_.end(), child_path(key)) != keys_.end();
  }

  const std::vector<std::string>& keys_;
  double factor_;
  std::string path_;
};

/// The template of (level, zone) sized for `students`: as many schools of about the
/// template's size as the students fill, their mean size set so that the type holds the
/// students, the spread kept in proportion.
SchoolTypeSpec sized_type(SchoolTypeSpec type, double students) {
  const double per_grade = students / grade_count(type.level);
  TruncatedNormal& size = type.students_per_grade;
  type.count =
      static_cast<std::int32_t>(std::clamp<double>(std::llround(per_grade / size.mean), 1, 100000));
  const double mean = std::max(1.0, per_grade / type.count);
  size.sd *= mean / size.mean;
  size.mean = mean;
  size.min = std::min(size.min, mean);
  size.max = std::max(size.max, mean);
  return type;
}

}  // namespace

NationalPlan plan_counties(const NationalSpec& spec) {
  NationalPlan plan;
  std::int64_t counties = 0;
  double share_sum = 0;
  for (const auto& p : spec.provinces) counties += p.counties, share_sum += p.share;
  plan.counties.reserve(static_cast<std::size_t>(counties));
  const RandomStream rng(static_cast<std::uint64_t>(spec.seed), 0, 0, kPlanStream);
  // Province totals by cumulative rounding of the (normalised) shares: they add up to
  // spec.students exactly.
  std::vector<double> shares;
  for (const auto& p : spec.provinces) shares.push_back(p.share / share_sum);
  const std::vector<std::int64_t> province_students = split_students(spec.students, shares);
  for (std::size_t p = 0; p < spec.provinces.size(); ++p)
    plan_province(spec, p, province_students[p], rng, plan);
  return plan;
}

std::array<double, kLevels * kZones> county_type_students(const NationalSpec& spec,
                                                          const CountyPlan& county) {
  std::array<double, kLevels * kZones> out{};
  const auto students = static_cast<double>(county.students);
  const double u = county.urban_share;
  for (int l = 0; l < kLevels; ++l) {
    const double level =
        students * (l == index(Level::Primary) ? spec.primary_share : 1.0 - spec.primary_share);
    const double town = spec.town_share[static_cast<std::size_t>(l)];
    out[static_cast<std::size_t>(l * kZones + index(Zone::Urban))] = level * u;
    out[static_cast<std::size_t>(l * kZones + index(Zone::Town))] = level * (1 - u) * town;
    out[static_cast<std::size_t>(l * kZones + index(Zone::Rural))] = level * (1 - u) * (1 - town);
  }
  return out;
}

Scenario county_scenario(const NationalFile& national, const NationalPlan& plan, std::size_t k) {
  const CountyPlan& c = plan.counties.at(k);
  const NationalSpec& spec = national.spec;
  Scenario s = national.base;
  s.run.seed = c.seed;
  s.run.run_index = 0;
  s.run.years = spec.years;
  s.seed_given = s.run_index_given = true;
  s.district.name =
      fmt::format("{} county {}", spec.provinces[static_cast<std::size_t>(c.province)].name,
                  c.index_in_province + 1);
  const auto students = county_type_students(spec, c);
  for (SchoolTypeSpec& type : s.district.schools)
    type = sized_type(
        type, students[static_cast<std::size_t>(index(type.level) * kZones + index(type.zone))]);
  if (!national.scaled_keys.empty())
    scale_keys(s, national.scaled_keys,
               static_cast<double>(c.students) / static_cast<double>(spec.reference_students));
  return s;
}

void scale_keys(Scenario& scenario, const std::vector<std::string>& keys, double factor) {
  ScaleVisitor v(keys, factor, "");
  scenario.visit(v);
}

}  // namespace edusim

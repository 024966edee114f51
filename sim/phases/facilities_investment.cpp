#include "phases/facilities_investment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace edusim {

void InvestmentParams::visit(schema::Visitor& v) {
  v.field("enabled", enabled, {"invest a yearly budget in school facilities"});
  v.field("yearly_budget", yearly_budget,
          {0,
           1e12,
           {"money spent on facilities every year", "yuan/year",
            "0 = none; seed 003 Hongqi: 539 million yuan over the 13th five-year plan (about "
            "100 million a year) for 150,000 m2 of buildings and 15,000 places"}});
  v.field("rule", rule,
          schema::ChoiceSpec{{"how the budget is shared: neediest_first (the school and "
                              "indicator furthest below the national threshold first, which "
                              "lowers the inter-school CVs) or equal_per_student (each school "
                              "its share by students, spent on its own shortfalls)",
                              "", "教督〔2017〕6号: per-school thresholds and CV limits"}});
  v.field("floor_area_cost", floor_area_cost,
          {0,
           1e6,
           {"cost of one m2 of teaching and auxiliary floor area", "yuan/m2",
            "assumption; seed 003 Hongqi: 539 million yuan for 150,000 m2 of new buildings, "
            "about 3,600 yuan/m2 with the other costs of the projects"}});
  v.field("sports_area_cost", sports_area_cost,
          {0,
           1e6,
           {"cost of one m2 of sports ground", "yuan/m2",
            "assumption: a surfaced playground or running track, a sixth of a building's cost"}});
  v.field("multimedia_classroom_cost", multimedia_classroom_cost,
          {0,
           1e7,
           {"cost of equipping one networked multimedia classroom", "yuan/room",
            "assumption: interactive display, computer and network, about 60,000 yuan"}});
  v.field("depreciation", depreciation,
          {0,
           1,
           {"share of the equipment value lost every year (wear and obsolescence)", "1/year",
            "assumption: 0 = none; straight-line over 10 years would be 0.1"}});
}

namespace {

/// The four facilities among the balance indicators; equipment is bought at face value.
constexpr std::array<Indicator, 4> kFacilities{Indicator::FloorArea, Indicator::SportsArea,
                                               Indicator::EquipmentValue,
                                               Indicator::MultimediaClassrooms};

/// One school's shortfall in one facility: value / threshold below 1.
struct Shortfall {
  double ratio;
  std::uint32_t school;
  std::uint8_t facility;  ///< index into kFacilities
};

/// Smaller ratio first; ties by school, then facility (a deterministic order).
bool before(const Shortfall& a, const Shortfall& b) {
  if (a.ratio != b.ratio) return a.ratio < b.ratio;
  if (a.school != b.school) return a.school < b.school;
  return a.facility < b.facility;
}

/// Buys facilities for schools toward the thresholds, out of a budget it tracks.
class Buyer {
 public:
  Buyer(World& w, const InvestmentParams& p, const BalanceStandardParams& b, double budget)
      : w_(w), p_(p), b_(b), left_(budget) {}

  double left() const { return left_; }

  bool eligible(std::size_t s) const {
    return w_.schools.open[s] && w_.school_students(s) >= std::max(1, b_.min_students);
  }

  /// value / threshold of facility f at school s, as the balance standard computes it;
  /// +inf when the threshold is 0.
  double ratio(std::size_t s, std::size_t f) const {
    const double t = threshold(s, f);
    if (!(t > 0)) return std::numeric_limits<double>::infinity();
    return amount(s, f) / per(f) / w_.school_students(s) / t;
  }

  /// Spends up to `money` (and at most what is left) to bring facility f at school s
  /// up to its threshold; returns the amount spent.
  double toward_threshold(std::size_t s, std::size_t f, double money) {
    money = std::min(money, left_);
    const double target = threshold(s, f) * per(f) * w_.school_students(s);
    const double need = target - amount(s, f);
    if (!(need > 0) || !(money > 0)) return 0;
    const double price = unit_price(f);
    if (kFacilities[f] == Indicator::MultimediaClassrooms) {
      const double rooms_needed = std::ceil(need);
      const double rooms =
          price > 0 ? std::min(rooms_needed, std::floor(money / price)) : rooms_needed;
      w_.schools.multimedia_classrooms[s] += static_cast<std::int32_t>(rooms);
      return pay(rooms * price);
    }
    if (need * price <= money) {
      column(f)[s] = reach(target, w_.school_students(s), threshold(s, f));
      return pay(need * price);
    }
    column(f)[s] += static_cast<float>(money / price);
    return pay(money);
  }

  /// Spends up to `money` on equipment at school s at face value.
  double equipment(std::size_t s, double money) {
    money = std::min(money, left_);
    if (!(money > 0)) return 0;
    w_.schools.equipment_value_yuan[s] += static_cast<float>(money);
    return pay(money);
  }

 private:
  double threshold(std::size_t s, std::size_t f) const {
    return b_.threshold[static_cast<std::size_t>(kFacilities[f])]
                       [static_cast<std::size_t>(index(w_.schools.level[s]))];
  }
  /// Students per unit of the indicator: 1, or 100 for the rooms per 100 students.
  static double per(std::size_t f) {
    return kFacilities[f] == Indicator::MultimediaClassrooms ? 0.01 : 1.0;
  }
  double unit_price(std::size_t f) const {
    switch (kFacilities[f]) {
      case Indicator::FloorArea:
        return p_.floor_area_cost;
      case Indicator::SportsArea:
        return p_.sports_area_cost;
      case Indicator::MultimediaClassrooms:
        return p_.multimedia_classroom_cost;
      default:
        return 1.0;  // equipment: face value
    }
  }
  std::vector<float>& column(std::size_t f) {
    switch (kFacilities[f]) {
      case Indicator::FloorArea:
        return w_.schools.floor_area_m2;
      case Indicator::SportsArea:
        return w_.schools.sports_area_m2;
      default:
        return w_.schools.equipment_value_yuan;
    }
  }
  double amount(std::size_t s, std::size_t f) const {
    switch (kFacilities[f]) {
      case Indicator::FloorArea:
        return w_.schools.floor_area_m2[s];
      case Indicator::SportsArea:
        return w_.schools.sports_area_m2[s];
      case Indicator::EquipmentValue:
        return w_.schools.equipment_value_yuan[s];
      default:
        return w_.schools.multimedia_classrooms[s];
    }
  }
  /// The smallest float whose value per student meets the threshold (float rounding
  /// must not leave a school that was paid to reach it just below).
  static float reach(double target, std::int32_t students, double t) {
    auto x = static_cast<float>(target);
    while (static_cast<double>(x) / students < t)
      x = std::nextafter(x, std::numeric_limits<float>::infinity());
    return x;
  }
  double pay(double cost) {
    cost = std::min(cost, left_);
    left_ -= cost;
    return cost;
  }

  World& w_;
  const InvestmentParams& p_;
  const BalanceStandardParams& b_;
  double left_;
};

void depreciate(Schools& sc, double rate) {
  if (rate <= 0) return;
  for (auto& v : sc.equipment_value_yuan) v = static_cast<float>(v * (1.0 - rate));
}

/// Shares what is left as equipment among the eligible schools, by students.
void spread_by_students(Buyer& buy, const World& w, const std::vector<std::size_t>& schools) {
  double students = 0;
  for (auto s : schools) students += w.school_students(s);
  const double pot = buy.left();
  for (std::size_t k = 0; k < schools.size() && buy.left() > 0; ++k) {
    const auto s = schools[k];
    const bool last = k + 1 == schools.size();
    buy.equipment(s, last ? buy.left() : pot * w.school_students(s) / students);
  }
}

/// neediest_first: a min-heap of the shortfalls by ratio; each pair, smallest ratio
/// first, gets what it needs to reach its threshold or what is left.
void neediest_first(Buyer& buy, const std::vector<std::size_t>& schools) {
  std::vector<Shortfall> heap;
  for (auto s : schools)
    for (std::size_t f = 0; f < kFacilities.size(); ++f)
      if (const double r = buy.ratio(s, f); r < 1)
        heap.push_back({r, static_cast<std::uint32_t>(s), static_cast<std::uint8_t>(f)});
  auto later = [](const Shortfall& a, const Shortfall& b) { return before(b, a); };
  std::make_heap(heap.begin(), heap.end(), later);
  while (!heap.empty() && buy.left() > 0) {
    std::pop_heap(heap.begin(), heap.end(), later);
    const Shortfall top = heap.back();
    heap.pop_back();
    buy.toward_threshold(top.school, top.facility, buy.left());
  }
}

/// equal_per_student: each school's share by students fills its own shortfalls, its
/// largest relative shortfall first, and buys equipment with the rest.
void equal_per_student(Buyer& buy, const World& w, const std::vector<std::size_t>& schools) {
  double students = 0;
  for (auto s : schools) students += w.school_students(s);
  const double pot = buy.left();
  for (std::size_t k = 0; k < schools.size() && buy.left() > 0; ++k) {
    const auto s = schools[k];
    double share = k + 1 == schools.size() ? buy.left() : pot * w.school_students(s) / students;
    std::array<Shortfall, kFacilities.size()> order{};
    for (std::size_t f = 0; f < kFacilities.size(); ++f)
      order[f] = {buy.ratio(s, f), static_cast<std::uint32_t>(s), static_cast<std::uint8_t>(f)};
    std::sort(order.begin(), order.end(), before);
    for (const auto& o : order)
      if (o.ratio < 1) share -= buy.toward_threshold(s, o.facility, share);
    buy.equipment(s, share);
  }
}

}  // namespace

double facilities_investment(World& w, const InvestmentParams& p,
                             const BalanceStandardParams& balance, const YearContext&,
                             YearFlows& flows) {
  if (!p.enabled) return 0;
  depreciate(w.schools, p.depreciation);
  if (!(p.yearly_budget > 0)) return 0;
  Buyer buy(w, p, balance, p.yearly_budget);
  std::vector<std::size_t> schools;
  for (std::size_t s = 0; s < w.schools.size(); ++s)
    if (buy.eligible(s)) schools.push_back(s);
  if (schools.empty()) return 0;
  if (p.rule == InvestmentRule::NeediestFirst)
    neediest_first(buy, schools);
  else
    equal_per_student(buy, w, schools);
  spread_by_students(buy, w, schools);
  const double spent = p.yearly_budget - buy.left();
  flows.facilities_investment += spent;
  return spent;
}

}  // namespace edusim

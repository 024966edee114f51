#include "metrics/kindergarten_series.hpp"

#include <cmath>

#include "core/types.hpp"

namespace edusim {

namespace {

constexpr std::size_t kKindergartenMetrics = 6;
constexpr std::size_t kDistrictColumns = kZones + 1;

/// Leaders (heads and deputies) serving at each kindergarten.
std::vector<double> leaders_serving(const World& w) {
  std::vector<double> n(w.kindergartens.size(), 0.0);
  for (const auto k : w.kindergarten_leaders.school) n[static_cast<std::size_t>(k)] += 1;
  return n;
}

double share_of(double a, double b) {
  return b > 0 ? a / b : kNaN;
}

/// Sums over one column (a zone, or the district): children, cohort, staff, classes,
/// children-weighted effectiveness, leaders, private children.
struct KgTotals {
  double children = 0, cohort = 0, staff = 0, classes = 0, effectiveness = 0, leaders = 0,
         private_children = 0;
};

}  // namespace

SeriesGroup kindergarten_series(const World& w) {
  SeriesGroup g{"kindergartens",
                w.kindergartens.size(),
                {{"enrolment", "children", "children enrolled in the three year groups"},
                 {"classes", "classes", "classes (per year group, children / max class size)"},
                 {"staff_per_class", "staff", "teachers and care staff per class"},
                 {"teacher_effectiveness", "SD", "mean effectiveness of its teachers"},
                 {"leaders", "leaders", "head and deputy heads serving there"},
                 {"private", "1", "1 for a private (民办) kindergarten"}},
                "kindergarten"};
  g.labels = w.kindergartens.name;
  return g;
}

std::vector<double> kindergarten_rows(const World& w) {
  const Kindergartens& kg = w.kindergartens;
  const std::size_t n = kg.size();
  const std::vector<double> leaders = leaders_serving(w);
  std::vector<double> rows(kKindergartenMetrics * n);
  for (std::size_t k = 0; k < n; ++k) {
    rows[k] = kg.enrolled(k);
    rows[n + k] = kg.classes[k];
    rows[2 * n + k] = share_of(kg.teachers[k] + kg.care_staff[k], kg.classes[k]);
    rows[3 * n + k] = kg.teacher_effectiveness[k];
    rows[4 * n + k] = leaders[k];
    rows[5 * n + k] = kg.is_private[k];
  }
  return rows;
}

SeriesGroup kindergarten_district_series() {
  SeriesGroup g{
      "kindergarten_district",
      kDistrictColumns,
      {{"enrolment", "children", "children enrolled in the open kindergartens"},
       {"attendance_rate", "1",
        "enrolled children per child of ages 3-5 (three times the zone's primary entry cohort)"},
       {"staff_per_class", "staff", "teachers and care staff per class"},
       {"teacher_effectiveness", "SD", "children-weighted mean of the teacher effectiveness"},
       {"leaders", "leaders", "kindergarten heads and deputy heads"},
       {"private_share", "1", "share of the enrolled children in private kindergartens"},
       {"leader_rotation_eligible", "leaders",
        "kindergarten leaders eligible for cadre rotation this year (district column)"},
       {"leader_rotations", "leaders",
        "kindergarten leaders sent on cadre rotation this year (district column)"}},
      "zone"};
  g.labels = {"urban", "town", "rural", "district"};
  return g;
}

std::vector<double> kindergarten_district_rows(const World& w,
                                               const std::array<double, kZones>& cohorts,
                                               const YearFlows& flows) {
  const Kindergartens& kg = w.kindergartens;
  const std::vector<double> leaders = leaders_serving(w);
  std::array<KgTotals, kDistrictColumns> t{};
  for (std::size_t z = 0; z < kZones; ++z) t[kZones].cohort += cohorts[z];
  for (std::size_t z = 0; z < kZones; ++z) t[z].cohort = cohorts[z];
  for (std::size_t k = 0; k < kg.size(); ++k) {
    if (!kg.open[k]) continue;
    for (const std::size_t c : {static_cast<std::size_t>(index(kg.zone[k])), std::size_t{kZones}}) {
      KgTotals& s = t[c];
      const double children = kg.enrolled(k);
      s.children += children;
      s.staff += kg.teachers[k] + kg.care_staff[k];
      s.classes += kg.classes[k];
      s.effectiveness += children * kg.teacher_effectiveness[k];
      s.leaders += leaders[k];
      if (kg.is_private[k]) s.private_children += children;
    }
  }
  constexpr std::size_t n = kDistrictColumns;
  std::vector<double> rows(8 * n, kNaN);
  for (std::size_t c = 0; c < n; ++c) {
    rows[c] = t[c].children;
    rows[n + c] = share_of(t[c].children, kYearGroups * t[c].cohort);
    rows[2 * n + c] = share_of(t[c].staff, t[c].classes);
    rows[3 * n + c] = share_of(t[c].effectiveness, t[c].children);
    rows[4 * n + c] = t[c].leaders;
    rows[5 * n + c] = share_of(t[c].private_children, t[c].children);
  }
  rows[6 * n + kZones] = static_cast<double>(flows.kindergarten_leader_rotation_eligible);
  rows[7 * n + kZones] = static_cast<double>(flows.kindergarten_leader_rotations);
  return rows;
}

}  // namespace edusim

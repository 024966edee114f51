#include "metrics/kindergarten_series.hpp"

#include <cmath>
#include <string>

#include "core/types.hpp"
#include "phases/kindergarten_teachers.hpp"

namespace edusim {

namespace {

constexpr std::size_t kKindergartenMetrics = 6;
constexpr std::size_t kDistrictColumns = kZones + 1;
constexpr std::size_t kKindergartenDistrictMetrics = 8;
/// The teachers' metrics after the others: count, one per title grade, experience, pay.
constexpr std::size_t kStaffMetrics = 3 + kTitleGrades;
/// The year's flows after those (district column only).
constexpr std::size_t kFlowMetrics = 6;

/// Sums over the teachers of a kindergarten, a zone or the district.
struct StaffTotals {
  double teachers = 0, experience = 0, pay = 0;
  std::array<double, kTitleGrades> by_title{};

  void add(const StaffTotals& o) {
    teachers += o.teachers, experience += o.experience, pay += o.pay;
    for (std::size_t g = 0; g < kTitleGrades; ++g) by_title[g] += o.by_title[g];
  }
};

std::vector<StaffTotals> staff_totals(const World& w, const KindergartenSpec& spec,
                                      const PayParams& pay) {
  std::vector<StaffTotals> totals(w.kindergartens.size());
  const KindergartenTeachers& t = w.kindergarten_teachers;
  for (std::size_t i = 0; i < t.size(); ++i) {
    StaffTotals& s = totals[static_cast<std::size_t>(t.kindergarten[i])];
    s.teachers += 1, s.experience += t.experience[i];
    s.pay += kindergarten_teacher_pay(w, spec, pay, i);
    s.by_title[static_cast<std::size_t>(t.title[i])] += 1;
  }
  return totals;
}

/// The staff metrics of one column into rows[(first + m) * n + c].
void write_staff(std::vector<double>& rows, std::size_t first, std::size_t n, std::size_t c,
                 const StaffTotals& s) {
  rows[first * n + c] = s.teachers;
  for (std::size_t g = 0; g < kTitleGrades; ++g) rows[(first + 1 + g) * n + c] = s.by_title[g];
  rows[(first + 1 + kTitleGrades) * n + c] = s.teachers > 0 ? s.experience / s.teachers : kNaN;
  rows[(first + 2 + kTitleGrades) * n + c] = s.teachers > 0 ? s.pay / s.teachers : kNaN;
}

/// The staff series (teachers, by title, experience, pay), for either group.
void add_staff_series(SeriesGroup& g) {
  g.series.push_back({"teachers", "teachers", "kindergarten teachers (agents) serving there"});
  for (std::size_t t = 0; t < kTitleGrades; ++t)
    g.series.push_back({"teachers_" + std::string(kTitleNames[t]), "teachers",
                        "kindergarten teachers holding the title grade " +
                            std::string(kTitleNames[t]) + " (三级..正高级)"});
  g.series.push_back({"teacher_experience", "years", "mean years of teaching of its teachers"});
  g.series.push_back(
      {"teacher_pay", "yuan/year",
       "mean pay of its teachers (pay.title_salary of the title, times "
       "district.kindergartens.teachers.private_pay_ratio in private kindergartens)"});
}

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
  add_staff_series(g);
  g.labels = w.kindergartens.name;
  return g;
}

std::vector<double> kindergarten_rows(const World& w, const KindergartenSpec& spec,
                                      const PayParams& pay) {
  const Kindergartens& kg = w.kindergartens;
  const std::size_t n = kg.size();
  const std::vector<double> leaders = leaders_serving(w);
  const std::vector<StaffTotals> staff = staff_totals(w, spec, pay);
  std::vector<double> rows((kKindergartenMetrics + kStaffMetrics) * n);
  for (std::size_t k = 0; k < n; ++k) write_staff(rows, kKindergartenMetrics, n, k, staff[k]);
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
  add_staff_series(g);
  g.series.insert(
      g.series.end(),
      {{"teacher_hires", "teachers", "novice kindergarten teachers hired this year (district)"},
       {"teacher_retirements", "teachers", "kindergarten teachers retired this year (district)"},
       {"teacher_quits", "teachers", "kindergarten teachers who quit this year (district)"},
       {"teachers_to_leaders", "teachers",
        "kindergarten teachers appointed head or deputy head this year (district)"},
       {"teacher_promotions", "teachers",
        "title promotions of kindergarten teachers this year, all grades (district)"},
       {"leader_quits", "leaders",
        "kindergarten heads and deputy heads who quit this year (district)"}});
  g.labels = {"urban", "town", "rural", "district"};
  return g;
}

std::vector<double> kindergarten_district_rows(const World& w, const KindergartenSpec& spec,
                                               const PayParams& pay,
                                               const std::array<double, kZones>& cohorts,
                                               const YearFlows& flows) {
  const Kindergartens& kg = w.kindergartens;
  const std::vector<double> leaders = leaders_serving(w);
  const std::vector<StaffTotals> staff = staff_totals(w, spec, pay);
  std::array<StaffTotals, kDistrictColumns> staff_t{};
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
      staff_t[c].add(staff[k]);
    }
  }
  constexpr std::size_t n = kDistrictColumns;
  std::vector<double> rows((kKindergartenDistrictMetrics + kStaffMetrics + kFlowMetrics) * n, kNaN);
  for (std::size_t c = 0; c < n; ++c)
    write_staff(rows, kKindergartenDistrictMetrics, n, c, staff_t[c]);
  const std::int64_t year_flows[kFlowMetrics] = {
      flows.kindergarten_teacher_hires,      flows.kindergarten_teacher_retirements,
      flows.kindergarten_teacher_quits,      flows.kindergarten_teachers_to_leaders,
      flows.kindergarten_teacher_promotions, flows.kindergarten_leader_quits};
  for (std::size_t m = 0; m < kFlowMetrics; ++m)
    rows[(kKindergartenDistrictMetrics + kStaffMetrics + m) * n + kZones] =
        static_cast<double>(year_flows[m]);
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

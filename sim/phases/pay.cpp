#include "phases/pay.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/error.hpp"

namespace edusim {

void PayParams::visit(schema::Visitor& v) {
  v.section("title_salary",
            schema::SectionSpec{{"yearly salary by title grade", "yuan/year",
                                 "assumption; county pay scales 2020s"}},
            [this](schema::Visitor& z) {
              for (int g = 0; g < kTitleGrades; ++g)
                z.real(kTitleNames[static_cast<std::size_t>(g)],
                       title_salary[static_cast<std::size_t>(g)], {1, 1e7, {"", "yuan/year"}});
            });
  schema::per_zone(
      v, "zone_allowance", zone_allowance, {0, 1e6, {"", "yuan/year"}},
      {"allowance by the zone of the school taught at (rural teacher subsidy 乡村教师生活补助, "
       "township and remote-transport allowances)",
       "yuan/year",
       "0 = none; seed 001 Fushun: about 57 million yuan a year over about 6,600 staff, i.e. "
       "about 8,600 yuan per head if paid to all"});
  v.field("rotation_allowance", rotation_allowance,
          {0,
           1e6,
           {"allowance paid to a teacher while away on rotation (交流轮岗补贴)", "yuan/year",
            "setting: 0 = none (a scenario sets its policy)"}});
  v.field(
      "intern_stipend", intern_stipend,
      {0, 1e7, {"yearly stipend of a university intern (顶岗实习)", "yuan/year", "assumption"}});
  v.field(
      "substitute_salary", substitute_salary,
      {0, 1e7, {"yearly salary of a substitute teacher (代课教师)", "yuan/year", "assumption"}});
}

PayComponents teacher_pay(const World& w, const PayParams& pay, std::size_t i) {
  const Teachers& t = w.teachers;
  PayComponents p;
  switch (t.contract[i]) {
    case Contract::Regular: {
      const double own = pay.title_salary[static_cast<std::size_t>(t.title[i])];
      p.base = own;
      p.uplift = pay.title_salary[static_cast<std::size_t>(t.post_title[i])] - own;
      break;
    }
    case Contract::Intern:
      p.base = pay.intern_stipend;
      break;
    case Contract::Substitute:
      p.base = pay.substitute_salary;
      break;
  }
  const auto s = static_cast<std::size_t>(t.school[i]);
  p.allowance = pay.zone_allowance[static_cast<std::size_t>(index(w.schools.zone[s]))] +
                (t.rotation_destination[i] >= 0 ? pay.rotation_allowance : 0.0);
  return p;
}

void HousingUnits::visit(schema::Visitor& v) {
  v.field("school", school,
          {{"name of the school the units belong to", "", "see `edusim export-world`"}, true});
  v.field("units", units,
          {0,
           1000000,
           {"teacher housing units (周转房, 公租房) at or near the school", "units",
            "seed 001 Fushun: 1,343 units for about 2,000 teachers"},
           true});
}

void HousingParams::visit(schema::Visitor& v) {
  v.field("units", units,
          schema::ListSpec{{"housing units by school name; a named school gets exactly these "
                            "units, overriding units_per_rural_school"}});
  v.field("units_per_rural_school", units_per_rural_school,
          {0,
           1000000,
           {"housing units given to every rural school", "units",
            "0 = none; seed 001 Fushun: 1,343 units for about 2,000 teachers, most of them in "
            "rural and township schools"}});
  v.field("morale_benefit", morale_benefit,
          {0,
           1,
           {"target morale added to a housed teacher (scaled by the school's housed share)", "0..1",
            "assumption: about the rural allowance's effect (0.05-0.06 for 8,600 yuan a year, "
            "morale section), as housing saves a rent of that order and the commute"}});
  v.field("unit_cost", unit_cost,
          {0,
           1e7,
           {"yearly cost of one housing unit (annualised building cost and upkeep)", "yuan/year",
            "assumption; seed 001 Fushun: 79 million yuan for 1,343 units, about 58,800 yuan a "
            "unit, i.e. about 6,000 yuan a year over 10 years"}});
}

double housed_share(const World& w, std::size_t s) {
  const std::int32_t teachers = w.school_teachers(s);
  if (teachers <= 0) return 0.0;
  return std::min(1.0, static_cast<double>(w.schools.housing_units[s]) / teachers);
}

}  // namespace edusim

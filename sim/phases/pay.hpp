#pragma once
// Pay: what each teacher is paid this year, by component, and teacher housing
// (周转房), the benefit in kind. Morale compares a teacher's pay with the district
// mean (relative pay) and adds the housing benefit, and the cost metrics add the
// components up, so both read the one definition here.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/param_types.hpp"
#include "model/schema.hpp"
#include "world/world.hpp"

namespace edusim {

struct PayParams {
  std::array<double, kTitleGrades> title_salary{72000, 80000, 92000, 108000, 130000};
  ZoneValues zone_allowance{0, 0, 0};  ///< rural/township/remote-transport allowances by zone
  double rotation_allowance = 0;       ///< paid while away on rotation
  double intern_stipend = 18000;       ///< interns (顶岗实习)
  double substitute_salary = 42000;    ///< substitute teachers (代课)

  void visit(schema::Visitor& v);
};

struct PayComponents {
  double base = 0;       ///< salary of the own title (or stipend of an intern or substitute)
  double uplift = 0;     ///< post above the title (低职高聘): post salary minus title salary
  double allowance = 0;  ///< zone allowance of the current school and rotation allowance
  double total() const { return base + uplift + allowance; }
};

/// The pay of teacher i this year.
PayComponents teacher_pay(const World& world, const PayParams& pay, std::size_t i);

/// Housing units (周转房) given to one school by name.
struct HousingUnits {
  std::string school;
  std::int32_t units = 0;

  void visit(schema::Visitor& v);
};

/// Teacher housing (YAML section `housing`).
struct HousingParams {
  std::vector<HousingUnits> units;          ///< by school name (overrides the rural rule)
  std::int32_t units_per_rural_school = 0;  ///< given to every rural school
  double morale_benefit = 0.05;             ///< target morale added to a housed teacher
  double unit_cost = 6000;                  ///< yuan/year per unit

  void visit(schema::Visitor& v);
};

/// Share of the teachers teaching at school s who are housed:
/// min(1, housing_units / teachers); 0 without teachers. Needs an up-to-date
/// teacher index.
double housed_share(const World& world, std::size_t s);

}  // namespace edusim

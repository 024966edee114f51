#include "engine/schedule.hpp"

#include <array>

#include "phases/class_assignment.hpp"
#include "phases/demography.hpp"
#include "phases/growth.hpp"
#include "phases/hiring.hpp"
#include "phases/learning.hpp"
#include "phases/morale.hpp"
#include "phases/progression.hpp"
#include "phases/school_strength.hpp"

namespace edusim {

namespace {
using S = const Scenario&;
using C = const YearContext&;

constexpr std::array kYear{
    Phase{"teacher_demography",
          [](World& w, S s, C c, YearFlows& f) { teacher_demography(w, s.demography, c, f); }},
    Phase{"school_strength",
          [](World& w, S s, C c, YearFlows&) { school_strength(w, s.strength, c); }},
    Phase{"student_progression",
          [](World& w, S s, C c, YearFlows& f) {
            student_progression(w, s.enrolment, s.district.students, c, f);
          }},
    Phase{"hiring",
          [](World& w, S s, C c, YearFlows& f) { hiring(w, s.hiring, s.district.teachers, c, f); }},
    Phase{"class_assignment", [](World& w, S, C c, YearFlows&) { assign_class_teachers(w, c); }},
    Phase{"growth", [](World& w, S s, C c, YearFlows&) { growth(w, s.growth, c); }},
    Phase{"learning", [](World& w, S s, C c, YearFlows&) { learning(w, s.learning, c); }},
    Phase{"morale", [](World& w, S s, C c,
                       YearFlows&) { morale(w, s.morale, s.pay, s.district.teachers, c); }},
};
}  // namespace

std::span<const Phase> year_schedule() {
  return kYear;
}

}  // namespace edusim

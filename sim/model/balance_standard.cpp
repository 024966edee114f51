#include "model/balance_standard.hpp"

#include <string>

namespace edusim {

namespace {
constexpr const char* kSource = "教督〔2017〕6号";
}  // namespace

std::array<LevelValues, kIndicators> BalanceStandardParams::default_thresholds() {
  std::array<LevelValues, kIndicators> t{};
  for (std::size_t i = 0; i < kIndicators; ++i) t[i] = kBalanceThresholds[i].threshold;
  return t;
}

void BalanceStandardParams::visit(schema::Visitor& v) {
  v.section("thresholds", {{"per-school threshold of each indicator, by level", "", kSource}},
            [this](schema::Visitor& t) {
              for (std::size_t i = 0; i < kIndicators; ++i)
                schema::per_level(t, kBalanceThresholds[i].name, threshold[i],
                                  {0, 1e9, {"", std::string(kBalanceThresholds[i].units)}},
                                  {"threshold", kBalanceThresholds[i].units, kSource});
            });
  schema::per_level(v, "cv_limit", cv_limit, {0, 10, {"", "1"}},
                    {"largest inter-school CV of each indicator (quality-balanced)", "1", kSource});
  schema::per_level(
      v, "basic_cv_limit", basic_cv_limit, {0, 10, {"", "1"}},
      {"largest composite CV (the mean of the indicators' CVs) of the 2012 basic-balance standard",
       "1", "县域义务教育均衡发展督导评估暂行办法, 教督〔2012〕3号"});
  v.field("min_students", min_students,
          {0,
           100000,
           {"schools (teaching points) with fewer students are left out", "students", kSource}});
  v.field("indicators_to_meet", indicators_to_meet,
          {0, kIndicators, {"indicators a school must meet of the seven", "indicators", kSource}});
  v.field("shortfall_floor", shortfall_floor,
          {0, 1, {"share of its threshold the unmet indicators must reach", "1", kSource}});
  v.field("rotation_min_share", rotation_min_share,
          {0,
           1,
           {"rotation criterion: smallest share of eligible teachers rotated in a year", "1",
            "教师〔2014〕4号: at least 10% of eligible teachers a year"}});
  v.field("rotation_backbone_min_share", rotation_backbone_min_share,
          {0,
           1,
           {"rotation criterion: smallest share of backbone teachers among the rotated", "1",
            "教师〔2014〕4号: backbone teachers at least 20% of those rotated"}});
  v.field("rotating_teachers", rotating_teachers,
          schema::ChoiceSpec{
              {"where a teacher away from its home school (rotation, shadow posts) counts in "
               "the teacher indicators of both "
               "standards (degrees, backbone, PE/art, teachers and 中级 posts per 100 students): "
               "destination (the school it teaches at this year) or home (the school that "
               "employs it and holds its post and backbone place)",
               "",
               "assumption: destination, as the teachers a school's pupils have; no rule of the "
               "assessments on rotating teachers was read, so home is there to test the "
               "verdicts' sensitivity to it"}});
}

}  // namespace edusim

#include "model/district_spec.hpp"

namespace edusim {

void FacilitiesSpec::visit(schema::Visitor& v) {
  const char* kStandard = "2017 national quality-balanced standard thresholds (教督〔2017〕6号)";
  v.field("floor_area_per_student", floor_area_per_student,
          {0, 1000, {"teaching and auxiliary floor area per student", "m2", kStandard}});
  v.field("sports_area_per_student", sports_area_per_student,
          {0, 1000, {"sports ground area per student", "m2", kStandard}});
  v.field("equipment_value_per_student", equipment_value_per_student,
          {0, 1e7, {"teaching equipment value per student", "yuan", kStandard}});
  v.field("multimedia_classrooms_per_100", multimedia_classrooms_per_100,
          {0, 100, {"networked multimedia classrooms per 100 students", "rooms", kStandard}});
  v.field("variation", variation,
          {0,
           2,
           {"relative SD of each facility across schools of this type", "1",
            "assumption: no survey of the spread within a school type was read"}});
}

void SchoolTypeSpec::visit(schema::Visitor& v) {
  v.field("name", name, {{"prefix of the generated school names (default: level-zone)"}});
  v.field("level", level, {{"school level: primary (grades 1-6) or middle (grades 7-9)"}});
  v.field("zone", zone, {{"urban, town or rural"}});
  v.field("count", count,
          {0,
           100000,
           {"number of schools of this type", "schools", "setting: the district's make-up"},
           true});
  schema::truncated_normal(v, "students_per_grade", students_per_grade, {1, 5000, {"", "students"}},
                           {"students per grade at the start (drawn per school)", "students",
                            "setting: the district's make-up"});
  v.field("max_class_size", max_class_size,
          {10,
           120,
           {"largest class; cohorts are split into classes of at most this size", "students",
            "national large-class limit 45 (primary) / 50 (middle)"}});
  v.field("effectiveness_shift", effectiveness_shift,
          {-1,
           1,
           {"added to the talent of this type's teachers (strong > 0, weak < 0)", "SD",
            "setting: a scenario's strong and weak school types (0: none)"}});
  v.field("ses_shift", ses_shift,
          {-3,
           3,
           {"mean SES of the intake relative to the zone mean", "SD",
            "setting: a scenario's school types (0: the zone mean)"}});
  v.field("capacity_margin", capacity_margin,
          {0,
           10,
           {"places above the start enrolment, as a share of it", "1",
            "assumption: some room above the start; no building data read"}});
  v.field("facilities", facilities, {{"facilities per student of this type's schools"}});
}

void StudentSpec::visit(schema::Visitor& v) {
  schema::per_zone(v, "ses_mean", ses_mean, {-3, 3, {"", "SD"}},
                   {"mean SES of students by school zone", "SD",
                    "assumption: urban-rural SES gap of about 0.9 SD"});
  v.field("ses_sd", ses_sd,
          {0,
           5,
           {"SD of SES within a zone", "SD",
            "setting: a normalisation; SES is in SD units, and with the zone means (an "
            "assumption) this gives the district's SES an SD of about 1"}});
  v.field("school_ses_sd", school_ses_sd,
          {0,
           3,
           {"SD of the schools' mean SES around their zone's mean, drawn once at generation: "
            "residential sorting into school catchments (学区房), which makes the schools of "
            "one zone differ in their families (0: every school of a zone has its zone's mean)",
            "SD",
            "assumption, off by default: no Chinese figure of the between-school share of "
            "family SES was read (CEPS 2013-14 finds marked SES segregation of middle schools, "
            "Wu Yuxiao & Huang Chao 2016, without the figure here; across OECD countries 24% of "
            "the variation of students' ESCS lay between schools in PISA 2018, UNESCO GEM "
            "Report 2020, p. 47); docs/validation.md shows the between-school share it gives"}});
  v.field("entry_ses_slope", entry_ses_slope,
          {-2,
           2,
           {"achievement at school entry per SD of SES", "SD/SD",
            "school-readiness gaps; Reardon 2011 (about 0.3-0.4)"}});
  v.field("entry_sd", entry_sd,
          {0,
           5,
           {"SD of entry achievement not explained by SES", "SD",
            "assumption: with entry_ses_slope, entry achievement has an SD of about 1"}});
}

void TeacherSpec::visit(schema::Visitor& v) {
  schema::per_level(v, "student_teacher_ratio", student_teacher_ratio, {1, 200, {"", "students"}},
                    {"staffing norm: students per teacher", "students/teacher",
                     "中央编办 2014 unified norm: primary 19, middle 13.5"});
  schema::per_level(
      v, "rural_teachers_per_class", rural_teachers_per_class, {0, 10, {"", "teachers"}},
      {"staffing of rural schools by classes as well as pupils (生师比与班师比相结合): a rural "
       "school's norm is at least this many teachers per class (read by the generator, hiring, "
       "transfers and morale's load); 0 staffs by pupils alone",
       "teachers/class",
       "assumption: off by default, since no provincial 班师比 was read; the rule is the rural "
       "teachers' support plan's (乡村教师支持计划 2015-2020, 国办发〔2015〕43号)"});
  schema::per_level(
      v, "female_share", female_share, {0, 1, {"", "1"}},
      {"share of women among the teachers generated and hired (women retire by "
       "demography.retirement_age_women and retirement_age_senior_women)",
       "1",
       "MoE education statistics 2022, full-time teachers by level: middle 2,447,249 women of "
       "4,025,197 (60.80%); primary, compulsory education less middle, 4,859,779 of 6,629,421 "
       "(73.3%); en.moe.gov.cn, 'Number of Full-time Teachers of Schools by Type and Level'"});
  v.field("older_women_senior_share", older_women_senior_share,
          {0,
           1,
           {"under age_distribution stationary: the share of women reaching "
            "demography.retirement_age_women with a senior title, who stay to "
            "retirement_age_senior_women; the generator draws that share of the women it would "
            "draw at those ages without the retirement (and ranks its oldest teachers first for "
            "titles, so they get them)",
            "1",
            "assumption: 0.4, about the share of senior titles among the women aged 50-54 of the "
            "baseline after its 40-year spin-up (0.37-0.41, 3 seeds); with it the baseline's "
            "turnover trend over its first 10 years is +0.0012 per decade (100 replicates, SE "
            "0.0009), against +0.0036 if no woman were drawn past 54"}});
  v.field("age_distribution", age_distribution,
          schema::ChoiceSpec{
              {"how teachers' ages at the start are drawn: stationary (the age mix the model's "
               "own careers settle to: from entry_age, surviving the base quit hazards of the "
               "school's zone (demography.quit_rate_*, quit_zone_multiplier, at the reference "
               "morale) until the retirement age of their sex (demography.retirement_age, "
               "retirement_age_women)) or normal (the truncated normal `age`, women under "
               "retirement_age_women)",
               "",
               "setting, a design choice: a start at the careers' own age mix needs no decades of "
               "spin-up "
               "for retirement waves to die out (docs/odd.md, Initialisation)"}});
  schema::truncated_normal(v, "age", age, {18, 70, {"", "years"}},
                           {"teacher age at the start (age_distribution: normal)", "years",
                            "assumption: a mid-career workforce (used only with "
                            "age_distribution: normal)"});
  v.field(
      "entry_age", entry_age,
      {18,
       40,
       {"age at first teaching post", "years", "assumption: after a four-year bachelor's degree"}});
  schema::truncated_normal(
      v, "talent", talent, {-2, 2, {"", "SD"}},
      {"effectiveness of a novice teacher (value added per year)", "student SD",
       "mean: annual gain about 0.3-0.4 SD in the middle grades (Hill, Bloom, Black & Lipsey "
       "2008, Child Dev. Perspectives 2(3), table 1); sd 0.15: between the 0.13 (reading) and "
       "0.17 (maths) averages of teacher value-added SDs (Hanushek & Rivkin 2010, AER 100(2))"});
  v.field("school_effect_sd", school_effect_sd,
          {0,
           1,
           {"SD of the school mean of teacher talent (sorting of teachers)", "SD",
            "assumption: a little sorting at the start beyond the school types' shifts"}});
  schema::shares(v, "title_shares", title_shares, kTitleNames,
                 {"shares of the title grades 三级..正高级 at the start (sum 1)", "1",
                  "assumption: most teachers in the middle grades 二级 and 一级; no national "
                  "table was read"});
  schema::shares(
      v, "degree_shares", degree_shares, kDegreeNames,
      {"shares of the highest degrees at the start in primary schools (sum 1); a scenario that "
       "sets this section but not middle_degree_shares gives it to middle schools too (as "
       "before 0.17.0)",
       "1",
       "bachelor or higher 0.745: MoE 2022 statistical bulletin (小学专任教师中本科以上学历比例 "
       "74.53%; 2023: 78.03%, MoE press conference 2024-03-01); the split of the rest is an "
       "assumption: graduate 0.02 of it, and 0.04 below an associate degree (2016: 6.35% of "
       "primary teachers had less than 专科, Wang Dinghua, MoE press conference reported "
       "2017-09-04)"});
  schema::shares(
      v, "middle_degree_shares", middle_degree_shares, kDegreeNames,
      {"shares of the highest degrees at the start in middle schools (sum 1)", "1",
       "bachelor or higher 0.917: MoE 2022 statistical bulletin (初中专任教师中本科以上学历比例 "
       "91.71%, 学历合格率, associate or higher, 99.94%; 2023: 93.09%, SCIO press conference, "
       "August 2024); assumption: graduate "
       "0.04 of it"});
  schema::shares(v, "backbone_shares", backbone_shares, kBackboneNames,
                 {"shares of backbone levels at the start (sum 1)", "1",
                  "Qiaodong: backbone and award-level teachers 31% of staff"});
  v.field("pe_art_share", pe_art_share,
          {0,
           1,
           {"share of music, PE and fine-arts teachers", "1",
            "MoE 2022-09-27 press conference (Liu Changya): 674,000 PE and 830,000 arts "
            "teachers in compulsory education in 2021, of 10,571,900 full-time teachers (MoE "
            "2021 statistical bulletin): 0.142"}});
  v.field("initial_morale", initial_morale,
          {0,
           1,
           {"morale at the start", "0..1",
            "assumption: morale.base, an urban school's equilibrium at mean pay"}});
}

void KindergartenTypeSpec::visit(schema::Visitor& v) {
  v.field("name", name,
          {{"prefix of the generated kindergarten names (default: kindergarten-zone)"}});
  v.field("zone", zone, {{"urban, town or rural"}});
  v.field("private", is_private,
          {"private (民办) kindergartens; false: public (公办). Private heads are not public "
           "cadres and take no part in cadre rotation"});
  v.field(
      "count", count,
      {0,
       100000,
       {"number of kindergartens of this type", "kindergartens", "setting: the district's make-up"},
       true});
  v.field("size_sd", size_sd,
          {0,
           3,
           {"log-SD of each kindergarten's share of its zone's enrolled children", "1",
            "assumption: sizes vary about as much as the schools' (30%)"}});
}

namespace {
constexpr std::string_view kKindergartenPostSource =
    "assumption: fewer senior posts than primary schools (promotion.post_shares); one ladder "
    "for kindergartens and schools since 人社部发〔2015〕79号";
}  // namespace

void KindergartenTeacherSpec::visit(schema::Visitor& v) {
  v.field(
      "entry_age", entry_age,
      {15,
       40,
       {"age of a novice kindergarten teacher", "years",
        "assumption: a three-year pre-school (学前教育) diploma after senior secondary school"}});
  v.field("retirement_age", retirement_age,
          {40,
           75,
           {"retirement age of kindergarten teachers, heads and deputy heads (cadre rotation "
            "exempts those within leader_rotation.years_before_retirement of it)",
            "years",
            "国发〔1978〕104号 国务院关于安置老弱病残干部的暂行办法: women cadres retire at 55; "
            "assumption: every kindergarten teacher a woman (the raise from 2025 is not "
            "modelled)"}});
  v.field("quit_rate_public", quit_rate_public,
          {0,
           1,
           {"yearly share of the teachers, heads and deputy heads of a public kindergarten who "
            "leave before retirement",
            "1/year",
            "assumption: as the tenured (编制) school teachers' early-career rate of the seed "
            "scenarios (demography.quit_rate_early 0.02, calibrated on Qiaodong)"}});
  v.field("quit_rate_private", quit_rate_private,
          {0,
           1,
           {"yearly share of the teachers, heads and deputy heads of a private kindergarten who "
            "leave before retirement",
            "1/year",
            "assumption: private (民办) staff hold short contracts and leave several times as "
            "often as tenured staff; no figure was read"}});
  v.section(
      "post_shares",
      schema::SectionSpec{
          {"maximum share of a kindergarten's teachers holding each title grade above "
           "三级 (三级 is unlimited); vacant posts are filled by promotion.min_years_in_grade "
           "and effectiveness",
           "1", kKindergartenPostSource}},
      [this](schema::Visitor& grades) {
        for (std::size_t g = 1; g < kTitleGrades; ++g)
          grades.real(
              kTitleNames[g], post_shares[g],
              {0, 1, {"maximum share of posts at this grade", "1", kKindergartenPostSource}});
      });
  v.field("private_pay_ratio", private_pay_ratio,
          {0,
           2,
           {"pay of a private kindergarten teacher per yuan of the public scale (pay.title_salary "
            "of the teacher's title)",
            "1",
            "assumption: private kindergartens pay well below the public scale; no figure "
            "was read"}});
}

void KindergartenSpec::visit(schema::Visitor& v) {
  v.field("types", types,
          schema::ListSpec{{"kindergarten types of a generated district, each generating `count` "
                            "kindergartens (default none: no kindergarten level)"},
                           false,
                           0,
                           100000});
  schema::per_zone(
      v, "attendance_rate", attendance_rate, {0, 1.5, {"", "1"}},
      {"gross kindergarten enrolment: children enrolled per child of ages 3-5 of the zone (the "
       "zone's primary entry cohort per year group), shared among the zone's kindergartens",
       "1",
       "MoE 2023年全国教育事业发展统计公报 (2024): gross pre-school enrolment rate 91.1% in "
       "2023; the same in every zone is an assumption (no zone figures)"});
  v.section(
      "max_class_size",
      schema::SectionSpec{{"largest class of each year group (小班, 中班, 大班)", "children",
                           "劳人编〔1987〕32号 全日制、寄宿制幼儿园编制标准(试行): 小班 20-25, "
                           "中班 26-30, 大班 31-35 children"}},
      [this](schema::Visitor& groups) {
        for (std::size_t g = 0; g < kYearGroups; ++g)
          groups.real(kYearGroupNames[g], max_class_size[g],
                      {1, 100, {"largest class of this year group", "children"}});
      });
  v.field("teachers_per_class", teachers_per_class,
          {0,
           10,
           {"full-time teachers (专任教师) per class", "teachers",
            "教师〔2013〕1号 幼儿园教职工配备标准(暂行): full-day kindergartens, 2 teachers and 1 "
            "care worker per class (or 3 teachers)"}});
  v.field("care_staff_per_class", care_staff_per_class,
          {0,
           10,
           {"care staff (保育员) per class", "staff",
            "教师〔2013〕1号 幼儿园教职工配备标准(暂行): 1 care worker per class"}});
  v.field("one_deputy_from_classes", one_deputy_from_classes,
          {1,
           1000,
           {"classes from which a kindergarten has a deputy head beside its head", "classes",
            "教师〔2013〕1号: heads (园长) 1 below 6 classes, at most 2 with 6-9, 3 from 10"}});
  v.field("two_deputies_from_classes", two_deputies_from_classes,
          {1,
           1000,
           {"classes from which a kindergarten has two deputy heads", "classes",
            "教师〔2013〕1号: heads (园长) 1 below 6 classes, at most 2 with 6-9, 3 from 10"}});
  v.field("private_effectiveness_shift", private_effectiveness_shift,
          {-1,
           1,
           {"mean teacher effectiveness of private kindergartens relative to public ones", "SD",
            "assumption: neutral by default; a scenario sets a gap where it models one"}});
  v.field("entry_effect", entry_effect,
          {-1,
           1,
           {"effect of kindergarten quality at school entry: grade-1 entrants of a zone's "
            "primaries gain entry_effect x attendance_rate x (the mean teacher effectiveness of "
            "the kindergartens the zone's 大班 children left - the district's mean over all "
            "leavers); zero-sum over the district; 0: off",
            "SD per SD",
            "assumption: off (0) by default; the seeds report no effect of kindergarten quality "
            "on achievement and edusim estimates none, so a study sets one to explore it"}});
  v.field("teachers", teachers,
          {{"kindergarten teachers as agents: ages, quits, title posts and pay"}});
}

void DataSource::visit(schema::Visitor& v) {
  v.field("schools", schools, {{"schools table (CSV; columns in docs/data-tables.md)"}, true});
  v.field("teachers", teachers, {{"teachers table (CSV)"}, true});
  v.field("enrolment", enrolment, {{"enrolment table (CSV): students per school and grade"}, true});
  v.field("kindergartens", kindergartens,
          {{"kindergartens table (CSV, optional; columns in docs/data-tables.md)"}});
  v.field("keep_names", keep_names,
          {"write the tables' school names to outputs (default: 'school <index>', for privacy)"});
}

void DistrictSpec::visit(schema::Visitor& v) {
  v.field("name", name, {{"district name (for reports)"}});
  v.field("radius_km", radius_km,
          {0.5,
           1000,
           {"radius of the district; urban schools near the centre, rural far", "km",
            "setting: the district's geography"}});
  v.field("schools", schools,
          schema::ListSpec{{"school types of a generated district, each generating `count` "
                            "schools (one of schools, from_data, from_snapshot)"},
                           false,
                           0,
                           100000});
  v.field("from_data", from_data,
          {{"build the district from tables instead (paths relative to the scenario file)"}});
  v.field("from_snapshot", from_snapshot,
          {{"start from a snapshot stored in an earlier run's HDF5 file (edusim run "
            "--snapshot-at)"}});
  v.field("snapshot_year", snapshot_year,
          {0,
           2500,
           {"calendar year of the snapshot to start from (0: the file's only one)", "year",
            "setting"}});
  v.field("students", students, {{"student population"}});
  v.field("teachers", teachers, {{"teacher workforce at the start"}});
  v.field("kindergartens", kindergartens,
          {{"the kindergarten level (幼儿园): types, attendance and staffing norms"}});
}

}  // namespace edusim

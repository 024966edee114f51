#include "scenario/scenario.hpp"

namespace edusim {

void RunParams::visit(schema::Visitor& v) {
  v.field("years", years, {1, 500, {"simulated years", "years", "setting: the study's horizon"}});
  v.field("seed", seed,
          {0,
           INT64_MAX,
           {"master random seed; with run_index it fixes every random draw", "",
            "setting: replicates differ by it"}});
  v.field("world_seed", world_seed,
          {-1,
           INT64_MAX,
           {"seed of the generated district (schools, teachers, students, groups, leaders); "
            "-1: run.seed. Give it to keep one district while run.seed redraws the years",
            "", "setting: common random numbers (docs/sweeps.md)"}});
  v.field("start_year", start_year,
          {1900, 2500, {"calendar year of the generated world", "year", "setting"}});
  v.field("run_index", run_index,
          {0,
           UINT32_MAX,
           {"index of this run in a sweep (part of the random key)", "",
            "setting: given by the sweep"}});
  v.field(
      "spin_up_years", spin_up_years,
      {0,
       200,
       {"years the generated or loaded district is stepped under its no-policy rules "
        "before the first recorded year (not written, not counted in run.years); ignored "
        "for a district.from_snapshot start, which is already a simulated state",
        "years",
        "setting, a design choice: from a generated start (teachers at their stationary age mix, "
        "district.teachers.age_distribution) the school gaps of the baseline and the county "
        "scenario rise for about 25 years, then settle (every student replaced after 9 years, "
        "the workforce's effectiveness mix after 20-30); after 40 years no 10-year trend is "
        "distinguishable from zero (tests/scenario/test_stationarity.cpp, 20 replicates); a "
        "county of 100,000 students spins up in under a second"}});
}

void Scenario::visit(schema::Visitor& v) {
  v.field("run", run, {{"length and random seed of the run"}});
  v.field("district", district, {{"the district to generate"}, true});
  v.field("structure", structure,
          {{"education groups (集团化办学) and alliances (学区/共同体): given or generated"}});
  v.field("enrolment", enrolment, {{"yearly grade-1 intake"}});
  v.field("demography", demography, {{"teacher ageing, retirement and attrition"}});
  v.field("school_strength", strength,
          {{"which schools count as weak and strong (rotation, hiring, low-title high-hire)"}});
  v.field("consolidation", consolidation,
          {{"closing small weak village schools (撤并): a plan or a rule"}});
  v.field("drift", drift,
          {{"families moving children from rural to town and urban schools (城挤); new places"}});
  v.field("school_choice", school_choice,
          {{"families seeking a better middle school than the catchment one (小升初择校); "
            "admission by score or lottery"}});
  v.field("leaders", leaders, {{"school leaders (校级干部): principals and vice-principals"}});
  v.field("shadow_posts", shadow_posts,
          {{"young teachers spending a year at a lead or strong school (跟岗)"}});
  v.field("rotation", rotation, {{"teacher rotation between schools (交流轮岗)"}});
  v.field("leader_rotation", leader_rotation, {{"rotation of school leaders (干部交流)"}});
  v.field("transfers", transfers,
          {{"voluntary transfers (调动): teachers moving from rural to town and urban schools and "
            "from weak to stronger ones"}});
  v.field("part_time_exchange", part_time_exchange,
          {{"PE/art teachers teaching part of their load at another school (兼职交流, 兼课)"}});
  v.field("training", training, {{"training places (培训): targets, gains, cost"}});
  v.field("subject_guidance", subject_guidance,
          {{"backbone teachers guiding weak subjects in other schools (学科指导)"}});
  v.field("hiring", hiring, {{"filling vacancies against the staffing norm"}});
  v.field("promotion", promotion, {{"professional titles and post quotas (职称, 岗位结构比例)"}});
  v.field("backbone", backbone, {{"recognition of backbone teachers (骨干教师)"}});
  v.field("low_title_high_hire", low_title_high_hire,
          {{"posts one grade above the title with its pay (低职高聘)"}});
  v.field("growth", growth, {{"teacher professional growth"}});
  v.field("mentoring", mentoring,
          {{"mentoring: new-old pairing, master-teacher studios, training at a strong school"}});
  v.field("group_spillover", group_spillover,
          {{"growth pulled toward the lead (or core) school in groups and alliances"}});
  v.field("online_classroom", online_classroom,
          {{"lessons delivered remotely by lead-school teachers (三个课堂, 双师同步课堂)"}});
  v.field("learning", learning, {{"the student achievement update"}});
  v.field("morale", morale, {{"teacher morale and burnout"}});
  v.field("pay", pay, {{"salaries by title grade"}});
  v.field("housing", housing, {{"teacher housing (周转房): units per school, morale, cost"}});
  v.field("facilities_investment", facilities_investment,
          {{"yearly spending on school facilities (the national balance indicators)"}});
  v.field("group_evaluation", group_evaluation,
          {{"bundled group evaluation (捆绑考核): funding for narrowing a group's gap"}});
  v.field("metrics", metrics, {{"settings of the measurement (not of the model)"}});
  v.field("balance_standard", balance_standard,
          {{"the national quality-balanced standard the district is assessed against"}});
  v.field("outputs", outputs,
          {{"yearly aggregates of a student or teacher column defined by the researcher, each "
            "written as /custom/<name> (docs/output-schema.md, Custom outputs); written by "
            "edusim run and edusim sweep --run, not by sweeps or national runs"},
           false,
           0,
           256});
}

}  // namespace edusim

#!/usr/bin/python3
"""Writes schools.csv, teachers.csv and enrolment.csv of the Qiaodong example district.

Qiaodong district (桥东区), Zhangjiakou, Hebei, as of 2019, built from the public figures of
one article (橋東區教育和體育局, "張家口橋東教育資源'大洗牌'!學校佈局更優了"; see README.md)
plus assumptions. Every figure taken from the article is marked ARTICLE below; everything else
is an ASSUMPTION, written here as code so that it can be read, argued with and changed.

Run from anywhere:  /usr/bin/python3 scenarios/data/qiaodong/make_tables.py
Standard library only; a fixed seed makes the output byte-identical on every run.
"""

import csv
import math
import os
import random

SEED = 20190  # fixed: the tables are data, not a draw
HERE = os.path.dirname(os.path.abspath(__file__))
START_YEAR = 2019  # ARTICLE: the latest figures are for 2019

# --- district-wide figures -------------------------------------------------------------

# ARTICLE: 低職高聘 "按全區教職工總數的10%" and "2019年低職高聘教師人數為198名"
# => total staff 198 / 10% = 1,980. ASSUMPTION: all 1,980 are teachers of the 21 schools
# (kindergarten and non-teaching staff are not separated out by the article).
UPLIFT_2019 = 198
STAFF = round(UPLIFT_2019 / 0.10)  # 1980
# ARTICLE: "國家級優秀園丁、省級特級教師、省市區級骨幹教師佔到教師總數的31%".
# ASSUMPTION: these are district level or above (no school-level label); 2/3 district,
# 1/3 city-or-above (our top level, `city`, holds city, provincial and national titles).
BACKBONE_SHARE = 0.31
BACKBONE_CITY_FRACTION = 1 / 3
# ARTICLE: "2014年至2018年,全區招聘和引進教師共計218人,均為全日制本科以上學歷,其中研究生22人".
HIRES_2014_2018 = 218
HIRES_GRADUATE = 22
# ARTICLE (policy): "新任教師首先安排到農村校或薄弱校任教" - new teachers go first to rural or
# weak schools. ASSUMPTION: hiring weights by school kind (below).
HIRE_WEIGHT = {"strong": 0.6, "ordinary": 1.0, "weak": 2.0, "town": 2.0, "rural": 3.0}
# ASSUMPTION: national staffing norms (中央编办 2014): students per teacher.
RATIO = {"primary": 19.0, "middle": 13.5}
# ASSUMPTION: small town and village schools need more teachers per student (small classes,
# every subject covered); strong schools run slightly leaner.
STAFFING_FACTOR = {"strong": 0.97, "ordinary": 1.0, "weak": 1.0, "town": 1.1, "rural": 1.3}
PE_ART_SHARE = 0.12  # ASSUMPTION: music, PE and fine-arts teachers (the model's default)

# --- facilities: national balance thresholds (教督〔2017〕6号) per student -------------------
THRESHOLD = {
    "primary": {"floor": 4.5, "sports": 7.5, "equipment": 2000, "multimedia": 2.3},
    "middle": {"floor": 5.8, "sports": 10.2, "equipment": 2500, "multimedia": 2.4},
}
# ASSUMPTION: multipliers of the thresholds. Old urban schools are short of land (sports
# grounds below the threshold), fringe schools have land but less equipment; strong schools
# are better equipped, weak ones worse; plus a school-level spread (lognormal, 8%).
ZONE_FACTOR = {
    "urban": {"floor": 1.0, "sports": 0.9, "equipment": 1.05, "multimedia": 1.05},
    "town": {"floor": 1.0, "sports": 1.2, "equipment": 0.95, "multimedia": 0.95},
    "rural": {"floor": 1.1, "sports": 1.6, "equipment": 0.85, "multimedia": 0.9},
}
STRENGTH_FACTOR = {"strong": 1.1, "ordinary": 1.0, "weak": 0.92, "town": 1.0, "rural": 1.0}
FACILITY_SPREAD = 0.08

# ASSUMPTION: who the schools' teachers are beyond the article: talent of new hires and SES
# of the intake relative to the zone mean (strong schools attract both), in SD.
TALENT_SHIFT = {"strong": 0.04, "ordinary": 0.0, "weak": -0.03, "town": -0.02, "rural": -0.04}
SES_MEAN = {"strong": 0.6, "ordinary": 0.4, "weak": 0.2, "town": 0.0, "rural": -0.5}

# --- the 21 schools --------------------------------------------------------------------
# ARTICLE: "以現有的5所中學為基點 ... 強力打造'五中'和'七中'兩大教育集團,捆綁二十一中(五中一校區)
# 和十二中(五中北校區、五中西校區)等薄弱中學共同發展" - 5 middle schools, 2 education groups.
# ASSUMPTION: No.12's two campuses are one school here; the fifth middle school, unnamed in
# the article, joins No.7's group (the only group with one member otherwise) and lies on the
# town fringe. Students per grade of a middle school: those of its feeder primaries.
G5, G7 = "五中教育集团", "七中教育集团"
MIDDLE = [
    # id, name, zone, kind, (x, y) km from the district centre, group, role
    ("M05", "张家口市第五中学", "urban", "strong", (0.4, 0.3), G5, "lead"),
    ("M07", "张家口市第七中学", "urban", "strong", (-1.2, 1.0), G7, "lead"),
    ("M21", "张家口市第二十一中学 (五中一校区)", "urban", "weak", (1.8, -1.5), G5, "member"),
    ("M12", "张家口市第十二中学 (五中北校区、西校区)", "urban", "weak", (-0.6, 3.2), G5, "member"),
    ("M99", "桥东区第五所初中 (文中未具名)", "town", "weak", (5.5, -3.5), G7, "member"),
]
# ARTICLE: "以寶善街小學、衛華小學、東風小學3所優質小學為核心,將全區16所小學進行資源整合,
# 組建成為三大學區聯盟" - 16 primaries, 3 alliances around 3 strong schools.
# ASSUMPTION: the 13 other primaries are unnamed ("桥东区小学 4".."16"), 5/5/6 per alliance;
# zones: the article sends new teachers to "農村校" (rural schools), so the district has
# some; we take 2 town and 2 rural primaries on the fringe, the rest urban. Students per
# grade: cores 340-380, ordinary urban 180-300, town 110-130, rural 40-45.
A1, A2, A3 = "宝善街学区", "卫华学区", "东风学区"
PRIMARY = [
    # id, name, zone, kind, (x, y), alliance, students per grade, catchment middle school
    ("P01", "宝善街小学", "urban", "strong", (0.1, 0.8), A1, 380, "M05"),
    ("P02", "卫华小学", "urban", "strong", (-1.6, 0.4), A2, 350, "M07"),
    ("P03", "东风小学", "urban", "strong", (0.9, 2.2), A3, 340, "M07"),
    ("P04", "桥东区小学 4", "urban", "ordinary", (1.1, -0.4), A1, 280, "M05"),
    ("P05", "桥东区小学 5", "urban", "ordinary", (-0.3, -0.9), A1, 240, "M05"),
    ("P06", "桥东区小学 6", "urban", "ordinary", (2.4, -1.1), A1, 260, "M21"),
    ("P07", "桥东区小学 7", "urban", "ordinary", (1.5, -2.6), A1, 220, "M21"),
    ("P08", "桥东区小学 8", "urban", "ordinary", (-1.4, 2.9), A2, 300, "M12"),
    ("P09", "桥东区小学 9", "urban", "ordinary", (0.2, 3.8), A2, 230, "M12"),
    ("P10", "桥东区小学 10", "urban", "ordinary", (-2.5, 1.8), A2, 250, "M07"),
    ("P11", "桥东区小学 11", "town", "town", (4.6, -4.4), A2, 130, "M99"),
    ("P12", "桥东区小学 12", "urban", "ordinary", (2.9, 0.2), A3, 270, "M21"),
    ("P13", "桥东区小学 13", "urban", "ordinary", (3.4, -2.2), A3, 180, "M99"),
    ("P14", "桥东区小学 14", "town", "town", (6.3, -2.4), A3, 110, "M99"),
    ("P15", "桥东区小学 15", "rural", "rural", (8.8, -5.1), A3, 45, "M99"),
    ("P16", "桥东区小学 16", "rural", "rural", (9.6, -1.7), A3, 40, "M99"),
]
# ARTICLE: "教育集團以名校校長為領銜校長,由專家顧問、各分校區校長組成集團決策機構 ... 通過整體規劃"
# and No.21 / No.12 are No.5's campuses (校區): one leadership over the campuses, the
# tight-integration type (紧密融合型). ASSUMPTION: No.7's group is run the same way.
GROUP_TYPE = {G5: "tight_integration", G7: "tight_integration"}
# ARTICLE: the three quality primaries are the alliances' cores (以...3所優質小學為核心).
ALLIANCE_CORES = {"P01", "P02", "P03"}
GRADE_NOISE = 0.04  # ASSUMPTION: relative SD of a grade's size around the school's mean
MIDDLE_RETENTION = 0.98  # ASSUMPTION: share of grade-6 leavers who enter the public middle schools

# --- teachers ------------------------------------------------------------------------
# ASSUMPTION: the 218 hires of 2014-2018 are the only teachers with 1-5 years of teaching in
# 2019 (no other recent entrants, no attrition among them); the others started by 2013.
AGE_MEAN, AGE_SD, AGE_MIN, AGE_MAX = 43.0, 8.0, 28, 59  # ASSUMPTION: an ageing workforce
# ASSUMPTION: highest degree of teachers hired before 2014, by age (many upgraded in service).
DEGREE_BY_AGE = [  # (age below, shares of secondary_normal, associate, bachelor, graduate)
    (40, (0.00, 0.15, 0.78, 0.07)),
    (50, (0.05, 0.35, 0.57, 0.03)),
    (99, (0.25, 0.45, 0.29, 0.01)),
]
DEGREES = ["secondary_normal", "associate", "bachelor", "graduate"]
TITLES = ["third", "second", "first", "senior", "professor"]
MIN_EXPERIENCE = {"third": 0, "second": 2, "first": 6, "senior": 11, "professor": 20}
# ASSUMPTION: title by years of teaching (三级 .. 正高级; 正高级 is very rare).
TITLE_BY_EXPERIENCE = [  # (experience up to, shares of third, second, first, senior, professor)
    (2, (1.00, 0.00, 0.00, 0.00, 0.00)),
    (5, (0.30, 0.70, 0.00, 0.00, 0.00)),
    (10, (0.00, 0.70, 0.30, 0.00, 0.00)),
    (20, (0.00, 0.35, 0.60, 0.05, 0.00)),
    (30, (0.00, 0.10, 0.65, 0.245, 0.005)),
    (99, (0.00, 0.05, 0.60, 0.34, 0.01)),
]


# --- rotation history 2014-2018 ------------------------------------------------------
# ARTICLE: "從2014年到2018年,全區輪崗交流教師累計496人次,區級以上骨幹教師全部有輪崗經歷" - 496
# person-times of rotation in 2014-2018, and every district-or-higher backbone teacher has
# rotated. ARTICLE: "2019年,符合交流條件的教師681人,正在交流的教師132人,交流人數達到19.4%" -
# the rotating teachers are counted among the eligible (132 / 681), so the 496 are eligible
# teachers (the young teachers who come to train at the main campuses are not counted).
ROTATIONS_2014_2018 = 496
ROTATION_YEARS = list(range(2014, 2019))
# ASSUMPTION: the district's eligibility rule is the one scenarios/qiaodong.yaml applies (and
# the model counts): 6 years at the school counting the year of the round (教师〔2014〕4号:
# 6 consecutive years), not within 10 years of retirement at 60 (local rules exempt women from
# 50 and men from 55). One-year terms; a return restarts the count, so nobody rotates twice in
# the five years. The person-times are spread evenly over the years; in each year
# district-or-higher backbone teachers go first (the article: all of them have rotated), the
# rest are drawn at random among the eligible. A teacher back from a term that started in year
# Y has 2018 - Y years at its school at the start of 2019.
ROTATION_MIN_YEARS = 6
ROTATION_AGE_LIMIT = 50  # exclusive


def pick(rng, shares, names):
    return rng.choices(names, weights=shares)[0]


def largest_remainder(total, weights):
    """Integers proportional to weights summing to total."""
    exact = [total * w / sum(weights) for w in weights]
    out = [math.floor(e) for e in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - out[i], reverse=True)
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def fmt(x, digits=1):
    return f"{x:.{digits}f}"


def main():
    rng = random.Random(SEED)

    # enrolment per school and grade
    enrolment = {}  # id -> {grade: students}
    for sid, _, _, _, _, _, per_grade, _ in PRIMARY:
        enrolment[sid] = {g: max(1, round(rng.gauss(per_grade, per_grade * GRADE_NOISE)))
                          for g in range(1, 7)}
    for sid, *_ in MIDDLE:
        feeders = [p for p in PRIMARY if p[7] == sid]
        mean = MIDDLE_RETENTION * sum(p[6] for p in feeders)
        enrolment[sid] = {g: round(rng.gauss(mean, mean * GRADE_NOISE / 2)) for g in range(7, 10)}

    schools = []  # dicts in table order: middle schools, then primaries
    for sid, name, zone, kind, (x, y), group, role in MIDDLE:
        schools.append(dict(id=sid, name=name, level="middle", zone=zone, kind=kind, x=x, y=y,
                            catchment="", group=group, role=role, alliance=""))
    for sid, name, zone, kind, (x, y), alliance, _, catchment in PRIMARY:
        schools.append(dict(id=sid, name=name, level="primary", zone=zone, kind=kind, x=x, y=y,
                            catchment=catchment, group="", role="none", alliance=alliance))

    # staff per school: students / norm x staffing factor, scaled to the 1,980 total
    for s in schools:
        s["students"] = sum(enrolment[s["id"]].values())
    need = [s["students"] / RATIO[s["level"]] * STAFFING_FACTOR[s["kind"]] for s in schools]
    for s, n in zip(schools, largest_remainder(STAFF, need)):
        s["teachers"] = n
    hires = largest_remainder(HIRES_2014_2018,
                              [s["teachers"] * HIRE_WEIGHT[s["kind"]] for s in schools])
    for s, h in zip(schools, hires):
        s["hires"] = h

    # facilities around the national thresholds
    for s in schools:
        for key in ("floor", "sports", "equipment", "multimedia"):
            factor = (ZONE_FACTOR[s["zone"]][key] * STRENGTH_FACTOR[s["kind"]] *
                      math.exp(rng.gauss(0, FACILITY_SPREAD)))
            per_student = THRESHOLD[s["level"]][key] * factor
            s[key] = per_student * (s["students"] / 100 if key == "multimedia" else s["students"])

    # teachers
    teachers = []
    graduate_hires = set(rng.sample(range(HIRES_2014_2018), HIRES_GRADUATE))
    hire_years = [2014 + i % 5 for i in range(HIRES_2014_2018)]  # about 44 a year
    rng.shuffle(hire_years)
    hire_no = 0
    for s in schools:
        for k in range(s["teachers"]):
            t = dict(school=s["id"], kind=s["kind"])
            if k < s["hires"]:  # hired 2014-2018
                graduate = hire_no in graduate_hires
                experience = START_YEAR - hire_years[hire_no]
                hire_no += 1
                entry_age = rng.randint(24, 27) if graduate else rng.choice([22, 22, 23, 23, 24])
                t.update(age=entry_age + experience, experience=experience,
                         degree="graduate" if graduate else "bachelor", years_at_school=experience)
            else:  # started by 2013
                age = AGE_MAX + 1
                while not AGE_MIN <= age <= AGE_MAX:
                    age = round(rng.gauss(AGE_MEAN, AGE_SD))
                entry_age = rng.randint(19, 24)
                experience = max(6, age - entry_age - (rng.randint(1, 3) if rng.random() < 0.1 else 0))
                degree = pick(rng, next(sh for top, sh in DEGREE_BY_AGE if age < top), DEGREES)
                years_at_school = experience if rng.random() < 0.35 else rng.randint(1, experience)
                t.update(age=age, experience=experience, degree=degree,
                         years_at_school=years_at_school)
            shares = next(sh for top, sh in TITLE_BY_EXPERIENCE if t["experience"] <= top)
            title = pick(rng, shares, TITLES)
            while MIN_EXPERIENCE[title] > t["experience"]:
                title = TITLES[TITLES.index(title) - 1]
            t["title"] = title
            t["years_in_title"] = rng.randint(0, min(t["experience"] - MIN_EXPERIENCE[title], 15))
            t["subject"] = "pe_art" if rng.random() < PE_ART_SHARE else "core"
            t["uplift"] = False
            t["backbone"] = "none"
            teachers.append(t)

    # 低职高聘: exactly 198 (10% of staff) hold a post one grade above their title;
    # ASSUMPTION: experienced teachers long in their title, weighted by years in title.
    eligible = [t for t in teachers
                if t["title"] != "professor" and t["experience"] >= 6 and t["years_in_title"] >= 3]
    for t in weighted_sample(rng, eligible, [t["years_in_title"] for t in eligible], UPLIFT_2019):
        t["uplift"] = True

    # backbone and award-level teachers: 31% of staff; ASSUMPTION: 8+ years of teaching,
    # weighted by title and by school (strong schools hold more of them).
    title_weight = {"third": 0.0, "second": 0.3, "first": 1.0, "senior": 2.5, "professor": 5.0}
    school_weight = {"strong": 1.5, "ordinary": 1.0, "weak": 0.8, "town": 0.7, "rural": 0.7}
    eligible = [t for t in teachers if t["experience"] >= 8]
    weights = [title_weight[t["title"]] * school_weight[t["kind"]] for t in eligible]
    chosen = weighted_sample(rng, eligible, weights, round(BACKBONE_SHARE * len(teachers)))
    chosen.sort(key=lambda t: title_weight[t["title"]] + rng.random(), reverse=True)
    n_city = round(BACKBONE_CITY_FRACTION * len(chosen))
    for i, t in enumerate(chosen):
        t["backbone"] = "city" if i < n_city else "district"

    rotated = rotation_history(rng, teachers)

    write_tables(schools, teachers, enrolment)
    print(f"{len(schools)} schools, {len(teachers)} teachers, "
          f"{sum(s['students'] for s in schools)} students, "
          f"{sum(t['uplift'] for t in teachers)} title_uplift, "
          f"{sum(t['backbone'] != 'none' for t in teachers)} backbone, "
          f"{rotated} rotated 2014-2018, {eligible_2019(teachers)} eligible in 2019")


def eligible_in(t, year):
    """The district's rule in the round of school `year` (counting that year, as the model)."""
    back = START_YEAR - year
    return (t["years_at_school"] - back + 1 >= ROTATION_MIN_YEARS
            and t["age"] - back + 1 < ROTATION_AGE_LIMIT)


def eligible_2019(teachers):
    return sum(eligible_in(t, START_YEAR) for t in teachers)


def rotation_history(rng, teachers):
    """Sends the 496 person-times of 2014-2018 (one-year terms) and restarts their clocks."""
    done = set()
    for year, quota in zip(ROTATION_YEARS, largest_remainder(ROTATIONS_2014_2018,
                                                             [1] * len(ROTATION_YEARS))):
        pool = [i for i, t in enumerate(teachers) if i not in done and eligible_in(t, year)]
        rng.shuffle(pool)
        pool.sort(key=lambda i: teachers[i]["backbone"] == "none")  # stable: backbone first
        if len(pool) < quota:
            raise SystemExit(f"{year}: only {len(pool)} eligible for {quota} rotations")
        for i in pool[:quota]:
            done.add(i)
            teachers[i]["years_at_school"] = START_YEAR - 1 - year
    return len(done)


def weighted_sample(rng, items, weights, k):
    """k distinct items, each draw proportional to weight (Efraimidis-Spirakis keys)."""
    keyed = [(rng.random() ** (1.0 / w), i) for i, w in enumerate(weights) if w > 0]
    keyed.sort(reverse=True)
    if len(keyed) < k:
        raise SystemExit(f"only {len(keyed)} candidates for {k} places")
    return [items[i] for _, i in keyed[:k]]


def write_tables(schools, teachers, enrolment):
    with open(os.path.join(HERE, "schools.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name", "level", "zone", "x_km", "y_km", "catchment", "floor_area_m2",
                    "sports_area_m2", "equipment_value_yuan", "multimedia_classrooms", "ses_mean",
                    "talent_shift", "group", "group_role", "group_type", "alliance",
                    "alliance_core"])
        for s in schools:
            w.writerow([s["id"], s["name"], s["level"], s["zone"], fmt(s["x"]), fmt(s["y"]),
                        s["catchment"], round(s["floor"]), round(s["sports"]),
                        int(round(s["equipment"], -3)), max(1, round(s["multimedia"])),
                        fmt(SES_MEAN[s["kind"]]), fmt(TALENT_SHIFT[s["kind"]], 2), s["group"],
                        s["role"], GROUP_TYPE.get(s["group"], ""), s["alliance"],
                        "true" if s["id"] in ALLIANCE_CORES else ""])
    with open(os.path.join(HERE, "enrolment.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["school", "grade", "students"])
        for s in schools:
            for grade, n in sorted(enrolment[s["id"]].items()):
                w.writerow([s["id"], grade, n])
    with open(os.path.join(HERE, "teachers.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "school", "age", "experience", "years_at_school", "years_in_title",
                    "title", "title_uplift", "degree", "backbone", "subject"])
        for i, t in enumerate(teachers, start=1):
            w.writerow([f"T{i:04d}", t["school"], t["age"], t["experience"], t["years_at_school"],
                        t["years_in_title"], t["title"], "true" if t["uplift"] else "false",
                        t["degree"], t["backbone"], t["subject"]])


# ARTICLE: "以花園幼兒園、橋東第一幼兒園、紅旗樓幼兒園為龍頭的三個幼兒園集團,分別結對幫扶4-5個民辦
# 幼兒園" (幼教連鎖化): three public kindergarten groups, each lead pairing with 4-5 private
# kindergartens (結對幫扶).
KINDERGARTEN_GROUPS = (("K01", "花园幼儿园", 5), ("K02", "桥东第一幼儿园", 5),
                       ("K03", "红旗楼幼儿园", 4))
# ASSUMPTION: which group pairs with 4 private kindergartens (the article says 4-5); every
# kindergarten urban (Qiaodong is the city's central district); no other kindergartens (the
# article names no others); children, staff and locations not given: each kindergarten takes
# an equal share of the district's enrolled children (district.kindergartens.attendance_rate)
# and the class norms (docs/data-tables.md).


def write_kindergartens():
    """kindergartens.csv: the three groups' public leads and their private members (no random
    numbers, so the other tables stay as they were)."""
    with open(os.path.join(HERE, "kindergartens.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "name", "zone", "private", "group", "group_role"])
        for lead_id, name, members in KINDERGARTEN_GROUPS:
            group = f"{name}集团"
            w.writerow([lead_id, name, "urban", "false", group, "lead"])
            for m in range(1, members + 1):
                w.writerow([f"{lead_id}P{m}", f"{name}结对民办园{m}", "urban", "true", group,
                            "member"])


if __name__ == "__main__":
    main()
    write_kindergartens()

#!/usr/bin/env python3
"""A minimal twin of edusim's core model, written the way a researcher would write it with
numpy: whole-array (vectorized) operations, no Python loop over students or teachers.

It exists to measure how fast edusim is against that style (tests/perf/compare_twin.py), and
its faithfulness is checked by tests/python/test_numpy_twin.py. It reads the same inputs as
edusim: a district written by `edusim export-world` (schools.csv, teachers.csv,
enrolment.csv and the scenario.yaml with every parameter), and runs, every year, in edusim's
order:

  1. teacher demography   (sim/phases/demography.cpp): ageing, retirement at retirement_age,
     voluntary quits with the same hazard (career stage x zone x exp(morale, burnout));
  2. school strength      (sim/phases/school_strength.cpp): weak / strong shares of each level
     by the mean effectiveness of the school's teachers;
  3. rotation             (sim/phases/rotation.cpp, simplified): terms end and teachers return;
     quota_share of the eligible teachers (years at school, not near retirement, not
     rotating) of strong schools go one way to weak schools of the same level, in edusim's
     sending order (primary first, backbone first, most effective first); receivers take
     them round-robin, neediest first, at most max(1, max_share_per_school x teachers) each
     (edusim re-ranks receivers by deficit after each move with a heap and enforces a
     backbone floor; the twin does neither);
  4. student progression  (sim/phases/progression.cpp): grade 9 graduates, grade 6 moves to
     the catchment middle school (shuffled into grade 7), the others move up a grade, grade 1
     is a new cohort of base_intake x (1 + intake_growth)^year x lognormal noise with SES and
     entry achievement drawn as edusim draws them; classes are near-equal splits of each
     cohort at max_class_size;
  5. hiring               (sim/phases/hiring.cpp, placement "need", no cap): every post short
     of the staffing norm is filled by a novice whose talent is drawn from district.teachers.
     talent plus the school's talent_shift, PE/art posts first while the school is short;
  6. class assignment     (sim/phases/class_assignment.cpp): each school's core teachers in a
     random order, class j of the school taught by teacher j mod (number of core teachers);
  7. learning             (sim/phases/learning.cpp), exactly edusim's update:
       v' = teacher_persistence * v + (1 - teacher_durable_share) * e_class
       a' = prior_persistence * (a - v) + teacher_durable_share * e_class + v'
            + peer_effect * (mean of the class's other students - grade mean)
            + ses_effect * ses + resource_effect * resource_index + noise_sd * N(0, 1)
     with e_class = class_teacher_weight * (e_teacher - settling_penalty if settling)
                    + (1 - class_teacher_weight) * mean e of the school's core teachers;
  8. a few yearly metrics (mean, SD, urban-rural gap, top-bottom quartile school gap).

Student state is float32 as in edusim. Random numbers come from numpy's PCG64, so a twin run
matches edusim in distribution, not draw for draw. Not modelled (and switched off on the
edusim side of the comparison): teacher growth, morale dynamics, promotion, backbone
recognition, leaders, groups, and every other policy.

Usage: numpy_twin.py EXPORT_DIR [--years 10] [--seed 1] [--json]
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import pathlib
import time

import numpy as np
import yaml

LEVELS = {"primary": 0, "middle": 1}
ZONES = {"urban": 0, "town": 1, "rural": 2}
# National balance standard thresholds (sim/metrics/balance_standard.hpp), primary and middle:
# floor area, sports area (m2/student), equipment (yuan/student), multimedia rooms per 100.
THRESHOLDS = np.array([[4.5, 5.8], [7.5, 10.2], [2000.0, 2500.0], [2.3, 2.4]])


def read_csv(path: pathlib.Path) -> dict[str, list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {k: [r[k] for r in rows] for k in (rows[0].keys() if rows else [])}


def truncated_normal(rng, mean, sd, lo, hi, n):
    """Normal draws redrawn until inside [lo, hi] (mean may be an array of length n)."""
    mean = np.broadcast_to(np.asarray(mean, dtype=float), (n,))
    out = rng.normal(mean, sd) if sd > 0 else mean.copy()
    bad = (out < lo) | (out > hi)
    for _ in range(100):
        if not bad.any():
            break
        out[bad] = rng.normal(mean[bad], sd)
        bad = (out < lo) | (out > hi)
    return np.clip(out, lo, hi)


def lround(x):
    return np.floor(np.asarray(x) + 0.5).astype(np.int64)


class District:
    """Schools, teachers and students as numpy arrays (one array per field)."""

    def __init__(self, folder: pathlib.Path, seed: int, params_override: dict | None = None):
        folder = pathlib.Path(folder)
        self.p = yaml.safe_load(open(folder / "scenario.yaml", encoding="utf-8"))
        for section, values in (params_override or {}).items():
            self.p.setdefault(section, {}).update(values)
        self.rng = np.random.default_rng(seed)
        self._read_schools(read_csv(folder / "schools.csv"))
        self._read_teachers(read_csv(folder / "teachers.csv"))
        self._read_enrolment(read_csv(folder / "enrolment.csv"))
        self.year = 0
        self.layout()
        self.assign_classes()
        self.initialise_value_added()

    # ---- inputs ------------------------------------------------------------

    def _read_schools(self, t):
        ids = t["id"]
        self.school_index = {s: i for i, s in enumerate(ids)}
        self.level = np.array([LEVELS[x] for x in t["level"]])
        self.zone = np.array([ZONES[x] for x in t["zone"]])
        self.catchment = np.array([self.school_index.get(x, -1) if x else -1
                                   for x in t["catchment"]])
        self.max_class = np.array([int(x) if int(x) > 0 else (45 if lv == 0 else 50)
                                   for x, lv in zip(t["max_class_size"], self.level)])
        self.facilities = np.array([[float(v) for v in t[k]] for k in (
            "floor_area_m2", "sports_area_m2", "equipment_value_yuan", "multimedia_classrooms")])
        self.facilities[3] *= 100.0  # rooms per 100 students
        ses_zone = self.p["district"]["students"]["ses_mean"]
        self.ses_mean = np.array([float(x) if x != "" else ses_zone[z] for x, z in
                                  zip(t["ses_mean"], t["zone"])])
        self.talent_shift = np.array([float(x or 0) for x in t["talent_shift"]])
        self.n_schools = len(ids)

    def _read_teachers(self, t):
        n = len(t["id"])
        self.t_id = np.arange(n)
        self.next_teacher_id = n
        self.t_school = np.array([self.school_index[s] for s in t["school"]])
        self.t_home = self.t_school.copy()
        self.t_age = np.array(t["age"], dtype=np.int64)
        self.t_exp = np.array(t["experience"], dtype=np.int64)
        yas = np.array(t["years_at_school"], dtype=np.int64)
        self.t_yas = np.where(yas < 0, self.t_exp, yas)
        self.t_core = np.array([s == "core" for s in t["subject"]])
        self.t_backbone = np.array([["none", "school", "district", "city"].index(b)
                                    for b in t["backbone"]])
        self.t_eff = np.array(t["effectiveness"], dtype=float)
        self.t_morale = np.array(t["morale"], dtype=float)
        self.t_burnout = np.array(t["burnout"], dtype=float)
        self.t_dest = np.full(n, -1)
        self.t_left = np.zeros(n, dtype=np.int64)
        self.t_settling = np.zeros(n, dtype=np.int64)

    def _read_enrolment(self, t):
        school = np.array([self.school_index[s] for s in t["school"]])
        grade = np.array(t["grade"], dtype=np.int64)
        count = np.array(t["students"], dtype=np.int64)
        self.base_intake = np.zeros(self.n_schools, dtype=np.int64)
        first = np.where(self.level[school] == 0, 1, 7)
        self.base_intake[school[grade == first]] = count[grade == first]
        self.s_school = np.repeat(school, count)
        self.s_grade = np.repeat(grade, count)
        self.s_ses, self.s_ach = self.draw_students(self.s_school)
        self.s_va = np.zeros(len(self.s_school), dtype=np.float32)
        self.s_new7 = np.zeros(len(self.s_school), dtype=bool)

    def draw_students(self, school):
        spec = self.p["district"]["students"]
        n = len(school)
        ses = self.ses_mean[school] + spec["ses_sd"] * self.rng.standard_normal(n)
        ach = spec["entry_ses_slope"] * ses + spec["entry_sd"] * self.rng.standard_normal(n)
        return ses.astype(np.float32), ach.astype(np.float32)

    # ---- layout: students by school, grade, class -----------------------------

    def layout(self):
        """Sorts students by school and grade (grade-7 arrivals shuffled, every other
        cohort in its order) and splits each cohort into near-equal classes."""
        n = len(self.s_school)
        position = np.arange(n, dtype=float)
        key = np.where(self.s_new7, self.rng.random(n) * n, position)
        order = np.lexsort((key, self.s_grade, self.s_school))
        for name in ("s_school", "s_grade", "s_ses", "s_ach", "s_va"):
            setattr(self, name, getattr(self, name)[order])
        self.s_new7 = np.zeros(n, dtype=bool)
        cohort = self.s_school * 10 + self.s_grade
        starts = np.flatnonzero(np.r_[True, cohort[1:] != cohort[:-1]]) if n else np.array([], int)
        sizes = np.diff(np.r_[starts, n])
        k = -(-sizes // self.max_class[self.s_school[starts]])  # classes per cohort
        rank = np.arange(n) - np.repeat(starts, sizes)
        within = ((rank + 1) * np.repeat(k, sizes) - 1) // np.repeat(sizes, sizes)
        first_class = np.r_[0, np.cumsum(k)[:-1]]
        self.s_class = np.repeat(first_class, sizes) + within
        n_classes = int(k.sum())
        self.c_school = np.repeat(self.s_school[starts], k)
        self.c_grade = np.repeat(self.s_grade[starts], k)
        self.c_size = np.bincount(self.s_class, minlength=n_classes)
        self.school_students = np.bincount(self.s_school, minlength=self.n_schools)

    # ---- phases --------------------------------------------------------------

    def demography(self):
        d = self.p["demography"]
        self.t_age += 1
        self.t_exp += 1
        self.t_yas += 1
        retire = self.t_age >= d["retirement_age"]
        base = np.where(self.t_exp <= d["early_career_years"], d["quit_rate_early"],
                        np.where(self.t_age >= d["late_career_age"], d["quit_rate_late"],
                                 d["quit_rate_mid"]))
        zone_mult = np.array([d["quit_zone_multiplier"][z] for z in ZONES])
        hazard = np.minimum(
            base * zone_mult[self.zone[self.t_school]]
            * np.exp(d["quit_morale_slope"] * (d["reference_morale"] - self.t_morale)
                     + d["quit_burnout_slope"] * self.t_burnout), d["max_quit_rate"])
        quit = self.rng.random(len(hazard)) < hazard
        self.keep_teachers(~(retire | quit))
        self.retired, self.quit = int(retire.sum()), int((quit & ~retire).sum())

    def keep_teachers(self, keep):
        for name in [a for a in vars(self) if a.startswith("t_")]:
            setattr(self, name, getattr(self, name)[keep])

    def school_mean_effectiveness(self):
        count = np.bincount(self.t_school, minlength=self.n_schools)
        total = np.bincount(self.t_school, weights=self.t_eff, minlength=self.n_schools)
        with np.errstate(invalid="ignore", divide="ignore"):
            return total / count, count

    def school_strength(self):
        p = self.p["school_strength"]
        mean, count = self.school_mean_effectiveness()
        self.strength = np.ones(self.n_schools, dtype=np.int64)  # 0 weak, 1 ordinary, 2 strong
        for lv in (0, 1):
            ranked = np.flatnonzero((self.level == lv) & (count > 0))
            ranked = ranked[np.argsort(mean[ranked], kind="stable")]
            n = len(ranked)
            weak = int(lround(p["weak_share"] * n))
            strong = min(n - weak, int(lround(p["strong_share"] * n)))
            self.strength[ranked[:weak]] = 0
            self.strength[ranked[n - strong:]] = 2

    def rotation(self):
        r = self.p["rotation"]
        self.t_settling = np.maximum(self.t_settling - 1, 0)
        away = self.t_dest >= 0
        self.t_left[away] -= 1
        ended = away & (self.t_left <= 0)
        self.t_school[ended] = self.t_home[ended]
        self.t_yas[ended] = 0
        self.t_dest[ended] = -1
        self.t_left[ended] = 0
        self.rotations = 0
        if not r["enabled"]:
            return
        max_age = self.p["demography"]["retirement_age"] - r["years_before_retirement"]
        eligible = ((self.t_dest < 0) & (self.t_age < max_age) & ~ended
                    & (self.t_yas >= r["eligibility_years"]))
        quota = int(lround(r["quota_share"] * eligible.sum()))
        mean, count = self.school_mean_effectiveness()
        cand = np.flatnonzero(eligible & (self.strength[self.t_school] == 2))
        # edusim's sending order: primary first, backbone first, most effective, lower id.
        cand = cand[np.lexsort((self.t_id[cand], -self.t_eff[cand],
                                self.t_backbone[cand] < 2, self.level[self.t_school[cand]]))]
        movers, dests = [], []
        for lv in (0, 1):  # two levels: the loop is over levels, not teachers
            pool = (self.level == lv) & (count > 0)
            reference = np.sum(mean[pool] * count[pool]) / max(count[pool].sum(), 1)
            recv = np.flatnonzero(pool & (self.strength == 0) & (mean < reference))
            recv = recv[np.argsort(mean[recv] - reference, kind="stable")]  # neediest first
            room = np.maximum(1, np.floor(r["max_share_per_school"] * count[recv] + 1e-9)
                              ).astype(np.int64)
            slot_school = np.repeat(recv, room)
            slot_round = np.arange(len(slot_school)) - np.repeat(np.cumsum(room) - room, room)
            slots = slot_school[np.lexsort((np.repeat(np.arange(len(recv)), room), slot_round))]
            c = cand[self.level[self.t_school[cand]] == lv]
            n = min(len(c), len(slots), quota - len(movers))
            movers.extend(c[:n])
            dests.extend(slots[:n])
        movers, dests = np.array(movers, dtype=np.int64), np.array(dests, dtype=np.int64)
        self.t_school[movers] = dests
        self.t_dest[movers] = dests
        self.t_left[movers] = r["term_years"]
        self.t_yas[movers] = 0
        self.t_settling[movers] = r["settling_years"]
        self.t_morale[movers] = np.clip(self.t_morale[movers] - r["morale_shock"], 0, 1)
        self.t_burnout[movers] = np.clip(self.t_burnout[movers] + r["burnout_shock"], 0, 1)
        self.rotations = len(movers)

    def progression(self):
        e = self.p["enrolment"]
        primary = self.level[self.s_school] == 0
        graduate = ~primary & (self.s_grade == 9)
        to_middle = primary & (self.s_grade == 6)
        leaves = graduate | (to_middle & (self.catchment[self.s_school] < 0))
        self.s_school = np.where(to_middle, self.catchment[self.s_school], self.s_school)
        self.s_grade = self.s_grade + 1
        self.s_new7 = to_middle
        keep = ~leaves
        for name in ("s_school", "s_grade", "s_ses", "s_ach", "s_va", "s_new7"):
            setattr(self, name, getattr(self, name)[keep])
        primaries = np.flatnonzero(self.level == 0)
        trend = self.base_intake[primaries] * (1.0 + e["intake_growth"]) ** self.year
        noise = np.exp(e["intake_noise_sd"] * self.rng.standard_normal(len(primaries)))
        intake = lround(np.minimum(trend * noise, 1e8))
        school = np.repeat(primaries, intake)
        ses, ach = self.draw_students(school)
        self.s_school = np.r_[self.s_school, school]
        self.s_grade = np.r_[self.s_grade, np.ones(len(school), dtype=np.int64)]
        self.s_ses = np.r_[self.s_ses, ses]
        self.s_ach = np.r_[self.s_ach, ach]
        self.s_va = np.r_[self.s_va, np.zeros(len(school), dtype=np.float32)]
        self.s_new7 = np.r_[self.s_new7, np.zeros(len(school), dtype=bool)]
        self.layout()

    def hiring(self):
        h, spec = self.p["hiring"], self.p["district"]["teachers"]
        if not h["enabled"]:
            return
        ratio = np.array([spec["student_teacher_ratio"]["primary"],
                          spec["student_teacher_ratio"]["middle"]])[self.level]
        n = self.school_students
        target = np.where(n > 0, np.maximum(1, np.ceil(n / ratio - 1e-9)), 0).astype(np.int64)
        have = np.bincount(self.t_school, minlength=self.n_schools)
        vacant = np.maximum(0, target - have)
        pe_art = np.bincount(self.t_school[~self.t_core], minlength=self.n_schools)
        gap = lround(spec["pe_art_share"] * target) - pe_art
        school = np.repeat(np.arange(self.n_schools), vacant)
        k = len(school)
        rank = np.arange(k) - np.repeat(np.cumsum(vacant) - vacant, vacant)
        talent = spec["talent"]
        new = {
            "t_id": self.next_teacher_id + np.arange(k),
            "t_school": school, "t_home": school,
            "t_age": lround(truncated_normal(self.rng, h["age"]["mean"], h["age"]["sd"],
                                             h["age"]["min"], h["age"]["max"], k)),
            "t_exp": np.zeros(k, dtype=np.int64), "t_yas": np.zeros(k, dtype=np.int64),
            "t_core": ~(rank < gap[school]),
            "t_backbone": np.zeros(k, dtype=np.int64),
            "t_eff": truncated_normal(
                self.rng, talent["mean"] + h["applicant_quality_shift"] + self.talent_shift[school],
                talent["sd"], talent["min"], talent["max"], k),
            "t_morale": np.full(k, spec["initial_morale"]), "t_burnout": np.zeros(k),
            "t_dest": np.full(k, -1), "t_left": np.zeros(k, dtype=np.int64),
            "t_settling": np.zeros(k, dtype=np.int64),
        }
        self.next_teacher_id += k
        for name, values in new.items():
            setattr(self, name, np.r_[getattr(self, name), values])
        self.hires = k

    def assign_classes(self):
        n = len(self.t_school)
        order = np.lexsort((self.rng.random(n), ~self.t_core, self.t_school))
        ts = self.t_school[order]
        start = np.searchsorted(ts, np.arange(self.n_schools))
        total = np.bincount(self.t_school, minlength=self.n_schools)
        core = np.bincount(self.t_school[self.t_core], minlength=self.n_schools)
        pool = np.where(core > 0, core, total)
        first_class = np.searchsorted(self.c_school, np.arange(self.n_schools))
        j = np.arange(len(self.c_school)) - first_class[self.c_school]
        s = self.c_school
        has = pool[s] > 0
        self.c_teacher = np.full(len(s), -1)
        self.c_teacher[has] = order[start[s[has]] + j[has] % pool[s[has]]]

    def class_effectiveness(self):
        lp = self.p["learning"]
        core_count = np.bincount(self.t_school[self.t_core], minlength=self.n_schools)
        core_sum = np.bincount(self.t_school[self.t_core], weights=self.t_eff[self.t_core],
                               minlength=self.n_schools)
        sub = lp["substitute_effectiveness"]
        core_mean = np.where(core_count > 0, core_sum / np.maximum(core_count, 1), sub)
        staffed = np.bincount(self.t_school, minlength=self.n_schools) > 0
        school_term = np.where(staffed, core_mean, sub)[self.c_school]
        t = self.c_teacher
        own = np.full(len(t), sub)
        has = t >= 0
        own[has] = self.t_eff[t[has]] - lp["settling_penalty"] * (self.t_settling[t[has]] > 0)
        w = lp["class_teacher_weight"]
        return w * own + (1 - w) * school_term

    def resource_index(self):
        students = np.maximum(self.school_students, 1)
        ratios = self.facilities / students / THRESHOLDS[:, self.level]
        return np.clip(np.log(np.maximum(ratios, 1e-3)), -2, 2).mean(axis=0)

    def initialise_value_added(self):
        lp = self.p["learning"]
        scale = (1 - lp["teacher_durable_share"]) / (1 - min(lp["teacher_persistence"], 0.999))
        v = (self.class_effectiveness() * scale).astype(np.float32)
        self.s_va = v[self.s_class]
        self.s_ach = self.s_ach + self.s_va

    def learning(self):
        lp = self.p["learning"]
        e = self.class_effectiveness()
        class_mean = np.bincount(self.s_class, weights=self.s_ach, minlength=len(e)) / \
            np.maximum(self.c_size, 1)
        grade_sum = np.bincount(self.c_grade, weights=class_mean * self.c_size, minlength=10)
        grade_n = np.bincount(self.c_grade, weights=self.c_size, minlength=10)
        grade_mean = grade_sum / np.maximum(grade_n, 1)
        shared = lp["resource_effect"] * self.resource_index()[self.c_school]
        # Peers: the class's other students (a class of one has none).
        size = self.c_size[self.s_class].astype(float)
        others = np.where(size > 1, (class_mean[self.s_class] * size - self.s_ach) /
                          np.maximum(size - 1, 1), grade_mean[self.c_grade][self.s_class])
        peer = lp["peer_effect"] * (others - grade_mean[self.c_grade][self.s_class])
        noise = self.rng.standard_normal(len(self.s_ach), dtype=np.float32)
        durable = lp["teacher_durable_share"]
        v_next = lp["teacher_persistence"] * self.s_va + (1 - durable) * e[self.s_class]
        a_next = (lp["prior_persistence"] * (self.s_ach - self.s_va) + durable * e[self.s_class]
                  + v_next + shared[self.s_class] + peer + lp["ses_effect"] * self.s_ses
                  + lp["noise_sd"] * noise)
        self.s_va = v_next.astype(np.float32)
        self.s_ach = a_next.astype(np.float32)

    def metrics(self) -> dict:
        a = self.s_ach.astype(float)
        n = np.bincount(self.s_school, minlength=self.n_schools)
        mean = np.bincount(self.s_school, weights=a, minlength=self.n_schools) / np.maximum(n, 1)
        with_students = np.flatnonzero(n > 0)
        ranked = with_students[np.argsort(mean[with_students], kind="stable")]
        q = max(1, int(lround(len(ranked) / 4)))
        top, bottom = ranked[-q:], ranked[:q]
        zone = self.zone[self.s_school]
        return {
            "year": self.year, "students": len(a), "teachers": len(self.t_school),
            "achievement_mean": float(a.mean()), "achievement_sd": float(a.std()),
            "achievement_gap_urban_rural": float(a[zone == 0].mean() - a[zone == 2].mean())
            if (zone == 0).any() and (zone == 2).any() else math.nan,
            "achievement_gap_top_bottom_quartile": float(
                np.sum(mean[top] * n[top]) / n[top].sum()
                - np.sum(mean[bottom] * n[bottom]) / n[bottom].sum()),
            "retirements": getattr(self, "retired", 0), "quits": getattr(self, "quit", 0),
            "rotations": getattr(self, "rotations", 0), "hires": getattr(self, "hires", 0),
        }

    def step(self) -> dict:
        self.demography()
        self.school_strength()
        self.rotation()
        self.progression()
        self.hiring()
        self.assign_classes()
        self.learning()
        self.year += 1
        return self.metrics()


def run_twin(folder, years: int, seed: int = 1, params_override: dict | None = None) -> dict:
    """Loads the exported district, runs `years` years, and returns the timing and the
    metrics of every year. Loading is not timed (edusim's generation is not either)."""
    d = District(pathlib.Path(folder), seed, params_override)
    initial = d.metrics()
    trajectory, student_years = [], 0
    start = time.perf_counter()
    for _ in range(years):
        m = d.step()
        trajectory.append(m)
        student_years += m["students"]
    seconds = time.perf_counter() - start
    return {"students": initial["students"], "teachers": initial["teachers"], "years": years,
            "seconds_per_year": seconds / years, "student_years_per_s": student_years / seconds,
            "initial": initial, "trajectory": trajectory}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", help="a district written by `edusim export-world`")
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="print the whole result as JSON")
    a = ap.parse_args()
    r = run_twin(a.folder, a.years, a.seed)
    if a.json:
        print(json.dumps(r, indent=1))
    else:
        print(f"numpy twin: {r['students']} students, {r['years']} years, "
              f"{r['seconds_per_year']:.4f} s per year, "
              f"{r['student_years_per_s'] / 1e6:.2f} M student-years/s")


if __name__ == "__main__":
    main()

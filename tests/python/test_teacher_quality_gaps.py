"""analysis/teacher_quality_gaps.py: the Goldhaber experiment's pieces, and the whole study on a
tiny county (2 replicates, 3 years) in seconds."""
import re

import numpy as np
import pytest
import yaml

from analysis import teacher_quality_gaps as T
from conftest import REPO

TINY = """\
run: {years: 3, start_year: 2020, spin_up_years: 5}
district:
  name: tiny
  schools:
    - {name: urban primary, level: primary, zone: urban, count: 2, effectiveness_shift: 0.04,
       students_per_grade: {mean: 40, sd: 5, min: 20, max: 60}}
    - {name: village primary, level: primary, zone: rural, count: 3, effectiveness_shift: -0.04,
       students_per_grade: {mean: 20, sd: 5, min: 10, max: 40}}
    - {name: town middle, level: middle, zone: town, count: 1,
       students_per_grade: {mean: 60, sd: 5, min: 30, max: 90}}
"""


def _snapshot(zone_of_school, class_school, class_teacher, sizes, eff, exp, ses):
    return {"school_zone": np.array(zone_of_school), "class_school": np.array(class_school),
            "class_teacher": np.array(class_teacher),
            "student_begin": np.concatenate([[0], np.cumsum(sizes)]),
            "teacher_effectiveness": np.array(eff, float),
            "teacher_experience": np.array(exp, float), "student_ses": np.array(ses, float),
            "teacher_school": np.array([0, 1, 1])}


def test_exposure_gaps_weight_students_by_their_class_teacher():
    # School 0 urban, school 1 rural. Class 0 (urban, 3 students) taught by teacher 0
    # (0.4 SD, 20 years); class 1 (rural, 1 student) by teacher 1 (0.2, 2); class 2 (rural,
    # 2 students) by teacher 2 (0.3, 5). Others (urban): 0.4, 20; rural students: (0.2 + 2 *
    # 0.3) / 3, (2 + 2 * 5) / 3.
    snap = _snapshot([0, 2], [0, 1, 1], [0, 1, 2], [3, 1, 2], [0.4, 0.2, 0.3], [20, 2, 5],
                     [1.0, 1.1, 1.2, -1.0, 0.5, 0.6])
    g = T.exposure_gaps(snap)
    assert g["effectiveness, rural"] == pytest.approx(0.4 - 0.8 / 3)
    assert g["experience, rural"] == pytest.approx(20 - 12 / 3)
    # Bottom SES quartile of six students: below the 25th percentile (0.525), the student of
    # class 1 and the first of class 2.
    assert g["effectiveness, low SES"] == pytest.approx((3 * 0.4 + 0.3) / 4 - (0.2 + 0.3) / 2)
    assert g["experience, low SES"] == pytest.approx((3 * 20 + 5) / 4 - (2 + 5) / 2)
    # A class without a teacher leaves its students out.
    snap["class_teacher"] = np.array([0, -1, 2])
    assert T.exposure_gaps(snap)["effectiveness, rural"] == pytest.approx(0.4 - 0.3)


def test_a_gap_closes_in_the_first_year_at_most_a_tenth_of_its_start():
    assert T.first_closed(np.array([1.0, 0.5, 0.2, 0.09, 0.3]), 1.0) == 3
    assert T.first_closed(np.array([1.0, 0.5, -0.2]), 1.0) == 2  # overshooting counts
    assert np.isinf(T.first_closed(np.array([1.0, 0.9, 0.8]), 1.0))
    assert np.isnan(T.first_closed(np.array([-0.1, 0.0]), -0.1))  # no gap to close
    rng = np.random.default_rng(1)
    m = np.array([[1.0, 0.5, 0.05], [1.2, 0.6, 0.1], [0.8, 0.4, 0.0]])
    c = T.years_to_close(m, rng, draws=200)
    assert c["years"] == 2 and c["lo"] <= 2 <= c["hi"]


def test_the_levers_equalise_the_zones_at_the_teacher_weighted_mean():
    sq = T.status_quo(yaml.safe_load(TINY))
    assert sq["transfers"]["destination"] == "upward" and sq["hiring"]["school_pull"] == 1.0
    shares = np.array([0.5, 0.2, 0.3])
    assert T.lever_overrides("hiring", sq, shares) == {"hiring": {"school_pull": 0.0}}
    mob = T.lever_overrides("mobility", sq, shares)["transfers"]
    assert mob["destination"] == "any"
    assert list(mob["zone_multiplier"].values()) == pytest.approx(
        [0.5 * 0.25 + 0.2 * 0.5 + 0.3] * 3)
    # Attrition: each zone's multiplier scaled by the county quit rate over the zone's.
    rates = np.array([0.02, 0.04, 0.10])
    att = T.lever_overrides("attrition", sq, shares, rates)["demography"]["quit_zone_multiplier"]
    q = 0.5 * 0.02 + 0.2 * 0.04 + 0.3 * 0.10
    assert att == {"urban": pytest.approx(q / 0.02), "town": pytest.approx(1.2 * q / 0.04),
                   "rural": pytest.approx(1.5 * q / 0.10)}
    # Expected quit rates, zone by zone, are then all q (the status quo's m_z gave Q_z).
    assert all(att[z] / m * r == pytest.approx(q)
               for z, m, r in zip(T.ZONES, T.QUIT_ZONE_DEFAULT, rates))
    # Without usable rates: one multiplier, the teacher-weighted mean.
    flat = T.lever_overrides("attrition", sq, shares, np.array([0.02, 0.0, 0.1]))
    assert list(flat["demography"]["quit_zone_multiplier"].values()) == pytest.approx(
        [0.5 + 0.2 * 1.2 + 0.3 * 1.5] * 3)
    b = T.branch(sq, ("hiring", "attrition"), REPO / "x.h5", 2020, shares, rates)
    assert b["district"] == {"from_snapshot": str(REPO / "x.h5"), "snapshot_year": 2020}
    assert b["hiring"]["school_pull"] == 0.0 and "quit_zone_multiplier" in b["demography"]
    assert b["transfers"]["destination"] == "upward"


def test_the_zone_defaults_are_the_models():
    ref = (REPO / "docs" / "scenario-reference.md").read_text(encoding="utf-8")

    def default(key):
        row = rf"^\| `{re.escape(key)}` \| (?:number|integer) \| ([0-9.]+) \|"
        return float(re.search(row, ref, re.M).group(1))
    assert T.TRANSFER_ZONE_DEFAULT == tuple(default(f"transfers.zone_multiplier.{z}")
                                            for z in T.ZONES)
    assert T.QUIT_ZONE_DEFAULT == tuple(default(f"demography.quit_zone_multiplier.{z}")
                                        for z in T.ZONES)
    assert T.SPIN_UP_DEFAULT == default("run.spin_up_years")


def test_the_study_runs_on_a_tiny_county(edusim_bin, tmp_path):
    base = tmp_path / "tiny.yaml"
    base.write_text(TINY, encoding="utf-8")
    out = tmp_path / "tqg.md"
    assert T.main(["--replicates", "2", "--years", "3", "--edusim", str(edusim_bin),
                   "--base", str(base), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "revision draft" in text
    for name in T.SCENARIOS:
        assert any(line.startswith(f"| {name} |") for line in text.splitlines()), name
    assert "## Against Goldhaber et al. (2023)" in text
    assert (tmp_path / "figures" / f"{T.FIGURE}.png").stat().st_size > 0
    rows = out.with_suffix(".csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + len(T.SCENARIOS) * len(T.GAPS)


def test_branches_share_the_status_quos_start_and_its_draws(edusim_bin, tmp_path):
    # The status quo continued from its own year-0 snapshot (no lever) is the status quo:
    # same world, same seed, same draws, so the same gaps every year.
    base = yaml.safe_load(TINY)
    res = T.run_study(edusim_bin, base, [11], 2, jobs=1,
                      scenarios={"status quo": (), "same": ()})
    for g in T.GAPS:
        np.testing.assert_array_equal(res["status quo"][0]["gaps"][g], res["same"][0]["gaps"][g])

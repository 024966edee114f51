"""Faithfulness of the numpy twin (tests/perf/numpy_twin.py) to edusim: the twin is only a
fair yardstick for edusim's speed if it computes the same model. Nothing here is timed."""
import pathlib
import subprocess
import sys

import h5py
import numpy as np
import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "perf"))
import numpy_twin  # noqa: E402

# The mechanisms the twin has; everything else off on the edusim side too.
CORE_ONLY = """
leaders: {enabled: false}
growth: {enabled: false}
morale: {enabled: false}
promotion: {enabled: false}
backbone: {enabled: false}
group_spillover: {enabled: false}
"""


def edusim_years(edusim_bin, scenario, out, years):
    # The twin starts from the exported tables as they are: no spin-up (run.spin_up_years).
    subprocess.run([str(edusim_bin), "run", str(scenario), "-o", str(out), "--years",
                    str(years), "--set", "run.spin_up_years=0", "--quiet", "--force"],
                   check=True)
    with h5py.File(out) as f:
        return {k: np.asarray(f["/district/" + k][:]) for k in
                ("students", "achievement_mean", "retirements", "quits", "hires", "rotations")}


def export(edusim_bin, scenario, folder):
    subprocess.run([str(edusim_bin), "export-world", str(scenario), "-o", str(folder),
                    "--force"], check=True, capture_output=True)
    return folder


@pytest.fixture(scope="module")
def one_school(tmp_path_factory, edusim_bin):
    """One primary school of 6 classes of 40, 13 identical teachers (the staffing norm at
    1:19), no noise, no SES spread, no quits: learning is then deterministic."""
    d = tmp_path_factory.mktemp("one_school")
    (d / "schools.csv").write_text(
        "id,name,level,zone,floor_area_m2,sports_area_m2,equipment_value_yuan,"
        "multimedia_classrooms\nS,only,primary,urban,1000,1500,500000,6\n")
    (d / "teachers.csv").write_text("id,school,age,experience,title,degree,effectiveness\n" + "".join(
        f"T{i},S,30,5,second,bachelor,0.25\n" for i in range(13)))
    (d / "enrolment.csv").write_text(
        "school,grade,students\n" + "".join(f"S,{g},40\n" for g in range(1, 7)))
    (d / "tables.yaml").write_text(f"""
run: {{years: 6, seed: 3}}
district:
  name: one school
  from_data: {{schools: schools.csv, teachers: teachers.csv, enrolment: enrolment.csv}}
  students: {{ses_sd: 0, entry_sd: 0}}
enrolment: {{intake_noise_sd: 0}}
demography: {{quit_rate_early: 0, quit_rate_mid: 0, quit_rate_late: 0}}
learning: {{noise_sd: 0}}
{CORE_ONLY}""")
    return export(edusim_bin, d / "tables.yaml", d / "world")


def test_learning_trajectory_matches_edusim_without_noise(one_school, edusim_bin, tmp_path):
    years = 6
    ours = edusim_years(edusim_bin, one_school / "scenario.yaml", tmp_path / "r.h5", years)
    twin = numpy_twin.run_twin(one_school, years, seed=5)
    twin_mean = [twin["initial"]["achievement_mean"]] + [
        m["achievement_mean"] for m in twin["trajectory"]]
    # Same inputs and no random term left: the two agree to float rounding (about 1e-8),
    # while the mean moves (value added builds up, grade 6 leaves, entrants arrive).
    assert np.ptp(ours["achievement_mean"]) > 0.03
    np.testing.assert_allclose(twin_mean, ours["achievement_mean"], atol=1e-5)
    assert [twin["initial"]["students"]] + [m["students"] for m in twin["trajectory"]] == \
        list(ours["students"].astype(int))


@pytest.fixture(scope="module")
def county(tmp_path_factory, edusim_bin, repo_root):
    """The baseline county with rotation on (one way) and deterministic intake sizes."""
    d = tmp_path_factory.mktemp("county")
    base = (repo_root / "scenarios" / "baseline.yaml").read_text()
    (d / "county.yaml").write_text(base + "\nenrolment: {intake_noise_sd: 0}\n"
                                   "rotation: {enabled: true, exchange: one_way}\n" + CORE_ONLY)
    return export(edusim_bin, d / "county.yaml", d / "world")


def test_head_counts_evolve_as_in_edusim(county, edusim_bin, tmp_path):
    years = 5
    ours = edusim_years(edusim_bin, county / "scenario.yaml", tmp_path / "c.h5", years)
    twin = numpy_twin.run_twin(county, years, seed=7)
    traj = twin["trajectory"]
    # Progression has no random term when intake noise is off: identical enrolment.
    assert [m["students"] for m in traj] == list(ours["students"][1:].astype(int))
    # Teacher flows are random (different generators): totals over the years agree within
    # a few standard errors (counts of about 50-350).
    for key, tolerance in (("retirements", 0.35), ("quits", 0.2), ("hires", 0.2),
                           ("rotations", 0.35)):
        twin_total = sum(m[key] for m in traj)
        our_total = float(ours[key][1:].sum())
        assert our_total > 0
        assert abs(twin_total - our_total) <= tolerance * our_total, (key, twin_total, our_total)
    # Achievement: same mean level within sampling noise, and the same direction of drift.
    assert abs(traj[-1]["achievement_mean"] - ours["achievement_mean"][-1]) < 0.05

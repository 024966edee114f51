"""The calibration script (analysis/calibration.py) and its targets file: the table logic on
known numbers, a tiny real run (2 replicates x 2 years of Qiaodong), and that every target
maps to a metric that exists and a scenario that validates."""
from __future__ import annotations

import math
import subprocess

import h5py
import numpy as np
import pytest
import yaml

from analysis import calibration as C
from analysis import replicates as R


@pytest.fixture(scope="module")
def targets(repo_root):
    return C.load_targets(repo_root / "scenarios" / "calibration_targets.yaml")


def test_reduce_rows_takes_values_sums_and_means():
    s = np.array([np.nan, 10.0, 20.0, 30.0])
    assert C.reduce_rows(s, "value", [1]) == 10.0
    assert C.reduce_rows(s, "sum", [1, 2, 3]) == 60.0
    assert C.reduce_rows(s, "mean", [1, 2, 3]) == 20.0
    assert math.isnan(C.reduce_rows(s, "value", [4]))  # beyond a shorter run


def test_table_gives_mean_interval_error_and_verdict():
    base = {"district": "x", "name": "n", "year": 2019, "tuned": "none", "metric": "hires",
            "reduce": "value", "rows": [1], "note": "", "phrase": "", "source": "s",
            "bound": "exact", "scenario": "s.yaml"}
    ts = [dict(base, id="a", value=100, kind="emergent"),
          dict(base, id="b", value=100, kind="emergent"),
          dict(base, id="c", value=100, kind="input"),
          dict(base, id="d", value=100, kind="emergent", bound="lower")]
    values = list(np.linspace(95, 115, 21))  # mean 105, 5th-95th percentile 96..114
    sims = {"s.yaml": {"targets": {"a": values, "b": [130.0] * 21, "c": [80.0] * 21,
                                   "d": [150.0] * 21}}}
    rows = {r["id"]: r for r in C.table(ts, sims, tolerance=0.10)}
    assert rows["a"]["mean"] == pytest.approx(105)
    assert rows["a"]["lo"] == pytest.approx(96) and rows["a"]["hi"] == pytest.approx(114)
    assert rows["a"]["rel_error"] == pytest.approx(0.05)
    assert rows["a"]["verdict"] == "within"
    assert rows["b"]["rel_error"] == pytest.approx(0.30) and rows["b"]["verdict"] == "outside"
    assert rows["c"]["verdict"] == "input off"
    assert rows["d"]["verdict"] == "within"  # "at least 100": 150 passes


def test_every_target_is_complete_and_unique(targets):
    ids = [t["id"] for t in targets["targets"]]
    assert len(ids) == len(set(ids))
    for t in targets["targets"]:
        for key in ("district", "scenario", "name", "value", "year", "source", "phrase",
                    "metric", "reduce", "rows", "kind", "tuned", "note"):
            assert t.get(key) not in (None, ""), f"{t['id']}: {key} missing"
    kinds = {t["kind"] for t in targets["targets"]}
    assert kinds == {"input", "emergent"}
    for n in targets["not_compared"]:
        assert n["reason"] and n["phrase"]


def test_every_target_maps_to_an_existing_metric(targets, repo_root, edusim_bin, tmp_path):
    """Each scenario validates, and each metric is a /district series of its run file (or a
    derived figure) within the scenario's horizon."""
    by_scenario = {}
    for t in targets["targets"]:
        by_scenario.setdefault(t["scenario"], []).append(t)
    for scenario, ts in by_scenario.items():
        path = repo_root / scenario
        out = tmp_path / (path.stem + ".h5")
        subprocess.run([str(edusim_bin), "run", str(path), "-o", str(out), "--years", "1",
                        "--quiet", "--threads", "1"], check=True)
        with h5py.File(out, "r") as f:
            names = list(f["district"].keys())
            for t in ts:
                assert R.known_metric(t["metric"], names), f"{t['id']}: no metric {t['metric']}"
                assert len(R.series(f, t["metric"])) == 2
        # The scenario's own horizon covers every row the targets read.
        horizon = yaml.safe_load(path.read_text(encoding="utf-8"))["run"]["years"]
        assert max(r for t in ts for r in t["rows"]) <= horizon


def test_tiny_calibration_run(targets, edusim_bin, tmp_path):
    """2 replicates x 2 years of Qiaodong: values come out, the report and CSV are written."""
    ts = [t for t in targets["targets"] if t["district"] == "qiaodong"]
    sims = C.simulate(ts, replicates=2, edusim=edusim_bin, years=2, jobs=2)
    vals = sims["scenarios/qiaodong.yaml"]["targets"]
    assert len(vals["qiaodong_rotation_eligible"]) == 2
    assert all(v > 0 for v in vals["qiaodong_rotation_eligible"])
    assert all(math.isnan(v) for v in vals["qiaodong_hires_per_year"])  # needs rows 1-5
    rows = C.table(ts, sims, targets["tolerance"])
    share = {r["id"]: r for r in rows}["qiaodong_rotation_share"]
    assert share["mean"] == pytest.approx(0.194, abs=0.03)
    out = tmp_path / "calibration.md"
    assert C.main(["--replicates", "2", "--years", "2", "--edusim", str(edusim_bin),
                   "--abc-particles", "8", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "| qiaodong | teachers eligible for rotation |" in text
    # The tuned keys' ABC: each quit rate beside its hand-set value, the figure's predictive.
    abc = text[text.index(C.TUNED_HEADING):]
    for key, hand_set in (("early", "0.02"), ("mid", "0.01"), ("late", "0.004")):
        assert f"| `demography.quit_rate_{key}` | log_uniform(" in abc
        assert f") | {hand_set} | " in abc
    assert "| hires_per_year (mean of hires at years 1-5) | 43.6 |" in abc
    csv_text = out.with_suffix(".csv").read_text(encoding="utf-8")
    assert csv_text.splitlines()[0].startswith("id,district,name,value")
    assert len(csv_text.splitlines()) == len(targets["targets"]) + 1

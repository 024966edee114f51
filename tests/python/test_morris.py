"""Morris elementary effects (analysis/morris.py) on a known function, and a Morris sweep end
to end: `edusim sweep` writes it, `python3 -m analysis.sweep_report` screens it."""
from __future__ import annotations

import subprocess

import h5py
import numpy as np
import pandas as pd
import pytest

from analysis import morris, sweep_report
from analysis.readers import read_sweep

NAMES = ["x1", "x2", "x3", "x4"]


def f(x: np.ndarray) -> np.ndarray:
    """y = 2 x1 + x2^2 + x1 x3 + 0 x4 on [0, 1]^4: x1 linear but interacting with x3, x2
    non-linear, x4 inert."""
    return 2 * x[..., 0] + x[..., 1] ** 2 + x[..., 0] * x[..., 2] + 0 * x[..., 3]


def test_exact_effects_of_a_hand_made_trajectory():
    # Levels (0, 1, 2, 3) of 4, then x2 up, x1 up, x4 down, x3 down by 2 levels (u by 1/2).
    u = np.array([[0.125, 0.375, 0.625, 0.875],
                  [0.125, 0.875, 0.625, 0.875],
                  [0.625, 0.875, 0.625, 0.875],
                  [0.625, 0.875, 0.625, 0.375],
                  [0.625, 0.875, 0.125, 0.375]])
    ee = morris.trajectory_effects(u, f(u))
    # x1: 2 + x3 = 2.625; x2: (b^2 - a^2) / (b - a) = a + b = 1.25; x3: x1 = 0.625; x4: 0.
    np.testing.assert_allclose(ee, [2.625, 1.25, 0.625, 0.0], rtol=0, atol=1e-12)
    with pytest.raises(ValueError, match="differ in 2 axes"):
        morris.trajectory_effects(u[[0, 2]], f(u[[0, 2]]))


def test_mu_star_and_sigma_of_the_analytic_function():
    r = morris.screen(f, r=200, k=4, levels=4, seed=3, names=NAMES, n_boot=200)
    assert r.mu_star[3] == 0 and r.sigma[3] == 0 and r.mu[3] == 0  # x4 is inert
    assert r.sigma[0] > 0.1  # x1's effect 2 + x3 varies with x3: interaction
    # Every effect is in a known range: x1 in 2 + [1/8, 7/8]; x2 is a + b of two levels
    # 2 apart (3/4 or 5/4); x3 is x1 in [1/8, 7/8]; all positive, so mu = mu*.
    assert 2.125 <= r.mu_star[0] <= 2.875 and abs(r.mu_star[0] - 2.5) < 0.1
    assert 0.75 <= r.mu_star[1] <= 1.25 and abs(r.mu_star[1] - 1.0) < 0.1
    assert 0.125 <= r.mu_star[2] <= 0.875 and abs(r.mu_star[2] - 0.5) < 0.1
    np.testing.assert_allclose(r.mu, r.mu_star)
    assert list(r.to_frame()["axis"]) == ["x1", "x2", "x3", "x4"]  # ranked by mu*
    low, high = r.mu_star_interval[:3].T
    assert np.all(low <= r.mu_star[:3]) and np.all(r.mu_star[:3] <= high) and np.all(low < high)
    assert list(r.n) == [200] * 4


def test_effects_of_both_signs_cancel_in_mu_but_not_in_mu_star():
    # y = (x1 - 1/2)^2 on a 4-level grid: the steps 1/8 <-> 5/8 give the effect -1/4, the
    # steps 3/8 <-> 7/8 the effect +1/4, in either direction.
    r = morris.screen(lambda x: (x[..., 0] - 0.5) ** 2, r=400, k=1, levels=4, seed=1)
    assert r.mu_star[0] == pytest.approx(0.25)
    assert abs(r.mu[0]) < 0.05 and r.sigma[0] == pytest.approx(0.25, abs=0.01)


def test_split_design_averages_replicates_in_any_row_order_and_skips_missing_points():
    rng = np.random.default_rng(0)
    n_traj, k, replicates = 5, 4, 2
    u, axis, direction = morris.morris_sample(n_traj, k, levels=6, seed=2)
    exact = np.array([morris.trajectory_effects(u[t], f(u[t])) for t in range(n_traj)])
    traj = np.repeat(np.arange(n_traj), k + 1)
    step = np.tile(np.arange(k + 1), n_traj)
    rows = pd.DataFrame({"t": np.repeat(traj, replicates), "s": np.repeat(step, replicates),
                         "a": np.repeat(axis.ravel(), replicates),
                         "d": np.repeat(direction.ravel(), replicates),
                         "y": np.repeat(f(u.reshape(-1, k)), replicates)
                         + np.tile([1.0, -1.0], n_traj * (k + 1))})  # replicates average out
    rows = rows.iloc[rng.permutation(len(rows))]
    ee = morris.split_design(rows.t, rows.s, rows.a, rows.d, rows.y, k)
    np.testing.assert_allclose(ee, exact, atol=1e-12)
    # A shard without trajectory 0's start: the first step's effect is missing, not wrong.
    part = rows[~((rows.t == 0) & (rows.s == 0))]
    ee_part = morris.split_design(part.t, part.s, part.a, part.d, part.y, k)
    assert np.isnan(ee_part[0, axis[0, 1]])
    assert np.sum(np.isnan(ee_part)) == 1
    result = morris.morris_indices(ee_part, NAMES, n_boot=50)
    assert result.n[axis[0, 1]] == n_traj - 1 and np.all(np.isfinite(result.mu_star))


BASE = """base_scenario:
  run: {years: 2, start_year: 2020}
  district:
    name: morris county
    schools:
      - {name: urban primary, level: primary, zone: urban, count: 3,
         students_per_grade: {mean: 40, sd: 8, min: 10, max: 80}}
      - {name: village primary, level: primary, zone: rural, count: 3,
         students_per_grade: {mean: 15, sd: 5, min: 5, max: 40}}
      - {name: town middle, level: middle, zone: town, count: 1,
         students_per_grade: {mean: 80, sd: 10, min: 20, max: 150}}
  rotation: {enabled: true}
  mentoring: {enabled: true, studios: 1}
design: morris
samples: 4
seed: 11
axes:
  rotation.quota_share: {min: 0.05, max: 0.3}
  hiring.placement: [need, weak_rural_first]
  mentoring.pairing_gain: {min: 0.0, max: 0.05}
"""

GAP = "achievement_gap_urban_rural"


def test_morris_sweep_end_to_end(edusim_bin, tmp_path):
    """4 trajectories of 3 axes (16 runs of a 7-school district over 2 years) through
    `edusim sweep` and the sweep report."""
    spec = tmp_path / "morris.yaml"
    spec.write_text(BASE)
    path = tmp_path / "morris.h5"
    subprocess.run([str(edusim_bin), "sweep", str(spec), "-o", str(path), "--quiet"], check=True)
    sweep = read_sweep(path, [GAP, "salary_bill_total"])
    k = len(sweep.axes)
    assert sweep.design == "morris" and k == 3
    assert int(sweep.attrs["morris_levels"]) == 4 and int(sweep.attrs["morris_trajectories"]) == 4
    p = sweep.params
    assert len(p) == int(sweep.attrs["runs"]) == 4 * (k + 1)
    assert list(p["morris_trajectory"]) == list(np.repeat(np.arange(4), k + 1))
    assert list(p["morris_step"]) == list(np.tile(np.arange(k + 1), 4))
    starts = p["morris_step"] == 0
    assert set(p.loc[starts, "morris_axis"]) == {-1}
    assert set(p.loc[starts, "morris_direction"]) == {0}
    for _, traj in p.groupby("morris_trajectory"):
        assert sorted(traj["morris_axis"].iloc[1:]) == list(range(k))  # each axis moves once
        for s in range(1, k + 1):
            moved = sweep.axes[int(traj["morris_axis"].iloc[s])]
            for a in sweep.axes:
                changed = traj[a].iloc[s] != traj[a].iloc[s - 1]
                assert changed == (a == moved), (a, moved, s)
            if moved == "rotation.quota_share":  # the level midpoints of [0.05, 0.3]
                mids = 0.05 + (np.arange(4) + 0.5) / 4 * 0.25
                assert np.min(np.abs(mids - traj[moved].iloc[s])) < 1e-12
                up = traj[moved].iloc[s] > traj[moved].iloc[s - 1]
                assert up == (traj["morris_direction"].iloc[s] == 1)
    with h5py.File(path, "r") as h:
        assert "morris_axis" in h["params"] and "sobol_block" not in h["params"]
    table = sweep.at_year(None, [GAP])
    ee = morris.split_design(table.morris_trajectory, table.morris_step, table.morris_axis,
                             table.morris_direction, table[GAP], k)
    step = table.iloc[1]  # trajectory 0, step 1: (y1 - y0) / (direction / 2)
    by_hand = (step[GAP] - table.iloc[0][GAP]) / (step.morris_direction * 0.5)
    assert ee[0, int(step.morris_axis)] == pytest.approx(by_hand)

    out = tmp_path / "report"
    assert sweep_report.main([str(path), "-o", str(out), "--outputs", GAP, "salary_bill_total",
                              "--bootstrap", "50"]) == 0
    indices = pd.read_csv(out / "morris_indices.csv")
    assert len(indices) == 2 * k and set(indices["axis"]) == set(sweep.axes)
    assert list(indices.columns[:3]) == ["output", "year", "axis"]
    assert set(indices["n"]) == {4}
    assert (indices["mu_star"] >= indices["mu"].abs() - 1e-12).all()
    assert (out / f"morris_0_{GAP}.png").exists()
    assert (out / "morris_1_salary_bill_total.svg").exists()
    html = (out / "index.html").read_text()
    assert "Morris screening" in html and "influential" in html and "interacting" in html
    assert not (out / "sobol_indices.csv").exists()


def test_non_morris_sweep_report_has_no_morris_section(tmp_path):
    from sweep_files import Axis, make_sweep_file
    path = make_sweep_file(tmp_path / "lhs.h5", "latin_hypercube", [Axis("a"), Axis("b")],
                           lambda p: {GAP: np.asarray(p["a"], dtype=float)}, samples=8)
    out = tmp_path / "report"
    assert sweep_report.main([str(path), "-o", str(out), "--bootstrap", "10"]) == 0
    assert not (out / "morris_indices.csv").exists()
    assert "Morris" not in (out / "index.html").read_text()

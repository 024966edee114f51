"""`python3 -m analysis.sweep_report` on synthetic sweep files with known answers."""
from __future__ import annotations

import subprocess

import h5py
import numpy as np
import pandas as pd
import pytest

from analysis import fig_sweep, sobol, sweep_report
from analysis.readers import read_sweep, read_sweep_school_series
from sweep_files import Axis, ishigami, make_sweep_file

PI = np.pi
GAP = "achievement_gap_urban_rural"
# N = 4096 random base samples: the estimates of this fixed-seed design are within 0.03 of
# the analytic Ishigami indices; 0.05 is the stated tolerance.
SWEEP_TOLERANCE = 0.05


@pytest.fixture(scope="module")
def ishigami_sweep(tmp_path_factory):
    axes = [Axis(f"x{i}", -PI, PI) for i in (1, 2, 3)]
    path = tmp_path_factory.mktemp("sweeps") / "sobol.h5"
    return make_sweep_file(path, "sobol", axes, lambda p: {GAP: ishigami(p)}, samples=4096,
                           units={GAP: "SD"}, seed=5)


@pytest.fixture(scope="module")
def grid_sweep(tmp_path_factory):
    axes = [Axis("rotation.quota_share", 0.1, 0.4),
            Axis("pay.rotation_allowance", 0, 6000),
            Axis("hiring.placement", values=("random", "weak_rural_first"), kind="choice")]

    def outputs(p):
        share = np.asarray(p["rotation.quota_share"], dtype=float)
        weak_first = (p["hiring.placement"] == "weak_rural_first").astype(float)
        return {GAP: 0.6 - share - 0.1 * weak_first,
                "turnover_rate": 0.08 - 1e-6 * np.asarray(p["pay.rotation_allowance"], float)}

    path = tmp_path_factory.mktemp("sweeps") / "grid.h5"
    return make_sweep_file(path, "grid", axes, outputs, levels=4, replicates=3, noise=0.05,
                           units={GAP: "SD", "turnover_rate": "1/year"}, seed=2)


def test_sobol_indices_of_ishigami_end_to_end(ishigami_sweep, tmp_path):
    assert sweep_report.main([str(ishigami_sweep), "-o", str(tmp_path), "--outputs", GAP,
                              "--bootstrap", "100"]) == 0
    table = pd.read_csv(tmp_path / "sobol_indices.csv")
    assert list(table["axis"]) == ["x1", "x2", "x3"] and set(table["year"]) == {2027}
    np.testing.assert_allclose(table["S1"], sobol.ISHIGAMI_S1, atol=SWEEP_TOLERANCE)
    np.testing.assert_allclose(table["ST"], sobol.ISHIGAMI_ST, atol=SWEEP_TOLERANCE)
    assert (table["S1_low"] <= table["S1"]).all() and (table["ST"] <= table["ST_high"]).all()
    page = (tmp_path / "index.html").read_text()
    for name in ("main_effects.png", "sobol.png", "heatmap_0_"):
        assert name in page
    assert "no replicate uncertainty" in page


def test_year_selection_scales_outputs(tmp_path):
    """The synthetic outputs ramp linearly: simulated year 1 of 3 is a third of the last."""
    axes = [Axis(f"x{i}", -PI, PI) for i in (1, 2, 3)]
    path = make_sweep_file(tmp_path / "small.h5", "sobol", axes, lambda p: {GAP: ishigami(p)},
                           samples=32)
    args = [str(path), "-o", str(tmp_path / "out"), "--year", "+1", "--bootstrap", "10"]
    assert sweep_report.main(args) == 0
    runs = pd.read_csv(tmp_path / "out" / "runs_at_year.csv")
    sweep = read_sweep(path, [GAP])
    np.testing.assert_allclose(runs[GAP], sweep.outputs[GAP][:, -1] / 3)
    np.testing.assert_allclose(sweep.at_year(2025, [GAP])[GAP], runs[GAP])  # calendar year
    assert sweep_report.main([str(path), "-o", str(tmp_path / "bad"), "--year", "1990"]) == 2
    # The calendar year and the deprecated bare number give the same table.
    for name, year in (("calendar", "2025"), ("bare", "1")):
        assert sweep_report.main([str(path), "-o", str(tmp_path / name), "--year", year,
                                  "--bootstrap", "10"]) == 0
        pd.testing.assert_frame_equal(pd.read_csv(tmp_path / name / "runs_at_year.csv"), runs)


def test_grid_main_effects_and_replicate_noise(grid_sweep, tmp_path):
    assert sweep_report.main([str(grid_sweep), "-o", str(tmp_path)]) == 0
    effects = pd.read_csv(tmp_path / "main_effects.csv")
    share = effects[(effects["output"] == GAP) & (effects["axis"] == "rotation.quota_share")]
    # mean over the other axes: 0.6 - share - 0.05 (half the points are weak_rural_first)
    np.testing.assert_allclose(share["mean"], 0.55 - share["x"], atol=0.03)
    assert list(share["n"]) == [4 * 2 * 3] * 4
    choice = effects[(effects["output"] == GAP) & (effects["axis"] == "hiring.placement")]
    assert list(choice["label"]) == ["random", "weak_rural_first"]
    assert choice["mean"].iloc[0] - choice["mean"].iloc[1] == pytest.approx(0.1, abs=0.03)
    noise = pd.read_csv(tmp_path / "replicate_uncertainty.csv").set_index("output")
    assert noise.loc[GAP, "within_point_sd"] == pytest.approx(0.05, rel=0.25)
    assert noise.loc[GAP, "replicates"] == 3
    page = (tmp_path / "index.html").read_text()
    assert "Sobol indices need a Sobol design" in page and "replicates.png" in page


def test_heatmap_grid_means(grid_sweep):
    sweep = read_sweep(grid_sweep, [GAP])
    table = sweep.at_year(None, [GAP])
    grid, rows, cols = fig_sweep.heatmap_grid(table, "rotation.quota_share", "hiring.placement",
                                              sweep.axis_kinds, GAP)
    assert grid.shape == (4, 2) and cols.labels == ["random", "weak_rural_first"]
    pick = ((table["rotation.quota_share"] == rows.centres[0])
            & (table["hiring.placement"] == "random"))
    assert grid[0, 0] == pytest.approx(table.loc[pick, GAP].mean())
    fig = fig_sweep.heatmap_figure(table, sweep.axes, sweep.axis_kinds, GAP, sweep.units, 2027)
    assert len([ax for ax in fig.axes if ax.images]) == 3  # three pairs of three axes


def test_shard_of_sobol_design_has_no_indices(tmp_path, capsys):
    axes = [Axis("a", 0, 1), Axis("b", 0, 1)]
    shard = make_sweep_file(tmp_path / "shard.h5", "sobol", axes,
                            lambda p: {GAP: np.asarray(p["a"]) + np.asarray(p["b"])},
                            samples=16, shard=(0, 2))
    assert sweep_report.main([str(shard), "-o", str(tmp_path / "out")]) == 0
    assert "merge the shards" in capsys.readouterr().err
    assert not (tmp_path / "out" / "sobol_indices.csv").exists()


def test_bad_inputs_exit_2(tmp_path, capsys):
    axes = [Axis("a", 0, 1)]
    f = lambda p: {GAP: np.asarray(p["a"])}  # noqa: E731
    v3 = make_sweep_file(tmp_path / "v3.h5", "grid", axes, f, schema_version=3)
    assert sweep_report.main([str(v3), "-o", str(tmp_path / "o")]) == 2
    assert "schema_version 3 is not supported (supported: 1)" in capsys.readouterr().err
    good = make_sweep_file(tmp_path / "g.h5", "grid", axes, f)
    assert sweep_report.main([str(good), "-o", str(tmp_path / "o"), "--outputs", "nope"]) == 2
    assert "no /district output nope" in capsys.readouterr().err


def test_real_sweep_file_from_edusim(edusim_bin, repo_root, tmp_path):
    """The contract end to end: a small Sobol sweep written by `edusim sweep` (60 runs)."""
    path = tmp_path / "small_sobol.h5"
    subprocess.run([str(edusim_bin), "sweep", str(repo_root / "tests/data/sweeps/small_sobol.yaml"),
                    "-o", str(path), "--quiet"], check=True)
    sweep = read_sweep(path, [GAP])
    assert sweep.design == "sobol" and sweep.is_whole_design
    n, blocks = int(sweep.attrs["sobol_samples"]), len(sweep.axes) + 2
    assert len(sweep.params) == int(sweep.attrs["runs"]) == n * blocks * sweep.replicates
    assert list(np.bincount(sweep.params["sobol_block"])) == [n * sweep.replicates] * blocks
    with h5py.File(path, "r") as f:
        np.testing.assert_array_equal(sweep.at_year(None, [GAP])[GAP], f[f"district/{GAP}"][:, -1])
    info, series = read_sweep_school_series(path, "achievement_mean")
    assert series.shape == (len(sweep.params), len(sweep.years), len(info))
    out = tmp_path / "report"
    assert sweep_report.main([str(path), "-o", str(out), "--outputs", GAP,
                              "--bootstrap", "20"]) == 0
    assert list(pd.read_csv(out / "sobol_indices.csv")["axis"]) == sweep.axes


def test_heatmap_cells_print_their_values_under_a_title_that_fits(grid_sweep):
    sweep = read_sweep(grid_sweep, [GAP])
    table = sweep.at_year(None, [GAP])
    fig = fig_sweep.heatmap_figure(table, sweep.axes, sweep.axis_kinds, GAP, sweep.units, 2027)
    first = next(ax for ax in fig.axes if ax.images)
    a, b = sweep.axes[0], sweep.axes[1]
    grid, _, _ = fig_sweep.heatmap_grid(table, a, b, sweep.axis_kinds, GAP)
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text()
             for t in first.texts if t.get_gid() == "cell-value"}
    assert len(cells) == np.isfinite(grid).sum()
    for (i, j), text in cells.items():
        assert text == f"{grid[i, j]:.3g}"
    fig.canvas.draw()
    title = fig._suptitle.get_window_extent()
    assert title.x0 >= 0 and title.x1 <= fig.bbox.x1  # the title fits the figure
    small = fig_sweep.heatmap_figure(table, sweep.axes[:2], sweep.axis_kinds, GAP, sweep.units,
                                     2027)  # one panel: a narrow figure, the title wraps
    small.canvas.draw()
    assert small._suptitle.get_window_extent().x1 <= small.bbox.x1
    assert "\n" in small._suptitle.get_text()

"""Run-report figures: what is drawn equals what the files hold."""
from __future__ import annotations

import subprocess

import h5py
import numpy as np
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.image import imread

from analysis import fig_run, readers, style
from analysis.figures import save_figure, summarise


@pytest.fixture(scope="module")
def workforce_runs(workforce_replicates) -> list[readers.Run]:
    """Two 3-year workforce replicates with snapshots of the first and last year."""
    return [readers.read_run(p) for p in workforce_replicates]


@pytest.fixture(scope="module")
def baseline_run(small_run) -> readers.Run:
    return readers.read_run(small_run)


def _data_lines(ax):
    return [line for line in ax.lines if not line.get_label().startswith("_")]


def test_gap_metrics_single_runs_plot_file_values(workforce_runs, baseline_run):
    groups = {"workforce": workforce_runs[:1], "baseline": [baseline_run]}
    fig = fig_run.gap_metrics_figure(groups)
    assert len(fig.axes) == len(fig_run.GAP_METRICS)
    for ax, metric in zip(fig.axes, fig_run.GAP_METRICS):
        lines = _data_lines(ax)
        assert [line.get_label() for line in lines] == ["workforce", "baseline"]
        with h5py.File(baseline_run.path, "r") as f:
            np.testing.assert_array_equal(lines[1].get_ydata(), f[f"district/{metric}"][:])
        assert not [c for c in ax.collections if isinstance(c, PolyCollection)]  # no band
    assert _data_lines(fig.axes[0])[1].get_color() == style.BASELINE_COLOUR


def test_gap_metrics_replicates_give_mean_and_band(workforce_runs):
    fig = fig_run.gap_metrics_figure({"workforce": workforce_runs}, ["achievement_gap_urban_rural"])
    ax = fig.axes[0]
    values = np.vstack([r.district["achievement_gap_urban_rural"] for r in workforce_runs])
    np.testing.assert_allclose(_data_lines(ax)[0].get_ydata(), values.mean(axis=0))
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands) == 1
    upper = bands[0].get_paths()[0].vertices[:, 1].max()
    assert upper == pytest.approx(np.quantile(values, 0.95, axis=0).max())
    assert "mean of 2" in _data_lines(ax)[0].get_label()


def test_balance_cv_lines_and_limits(baseline_run):
    fig = fig_run.balance_cv_figure({"baseline": [baseline_run]})
    primary, middle = fig.axes[0], fig.axes[1]
    # Seven indicators, the 2012 composite, the quality and basic limits.
    assert len(primary.lines) == 7 + 1 + 2
    composite = [line for line in primary.lines if "composite" in line.get_label()]
    assert len(composite) == 1
    np.testing.assert_allclose(composite[0].get_ydata(),
                               baseline_run.basic_composite("primary").to_numpy())
    limits = sorted(line.get_ydata()[0] for line in primary.lines if "limit" in line.get_label())
    assert limits == [0.5, 0.65]
    np.testing.assert_array_equal(primary.lines[0].get_ydata(),
                                  baseline_run.balance_cv["primary_qualified_teachers_per_100"])
    assert middle.get_title().endswith("middle schools")


def _medians(ax) -> list[float]:
    return [line.get_ydata()[0] for line in ax.lines if line.get_gid() == "median"]


def test_effectiveness_from_snapshots_or_school_means(workforce_runs, baseline_run):
    fig = fig_run.effectiveness_by_zone_figure({"w": workforce_runs, "b": [baseline_run]})
    teachers_ax, schools_ax = fig.axes
    assert "teachers" in teachers_ax.get_title() and "school means" in schools_ax.get_title()
    medians = _medians(teachers_ax)
    assert len(medians) == 6  # three zones, first and last year
    pooled = []
    for run in workforce_runs:
        snap = run.teacher_snapshot(2027)
        zone = run.info["zone"].to_numpy()[snap["school"].to_numpy()]
        pooled.append(snap["effectiveness"].to_numpy()[zone == "rural"])
    assert np.median(np.concatenate(pooled)) == pytest.approx(medians[-1])  # rural, last year
    end = baseline_run.school_series("effectiveness_mean").iloc[-1].to_numpy()
    urban = end[baseline_run.info["zone"].to_numpy() == "urban"]
    assert np.median(urban) == pytest.approx(_medians(schools_ax)[1])  # urban, last year


def test_rotation_flow_matrix_counts_outgoing_moves(workforce_runs):
    flows = fig_run.rotation_flows(workforce_runs)
    outgoing = [r.rotations()["kind_name"].isin(
        ["backbone_out", "ordinary_out", "training_in", "exchange_in"]).sum() for r in workforce_runs]
    assert flows.to_numpy().sum() == pytest.approx(np.mean(outgoing))
    fig = fig_run.rotation_flows_figure({"workforce": workforce_runs})
    np.testing.assert_allclose(fig.axes[0].images[0].get_array(), flows.to_numpy())
    kinds = fig_run.moves_by_kind(workforce_runs)
    events = np.mean([len(r.rotations()) for r in workforce_runs])
    assert kinds.to_numpy().sum() == pytest.approx(events)


def test_rotation_figure_without_events(baseline_run):
    fig = fig_run.rotation_flows_figure({"baseline": [baseline_run]})
    assert "no rotation events" in fig.axes[0].texts[0].get_text()


def test_turnover_morale_colours_by_zone(workforce_runs, baseline_run):
    fig = fig_run.turnover_morale_figure({"workforce": workforce_runs, "baseline": [baseline_run]})
    turnover = fig.axes[0]
    lines = _data_lines(turnover)
    assert len(lines) == 2 * 3
    zone_colours = [style.ZONE_COLOURS[z] for z in readers.ZONES]
    assert [line.get_color() for line in lines[:3]] == zone_colours
    assert lines[3].get_linestyle() == "--"  # the second label is dashed
    np.testing.assert_array_equal(lines[5].get_ydata(),
                                  baseline_run.district["turnover_rate_rural"])


def test_cost_total_matches_components(baseline_run):
    fig = fig_run.cost_figure({"baseline": [baseline_run]})
    total = fig_run.total_cost(baseline_run)
    d = baseline_run.district
    expected = (d["salary_bill_total"] + d["facilities_investment"] + d["training_cost"]
                + d["group_evaluation_reward"])
    np.testing.assert_allclose(total, expected)
    np.testing.assert_allclose(_data_lines(fig.axes[0])[0].get_ydata(), total / 1e6)
    assert "million yuan/year" in fig.axes[0].get_ylabel()


def test_verdict_table_and_figure(workforce_runs, baseline_run):
    table = fig_run.verdict_table({"w": workforce_runs, "b": [baseline_run]})
    expected = np.mean([r.verdict["basic"].to_numpy() for r in workforce_runs], axis=0)
    np.testing.assert_allclose(table.loc[("w", "basic")].to_numpy(), expected)
    assert np.isnan(table.loc[("b", "rotation")].iloc[0])  # row 0 is never assessed
    fig = fig_run.verdict_figure({"b": [baseline_run]})
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert texts <= {"pass", "fail", "n/a"} and "n/a" in texts


def test_save_figure_png_150_dpi_and_deterministic_svg(baseline_run, tmp_path):
    paths_a = save_figure(fig_run.cost_figure({"b": [baseline_run]}), tmp_path / "a", "cost")
    paths_b = save_figure(fig_run.cost_figure({"b": [baseline_run]}), tmp_path / "b", "cost")
    assert paths_a["svg"].read_bytes() == paths_b["svg"].read_bytes()
    height, width = imread(paths_a["png"]).shape[:2]
    assert (width, height) == (11 * 150, 4 * 150)


def test_summarise_aligns_years_and_ignores_nan():
    import pandas as pd
    a = pd.Series([1.0, np.nan, 3.0], index=[2024, 2025, 2026])
    b = pd.Series([3.0, 2.0], index=[2024, 2025])
    s = summarise([a, b])
    np.testing.assert_array_equal(s.x, [2024, 2025, 2026])
    np.testing.assert_allclose(s.mean, [2.0, 2.0, 3.0])
    assert s.n == 2


def test_label_colours_stable_and_baseline_grey():
    colours = style.label_colours(["workforce", "baseline", "qiaodong"])
    assert colours["baseline"] == style.BASELINE_COLOUR
    assert colours == style.label_colours(["workforce", "baseline", "qiaodong"])
    assert len(set(colours.values())) == 3


def _whole(values) -> bool:
    return bool(np.all(np.isclose(values, np.round(values))))


def _visible_ticks(axis, low_high) -> np.ndarray:
    ticks = np.asarray(axis.get_ticklocs())
    low, high = sorted(low_high)
    return ticks[(ticks >= low) & (ticks <= high)]


def test_year_and_count_axes_have_whole_numbers(workforce_runs, baseline_run):
    """3-year runs used to get ticks at 2024.5; counts of events never need fractions."""
    fig = fig_run.gap_metrics_figure({"workforce": workforce_runs, "baseline": [baseline_run]})
    fig.canvas.draw()
    for ax in fig.axes:
        ticks = _visible_ticks(ax.xaxis, ax.get_xlim())
        assert len(ticks) >= 2 and _whole(ticks), ticks
    fig = fig_run.rotation_flows_figure({"workforce": workforce_runs})
    fig.canvas.draw()
    kinds = fig.axes[1]
    assert _whole(_visible_ticks(kinds.xaxis, kinds.get_xlim()))
    assert _whole(_visible_ticks(kinds.yaxis, kinds.get_ylim()))
    assert kinds.get_legend().get_texts()[0].get_text() in {
        "backbone teacher sent out", "teacher in for training", "exchange teacher in",
        "ordinary teacher sent out", "return at the end of a term", "voluntary transfer"}


def test_legends_sit_outside_the_data(workforce_runs, baseline_run):
    groups = {"workforce": workforce_runs, "baseline": [baseline_run]}
    for build in (fig_run.gap_metrics_figure, fig_run.cost_figure,
                  fig_run.turnover_morale_figure, fig_run.balance_cv_figure):
        fig = build(groups)
        fig.canvas.draw()
        legends = [(ax, ax.get_legend()) for ax in fig.axes if ax.get_legend() is not None]
        assert legends, build.__name__
        for ax, legend in legends:
            box, frame = legend.get_window_extent(), ax.get_window_extent()
            assert box.x0 >= frame.x1 - 1, build.__name__  # right of the data, not on it


def test_band_titles_say_when_there_are_no_replicates(workforce_runs, baseline_run):
    one = fig_run.gap_metrics_figure({"workforce": workforce_runs[:1]})
    two = fig_run.gap_metrics_figure({"workforce": workforce_runs})
    assert "replicates" not in one._suptitle.get_text()
    assert "90% of 2 replicates" in two._suptitle.get_text()

"""`python3 -m analysis.compare`: grouping of replicates, the table's numbers, the chart."""
from __future__ import annotations

import pathlib
import subprocess

import h5py
import numpy as np
import pandas as pd
import pytest

from analysis import compare, fig_compare


@pytest.fixture(scope="module")
def policy_runs(workforce_replicates) -> list[pathlib.Path]:
    return workforce_replicates


def _district(path: pathlib.Path, name: str) -> np.ndarray:
    with h5py.File(path, "r") as f:
        return f[f"district/{name}"][:]


@pytest.fixture(scope="module")
def comparison(tmp_path_factory, policy_runs, small_run) -> pathlib.Path:
    out = tmp_path_factory.mktemp("compare")
    pattern = str(policy_runs[0].parent / "wf_*.h5")
    assert compare.main([f"base={small_run}", f"policy={pattern}", "-o", str(out),
                         "--years", "1", "3"]) == 0
    return out


def test_table_values_match_files(comparison, policy_runs, small_run):
    table = pd.read_csv(comparison / "comparison.csv")
    def row(label, quantity, year):
        pick = (table["label"] == label) & (table["quantity"] == quantity) & (table["year"] == year)
        return table[pick].iloc[0]

    gaps = np.array([_district(p, "achievement_gap_urban_rural")[3] for p in policy_runs])
    r = row("policy", "achievement_gap_urban_rural", 3)
    assert r["n"] == 2 and r["mean"] == pytest.approx(gaps.mean())
    assert r["p05"] == pytest.approx(np.quantile(gaps, 0.05))
    assert r["units"] == "SD" and r["calendar_year"] == 2027
    base = row("base", "turnover_rate_mean_to_year", 3)
    assert base["n"] == 1
    assert base["mean"] == pytest.approx(np.mean(_district(small_run, "turnover_rate")[1:4]))
    parts = ("salary_bill_total", "facilities_investment", "training_cost",
             "group_evaluation_reward")
    cost = sum(_district(small_run, m)[1:2].sum() for m in parts)
    assert row("base", "cost_cumulative_to_year", 1)["mean"] == pytest.approx(cost)
    with h5py.File(small_run, "r") as f:
        basic = f["balance/verdict/basic"][3]
    assert row("base", "balance_basic_pass", 3)["mean"] == basic


def test_markdown_html_and_chart(comparison):
    md = (comparison / "comparison.md").read_text()
    assert "| quantity | base | policy |" in md
    assert "| replicates | 1 | 2 |" in md
    assert "achievement_gap_urban_rural (SD), year 3 |" in md
    html = (comparison / "index.html").read_text()
    assert '<img src="comparison.png"' in html and "<table>" in html
    table = pd.read_csv(comparison / "comparison.csv")
    fig = fig_compare.comparison_figure(table)
    assert len(fig.axes) == table["quantity"].nunique()
    heights = [bar.get_height() for bar in fig.axes[0].patches]
    first = table[table["quantity"] == table["quantity"].iloc[0]]
    expected = [first[(first["label"] == lab)]["mean"].tolist() for lab in ("base", "policy")]
    np.testing.assert_allclose(heights, np.concatenate(expected))


def test_grouping_by_labels_and_by_scenario(policy_runs, small_run):
    args = [str(policy_runs[0]), str(policy_runs[1]), str(small_run)]
    by_labels = compare.group_files(args, ["x", "x", "y"])
    assert {k: len(v) for k, v in by_labels.items()} == {"x": 2, "y": 1}
    by_scenario = compare.group_files(args, None)
    assert {k: len(v) for k, v in by_scenario.items()} == {"workforce": 2, "baseline": 1}


def test_years_beyond_runs(policy_runs, tmp_path, capsys):
    assert compare.main([str(policy_runs[0]), "-o", str(tmp_path / "a"), "--years", "2", "10"]) == 0
    assert "year(s) [10] left out" in capsys.readouterr().err
    table = pd.read_csv(tmp_path / "a" / "comparison.csv")
    assert set(table["year"]) == {2}
    assert compare.main([str(policy_runs[0]), "-o", str(tmp_path / "b"), "--years", "10"]) == 2
    assert compare.main([str(policy_runs[0]), "-o", str(tmp_path / "c"), "--labels", "a", "b"]) == 2
    assert "2 labels for 1 file" in capsys.readouterr().err

"""`python3 -m analysis.compare`: grouping of replicates, the table's numbers, the chart."""
from __future__ import annotations

import pathlib
import subprocess

import h5py
import numpy as np
import pandas as pd
import pytest

from analysis import compare, fig_compare
from analysis.readers import read_run


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
                         "--years", "+1", "+3"]) == 0
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
    assert compare.main([str(policy_runs[0]), "-o", str(tmp_path / "a"), "--years", "+2", "+10"]) == 0
    assert "year(s) [10] left out" in capsys.readouterr().err
    table = pd.read_csv(tmp_path / "a" / "comparison.csv")
    assert set(table["year"]) == {2}
    assert compare.main([str(policy_runs[0]), "-o", str(tmp_path / "b"), "--years", "+10"]) == 2
    assert compare.main([str(policy_runs[0]), "-o", str(tmp_path / "c"), "--labels", "a", "b"]) == 2
    assert "2 labels for 1 file" in capsys.readouterr().err


# --- paired effects (analysis/paired.py) ----------------------------------------------------


@pytest.fixture(scope="module")
def rotation_off(tmp_path_factory, edusim_bin, repo_root) -> list[pathlib.Path]:
    """The workforce scenario with rotation off, seeds 1 and 2 (the partners of wf_1, wf_2),
    and one run of another district (a different radius) with seed 1."""
    folder = tmp_path_factory.mktemp("off")
    paths = []
    for name, seed, sets in (("off_1", 1, ["rotation.enabled=false"]),
                             ("off_2", 2, ["rotation.enabled=false"]),
                             ("other_1", 1, ["district.radius_km=20"])):
        out = folder / f"{name}.h5"
        cmd = [str(edusim_bin), "run", str(repo_root / "scenarios" / "workforce.yaml"), "-o",
               str(out), "--years", "3", "--seed", str(seed), "--quiet"]
        for s in sets:
            cmd += ["--set", s]
        subprocess.run(cmd, check=True, capture_output=True)
        paths.append(out)
    return paths


def test_effects_pair_runs_by_seed(policy_runs, rotation_off, tmp_path):
    out = tmp_path / "cmp"
    assert compare.main([f"off={rotation_off[0]}", f"off={rotation_off[1]}",
                         f"on={policy_runs[0]}", f"on={policy_runs[1]}", "-o", str(out),
                         "--years", "3"]) == 0
    effects = pd.read_csv(out / "effects.csv")
    row = effects[(effects["quantity"] == "achievement_gap_urban_rural")].iloc[0]
    on = np.array([_district(p, "achievement_gap_urban_rural")[3] for p in policy_runs])
    off = np.array([_district(p, "achievement_gap_urban_rural")[3] for p in rotation_off[:2]])
    d = on - off
    half = 12.706204736174707 * d.std(ddof=1) / np.sqrt(2)  # t(0.975, 1)
    assert bool(row["paired"]) and row["n"] == 2 and row["baseline"] == "off"
    assert row["effect"] == pytest.approx(d.mean())
    assert row["low"] == pytest.approx(d.mean() - half)
    assert row["high"] == pytest.approx(d.mean() + half)
    md = (out / "comparison.md").read_text()
    assert "| effect vs off | on |" in md
    assert (out / "effects.png").exists() and "effects.png" in (out / "index.html").read_text()


def test_a_group_of_different_scenarios_is_refused(policy_runs, rotation_off, tmp_path, capsys):
    assert compare.main([f"x={policy_runs[0]}", f"x={rotation_off[0]}", "-o",
                         str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert "not replicates of one scenario" in err and "rotation.enabled" in err


def test_unlabelled_files_group_by_resolved_scenario(policy_runs, rotation_off):
    groups = compare.group_files([str(p) for p in [*policy_runs, *rotation_off[:2]]], None)
    assert {k: len(v) for k, v in groups.items()} == {
        "workforce (rotation.enabled=True)": 2, "workforce (rotation.enabled=False)": 2}


def test_a_baseline_of_another_district_is_refused_or_labelled(policy_runs, rotation_off,
                                                               tmp_path, capsys):
    args = [f"other={rotation_off[2]}", f"on={policy_runs[0]}", "-o", str(tmp_path / "d"),
            "--years", "3"]
    assert compare.main(args) == 2
    assert "different district" in capsys.readouterr().err
    assert compare.main(args + ["--allow-different-district"]) == 0
    md = (tmp_path / "d" / "comparison.md").read_text()
    assert "district.radius_km" in md and "not the effect of a policy" in md


def test_unpaired_effect_is_the_difference_of_means_with_welch_interval():
    from scipy import stats

    from analysis import paired
    a = {(1, 1): 1.0, (2, 2): 2.0, (3, 3): 4.0}
    b = {(7, 7): 0.5, (8, 8): 0.0, (9, 9): 1.0}
    e = paired.effect(a, b)
    assert not e.paired and e.mean == pytest.approx(7 / 3 - 0.5)
    va, vb = np.var([1, 2, 4], ddof=1) / 3, np.var([0.5, 0, 1], ddof=1) / 3
    df = (va + vb) ** 2 / (va ** 2 / 2 + vb ** 2 / 2)  # Welch-Satterthwaite
    half = stats.t.ppf(0.975, df) * np.sqrt(va + vb)
    assert (e.low, e.high) == (pytest.approx(e.mean - half), pytest.approx(e.mean + half))
    same = paired.effect(a, {k: v - 1 for k, v in a.items()})
    assert same.paired and same.mean == pytest.approx(1.0) and same.low == pytest.approx(1.0)


def test_years_as_calendar_years_plus_n_or_the_deprecated_bare_number(policy_runs, tmp_path,
                                                                      capsys):
    """--years 2026 (calendar), +2 and the old spelling 2 (with a warning) give one table."""
    start = int(read_run(policy_runs[0]).years[0])
    tables = {}
    for name, years in {"plus": ["+2"], "calendar": [str(start + 2)], "bare": ["2"]}.items():
        assert compare.main([str(policy_runs[0]), "-o", str(tmp_path / name),
                             "--years", *years]) == 0
        tables[name] = pd.read_csv(tmp_path / name / "comparison.csv")
        err = capsys.readouterr().err
        assert ("deprecated: write +2" in err) == (name == "bare"), err
    for name in ("calendar", "bare"):
        pd.testing.assert_frame_equal(tables[name], tables["plus"])
    assert set(tables["plus"]["calendar_year"]) == {start + 2}
    with pytest.raises(SystemExit):
        compare.main([str(policy_runs[0]), "-o", str(tmp_path / "x"), "--years", "2029.5"])
    assert "give a calendar year (1900 to 9999, e.g. 2029) or +N" in capsys.readouterr().err
    assert compare.main([str(policy_runs[0]), "-o", str(tmp_path / "y"), "--years",
                         str(start - 1)]) == 2
    assert f"before the runs' first year {start}" in capsys.readouterr().err


def _comparison_rows(quantity: str, units: str, means: dict[str, float]) -> list[dict]:
    return [{"label": label, "quantity": quantity, "units": units, "year": 5,
             "calendar_year": 2029, "mean": mean, "p05": mean, "p95": mean, "n": 1}
            for label, mean in means.items()]


def test_empty_panels_are_replaced_by_a_sentence_and_costs_share_one_unit():
    from analysis.figures import empty_panel_text
    table = pd.DataFrame(
        _comparison_rows("achievement_gap_urban_rural", "SD", {"base": 0.8, "policy": 0.6})
        + _comparison_rows("balance_quality_pass", "1", {"base": 0.0, "policy": 0.0})
        + _comparison_rows("balance_basic_pass", "1", {"base": 0.0, "policy": 1.0})
        + _comparison_rows("cost_cumulative_to_year", "yuan", {"base": 5e5, "policy": 7e5}))
    fig = fig_compare.comparison_figure(table)
    gap, quality, basic, cost = fig.axes[:4]
    assert empty_panel_text(quality) == "no district passed the quality verdict in any year shown"
    assert not quality.patches
    assert empty_panel_text(gap) is None and empty_panel_text(basic) is None
    # Costs are in million yuan even when they are small: one unit in every figure.
    assert cost.get_ylabel() == "spending (million yuan)"
    np.testing.assert_allclose([bar.get_height() for bar in cost.patches], [0.5, 0.7])
    assert "one run each" in fig._suptitle.get_text()  # no whiskers: no replicates

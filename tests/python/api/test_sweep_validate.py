"""edusim.sweep and edusim.validate against `edusim sweep` and `edusim validate`."""
import warnings

import pandas as pd
import pytest

from api_support import TINY_SWEEP, cli

# analysis.readers' Sweep.at_year adds a column per metric, which pandas warns about.
pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.PerformanceWarning")

SWITCHED_OFF = """\
run: {years: 1, start_year: 2020, spin_up_years: 0}
district:
  name: small
  schools:
    - {level: primary, zone: urban, count: 2, students_per_grade: {mean: 30, sd: 5, min: 10, max: 60}}
    - {level: middle, zone: rural, count: 1, students_per_grade: {mean: 40, sd: 5, min: 20, max: 80}}
rotation: {enabled: false, quota_share: 0.2}
"""


@pytest.fixture(scope="module")
def analysis_readers(edusim):
    from analysis import readers  # importable once edusim is (sim/python/edusim/_analysis.py)
    return readers


def test_sweep_gives_one_row_per_run_with_its_parameters(edusim):
    runs = edusim.sweep(TINY_SWEEP, threads=2)
    assert list(runs.columns[:5]) == ["run_index", "point", "replicate", "seed",
                                      "rotation.quota_share"]
    assert list(runs.run_index) == [0, 1, 2, 3]
    assert sorted(runs["rotation.quota_share"]) == [0.1, 0.1, 0.2, 0.2]
    assert runs.attrs["year"] == 2021 and runs.attrs["units"]["achievement_mean"] == "SD"
    assert {"achievement_mean", "rotations", "teachers"} <= set(runs.columns)


def test_sweep_equals_the_command_lines_sweep(edusim, edusim_bin, analysis_readers, tmp_path):
    kept = tmp_path / "kept.h5"
    runs = edusim.sweep(TINY_SWEEP, threads=2, years=2, seed=9, output=kept)
    cli(edusim_bin, "sweep", TINY_SWEEP, "-o", tmp_path / "cli.h5", "--years", "2", "--seed",
        "9", "--threads", "1", "--quiet")
    expected = analysis_readers.read_sweep(tmp_path / "cli.h5").at_year()
    pd.testing.assert_frame_equal(runs, expected, check_like=False)
    assert runs.attrs["year"] == 2022
    assert kept.exists() and not (tmp_path / "kept.h5.parts").exists()
    assert analysis_readers.read_sweep(kept).attrs["command_line"].startswith("edusim.sweep(")


def test_sweep_of_another_year(edusim):
    first = edusim.sweep(TINY_SWEEP, threads=1, year="+0")
    assert first.attrs["year"] == 2020


def test_validate_returns_the_command_lines_line(edusim, edusim_bin):
    for scenario in ("scenarios/baseline.yaml", "scenarios/qiaodong_data.yaml"):
        line = edusim.validate(scenario)
        assert line == cli(edusim_bin, "validate", scenario).stdout.rstrip("\n")
        assert line.startswith(f"{scenario}: valid scenario")


def test_keys_without_effect_are_warnings_with_the_command_lines_text(edusim, edusim_bin,
                                                                      tmp_path):
    scenario = tmp_path / "off.yaml"
    scenario.write_text(SWITCHED_OFF)
    expected = [line.removeprefix("edusim: warning: ")
                for line in cli(edusim_bin, "validate", scenario).stderr.splitlines()]
    assert expected and "quota_share" in expected[0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        edusim.validate(scenario)
        edusim.run(scenario, threads=1)
    assert [str(w.message) for w in caught] == expected * 2
    assert all(issubclass(w.category, edusim.ScenarioWarning) for w in caught)

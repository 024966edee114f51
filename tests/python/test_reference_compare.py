"""The reference comparison (tests/reference/reference.py) finds and describes every moved
value; the reference outputs themselves are checked by the ctest `reference.outputs`."""
import shutil
import sys

import h5py
import numpy as np
import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "tests" / "reference"))
import reference  # noqa: E402

BASELINE = REPO / "tests" / "reference" / "outputs" / "baseline.h5"


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "baseline.h5"
    shutil.copy(BASELINE, target)
    return target


def test_identical_files_have_no_difference(copy):
    assert reference.compare(BASELINE, copy) == []


def test_a_moved_value_is_named_by_dataset_year_and_school(copy):
    with h5py.File(copy, "r+") as f:
        ds = f["schools/achievement_mean"]
        old = float(ds[2, 3])
        ds[2, 3] = old + 1e-12
        name = f["schools/info"]["name"][3].decode()
        year = int(f["district/year"][2])
    problems = reference.compare(BASELINE, copy)
    assert len(problems) == 1
    text = problems[0]
    assert f"/schools/achievement_mean: 1 of {4 * 40} values moved" in text
    assert f"year {year}, school 3 ({name})" in text
    assert f"old {old!r}, new {old + 1e-12!r}" in text


def test_nan_equals_nan_but_not_a_number(copy):
    with h5py.File(copy, "r+") as f:
        ds = f["district/achievement_mean"]
        values = ds[()]
        values[0] = np.nan
        ds[...] = values
    assert any("/district/achievement_mean: 1 of 4 values moved" in p
               for p in reference.compare(BASELINE, copy))
    # Both NaN: no difference.
    assert not any("achievement_mean" in p for p in reference.compare(copy, copy))


def test_missing_and_new_datasets_are_differences(copy):
    with h5py.File(copy, "r+") as f:
        del f["district/quits"]
        f["district/new_metric"] = np.zeros(4)
    problems = reference.compare(BASELINE, copy)
    assert any("/district/quits is missing" in p for p in problems)
    assert any("/district/new_metric is new" in p for p in problems)


def test_compound_rows_are_compared(copy):
    with h5py.File(copy, "r+") as f:
        info = f["schools/info"][()]
        info["group"][5] = info["group"][5] + 7
        f["schools/info"][...] = info
    problems = reference.compare(BASELINE, copy)
    assert any("/schools/info: 1 of 40 values moved" in p and "school 5" in p for p in problems)


def test_every_shipped_scenario_has_a_reference_case():
    named = {c.args[1] for c in reference.CASES if c.kind == "run"}
    shipped = {f"scenarios/{p.name}" for p in (REPO / "scenarios").glob("*.yaml")}
    # Not run scenarios: the calibration targets and the national specification (the
    # national case runs a small national file of the same form).
    shipped -= {"scenarios/calibration_targets.yaml", "scenarios/national.yaml"}
    assert shipped <= named, f"no reference case for {sorted(shipped - named)}"


def test_event_columns_are_compared(tmp_path):
    source = REPO / "tests" / "reference" / "outputs" / "workforce.h5"
    target = tmp_path / "workforce.h5"
    shutil.copy(source, target)
    with h5py.File(target, "r+") as f:
        teachers = f["events/rotations/teacher"]
        assert teachers.shape[0] > 0, "the workforce scenario rotates teachers"
        teachers[0] = teachers[0] + 1
    problems = reference.compare(source, target)
    assert len(problems) == 1 and "/events/rotations/teacher: 1 of" in problems[0]

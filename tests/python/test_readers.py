"""Readers: run and sweep files into DataFrames; checks of kind, version and completeness."""
from __future__ import annotations

import pathlib
import shutil
import subprocess

import h5py
import numpy as np
import pytest

from analysis import readers
from analysis.readers import InputFileError
from sweep_files import Axis, make_sweep_file


@pytest.fixture(scope="module")
def rotation_run(tmp_path_factory, edusim_bin, repo_root) -> pathlib.Path:
    """A 3-year workforce run (rotation on, so /events/rotations has rows)."""
    out = tmp_path_factory.mktemp("readers") / "workforce3.h5"
    subprocess.run([str(edusim_bin), "run", str(repo_root / "scenarios" / "workforce.yaml"),
                    "-o", str(out), "--years", "3", "--quiet"], check=True)
    return out


def _copy_with_attr(src: pathlib.Path, dst: pathlib.Path, **attrs) -> pathlib.Path:
    shutil.copy(src, dst)
    with h5py.File(dst, "r+") as f:
        for key, value in attrs.items():
            if value is None:
                del f.attrs[key]
            else:
                f.attrs[key] = value
    return dst


def test_district_matches_raw_h5py(small_run):
    df = readers.read_district(small_run)
    with h5py.File(small_run, "r") as f:
        years = f["district/year"][:]
        np.testing.assert_array_equal(df.index.to_numpy(), years)
        for name in ("achievement_gap_urban_rural", "turnover_rate", "salary_bill_total"):
            np.testing.assert_array_equal(df[name].to_numpy(), f[f"district/{name}"][:])
        assert df.attrs["units"]["achievement_gap_urban_rural"] == \
            f["district/achievement_gap_urban_rural"].attrs["units"]
    assert "year" not in df.columns
    assert len(df) == 4  # row 0 + 3 simulated years


def test_schools_long_form(small_run):
    long = readers.read_schools(small_run, ["effectiveness_mean", "students"])
    info = readers.read_school_info(small_run)
    with h5py.File(small_run, "r") as f:
        raw = f["schools/effectiveness_mean"][:]
        years = f["district/year"][:]
    assert len(long) == raw.size
    assert set(info["zone"]) <= {"urban", "town", "rural"} and isinstance(info["name"][0], str)
    row = long[(long["year"] == years[2]) & (long["school"] == 5)].iloc[0]
    assert row["effectiveness_mean"] == raw[2, 5]
    assert row["zone"] == info.loc[5, "zone"]
    wide = readers.read_school_series(small_run, "effectiveness_mean")
    np.testing.assert_array_equal(wide.to_numpy(), raw)


def test_rotations_joined_to_schools(rotation_run):
    ev = readers.read_rotations(rotation_run)
    info = readers.read_school_info(rotation_run)
    with h5py.File(rotation_run, "r") as f:
        n = f["events/rotations/year"].shape[0]
        strength = f["schools/strength"][:]
        strength_text = f["schools/strength"].attrs["description"]
        kind_text = f["events/rotations"].attrs["kind_names"]
        years = list(f["district/year"][:])
    assert n > 0 and len(ev) == n
    first = ev.iloc[0]
    assert first["from_zone"] == info.loc[first["from_school"], "zone"]
    code = strength[years.index(first["year"]), first["to_school"]]
    # Names come from the file's attributes, not from a copy of the C++ enums.
    strength_names = readers.code_names(strength_text)
    assert strength_names == {-1: "weak", 0: "ordinary", 1: "strong"}
    assert first["to_strength"] == strength_names[int(code)]
    kinds = readers.code_names(kind_text)
    assert kinds[1] == "backbone_out" and kinds[5] == "return"
    assert readers.kind_names(rotation_run) == kinds
    assert (ev["kind_name"] == ev["kind"].map(kinds)).all()


def test_kind_names_follow_the_file(rotation_run, tmp_path):
    """A file whose kind_names renames a kind is read with the new name: nothing is copied."""
    copy = tmp_path / "renamed.h5"
    shutil.copy(rotation_run, copy)
    with h5py.File(copy, "r+") as f:
        text = f["events/rotations"].attrs["kind_names"]
        text = text.decode() if isinstance(text, bytes) else text
        f["events/rotations"].attrs["kind_names"] = text.replace("=backbone_out", "=mentor_out")
    ev = readers.read_events(copy)
    assert "mentor_out" in set(ev["kind_name"]) and "backbone_out" not in set(ev["kind_name"])


def test_run_bundle_and_balance(small_run):
    run = readers.read_run(small_run)
    assert run.scenario_name == "baseline"
    assert run.unit("district/turnover_rate") == "1/year"
    assert run.cv_limits["primary"] == {"quality": 0.5, "basic": 0.65}
    cv = readers.read_balance_cv(small_run)
    assert set(cv["level"]) == {"primary", "middle"}
    assert set(cv["indicator"]) == set(readers.BALANCE_INDICATORS)
    with h5py.File(small_run, "r") as f:
        expected = f["balance/cv/middle_floor_area_per_student"][1]
        verdict = f["balance/verdict/quality"][:]
    got = cv[(cv["level"] == "middle") & (cv["indicator"] == "floor_area_per_student")]["cv"]
    assert got.iloc[1] == expected
    basic = readers.read_balance_basic_cv(small_run)
    assert {"teachers_per_100", "intermediate_title_teachers_per_100", "composite"} <= \
        set(basic["indicator"])
    for year, rows in basic[basic["level"] == "primary"].groupby("year"):
        parts = rows[rows["indicator"] != "composite"]["cv"]
        assert len(parts) == 6
        assert abs(rows[rows["indicator"] == "composite"]["cv"].iloc[0] - parts.mean()) < 1e-12
    np.testing.assert_array_equal(run.verdict["quality"].to_numpy(), verdict)


def test_balance_limits_from_scenario_yaml():
    limits = readers.balance_limits("balance_standard:\n  cv_limit: {primary: 0.4}\n")
    assert limits["primary"] == {"quality": 0.4, "basic": 0.65}
    assert limits["middle"] == readers.DEFAULT_CV_LIMITS["middle"]


def test_unknown_schema_version_fails_clearly(small_run, tmp_path):
    bad = _copy_with_attr(small_run, tmp_path / "v9.h5", schema_version=np.int32(9))
    with pytest.raises(InputFileError) as err:
        readers.read_run(bad)
    message = str(err.value)
    assert str(bad) in message and "9" in message and "supported: 1" in message
    assert "\n" not in message


def test_incomplete_refused_unless_allowed(small_run, tmp_path):
    bad = _copy_with_attr(small_run, tmp_path / "tmp.h5", complete=None)
    with pytest.raises(InputFileError, match="incomplete"):
        readers.read_district(bad)
    assert len(readers.read_district(bad, allow_incomplete=True)) == 4


def test_wrong_kind_missing_and_non_hdf5(small_run, tmp_path):
    sweep = _copy_with_attr(small_run, tmp_path / "s.h5", file_kind="sweep")
    with pytest.raises(InputFileError, match="'sweep' file, expected a 'run'"):
        readers.read_run(sweep)
    with pytest.raises(InputFileError, match="no such file"):
        readers.read_run(tmp_path / "missing.h5")
    text = tmp_path / "text.h5"
    text.write_text("not hdf5")
    with pytest.raises(InputFileError, match="not a readable HDF5 file"):
        readers.read_run(text)
    assert readers.file_kind(small_run) == "run"  # old run files have no file_kind


def test_sweep_params_joined_to_outputs(tmp_path):
    axes = [Axis("rotation.quota_share", 0.1, 0.3),
            Axis("hiring.placement", values=("random", "weak_rural_first"), kind="choice")]
    path = make_sweep_file(tmp_path / "grid.h5", "grid", axes,
                           lambda p: {"turnover_rate": 10 * np.asarray(p["rotation.quota_share"])},
                           levels=3, replicates=2, years=4)
    sweep = readers.read_sweep(path)
    assert sweep.axes == ["rotation.quota_share", "hiring.placement"]
    assert sweep.axis_kinds["hiring.placement"] == "choice"
    assert len(sweep.params) == 12 and list(sweep.params.columns[:4]) == list(readers.PARAM_COLUMNS)
    last = sweep.at_year(None, ["turnover_rate"])
    np.testing.assert_allclose(last["turnover_rate"], 10 * last["rotation.quota_share"])
    assert last.attrs["year"] == 2028
    mid = sweep.at_year(2, ["turnover_rate"])  # simulated year 2 = half of the ramp
    np.testing.assert_allclose(mid["turnover_rate"], 5 * mid["rotation.quota_share"])
    long = sweep.long(["turnover_rate"])
    assert len(long) == 12 * 5 and set(long["hiring.placement"]) == {"random", "weak_rural_first"}


def test_sweep_checks(tmp_path, small_run):
    axes = [Axis("a")]
    f = lambda p: {"x": np.asarray(p["a"])}  # noqa: E731
    v2 = make_sweep_file(tmp_path / "v2.h5", "grid", axes, f, schema_version=2)
    with pytest.raises(InputFileError, match=r"schema_version 2 is not supported \(supported: 1\)"):
        readers.read_sweep(v2)
    partial = make_sweep_file(tmp_path / "p.h5", "grid", axes, f, complete=False)
    with pytest.raises(InputFileError, match="incomplete"):
        readers.read_sweep(partial)
    with pytest.raises(InputFileError, match="'run' file, expected a 'sweep'"):
        readers.read_sweep(small_run)
    shard = readers.read_sweep(make_sweep_file(tmp_path / "sh.h5", "grid", axes, f, levels=4,
                                               shard=(1, 2)))
    assert not shard.is_whole_design and list(shard.params["run_index"]) == [2, 3]


def test_expand_paths_and_resolve_year(tmp_path):
    for name in ("r1.h5", "r2.h5"):
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in readers.expand_paths([str(tmp_path / "r*.h5")])] == ["r1.h5", "r2.h5"]
    with pytest.raises(InputFileError, match="no file matches"):
        readers.expand_paths([str(tmp_path / "q*.h5")])
    years = [2024, 2025, 2026]
    assert readers.resolve_year(years, 2025) == 1
    assert readers.resolve_year(years, 2) == 2
    assert readers.resolve_year(years, None) == 2
    with pytest.raises(ValueError):
        readers.resolve_year(years, 7)

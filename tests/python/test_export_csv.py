"""`edusim export-csv`: every CSV file read back with pandas equals what analysis.readers (and
h5py, for the attributes) read from the HDF5 file, for a run file, a run whose school names hold
commas, quotes and Chinese text, and a small sweep file with per-school series."""
from __future__ import annotations

import csv
import pathlib
import subprocess

import h5py
import numpy as np
import pandas as pd
import pytest

from analysis import readers

SMALL = """\
run: {years: 2, start_year: 2020}
district:
  name: small
  schools:
    - {level: primary, zone: urban, count: 2, students_per_grade: {mean: 40, sd: 5, min: 20, max: 60}}
    - {level: primary, zone: rural, count: 2, students_per_grade: {mean: 25, sd: 5, min: 10, max: 60}}
    - {level: middle, zone: rural, count: 1, students_per_grade: {mean: 40, sd: 5, min: 20, max: 60}}
rotation: {enabled: true}
"""


def read_csv(path: pathlib.Path) -> pd.DataFrame:
    """How docs/analysis.md says to read the export: only empty cells are NA, exact floats."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""], float_precision="round_trip")


def export(edusim_bin, h5: pathlib.Path, out: pathlib.Path) -> list[str]:
    done = subprocess.run([str(edusim_bin), "export-csv", str(h5), "-o", str(out)], check=True,
                          capture_output=True, text=True)
    assert done.stdout.startswith(f"{out}: wrote ")
    return sorted(p.name for p in out.iterdir())


def assert_frame_values(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Same columns in the same order, each column's values equal (NaN where NaN)."""
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want)
    for col in want.columns:
        w, g = want[col].to_numpy(), got[col].to_numpy()
        if w.dtype.kind in "fiu":
            np.testing.assert_array_equal(g.astype(float), w.astype(float), err_msg=col)
        else:
            assert list(g) == list(w), col


def check_units_and_readme(out: pathlib.Path, h5: pathlib.Path, groups: list[str]) -> None:
    """units.csv and README.txt give every column of every CSV, with the file's own units and
    descriptions for the series."""
    units = read_csv(out / "units.csv").fillna("")
    for name in [p.name for p in out.glob("*.csv") if p.name != "units.csv"]:
        header = list(pd.read_csv(out / name, nrows=0).columns)
        assert list(units.loc[units["file"] == name, "column"]) == header, name
    readme = (out / "README.txt").read_text(encoding="utf-8")
    with h5py.File(h5, "r") as f:
        for group in groups:
            file = f"{group}.csv"
            for metric, ds in f[group].items():
                if metric in ("year", "info"):
                    continue
                row = units[(units["file"] == file) & (units["column"] == metric)]
                assert list(row["units"]) == [readers._attr_str(ds.attrs["units"])], metric
                assert list(row["description"]) == [readers._attr_str(ds.attrs["description"])]
                assert f"  {metric} [" in readme or f"  {metric}: " in readme
    for p in out.glob("*.csv"):
        assert f"\n{p.name} (" in readme, p.name


def check_run_export(out: pathlib.Path, h5: pathlib.Path) -> None:
    district = read_csv(out / "district.csv")
    want = readers.read_district(h5).reset_index()
    assert_frame_values(district, want)

    schools = read_csv(out / "schools.csv")
    info = readers.read_school_info(h5)
    long = readers.read_schools(h5)
    want = long[["year", "school"] + list(info.columns[1:]) +
                [c for c in long.columns if c not in info.columns and c != "year"]]
    want = want.sort_values(["year", "school"], kind="stable").reset_index(drop=True)
    assert_frame_values(schools, want)

    with h5py.File(h5, "r") as f:
        tables = list(f["events"])
    assert tables, "the run has event tables"
    for table in tables:
        got = read_csv(out / f"events_{table}.csv")
        want = readers.read_events(h5, table).drop(columns="kind_name", errors="ignore")
        if want.empty:
            assert got.empty and list(got.columns) == list(want.columns)
        else:
            assert_frame_values(got, want)
    check_units_and_readme(out, h5, ["district", "schools"])


def test_run_file(edusim_bin, workforce_replicates, tmp_path):
    h5 = workforce_replicates[0]
    out = tmp_path / "csv"
    files = export(edusim_bin, h5, out)
    assert files == ["README.txt", "district.csv", "events_consolidations.csv",
                     "events_leader_rotations.csv", "events_rotations.csv", "schools.csv",
                     "units.csv"]
    assert len(read_csv(out / "events_rotations.csv")) > 0, "workforce runs rotate teachers"
    check_run_export(out, h5)


def test_school_names_with_commas_quotes_and_chinese(edusim_bin, tmp_path):
    (tmp_path / "s.yaml").write_text(SMALL)
    world = tmp_path / "world"
    subprocess.run([str(edusim_bin), "export-world", str(tmp_path / "s.yaml"), "-o", str(world)],
                   check=True, capture_output=True)
    names = ['东城区第一小学, 北校区', 'the "new" school', '村小 "红旗", 二部', 'plain', 'NA']
    table = pd.read_csv(world / "schools.csv", keep_default_na=False, dtype=str)
    table["name"] = names[:len(table)]
    table.to_csv(world / "schools.csv", index=False, quoting=csv.QUOTE_MINIMAL)
    h5 = tmp_path / "named.h5"
    subprocess.run([str(edusim_bin), "run", str(world / "scenario.yaml"), "-o", str(h5),
                    "--quiet"], check=True)
    assert list(readers.read_school_info(h5)["name"]) == names[:len(table)]
    out = tmp_path / "csv"
    export(edusim_bin, h5, out)
    check_run_export(out, h5)
    text = (out / "schools.csv").read_text(encoding="utf-8")
    assert '"东城区第一小学, 北校区"' in text and '"the ""new"" school"' in text


def test_sweep_file(edusim_bin, tmp_path):
    spec = tmp_path / "sweep.yaml"
    base = "\n".join("  " + line for line in SMALL.splitlines())
    spec.write_text(f"base_scenario:\n{base}\ndesign: grid\nreplicates: 2\nseed: 7\n"
                    "per_school: true\naxes:\n"
                    "  rotation.quota_share: {min: 0.05, max: 0.25, steps: 2}\n"
                    "  hiring.placement: [need, weak_rural_first]\n")
    h5 = tmp_path / "sweep.h5"
    subprocess.run([str(edusim_bin), "sweep", str(spec), "-o", str(h5), "--quiet"], check=True)
    out = tmp_path / "csv"
    assert export(edusim_bin, h5, out) == ["README.txt", "district.csv", "params.csv",
                                           "schools.csv", "units.csv"]
    sweep = readers.read_sweep(h5)
    params = read_csv(out / "params.csv")
    assert_frame_values(params, sweep.params.rename(columns={"run_index": "run"}))
    assert list(params["hiring.placement"].unique()) == ["need", "weak_rural_first"]

    district = read_csv(out / "district.csv")
    long = sweep.long()
    want = long[["run_index", "year"] + list(sweep.outputs)].rename(columns={"run_index": "run"})
    assert_frame_values(district, want)

    schools = read_csv(out / "schools.csv")
    with h5py.File(h5, "r") as f:
        metrics = [m for m in f["schools"] if m != "info"]
    info, first = readers.read_sweep_school_series(h5, metrics[0])
    n_runs, n_years, n_schools = first.shape
    assert len(schools) == n_runs * n_years * n_schools
    np.testing.assert_array_equal(schools["run"], np.repeat(sweep.params["run_index"],
                                                            n_years * n_schools))
    np.testing.assert_array_equal(schools["year"], np.tile(np.repeat(sweep.years, n_schools),
                                                           n_runs))
    for col in info.columns:
        assert list(schools[col]) == list(info[col]) * (n_runs * n_years), col
    for metric in metrics:
        np.testing.assert_array_equal(schools[metric],
                                      readers.read_sweep_school_series(h5, metric)[1].ravel(),
                                      err_msg=metric)
    check_units_and_readme(out, h5, ["district", "schools"])


@pytest.mark.parametrize("make", ["text", "plain_hdf5", "calibration_kind"])
def test_refusals_leave_no_directory(edusim_bin, tmp_path, make):
    bad = tmp_path / "bad.h5"
    if make == "text":
        bad.write_text("hello\n")
    else:
        with h5py.File(bad, "w") as f:
            if make == "calibration_kind":
                f.attrs["file_kind"] = "calibration"
                f.attrs["schema_version"] = np.int32(1)
                f.attrs["complete"] = np.int32(1)
    done = subprocess.run([str(edusim_bin), "export-csv", str(bad), "-o", str(tmp_path / "csv")],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.startswith(f"edusim: error: {bad}: ") and done.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.h5"]

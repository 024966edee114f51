"""`edusim export-csv`: every CSV file read back with pandas equals what analysis.readers (and
h5py, for the attributes) read from the HDF5 file, for a run file, a run whose school names hold
commas, quotes and Chinese text, and a small sweep file with per-school series."""
from __future__ import annotations

import pathlib
import subprocess

import h5py
import numpy as np
import pandas as pd
import pytest

import tidy_tables as tidy
from analysis import readers
from conftest import AWKWARD_SCHOOL_NAMES, SMALL_DISTRICT


def export(edusim_bin, h5: pathlib.Path, out: pathlib.Path) -> list[str]:
    done = subprocess.run([str(edusim_bin), "export-csv", str(h5), "-o", str(out)], check=True,
                          capture_output=True, text=True)
    assert done.stdout.startswith(f"{out}: wrote ")
    return sorted(p.name for p in out.iterdir())


def check_units_and_readme(out: pathlib.Path, h5: pathlib.Path) -> None:
    """units.csv and README.txt give every column of every CSV, with the file's own units and
    descriptions for the series."""
    units = tidy.read_csv(out / "units.csv").fillna("")
    readme = (out / "README.txt").read_text(encoding="utf-8")
    for path in out.glob("*.csv"):
        assert f"\n{path.name} (" in readme, path.name
        if path.name != "units.csv":
            header = list(pd.read_csv(path, nrows=0).columns)
            assert list(units.loc[units["file"] == path.name, "column"]) == header, path.name
    with h5py.File(h5, "r") as f:
        for group in [g for g in ("district", "schools") if g in f]:
            for metric, ds in f[group].items():
                if metric in ("year", "info"):
                    continue
                row = units[(units["file"] == f"{group}.csv") & (units["column"] == metric)]
                assert list(row["units"]) == [readers._attr_str(ds.attrs["units"])], metric
                assert list(row["description"]) == [readers._attr_str(ds.attrs["description"])]
                assert f"  {metric} [" in readme or f"  {metric}: " in readme


def check_run_export(out: pathlib.Path, h5: pathlib.Path) -> None:
    tidy.assert_same(tidy.read_csv(out / "district.csv"), tidy.district(h5))
    tidy.assert_same(tidy.read_csv(out / "schools.csv"), tidy.schools(h5))
    with h5py.File(h5, "r") as f:
        tables = list(f["events"])
    assert tables, "the run has event tables"
    for table in tables:
        tidy.assert_same(tidy.read_csv(out / f"events_{table}.csv"), tidy.events(h5, table))
    check_units_and_readme(out, h5)


def test_run_file(edusim_bin, workforce_replicates, tmp_path):
    h5 = workforce_replicates[0]
    out = tmp_path / "csv"
    assert export(edusim_bin, h5, out) == [
        "README.txt", "district.csv", "events_consolidations.csv", "events_leader_rotations.csv",
        "events_rotations.csv", "schools.csv", "units.csv"]
    assert len(tidy.read_csv(out / "events_rotations.csv")) > 0, "workforce runs rotate teachers"
    check_run_export(out, h5)


def test_school_names_with_commas_quotes_and_chinese(edusim_bin, awkward_names_run, tmp_path):
    assert list(readers.read_school_info(awkward_names_run)["name"]) == AWKWARD_SCHOOL_NAMES
    out = tmp_path / "csv"
    export(edusim_bin, awkward_names_run, out)
    check_run_export(out, awkward_names_run)
    text = (out / "schools.csv").read_text(encoding="utf-8")
    assert ',"东城区第一小学, 北校区",' in text and ',"the ""new"" school",' in text


def test_sweep_file(edusim_bin, small_sweep, tmp_path):
    h5, out = small_sweep, tmp_path / "csv"
    assert export(edusim_bin, h5, out) == ["README.txt", "district.csv", "params.csv",
                                           "schools.csv", "units.csv"]
    sweep = readers.read_sweep(h5)
    params = tidy.read_csv(out / "params.csv")
    tidy.assert_same(params, sweep.params.rename(columns={"run_index": "run"}))
    assert list(params["hiring.placement"].unique()) == ["need", "weak_rural_first"]
    tidy.assert_same(tidy.read_csv(out / "district.csv"),
                     tidy.sweep_district(h5).rename(columns={"run_index": "run"}))

    schools = tidy.read_csv(out / "schools.csv")
    with h5py.File(h5, "r") as f:
        metrics = [m for m in f["schools"] if m != "info"]
    info, first = readers.read_sweep_school_series(h5, metrics[0])
    n_runs, n_years, n_schools = first.shape
    assert len(schools) == n_runs * n_years * n_schools
    np.testing.assert_array_equal(schools["run"],
                                  np.repeat(sweep.params["run_index"], n_years * n_schools))
    np.testing.assert_array_equal(schools["year"],
                                  np.tile(np.repeat(sweep.years, n_schools), n_runs))
    for col in info.columns:
        assert list(schools[col]) == list(info[col]) * (n_runs * n_years), col
    for metric in metrics:
        np.testing.assert_array_equal(schools[metric],
                                      readers.read_sweep_school_series(h5, metric)[1].ravel(),
                                      err_msg=metric)
    check_units_and_readme(out, h5)


@pytest.mark.parametrize("design", ["sobol", "morris"])
def test_sobol_and_morris_params(edusim_bin, tmp_path, design):
    """params.csv has the design's own columns (sobol_block, sobol_sample; morris_*)."""
    base = "\n".join("  " + line for line in SMALL_DISTRICT.splitlines())
    spec = tmp_path / "sweep.yaml"
    spec.write_text(f"base_scenario:\n{base}\ndesign: {design}\nsamples: 2\n"
                    + ("levels: 4\n" if design == "morris" else "") + "seed: 3\naxes:\n"
                    "  rotation.quota_share: {min: 0.0, max: 0.3}\n"
                    "  hiring.placement: [need, weak_rural_first]\n")
    h5, out = tmp_path / "sweep.h5", tmp_path / "csv"
    subprocess.run([str(edusim_bin), "sweep", str(spec), "-o", str(h5), "--quiet"], check=True)
    assert export(edusim_bin, h5, out) == ["README.txt", "district.csv", "params.csv",
                                           "units.csv"]
    params = tidy.read_csv(out / "params.csv")
    with h5py.File(h5, "r") as f:
        in_file_order = list(f["params"])  # the design's columns, then the axes
    assert any(c.startswith(f"{design}_") for c in in_file_order)
    want = readers.read_sweep(h5).params[in_file_order]
    tidy.assert_same(params, want.rename(columns={"run_index": "run"}))
    tidy.assert_same(tidy.read_csv(out / "district.csv"),
                     tidy.sweep_district(h5).rename(columns={"run_index": "run"}))
    check_units_and_readme(out, h5)


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

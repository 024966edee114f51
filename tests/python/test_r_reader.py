"""analysis/R/edusim.R against the Python reader: tests/R/dump_edusim.R reads a run file and a
sweep file with the R functions (hdf5r) and writes what it read as CSV with exact numbers; every
value must equal what analysis.readers reads. Without Rscript or hdf5r this test FAILS (CI
installs r-base-core and r-cran-hdf5r, see install-deps.sh); ctest runs it as r.reader."""
from __future__ import annotations

import pathlib
import shutil
import subprocess

import h5py
import pandas as pd
import pytest

import tidy_tables as tidy
from analysis import readers
from conftest import REPO


def dump_with_r(run: pathlib.Path, sweep: pathlib.Path, out: pathlib.Path) -> None:
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.fail("Rscript not found: install r-base-core and r-cran-hdf5r (./install-deps.sh)")
    out.mkdir()
    done = subprocess.run([rscript, "--vanilla", str(REPO / "tests" / "R" / "dump_edusim.R"),
                           str(REPO), str(run), str(sweep), str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"Rscript failed:\n{done.stdout}\n{done.stderr}"


@pytest.mark.parametrize("which", ["workforce", "awkward_names"])
def test_r_reads_what_python_reads(which, workforce_replicates, awkward_names_run, small_sweep,
                                   tmp_path):
    run = workforce_replicates[0] if which == "workforce" else awkward_names_run
    out = tmp_path / "r"
    dump_with_r(run, small_sweep, out)

    tidy.assert_same(tidy.read_csv(out / "district.csv"), tidy.district(run))
    units = tidy.read_csv(out / "district_units.csv").fillna("")
    with h5py.File(run, "r") as f:
        want = [(m, readers._attr_str(ds.attrs["units"]), readers._attr_str(ds.attrs["description"]))
                for m, ds in f["district"].items() if m != "year"]
    assert list(units.itertuples(index=False, name=None)) == want

    tidy.assert_same(tidy.read_csv(out / "schools.csv"), tidy.schools(run))
    for table in ("rotations", "leader_rotations", "consolidations"):
        tidy.assert_same(tidy.read_csv(out / f"events_{table}.csv"), tidy.events(run, table))
    if which == "workforce":
        assert len(tidy.events(run, "rotations")) > 0

    sweep = readers.read_sweep(small_sweep)
    params = pd.read_csv(out / "params.csv", keep_default_na=False, na_values=[""],
                         float_precision="round_trip", dtype={"seed": str})
    want = sweep.params.assign(seed=sweep.params["seed"].astype(str))
    tidy.assert_same(params, want)
    tidy.assert_same(tidy.read_csv(out / "sweep_district.csv"), tidy.sweep_district(small_sweep))
    refusal = (out / "refusal.txt").read_text(encoding="utf-8").strip()
    assert refusal == f"{small_sweep}: is a 'sweep' file, expected a 'run' file"

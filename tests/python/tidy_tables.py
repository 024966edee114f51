"""The tidy tables of a run or sweep file as analysis.readers gives them, in the layout of
`edusim export-csv` and analysis/R/edusim.R (one row per year, per (year, school), per event,
per run, per (run, year)), and an exact comparison: for tests/python/test_export_csv.py and
tests/python/test_r_reader.py."""
from __future__ import annotations

import pathlib

import numpy as np
import pandas as pd

from analysis import readers


def read_csv(path: pathlib.Path) -> pd.DataFrame:
    """How docs/analysis.md says to read the export: only empty cells are NA, exact floats."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""], float_precision="round_trip")


def district(h5: pathlib.Path) -> pd.DataFrame:
    return readers.read_district(h5).reset_index()


def schools(h5: pathlib.Path) -> pd.DataFrame:
    """year, school, the other /schools/info fields, then the metrics; by year, then school."""
    info = readers.read_school_info(h5)
    long = readers.read_schools(h5)
    metrics = [c for c in long.columns if c not in info.columns and c != "year"]
    out = long[["year", "school"] + list(info.columns[1:]) + metrics]
    return out.sort_values(["year", "school"], kind="stable").reset_index(drop=True)


def events(h5: pathlib.Path, table: str) -> pd.DataFrame:
    return readers.read_events(h5, table).drop(columns="kind_name", errors="ignore")


def sweep_district(h5: pathlib.Path) -> pd.DataFrame:
    """run_index, year, then every /district metric; by run, then year."""
    sweep = readers.read_sweep(h5)
    return sweep.long()[["run_index", "year"] + list(sweep.outputs)]


def assert_same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Same columns in the same order and every value equal (NaN where NaN); an empty table
    needs only the same columns."""
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want)
    for col in want.columns:
        w, g = want[col].to_numpy(), got[col].to_numpy()
        if w.dtype.kind in "fiu":
            np.testing.assert_array_equal(g.astype(float), w.astype(float), err_msg=col)
        else:
            assert list(g) == list(w), col

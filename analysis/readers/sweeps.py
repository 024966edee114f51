"""Sweep files (``edusim sweep`` / ``edusim merge``; the contract in docs/analysis.md): the
design in ``params`` and the /district outputs as arrays [run, year].
"""
from __future__ import annotations

import pathlib
from dataclasses import dataclass
from typing import Sequence

import h5py
import numpy as np
import pandas as pd

from ..years import Year
from .files import (InputFileError, PathLike, _attr_str, _root_attrs, open_checked,
                    resolve_year)
from .runs import _descriptions, _info_frame, _units

PARAM_COLUMNS: tuple[str, ...] = ("run_index", "point", "replicate", "seed")


@dataclass
class Sweep:
    """A sweep file: the design in ``params`` (one row per run, /params row order) and the
    /district outputs as arrays [run, year].

    Attributes: path; attrs (root attributes); axes (axis names in order); axis_kinds
    (numeric | bool | choice); params (columns run_index, point, replicate, seed, one per axis,
    sobol_block/sobol_sample for Sobol designs, morris_trajectory/morris_step/morris_axis/
    morris_direction for Morris designs); years (calendar years); outputs
    (metric -> float array [run, year]); units, descriptions (metric -> attribute)."""

    path: pathlib.Path
    attrs: dict[str, object]
    axes: list[str]
    axis_kinds: dict[str, str]
    params: pd.DataFrame
    years: np.ndarray
    outputs: dict[str, np.ndarray]
    units: dict[str, str]
    descriptions: dict[str, str]

    @property
    def design(self) -> str:
        return str(self.attrs.get("design", ""))

    @property
    def replicates(self) -> int:
        return int(self.attrs.get("replicates", 1))  # type: ignore[arg-type]

    @property
    def is_whole_design(self) -> bool:
        """True when the file holds every run of the design (not a shard)."""
        in_file, runs = self.attrs.get("runs_in_file", -1), self.attrs.get("runs", -2)
        return int(in_file) == int(runs)  # type: ignore[arg-type]

    def metrics(self) -> list[str]:
        """Every /district output in the file (loaded or not; see `outputs` for the loaded)."""
        return list(self.units)

    def _check_metrics(self, metrics: Sequence[str]) -> None:
        missing = [m for m in metrics if m not in self.outputs]
        if missing:
            raise KeyError(f"{self.path}: /district output {', '.join(missing)} not in the file "
                           "or not read")

    def at_year(self, year: int | str | Year | None = None,
                metrics: Sequence[str] | None = None) -> pd.DataFrame:
        """``params`` joined to the outputs of one year (as :func:`resolve_year`: a calendar
        year, "+N" or a simulated-year offset, or None for the last year): one row per run,
        one column per metric."""
        metrics = list(self.outputs) if metrics is None else list(metrics)
        self._check_metrics(metrics)
        row = resolve_year(self.years, year)
        out = self.params.copy()
        for m in metrics:
            out[m] = self.outputs[m][:, row]
        out.attrs["year"] = int(self.years[row])
        return out

    def long(self, metrics: Sequence[str] | None = None) -> pd.DataFrame:
        """Tidy table of every (run, year): ``params`` columns, ``year``, one column per metric."""
        metrics = list(self.outputs) if metrics is None else list(metrics)
        self._check_metrics(metrics)
        n_runs, n_years = len(self.params), len(self.years)
        out = self.params.loc[self.params.index.repeat(n_years)].reset_index(drop=True)
        out["year"] = np.tile(self.years, n_runs)
        for m in metrics:
            out[m] = self.outputs[m].ravel()
        return out


def read_sweep_school_series(path: PathLike, metric: str, allow_incomplete: bool = False
                             ) -> tuple[pd.DataFrame, np.ndarray]:
    """/schools/info and one /schools/<metric> of a sweep written with ``per_school: true``:
    the school table and a float array [run, year, school] (rows in /params order)."""
    with open_checked(path, "sweep", allow_incomplete) as f:
        if f"schools/{metric}" not in f:
            raise InputFileError(f"{path}: has no /schools/{metric} (sweep without per_school?)")
        return _info_frame(f), f[f"schools/{metric}"][:]


def _param_column(ds: h5py.Dataset) -> np.ndarray:
    if h5py.check_string_dtype(ds.dtype) is not None:
        return ds.asstr()[:].astype(object)
    return ds[:]


def read_sweep(path: PathLike, metrics: Sequence[str] | None = None,
               allow_incomplete: bool = False) -> Sweep:
    """Read a sweep file (or a shard of one) into a :class:`Sweep`.

    `metrics` limits the /district outputs read into memory (default: all); names not in the
    file are ignored here (:meth:`Sweep.metrics` lists what the file has)."""
    p = pathlib.Path(path)
    with open_checked(p, "sweep", allow_incomplete) as f:
        attrs = _root_attrs(f)
        axes = [a for a in str(attrs.get("axes", "")).split("\n") if a]
        missing = [a for a in axes if f"params/{a}" not in f]
        if missing or "params/run_index" not in f:
            raise InputFileError(f"{p}: /params lacks {', '.join(missing) or 'run_index'}")
        params = pd.DataFrame({name: _param_column(ds) for name, ds in f["params"].items()})
        ordered = [c for c in PARAM_COLUMNS if c in params] + axes
        params = params[ordered + [c for c in params.columns if c not in ordered]]
        kinds = {a: _attr_str(f[f"params/{a}"].attrs.get("kind", "numeric")) for a in axes}
        years = f["district/year"][:].astype(int)
        names = [n for n, ds in f["district"].items() if n != "year" and ds.ndim == 2]
        wanted = names if metrics is None else [m for m in metrics if m in names]
        outputs = {n: f[f"district/{n}"][:] for n in wanted}
        units = {k.split("/", 1)[1]: v for k, v in _units(f["district"], "district").items()
                 if k.split("/", 1)[1] in names}
        descriptions = {k.split("/", 1)[1]: v
                        for k, v in _descriptions(f["district"], "district").items()
                        if k.split("/", 1)[1] in names}
    return Sweep(path=p, attrs=attrs, axes=axes, axis_kinds=kinds, params=params, years=years,
                 outputs=outputs, units=units, descriptions=descriptions)

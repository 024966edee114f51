"""Synthetic sweep files for the tests, written with h5py in the layout of the sweep contract
(schema version 1, file_kind "sweep"; see docs/analysis.md).

Outputs are computed from a known function of the axis values, so the analysis of the file can
be checked against known answers (e.g. the Ishigami function's Sobol indices).
"""
from __future__ import annotations

import itertools
import pathlib
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

import h5py
import numpy as np

from analysis import sobol

Outputs = Callable[[Mapping[str, np.ndarray]], Mapping[str, np.ndarray]]


@dataclass
class Axis:
    """One swept scenario key: numeric in [low, high] (or on `values` for grids) or a choice."""

    name: str
    low: float = 0.0
    high: float = 1.0
    values: Sequence[object] = field(default_factory=tuple)
    kind: str = "numeric"

    def grid(self, levels: int) -> list[object]:
        if self.values:
            return list(self.values)
        return list(np.linspace(self.low, self.high, levels))

    def scale(self, u: np.ndarray) -> np.ndarray:
        """Map uniforms in [0, 1) onto the axis (choice axes pick a value)."""
        if self.kind == "choice":
            pick = np.minimum((u * len(self.values)).astype(int), len(self.values) - 1)
            return np.array(self.values, dtype=object)[pick]
        return self.low + u * (self.high - self.low)


def ishigami(values: Mapping[str, np.ndarray],
             names: Sequence[str] = ("x1", "x2", "x3")) -> np.ndarray:
    """Ishigami function (a = 7, b = 0.1) of three axes in [-pi, pi], given by name."""
    return sobol.ishigami(np.column_stack([np.asarray(values[n], dtype=float) for n in names]))


def _grid_points(axes: Sequence[Axis], levels: int) -> dict[str, np.ndarray]:
    combos = list(itertools.product(*(a.grid(levels) for a in axes)))
    return {a.name: np.array([c[i] for c in combos], dtype=object if a.kind == "choice" else float)
            for i, a in enumerate(axes)}


def _lhs_points(axes: Sequence[Axis], n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    out = {}
    for a in axes:
        u = (rng.permutation(n) + rng.uniform(size=n)) / n
        out[a.name] = a.scale(u)
    return out


def _sobol_points(axes: Sequence[Axis], n: int, rng: np.random.Generator
                  ) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Saltelli design, sample-major order (j, then block): A_j, B_j, AB_j^(0..k-1)."""
    k = len(axes)
    ua, ub = rng.uniform(size=(n, k)), rng.uniform(size=(n, k))
    rows, blocks, samples = [], [], []
    for j in range(n):
        rows += [ua[j], ub[j]]
        blocks += [0, 1]
        for i in range(k):
            ab = ua[j].copy()
            ab[i] = ub[j, i]
            rows.append(ab)
            blocks.append(2 + i)
        samples += [j] * (k + 2)
    u = np.array(rows)
    points = {a.name: a.scale(u[:, i]) for i, a in enumerate(axes)}
    return points, np.array(blocks), np.array(samples)


def make_sweep_file(path: pathlib.Path, design: str, axes: Sequence[Axis], f: Outputs, *,
                    samples: int = 8, levels: int = 3, replicates: int = 1, years: int = 3,
                    start_year: int = 2024, noise: float = 0.0, seed: int = 1,
                    units: Mapping[str, str] | None = None, complete: bool = True,
                    schema_version: int = 1, shard: tuple[int, int] | None = None) -> pathlib.Path:
    """Write a sweep file whose /district/<metric> [run, year] rises linearly from 0 in row 0
    to f(point) in the last row, plus `noise` x N(0, 1) per replicate and year after row 0.

    design: "grid" (`levels` values per numeric axis), "latin_hypercube" (`samples` points) or
    "sobol" (`samples` = N base samples, N (k + 2) points). shard=(i, n) keeps the i-th of n
    contiguous slices of the runs, as `edusim sweep --shard` would."""
    rng = np.random.default_rng(seed)
    blocks = samples_of = None
    if design == "grid":
        points = _grid_points(axes, levels)
    elif design == "latin_hypercube":
        points = _lhs_points(axes, samples, rng)
    elif design == "sobol":
        points, blocks, samples_of = _sobol_points(axes, samples, rng)
    else:
        raise ValueError(design)
    n_points = len(next(iter(points.values())))
    values = {m: np.asarray(v, dtype=float) for m, v in f(points).items()}
    n_runs = n_points * replicates
    point = np.repeat(np.arange(n_points), replicates)
    ramp = np.arange(years + 1) / years
    outputs = {}
    for m, v in values.items():
        series = v[point][:, None] * ramp[None, :]
        series[:, 1:] += noise * rng.standard_normal((n_runs, years))
        outputs[m] = series
    keep = np.arange(n_runs)
    if shard is not None:
        keep = np.array_split(keep, shard[1])[shard[0]]
    with h5py.File(path, "w") as h:
        _write_attrs(h, design, axes, n_points, replicates, n_runs, len(keep), samples,
                     schema_version)
        _write_params(h, axes, points, point, replicates, keep, blocks, samples_of)
        d = h.create_group("district")
        d["year"] = np.arange(start_year, start_year + years + 1, dtype=np.int32)
        for m, series in outputs.items():
            ds = d.create_dataset(m, data=series[keep])
            ds.attrs["units"] = (units or {}).get(m, "1")
            ds.attrs["description"] = f"synthetic output {m}"
            ds.attrs["dimensions"] = "run, year"
        if complete:
            h.attrs["complete"] = np.int32(1)
    return path


def _write_attrs(h: h5py.File, design: str, axes: Sequence[Axis], points: int, replicates: int,
                 runs: int, runs_in_file: int, samples: int, schema_version: int) -> None:
    h.attrs["schema_version"] = np.int32(schema_version)
    h.attrs["file_kind"] = "sweep"
    for key in ("engine_version", "git_revision", "created_utc", "command_line", "sweep_file",
                "sweep", "base_scenario"):
        h.attrs[key] = "synthetic"
    h.attrs["git_clean"] = np.int32(0)
    h.attrs["sweep_digest"] = "0123abcd"
    h.attrs["master_seed"] = np.uint64(7)
    h.attrs["design"] = design
    h.attrs["points"] = np.int64(points)
    h.attrs["replicates"] = np.int64(replicates)
    h.attrs["runs"] = np.int64(runs)
    h.attrs["runs_in_file"] = np.int64(runs_in_file)
    h.attrs["axes"] = "\n".join(a.name for a in axes)
    if design == "sobol":
        h.attrs["sobol_samples"] = np.int64(samples)


def _write_params(h: h5py.File, axes: Sequence[Axis], points: Mapping[str, np.ndarray],
                  point: np.ndarray, replicates: int, keep: np.ndarray,
                  blocks: np.ndarray | None, samples_of: np.ndarray | None) -> None:
    p = h.create_group("params")
    run_index = np.arange(len(point), dtype=np.int64)
    p["run_index"] = run_index[keep]
    p["point"] = point[keep].astype(np.int64)
    p["replicate"] = (run_index % replicates)[keep]
    p["seed"] = (1000 + run_index)[keep]
    for a in axes:
        column = points[a.name][point][keep]
        if a.kind == "choice":
            ds = p.create_dataset(a.name, data=column.astype(str).astype(object),
                                  dtype=h5py.string_dtype("utf-8"))
        else:
            ds = p.create_dataset(a.name, data=column.astype(float))
        ds.attrs["kind"] = a.kind
        ds.attrs["description"] = f"synthetic axis {a.name}"
    if blocks is not None and samples_of is not None:
        p["sobol_block"] = blocks[point][keep].astype(np.int64)
        p["sobol_sample"] = samples_of[point][keep].astype(np.int64)

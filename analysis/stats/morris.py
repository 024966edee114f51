"""Morris elementary effects (Morris 1991, Technometrics 33(2)) with the mu* of Campolongo,
Cariboni & Saltelli (2007, Environ. Model. Softw. 22), with numpy only.

A trajectory is k + 1 points on a grid of p levels per axis, each point one axis away from
the one before. Axis values are measured on the level scale u = (level + 0.5) / p in [0, 1],
so a step of p / 2 levels changes u by +-1/2 and an elementary effect

    EE_i = (y_after - y_before) / (u_after - u_before)

is the change of the output per unit of axis i's range (for a listed or normal axis: per
unit of its quantile scale). Over the r trajectories:

- mu: the mean of EE_i (effects of opposite signs cancel);
- mu*: the mean of |EE_i| (Campolongo et al. 2007): large for an influential axis;
- sigma: the standard deviation of EE_i (ddof = 1): large when the effect of the axis
  depends on where it is (non-linear) or on the other axes (interactions).

Intervals of mu* come from a percentile bootstrap over trajectories.

In a sweep file the design is given by /params/morris_trajectory, morris_step (0 = the
start), morris_axis (the axis moved at the step, -1 at the start) and morris_direction (+1
up, -1 down); :func:`split_design` computes the elementary effects from them, averaging the
replicates of each point first.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import pandas as pd

# |u_after - u_before| of every step: p / 2 levels of width 1 / p.
STEP_U = 0.5


def morris_sample(r: int, k: int, levels: int = 4, seed: int = 0
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random Morris trajectories as edusim builds them (random base levels and axis orders,
    steps of levels / 2 up from the lower half of the grid, else down): u [r, k + 1, k] on
    the level scale, the axis moved at each point [r, k + 1] (-1 at the start) and the
    direction [r, k + 1] (+1, -1; 0 at the start)."""
    if levels % 2:
        raise ValueError("levels must be even")
    rng = np.random.default_rng(seed)
    level = np.empty((r, k + 1, k), dtype=int)
    axis = np.full((r, k + 1), -1)
    direction = np.zeros((r, k + 1), dtype=int)
    level[:, 0] = rng.integers(0, levels, size=(r, k))
    for t in range(r):
        for s, a in enumerate(rng.permutation(k), start=1):
            level[t, s] = level[t, s - 1]
            direction[t, s] = 1 if level[t, s - 1, a] < levels // 2 else -1
            level[t, s, a] += direction[t, s] * levels // 2
            axis[t, s] = a
    return (level + 0.5) / levels, axis, direction


def trajectory_effects(u: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Elementary effects [k] of one trajectory from its points u [k + 1, k] and outputs y
    [k + 1]: consecutive points must differ in exactly one axis."""
    u, y = np.asarray(u, dtype=float), np.asarray(y, dtype=float)
    k = u.shape[1]
    ee = np.full(k, np.nan)
    for s in range(1, k + 1):
        moved = np.flatnonzero(u[s] != u[s - 1])
        if len(moved) != 1:
            raise ValueError(f"points {s - 1} and {s} differ in {len(moved)} axes, not 1")
        a = moved[0]
        ee[a] = (y[s] - y[s - 1]) / (u[s, a] - u[s - 1, a])
    return ee


def split_design(trajectory: np.ndarray, step: np.ndarray, axis: np.ndarray,
                 direction: np.ndarray, y: np.ndarray, k: int) -> np.ndarray:
    """Elementary effects [r, k] from a sweep's morris_* columns and outputs y (one value
    per run, any row order). Replicates of a point (same trajectory and step) are averaged
    first; an effect whose two points are not both present (a shard) is NaN."""
    trajectory, step, axis, direction = (np.asarray(v, dtype=int)
                                         for v in (trajectory, step, axis, direction))
    y = np.asarray(y, dtype=float)
    r = int(trajectory.max()) + 1 if trajectory.size else 0
    sums = np.zeros((r, k + 1))
    counts = np.zeros((r, k + 1))
    np.add.at(sums, (trajectory, step), y)
    np.add.at(counts, (trajectory, step), 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    ee = np.full((r, k), np.nan)
    moves = step > 0
    t, s, a, d = trajectory[moves], step[moves], axis[moves], direction[moves]
    ee[t, a] = (means[t, s] - means[t, s - 1]) / (d * STEP_U)
    return ee


def _mean_over_trajectories(values: np.ndarray) -> np.ndarray:
    """The mean over axis -2 (trajectories) of the finite values; NaN where there are none."""
    finite = np.isfinite(values)
    n = np.sum(finite, axis=-2)
    total = np.sum(np.where(finite, values, 0.0), axis=-2)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, total / np.maximum(n, 1), np.nan)


@dataclass
class MorrisResult:
    """mu, mu*, sigma per axis, with a bootstrap percentile interval of mu* at
    `confidence`; n is the number of elementary effects of each axis."""

    names: list[str]
    mu: np.ndarray
    mu_star: np.ndarray
    sigma: np.ndarray
    mu_star_interval: np.ndarray  # [k, 2]
    n: np.ndarray
    n_boot: int
    confidence: float

    def to_frame(self) -> pd.DataFrame:
        """One row per axis, most influential first: axis, mu, mu_star, mu_star_low,
        mu_star_high, sigma, sigma_over_mu_star, n."""
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(self.mu_star > 0, self.sigma / self.mu_star, np.nan)
        df = pd.DataFrame({
            "axis": self.names, "mu": self.mu, "mu_star": self.mu_star,
            "mu_star_low": self.mu_star_interval[:, 0],
            "mu_star_high": self.mu_star_interval[:, 1], "sigma": self.sigma,
            "sigma_over_mu_star": ratio, "n": self.n})
        return df.sort_values("mu_star", ascending=False, kind="stable").reset_index(drop=True)


def morris_indices(ee: np.ndarray, names: Sequence[str] | None = None, n_boot: int = 500,
                   confidence: float = 0.95, seed: int = 0) -> MorrisResult:
    """mu, mu*, sigma of the elementary effects ee [r, k] (NaN: missing), and bootstrap
    intervals of mu* from resampling the r trajectories."""
    ee = np.asarray(ee, dtype=float)
    if ee.ndim != 2:
        raise ValueError("expected elementary effects of shape [r, k]")
    r, k = ee.shape
    names = list(names) if names is not None else [f"x{i + 1}" for i in range(k)]
    n = np.sum(np.isfinite(ee), axis=0)
    mu, mu_star = _mean_over_trajectories(ee), _mean_over_trajectories(np.abs(ee))
    centred = np.where(np.isfinite(ee), ee - mu, 0.0)
    sigma = np.where(n > 1, np.sqrt(np.sum(centred ** 2, axis=0) / np.maximum(n - 1, 1)), np.nan)
    interval = np.full((k, 2), np.nan)
    if r >= 2 and n_boot > 0:
        rng = np.random.default_rng(seed)
        boot = np.empty((n_boot, k))
        chunk = max(1, int(4_000_000 // max(1, r * k)))
        for start in range(0, n_boot, chunk):
            idx = rng.integers(0, r, size=(min(chunk, n_boot - start), r))
            boot[start:start + len(idx)] = _mean_over_trajectories(np.abs(ee[idx]))
        tail = (1.0 - confidence) / 2.0 * 100.0
        with warnings.catch_warnings():  # an axis without effects: its interval is NaN
            warnings.simplefilter("ignore", RuntimeWarning)
            interval = np.nanpercentile(boot, [tail, 100 - tail], axis=0).T
    return MorrisResult(names, mu, mu_star, sigma, interval, n, n_boot, confidence)


def screen(f: Callable[[np.ndarray], np.ndarray], r: int, k: int, levels: int = 4,
           seed: int = 0, **kwargs) -> MorrisResult:
    """Morris screening of a function f of the columns of u (shape [..., k]) on [0, 1]^k."""
    u, _, _ = morris_sample(r, k, levels, seed)
    ee = np.array([trajectory_effects(u[t], f(u[t])) for t in range(r)])
    return morris_indices(ee, **kwargs)

"""Variance-based sensitivity (Sobol indices) from a Saltelli design, with numpy only.

Notation: A and B are two independent N x k sample matrices; A_B^(i) is A with column i taken
from B. f_A, f_B (shape [N]) and f_AB (shape [k, N]) are the model outputs on those rows.

- variance V: the population variance of the pooled outputs f_A and f_B;
- first-order index (Saltelli et al. 2010, Comput. Phys. Commun. 181, table 2 (b)):
  S_i = mean(f_B (f_ABi - f_A)) / V, with f_B centred on the pooled mean (same expectation,
  smaller error for outputs far from 0);
- total index (Jansen 1999, table 2 (f) of Saltelli 2010): ST_i = mean((f_A - f_ABi)^2) / (2 V).

Confidence intervals come from a percentile bootstrap over the N sample rows (each resample
keeps a row's A, B and A_B^(i) outputs together).

In a sweep file the design is given by /params/sobol_block (0 = A, 1 = B, 2 + i = A_B^(i)) and
/params/sobol_sample (the row j); :func:`split_design` rebuilds f_A, f_B, f_AB from it,
averaging the replicates of each design point.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

# A first-order index below this is sampling error, not a small effect (docs/sweeps.md).
NEGATIVE_S1 = -0.05

# Analytic indices of the Ishigami function with a = 7, b = 0.1 on [-pi, pi]^3.
ISHIGAMI_S1: tuple[float, float, float] = (0.3139, 0.4424, 0.0)
ISHIGAMI_ST: tuple[float, float, float] = (0.5576, 0.4424, 0.2437)


def ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    """Ishigami test function of the three columns of `x` (shape [..., 3])."""
    x = np.asarray(x, dtype=float)
    return np.sin(x[..., 0]) + a * np.sin(x[..., 1]) ** 2 + b * x[..., 2] ** 4 * np.sin(x[..., 0])


def saltelli_sample(n: int, bounds: Sequence[tuple[float, float]], seed: int = 0
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random Saltelli matrices on the box `bounds`: A, B (shape [n, k]) and AB ([k, n, k])."""
    rng = np.random.default_rng(seed)
    low, high = np.array(bounds, dtype=float).T
    k = len(low)
    a = low + rng.uniform(size=(n, k)) * (high - low)
    b = low + rng.uniform(size=(n, k)) * (high - low)
    ab = np.repeat(a[None, :, :], k, axis=0)
    for i in range(k):
        ab[i, :, i] = b[:, i]
    return a, b, ab


def _variance(f_a: np.ndarray, f_b: np.ndarray) -> np.ndarray:
    """Pooled population variance of f_A and f_B along the last axis."""
    return np.var(np.concatenate([f_a, f_b], axis=-1), axis=-1)


def first_order(f_a: np.ndarray, f_b: np.ndarray, f_ab: np.ndarray) -> np.ndarray:
    """Saltelli 2010 first-order indices S_i (one per row of f_ab).

    f_B is centred on the pooled mean of f_A and f_B first: the estimator's expectation does
    not change (mean(f_ABi - f_A) is 0 in expectation), but its sampling error no longer
    grows with the square of the output's mean. Leading axes broadcast: f_a, f_b [..., N];
    f_ab [k, ..., N]."""
    mu = np.mean(np.concatenate([f_a, f_b], axis=-1), axis=-1, keepdims=True)
    return np.mean((f_b - mu) * (f_ab - f_a), axis=-1) / _variance(f_a, f_b)


def total_order(f_a: np.ndarray, f_b: np.ndarray, f_ab: np.ndarray) -> np.ndarray:
    """Jansen 1999 total indices ST_i (one per row of f_ab); shapes as :func:`first_order`."""
    return np.mean((f_a - f_ab) ** 2, axis=-1) / (2.0 * _variance(f_a, f_b))


@dataclass
class SobolResult:
    """Indices per input with bootstrap percentile intervals at `confidence`."""

    names: list[str]
    s1: np.ndarray
    st: np.ndarray
    s1_interval: np.ndarray  # [k, 2]
    st_interval: np.ndarray  # [k, 2]
    n: int
    n_boot: int
    confidence: float

    def warnings(self) -> list[str]:
        """Why an index cannot be trusted: its interval is wider than the index itself, or a
        first-order index is below -0.05 (true indices are never negative: such a value is
        sampling error). Empty when every index is usable."""
        out = []
        for i, name in enumerate(self.names):
            for key, value, (low, high) in (("S1", self.s1[i], self.s1_interval[i]),
                                            ("ST", self.st[i], self.st_interval[i])):
                if not np.isfinite(value):
                    continue
                if high - low > abs(value):
                    out.append(f"{key} of {name} = {value:.3f}: its {self.confidence:.0%} "
                               f"interval [{low:.3f}, {high:.3f}] is wider than the index")
            if np.isfinite(self.s1[i]) and self.s1[i] < NEGATIVE_S1:
                out.append(f"S1 of {name} = {self.s1[i]:.3f} is below {NEGATIVE_S1}: "
                           "sampling error dominates")
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per input: axis, S1, S1_low, S1_high, ST, ST_low, ST_high, N."""
        return pd.DataFrame({
            "axis": self.names, "S1": self.s1, "S1_low": self.s1_interval[:, 0],
            "S1_high": self.s1_interval[:, 1], "ST": self.st, "ST_low": self.st_interval[:, 0],
            "ST_high": self.st_interval[:, 1], "N": self.n})


def _bootstrap(f_a: np.ndarray, f_b: np.ndarray, f_ab: np.ndarray, n_boot: int,
               rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Bootstrap replicates of S1 and ST, shape [n_boot, k], in memory-bounded chunks."""
    k, n = f_ab.shape
    chunk = max(1, int(4_000_000 // max(1, k * n)))
    s1, st = [], []
    for start in range(0, n_boot, chunk):
        idx = rng.integers(0, n, size=(min(chunk, n_boot - start), n))
        a, b, ab = f_a[idx], f_b[idx], f_ab[:, idx]
        s1.append(first_order(a, b, ab).T)
        st.append(total_order(a, b, ab).T)
    return np.concatenate(s1), np.concatenate(st)


def sobol_indices(f_a: np.ndarray, f_b: np.ndarray, f_ab: np.ndarray,
                  names: Sequence[str] | None = None, n_boot: int = 500,
                  confidence: float = 0.95, seed: int = 0) -> SobolResult:
    """First-order and total indices with bootstrap intervals.

    Rows j where any output is NaN are dropped first (N counts the rows kept)."""
    f_a, f_b, f_ab = (np.asarray(v, dtype=float) for v in (f_a, f_b, f_ab))
    if f_ab.ndim != 2 or f_ab.shape[1] != f_a.shape[0] or f_a.shape != f_b.shape:
        raise ValueError("expected f_A, f_B of shape [N] and f_AB of shape [k, N]")
    ok = np.isfinite(f_a) & np.isfinite(f_b) & np.all(np.isfinite(f_ab), axis=0)
    f_a, f_b, f_ab = f_a[ok], f_b[ok], f_ab[:, ok]
    k, n = f_ab.shape
    names = list(names) if names is not None else [f"x{i + 1}" for i in range(k)]
    tail = (1.0 - confidence) / 2.0 * 100.0
    if n < 2 or _variance(f_a, f_b) == 0:
        nan = np.full(k, np.nan)
        return SobolResult(names, nan, nan, np.full((k, 2), np.nan), np.full((k, 2), np.nan),
                           n, n_boot, confidence)
    boot_s1, boot_st = _bootstrap(f_a, f_b, f_ab, n_boot, np.random.default_rng(seed))
    return SobolResult(
        names=names, s1=first_order(f_a, f_b, f_ab), st=total_order(f_a, f_b, f_ab),
        s1_interval=np.nanpercentile(boot_s1, [tail, 100 - tail], axis=0).T,
        st_interval=np.nanpercentile(boot_st, [tail, 100 - tail], axis=0).T,
        n=n, n_boot=n_boot, confidence=confidence)


def split_design(block: np.ndarray, sample: np.ndarray, y: np.ndarray, k: int
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rebuild f_A [N], f_B [N] and f_AB [k, N] from a sweep's sobol_block / sobol_sample
    columns and outputs y (one value per run, any row order). Replicates of a design point
    (same block and sample) are averaged; a missing cell is NaN."""
    block, sample, y = np.asarray(block), np.asarray(sample), np.asarray(y, dtype=float)
    n = int(sample.max()) + 1 if sample.size else 0
    sums = np.zeros((k + 2, n))
    counts = np.zeros((k + 2, n))
    valid = (block >= 0) & (block < k + 2)
    np.add.at(sums, (block[valid], sample[valid]), y[valid])
    np.add.at(counts, (block[valid], sample[valid]), 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    return means[0], means[1], means[2:]


def convergence(f_a: np.ndarray, f_b: np.ndarray, f_ab: np.ndarray,
                names: Sequence[str] | None = None, n_boot: int = 200,
                confidence: float = 0.95, seed: int = 0, steps: int = 5
                ) -> list[tuple[int, SobolResult]]:
    """Indices on the first n base samples, for n doubling up to N (at least 4 rows): how
    the estimates and their intervals settle as samples are added. Saltelli rows are
    independent, so a prefix of the design is a smaller design."""
    n_total = np.asarray(f_a).shape[0]
    sizes = sorted({max(4, n_total >> s) for s in range(steps)} | {n_total})
    return [(n, sobol_indices(f_a[:n], f_b[:n], f_ab[:, :n], names, n_boot, confidence, seed))
            for n in sizes if n <= n_total]

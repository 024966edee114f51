"""Figures and tables of the sweep report: main effects, two-axis heatmaps, replicate
uncertainty, Sobol indices and Morris screening. Inputs are the table of one year's outputs
joined to the design (:meth:`analysis.readers.Sweep.at_year`), one row per run.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from . import style
from .common import (count_axis, fitted_title, grid_axes, legend_outside, message_axes,
                     pretty)
from ..stats.morris import MorrisResult
from ..stats.sobol import SobolResult
from .style import plt

MAX_BINS = 10
HEATMAP_BINS = 6
QUANTILES = (0.05, 0.95)


@dataclass
class Bins:
    """How the runs fall along one axis: `index` (bin of each run, -1 for missing), `labels`
    (tick text per bin) and `centres` (x position per bin)."""

    index: np.ndarray
    labels: list[str]
    centres: np.ndarray


def axis_bins(values: pd.Series, kind: str, max_bins: int = MAX_BINS) -> Bins:
    """Bins of an axis: its distinct values when there are few (grids, choices), else
    quantile bins (Latin hypercube, Sobol)."""
    if kind == "choice":
        categories = sorted(values.dropna().unique().tolist(), key=str)
        codes = values.map({c: i for i, c in enumerate(categories)}).fillna(-1).to_numpy(int)
        return Bins(codes, [str(c) for c in categories], np.arange(len(categories), dtype=float))
    x = values.to_numpy(dtype=float)
    distinct = np.unique(x[np.isfinite(x)])
    if len(distinct) <= max_bins:
        index = np.searchsorted(distinct, x)
        index[~np.isfinite(x)] = -1
        return Bins(index, [f"{v:.4g}" for v in distinct], distinct)
    edges = np.unique(np.nanquantile(x, np.linspace(0, 1, max_bins + 1)))
    index = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, len(edges) - 2)
    index[~np.isfinite(x)] = -1
    centres = np.array([np.nanmean(x[index == b]) for b in range(len(edges) - 1)])
    return Bins(index, [f"{c:.4g}" for c in centres], centres)


def main_effects(table: pd.DataFrame, axes: Sequence[str], kinds: Mapping[str, str],
                 outputs: Sequence[str]) -> pd.DataFrame:
    """Mean and 5-95% range of each output per bin of each axis (other axes varying):
    columns output, axis, bin, label, x, mean, low, high, n."""
    rows = []
    for axis in axes:
        bins = axis_bins(table[axis], kinds.get(axis, "numeric"))
        for output in outputs:
            y = table[output].to_numpy(dtype=float)
            for b, (label, x) in enumerate(zip(bins.labels, bins.centres)):
                v = y[(bins.index == b) & np.isfinite(y)]
                low, high = np.quantile(v, QUANTILES) if len(v) else (np.nan, np.nan)
                rows.append({"output": output, "axis": axis, "bin": b, "label": label, "x": x,
                             "mean": v.mean() if len(v) else np.nan, "low": low, "high": high,
                             "n": len(v)})
    return pd.DataFrame(rows)


def main_effects_figure(table: pd.DataFrame, effects: pd.DataFrame, axes: Sequence[str],
                        kinds: Mapping[str, str], outputs: Sequence[str],
                        units: Mapping[str, str], year: int) -> plt.Figure:
    """Grid: one row per output, one column per axis. Dots: the runs; line: the mean per
    bin; band: 5-95% of the runs in the bin (the spread due to the other axes and noise)."""
    fig, panels = grid_axes(len(outputs) * len(axes), ncols=len(axes), panel=(3.4, 2.7))
    for (i, output), (j, axis) in itertools.product(enumerate(outputs), enumerate(axes)):
        ax = panels[i * len(axes) + j]
        e = effects[(effects["output"] == output) & (effects["axis"] == axis)]
        bins = axis_bins(table[axis], kinds.get(axis, "numeric"))
        scale, shown = style.scaled_units(units.get(output, ""))
        x = bins.centres[bins.index[bins.index >= 0]]
        ax.scatter(x, table[output].to_numpy(dtype=float)[bins.index >= 0] / scale, s=4,
                   color="#999999", alpha=0.35, linewidths=0, rasterized=True)
        ax.plot(e["x"], e["mean"] / scale, color=style.SERIES_PALETTE[3], marker="o",
                markersize=3)
        spread = e["n"] > 1  # a range only where a bin holds several runs
        ax.fill_between(e["x"], (e["low"] / scale).where(spread), (e["high"] / scale).where(spread),
                        color=style.SERIES_PALETTE[3], alpha=style.BAND_ALPHA, linewidth=0)
        if kinds.get(axis) == "choice":
            ax.set_xticks(bins.centres, bins.labels, rotation=30, ha="right")
        ax.set_xlabel(axis)
        ax.set_ylabel(style.axis_label("value", shown) if j == 0 else "")  # title: the output
        ax.set_title(pretty(output), fontsize=8)
    fitted_title(fig, f"Main effects in {year}: mean per axis value with the 5-95% range of "
                      "the runs there")
    return fig


def heatmap_figure(table: pd.DataFrame, axes: Sequence[str], kinds: Mapping[str, str],
                   output: str, units: Mapping[str, str], year: int,
                   max_pairs: int = 6) -> plt.Figure:
    """Mean of one output over the bins of each pair of axes (first `max_pairs` pairs)."""
    pairs = list(itertools.combinations(axes, 2))[:max_pairs]
    fig, panels = grid_axes(max(1, len(pairs)), ncols=3, panel=(3.6, 3.0))
    if not pairs:
        message_axes(panels[0], "a heatmap needs two axes")
    scale, shown = style.scaled_units(units.get(output, ""))
    for ax, (a, b) in zip(panels, pairs):
        grid, bins_a, bins_b = heatmap_grid(table, a, b, kinds, output)
        grid = grid / scale
        if not np.isfinite(grid).any():
            message_axes(ax, f"no run of {pretty(output)} in these bins of {a} and {b}")
            continue
        image = ax.imshow(grid, origin="lower", aspect="auto", cmap="viridis",
                          **_colour_limits(grid))
        _cell_values(ax, grid)
        ax.set_xticks(range(len(bins_b.labels)), bins_b.labels, rotation=45, ha="right",
                      fontsize=7)
        ax.set_yticks(range(len(bins_a.labels)), bins_a.labels, fontsize=7)
        ax.set_xlabel(b)
        ax.set_ylabel(a)
        ax.grid(False)
        bar = fig.colorbar(image, ax=ax, label=style.axis_label("mean", shown))
        bar.formatter.set_useOffset(False)  # no '1e-8+1.03e2' above the bar
    fitted_title(fig, f"{pretty(output)} in {year}: mean over the runs in each pair of axis bins")
    return fig


def _colour_limits(grid: np.ndarray) -> dict[str, float]:
    """Colour limits of a heatmap: the data's range, widened around a grid that is constant
    (up to rounding), which would otherwise be drawn as noise in full colour."""
    finite = grid[np.isfinite(grid)]
    low, high = float(finite.min()), float(finite.max())
    scale = max(abs(low), abs(high), 1e-12)
    if high - low > 1e-9 * scale:
        return {"vmin": low, "vmax": high}
    return {"vmin": low - 0.01 * scale, "vmax": high + 0.01 * scale}


def _cell_values(ax: plt.Axes, grid: np.ndarray) -> None:
    """Each cell's value printed on it, dark on light cells and light on dark ones."""
    limits = _colour_limits(grid)
    low, high = limits["vmin"], limits["vmax"]
    for (i, j), value in np.ndenumerate(grid):
        if np.isfinite(value):
            light = (value - low) / (high - low) < 0.5  # viridis: dark at low values
            ax.text(j, i, f"{value:.3g}", ha="center", va="center", fontsize=6,
                    color="white" if light else "black", gid="cell-value")


def heatmap_grid(table: pd.DataFrame, a: str, b: str, kinds: Mapping[str, str], output: str
                 ) -> tuple[np.ndarray, Bins, Bins]:
    """Mean of `output` per (bin of a, bin of b); NaN where no run falls."""
    bins_a = axis_bins(table[a], kinds.get(a, "numeric"), HEATMAP_BINS)
    bins_b = axis_bins(table[b], kinds.get(b, "numeric"), HEATMAP_BINS)
    y = table[output].to_numpy(dtype=float)
    ok = (bins_a.index >= 0) & (bins_b.index >= 0) & np.isfinite(y)
    shape = (len(bins_a.labels), len(bins_b.labels))
    sums, counts = np.zeros(shape), np.zeros(shape)
    np.add.at(sums, (bins_a.index[ok], bins_b.index[ok]), y[ok])
    np.add.at(counts, (bins_a.index[ok], bins_b.index[ok]), 1.0)
    with np.errstate(invalid="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan), bins_a, bins_b


def replicate_uncertainty(table: pd.DataFrame, outputs: Sequence[str]) -> pd.DataFrame:
    """Per output: the replicate noise (root mean within-point variance, ddof 1), the spread
    of point means across the design (SD), and the noise share of the total variance."""
    rows = []
    for output in outputs:
        by_point = table.groupby("point")[output]
        within = np.sqrt(np.nanmean(by_point.var(ddof=1).to_numpy()))
        between = np.nanstd(by_point.mean().to_numpy(), ddof=1)
        rows.append({"output": output, "within_point_sd": within, "between_point_sd": between,
                     "noise_share": within ** 2 / (within ** 2 + between ** 2),
                     "replicates": int(by_point.size().median())})
    return pd.DataFrame(rows)


def replicate_figure(table: pd.DataFrame, outputs: Sequence[str], units: Mapping[str, str],
                     year: int) -> plt.Figure:
    """Per output: histogram of the replicate SD of each design point, against the SD of the
    point means across the design (vertical line)."""
    fig, panels = grid_axes(len(outputs), ncols=3, panel=(3.6, 2.8))
    for ax, output in zip(panels, outputs):
        by_point = table.groupby("point")[output]
        sd = by_point.std(ddof=1).dropna().to_numpy()
        scale, shown = style.scaled_units(units.get(output, ""))
        ax.hist(sd / scale, bins=20, color=style.SERIES_PALETTE[1], label="design points")
        ax.axvline(np.nanstd(by_point.mean().to_numpy(), ddof=1) / scale, color="black",
                   linestyle="--", label="SD of point means")
        ax.set_xlabel(style.axis_label("SD over the replicates of a point", shown))
        ax.set_ylabel("design points")
        count_axis(ax.yaxis)
        ax.set_title(pretty(output), fontsize=8)
    if panels:
        legend_outside(panels[min(len(panels), 3) - 1])
    fitted_title(fig, f"Uncertainty over replicates in {year}: the SD over the replicates of "
                      "each design point against the SD of the point means (dashed)")
    return fig


def sobol_figure(results: Mapping[str, SobolResult], year: int) -> plt.Figure:
    """Per output: first-order (S1) and total (ST) index of each axis with bootstrap
    confidence intervals."""
    fig, panels = grid_axes(len(results), ncols=2, panel=(4.6, 3.0))
    colours = {"S1": style.SERIES_PALETTE[3], "ST": style.SERIES_PALETTE[0]}
    for ax, (output, r) in zip(panels, results.items()):
        x = np.arange(len(r.names))
        for offset, key, values, interval in ((-0.2, "S1", r.s1, r.s1_interval),
                                              (0.2, "ST", r.st, r.st_interval)):
            err = np.abs(np.vstack([values - interval[:, 0], interval[:, 1] - values]))
            ax.bar(x + offset, values, width=0.4, color=colours[key], label=key,
                   yerr=np.nan_to_num(err), capsize=3)
        ax.set_xticks(x, r.names, rotation=30, ha="right")
        ax.set_ylabel("Sobol index (share of variance)")
        ax.set_title(pretty(output), fontsize=9)
        ax.axhline(0, color="black", linewidth=0.8)
    if panels:
        legend_outside(panels[min(len(panels), 2) - 1])
    conf = next(iter(results.values())).confidence if results else 0.95
    fitted_title(fig, f"Sobol indices in {year}: first order (S1) and total (ST), with "
                      f"{conf:.0%} bootstrap intervals")
    return fig


def sobol_convergence_figure(runs: Mapping[str, Sequence[tuple[int, SobolResult]]],
                             year: int) -> plt.Figure:
    """Per output: each axis's total index ST (solid) and first-order index S1 (dashed)
    against the number of base samples used, with bootstrap intervals (bands)."""
    fig, panels = grid_axes(len(runs), ncols=2, panel=(4.6, 3.0))
    for ax, (output, steps) in zip(panels, runs.items()):
        if not steps:
            continue
        names = steps[0][1].names
        n = np.array([size for size, _ in steps])
        for i, name in enumerate(names):
            colour = style.SERIES_PALETTE[i % len(style.SERIES_PALETTE)]
            for key, dash in (("st", "-"), ("s1", "--")):
                values = np.array([getattr(r, key)[i] for _, r in steps])
                bounds = np.array([getattr(r, f"{key}_interval")[i] for _, r in steps])
                ax.plot(n, values, dash, color=colour, marker="o", markersize=2.5,
                        label=f"{name} {key.upper()}")
                ax.fill_between(n, bounds[:, 0], bounds[:, 1], color=colour, alpha=0.12,
                                linewidth=0)
        ax.set_xscale("log", base=2)
        ax.set_xlabel("base samples N")
        ax.set_ylabel("Sobol index")
        ax.set_title(pretty(output), fontsize=9)
        ax.axhline(0, color="black", linewidth=0.8)
        legend_outside(ax, fontsize=6)
    fitted_title(fig, f"Convergence of the Sobol indices in {year} (bands: bootstrap intervals)")
    return fig


def morris_figure(result: MorrisResult, output: str, unit: str, year: int) -> plt.Figure:
    """Morris screening of one output: each axis at (mu*, sigma), with the bootstrap
    interval of mu* as a horizontal bar; the dashed line is sigma = mu*."""
    fig, (ax,) = grid_axes(1, ncols=1, panel=(5.6, 4.2))
    finite = np.isfinite(result.mu_star) & np.isfinite(result.sigma)
    if not finite.any():
        message_axes(ax, f"no elementary effects of {output} to show")
        return fig
    err = np.abs(np.vstack([result.mu_star - result.mu_star_interval[:, 0],
                            result.mu_star_interval[:, 1] - result.mu_star]))
    ax.errorbar(result.mu_star[finite], result.sigma[finite], xerr=np.nan_to_num(err[:, finite]),
                fmt="o", color=style.SERIES_PALETTE[0], ecolor="grey", capsize=3, markersize=5)
    for name, x, y in zip(np.array(result.names)[finite], result.mu_star[finite],
                          result.sigma[finite]):
        ax.annotate(name, (x, y), xytext=(4, 4), textcoords="offset points", fontsize=7)
    top = float(max(np.nanmax(result.mu_star_interval[finite, 1], initial=0.0),
                    np.nanmax(result.mu_star[finite]), np.nanmax(result.sigma[finite]))) or 1.0
    ax.plot([0, top * 1.05], [0, top * 1.05], "--", color="black", linewidth=0.8,
            label="sigma = mu*")
    ax.set_xlim(0, top * 1.1)
    ax.set_ylim(0, top * 1.1)
    per = f" ({unit} per axis range)" if unit else " (per axis range)"
    ax.set_xlabel("mu*, mean |elementary effect|" + per)
    ax.set_ylabel("sigma, SD of the elementary effects")
    legend_outside(ax)
    ax.set_title(f"{pretty(output)} in {year}\n(bars: {result.confidence:.0%} bootstrap "
                 "intervals of mu*)", fontsize=9)
    return fig

"""Figure helpers shared by the report commands: replicate summaries, bands, saving.

The figure builders themselves live in fig_run.py (run report), fig_sweep.py (sweep report)
and fig_compare.py (scenario comparison). Every builder returns a matplotlib Figure, so tests
can inspect what was drawn; :func:`save_figure` writes it as PNG (150 dpi) and SVG
(deterministic: fixed hash salt, no date).
"""
from __future__ import annotations

import pathlib
import warnings
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from . import style
from .style import plt

BAND_QUANTILES: tuple[float, float] = (0.05, 0.95)  # a 90% interval over replicates

PRETTY_NAMES: dict[str, str] = {
    "achievement_gap_urban_rural": "achievement gap, urban - rural",
    "achievement_gap_top_bottom_quartile": "achievement gap, top - bottom school quartile",
    "achievement_between_school_share": "between-school share of achievement variance",
    "effectiveness_gap_urban_rural": "teacher effectiveness gap, urban - rural",
    "effectiveness_school_cv": "CV of school mean teacher effectiveness",
    "achievement_theil_between": "Theil T, between-school part",
    "turnover_rate": "teacher turnover rate",
    "morale_mean": "mean teacher morale",
    "salary_bill_total": "salary bill (incl. allowances, housing)",
    "balance_quality_pass": "quality-balanced verdict passed",
    "balance_basic_pass": "basic-balance verdict passed",
    "turnover_rate_mean_to_year": "mean turnover rate, years 1..Y",
    "cost_cumulative_to_year": "cumulative spending, years 1..Y",
}


def pretty(name: str) -> str:
    """A readable title for a dataset name (underscores become spaces)."""
    return PRETTY_NAMES.get(name, name.replace("_", " "))


@dataclass
class Summary:
    """Replicate summary of a series on common x values: mean and a 90% band."""

    x: np.ndarray
    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray
    n: int


def summarise(series: Sequence[pd.Series]) -> Summary:
    """Mean and 5-95% quantiles across replicate series, aligned on their index (outer join;
    NaN values are ignored, so a year missing in one replicate uses the others)."""
    table = pd.concat([s.rename(i) for i, s in enumerate(series)], axis=1).sort_index()
    values = table.to_numpy(dtype=float)
    with warnings.catch_warnings():  # all-NaN years are legitimate ("undefined")
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(values, axis=1)
        low, high = np.nanquantile(values, BAND_QUANTILES, axis=1)
    return Summary(table.index.to_numpy(), mean, low, high, len(series))


def plot_band(ax: plt.Axes, s: Summary, colour: str, label: str, linestyle: str = "-",
              scale: float = 1.0) -> None:
    """The mean as a line and, with 2+ replicates, the 90% band as a shaded area."""
    ax.plot(s.x, s.mean / scale, color=colour, linestyle=linestyle, label=_band_label(label, s.n),
            marker="o", markersize=2.5)
    if s.n > 1:
        ax.fill_between(s.x, s.low / scale, s.high / scale, color=colour, alpha=style.BAND_ALPHA,
                        linewidth=0)


def _band_label(label: str, n: int) -> str:
    return label if n <= 1 else f"{label} (mean of {n}, 90% band)"


def message_axes(ax: plt.Axes, text: str) -> None:
    """An empty panel that says why nothing is drawn."""
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, wrap=True)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)


def grid_axes(n: int, ncols: int = 2, panel: tuple[float, float] = (4.2, 2.9)
              ) -> tuple[plt.Figure, list[plt.Axes]]:
    """A figure with n panels in rows of `ncols`; unused panels are removed."""
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols)) if n else 1
    fig, axes = plt.subplots(nrows, ncols, figsize=(panel[0] * ncols, panel[1] * nrows + 0.6),
                             squeeze=False, layout="constrained")
    flat = list(axes.ravel())
    for ax in flat[n:]:
        ax.remove()
    return fig, flat[:n]


def save_figure(fig: plt.Figure, outdir: pathlib.Path, name: str, close: bool = True
                ) -> dict[str, pathlib.Path]:
    """Write `name`.png (150 dpi) and `name`.svg (deterministic) into outdir."""
    outdir.mkdir(parents=True, exist_ok=True)
    paths = {"png": outdir / f"{name}.png", "svg": outdir / f"{name}.svg"}
    fig.savefig(paths["png"], dpi=style.PNG_DPI, metadata={"Software": None})
    fig.savefig(paths["svg"], metadata={"Date": None, "Creator": None})
    if close:
        plt.close(fig)
    return paths

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

import textwrap

from matplotlib.ticker import MaxNLocator

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
    "qualified_teachers_per_100": "qualified teachers per 100 students",
    "backbone_teachers_per_100": "backbone teachers per 100 students",
    "pe_art_teachers_per_100": "PE and art teachers per 100 students",
    "floor_area_per_student": "floor area per student",
    "sports_area_per_student": "sports ground per student",
    "equipment_value_per_student": "equipment value per student",
    "multimedia_classrooms_per_100": "multimedia classrooms per 100 students",
    "backbone_out": "backbone teacher sent out",
    "ordinary_out": "ordinary teacher sent out",
    "training_in": "teacher in for training",
    "exchange_in": "exchange teacher in",
    "return": "return at the end of a term",
    "stay": "stay after a term",
    "shadow": "shadow post",
    "transfer": "voluntary transfer",
}
YEAR_LABEL = "calendar year"


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
    """An empty panel replaced by a sentence that says why nothing is drawn (its title is
    kept)."""
    title = ax.get_title()
    ax.cla()
    ax.set_title(title)
    ax.text(0.5, 0.5, textwrap.fill(text, 40), ha="center", va="center",
            transform=ax.transAxes, gid="empty-panel")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)


def empty_panel_text(ax: plt.Axes) -> str | None:
    """The sentence of a panel drawn by :func:`message_axes`, else None (for tests)."""
    texts = [t.get_text() for t in ax.texts if t.get_gid() == "empty-panel"]
    return " ".join(" ".join(texts).split()) if texts else None


def quantity_label(name: str, units: str) -> str:
    """An axis label: the readable name of a series and its units ('turnover rate (1/year)')."""
    return style.axis_label(pretty(name), units)


def year_axis(ax: plt.Axes, label: str = YEAR_LABEL) -> None:
    """An x axis of years: labelled, with whole-year ticks only."""
    ax.set_xlabel(label)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def count_axis(axis) -> None:
    """An axis of counts (ax.yaxis, a colour bar's axis): whole-number ticks only."""
    axis.set_major_locator(MaxNLocator(integer=True))


def legend_outside(ax: plt.Axes, **kwargs) -> None:
    """The legend to the right of `ax`, outside the data (constrained layout makes room)."""
    kwargs.setdefault("fontsize", 7)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, **kwargs)


def fitted_title(fig: plt.Figure, text: str, fontsize: float = 10.0) -> None:
    """A figure title wrapped to the figure's width, so that it never runs off the page."""
    width_chars = max(20, int(fig.get_figwidth() * 72 / (0.55 * fontsize)))
    fig.suptitle(textwrap.fill(text, width_chars), fontsize=fontsize)


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

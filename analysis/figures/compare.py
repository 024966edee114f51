"""Chart of the scenario comparison: one panel per quantity, bars per label grouped by year."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from . import style
from .common import grid_axes, pretty
from .style import plt


def comparison_figure(table: pd.DataFrame) -> plt.Figure:
    """Bars of the mean per label and year with 90% interval whiskers, one panel per quantity
    of the tidy comparison table (label, quantity, units, year, mean, p05, p95, n)."""
    quantities = list(dict.fromkeys(table["quantity"]))
    labels = list(dict.fromkeys(table["label"]))
    colours = style.label_colours(labels)
    fig, axes = grid_axes(len(quantities), ncols=2, panel=(4.6, 2.8))
    for ax, quantity in zip(axes, quantities):
        _panel(ax, table[table["quantity"] == quantity], labels, colours)
        ax.set_title(pretty(quantity))
    if axes:
        axes[0].legend(fontsize=7)
    fig.suptitle("Scenario comparison (means; whiskers: 90% interval over replicates)")
    return fig


def _panel(ax: plt.Axes, rows: pd.DataFrame, labels: list[str], colours: dict[str, str]) -> None:
    years = list(dict.fromkeys(rows["year"]))
    width = 0.8 / len(labels)
    units = str(rows["units"].iloc[0])
    is_share = str(rows["quantity"].iloc[0]).endswith("_pass")  # verdicts: no interval
    scale, shown = style.scaled_units(units, float(np.nanmax(np.abs(rows["p95"].to_numpy()))))
    for i, label in enumerate(labels):
        r = rows[rows["label"] == label].set_index("year").reindex(years)
        x = np.arange(len(years)) + (i - (len(labels) - 1) / 2) * width
        err = np.vstack([r["mean"] - r["p05"], r["p95"] - r["mean"]]) / scale
        whiskers = (r["n"].to_numpy() > 1) & (not is_share)
        ax.bar(x, r["mean"] / scale, width=width, color=colours[label], label=label,
               yerr=np.where(whiskers, np.nan_to_num(err), 0.0), capsize=2)
    ax.set_xticks(np.arange(len(years)), [f"year {y}" for y in years])
    ax.set_ylabel("share of replicates passing" if is_share else style.axis_label("value", shown))
    if is_share:
        ax.set_ylim(0, 1.05)
    ax.axhline(0, color="black", linewidth=0.8)


def effects_figure(effects: pd.DataFrame, warning: str = "") -> plt.Figure:
    """Effects over the simulated years, one panel per quantity: each policy label's effect
    against the baseline (line) with its 95% interval (band), and the zero line."""
    quantities = list(dict.fromkeys(effects["quantity"]))
    labels = list(dict.fromkeys(effects["label"]))
    colours = style.label_colours(labels)
    fig, axes = grid_axes(len(quantities), ncols=2, panel=(4.6, 2.8))
    for ax, quantity in zip(axes, quantities):
        rows = effects[effects["quantity"] == quantity]
        units = str(rows["units"].iloc[0])
        peak = float(np.nanmax(np.abs(rows[["effect", "low", "high"]].to_numpy()), initial=0))
        scale, shown = style.scaled_units(units, peak if np.isfinite(peak) else 0.0)
        for label in labels:
            r = rows[rows["label"] == label].sort_values("year")
            ax.plot(r["year"], r["effect"] / scale, color=colours[label], label=label,
                    marker="o", markersize=2.5)
            if np.isfinite(r["low"].to_numpy()).any():
                ax.fill_between(r["year"], r["low"] / scale, r["high"] / scale,
                                color=colours[label], alpha=style.BAND_ALPHA, linewidth=0)
        ax.axhline(0, color="black", linewidth=0.8, linestyle="--")
        ax.set_title(pretty(quantity))
        ax.set_xlabel("simulated year")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel(style.axis_label("effect", shown))
    if axes:
        axes[0].legend(fontsize=7, loc="best")
    baseline = str(effects["baseline"].iloc[0]) if len(effects) else ""
    title = f"Effects against {baseline} (95% intervals)"
    fig.suptitle(title + ("\n" + warning if warning else ""), fontsize=9 if warning else None)
    return fig

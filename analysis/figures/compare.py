"""Chart of the scenario comparison: one panel per quantity, bars per label grouped by year."""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import style
from .common import fitted_title, grid_axes, legend_outside, message_axes, pretty, year_axis
from .style import plt


def comparison_figure(table: pd.DataFrame) -> plt.Figure:
    """Bars of the mean per label and year with 90% interval whiskers, one panel per quantity
    of the tidy comparison table (label, quantity, units, year, mean, p05, p95, n)."""
    quantities = list(dict.fromkeys(table["quantity"]))
    labels = list(dict.fromkeys(table["label"]))
    colours = style.label_colours(labels)
    fig, axes = grid_axes(len(quantities), ncols=2, panel=(4.6, 2.8))
    for ax, quantity in zip(axes, quantities):
        ax.set_title(pretty(quantity))
        _panel(ax, table[table["quantity"] == quantity], labels, colours)
    legend_panel = next((ax for ax in axes[:2][::-1] if ax.get_legend_handles_labels()[0]), None)
    if legend_panel is not None:
        legend_outside(legend_panel)
    replicated = bool((table["n"] > 1).any())
    fitted_title(fig, "Scenario comparison (means" + ("; whiskers: 90% of the replicates)"
                                                      if replicated else ", one run each)"))
    return fig


def _empty_sentence(quantity: str, rows: pd.DataFrame) -> str | None:
    """The sentence that replaces a panel with nothing to draw, or None."""
    values = rows["mean"].to_numpy(dtype=float)
    if not np.isfinite(values).any():
        return f"no value of {pretty(quantity)} in these runs"
    if quantity.endswith("_pass") and np.nan_to_num(values).max() == 0:
        verdict = quantity.removeprefix("balance_").removesuffix("_pass")
        return f"no district passed the {verdict} verdict in any year shown"
    return None


def _panel(ax: plt.Axes, rows: pd.DataFrame, labels: list[str], colours: dict[str, str]) -> None:
    sentence = _empty_sentence(str(rows["quantity"].iloc[0]), rows)
    if sentence:
        message_axes(ax, sentence)
        return
    years = list(dict.fromkeys(rows["year"]))
    width = 0.8 / len(labels)
    units = str(rows["units"].iloc[0])
    is_share = str(rows["quantity"].iloc[0]).endswith("_pass")  # verdicts: no interval
    scale, shown = style.scaled_units(units, float(np.nanmax(np.abs(rows["p95"].to_numpy()))))
    for i, label in enumerate(labels):
        r = rows[rows["label"] == label].set_index("year").reindex(years)
        x = np.arange(len(years)) + (i - (len(labels) - 1) / 2) * width
        err = np.vstack([r["mean"] - r["p05"], r["p95"] - r["mean"]]) / scale
        whiskers = (r["n"].to_numpy() > 1) & (not is_share)  # only over replicates
        ax.bar(x, r["mean"] / scale, width=width, color=colours[label], label=label,
               yerr=np.where(whiskers, err, np.nan) if whiskers.any() else None, capsize=2)
    ax.set_xticks(np.arange(len(years)), [f"year {y}" for y in years])
    ax.set_ylabel("share of replicates passing" if is_share else style.axis_label(
        _value_name(str(rows["quantity"].iloc[0])), shown))
    if is_share:
        ax.set_ylim(0, 1.05)
    ax.axhline(0, color="black", linewidth=0.8)


def _value_name(quantity: str) -> str:
    """What a bar measures, for the axis label: costs are spending, the rest the quantity."""
    return "spending" if quantity.startswith("cost") else "value"


def effects_figure(effects: pd.DataFrame, warning: str = "") -> plt.Figure:
    """Effects over the simulated years, one panel per quantity: each policy label's effect
    against the baseline (line) with its 95% interval (band), and the zero line."""
    quantities = list(dict.fromkeys(effects["quantity"]))
    labels = list(dict.fromkeys(effects["label"]))
    colours = style.label_colours(labels)
    fig, axes = grid_axes(len(quantities), ncols=2, panel=(4.6, 2.8))
    for ax, quantity in zip(axes, quantities):
        rows = effects[effects["quantity"] == quantity]
        ax.set_title(pretty(quantity))
        if not np.isfinite(rows["effect"].to_numpy(dtype=float)).any():
            message_axes(ax, f"no effect on {pretty(quantity)}: it is undefined in every year")
            continue
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
        year_axis(ax, "simulated year")
        ax.set_ylabel(style.axis_label("effect", shown))
    legend_panel = next((ax for ax in axes[:2][::-1] if ax.get_legend_handles_labels()[0]), None)
    if legend_panel is not None:
        legend_outside(legend_panel)
    baseline = str(effects["baseline"].iloc[0]) if len(effects) else ""
    intervals = bool(np.isfinite(effects["low"].to_numpy(dtype=float)).any())
    title = f"Effects against {baseline}" + (" (95% intervals)" if intervals else
                                             " (one run each: no interval)")
    fig.suptitle(title + ("\n" + warning if warning else ""), fontsize=9 if warning else None)
    return fig

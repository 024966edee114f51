"""Shared look of every figure: colours per zone, per policy label and per indicator, and the
matplotlib settings (print-friendly sizes, deterministic SVG). The backend is left alone:
the command-line entry points choose Agg (analysis/reports/cli.py), a notebook keeps its own.

Colours come from the Okabe-Ito palette, which stays distinguishable for colour-blind
readers and in greyscale print when combined with the line styles below.
"""
from __future__ import annotations

from typing import Iterable

import matplotlib.pyplot as plt

# Okabe-Ito without its yellow, which is unreadable as a thin line on white paper.
SERIES_PALETTE: tuple[str, ...] = ("#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00",
                                   "#CC79A7", "#000000", "#999933")
BASELINE_COLOUR = "#666666"
ZONE_COLOURS: dict[str, str] = {"urban": "#0072B2", "town": "#E69F00", "rural": "#009E73"}
LEVEL_STYLES: dict[str, str] = {"primary": "-", "middle": "--"}
STRENGTH_ORDER: tuple[str, ...] = ("strong", "ordinary", "weak")
SVG_HASH_SALT = "edusim-analysis"
PNG_DPI = 150
# Pass/fail colours light enough for black text on top.
VERDICT_COLOURS: tuple[str, ...] = ("#f4a3a3", "#fbe3a0", "#a9dca3")
NOT_ASSESSED_COLOUR = "#e0e0e0"
BAND_ALPHA = 0.25


def apply_style() -> None:
    """matplotlib settings for every report: readable in print, deterministic SVG output."""
    plt.rcParams.update({
        "svg.hashsalt": SVG_HASH_SALT,
        "svg.fonttype": "path",
        "figure.dpi": 100,
        "savefig.dpi": PNG_DPI,
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.labelsize": 9,
        "legend.fontsize": 8,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
    })


def is_baseline(label: str) -> bool:
    """Labels that name the no-policy reference get the neutral baseline colour."""
    return "baseline" in label.lower()


def label_colours(labels: Iterable[str]) -> dict[str, str]:
    """A colour per policy label: grey for baseline labels, Okabe-Ito in order for the rest.

    The same list of labels always gets the same colours, in every figure of a report."""
    colours: dict[str, str] = {}
    zones = list(ZONE_COLOURS.values())
    palette = [c for c in SERIES_PALETTE if c not in zones] + zones  # zone colours last
    i = 0
    for label in labels:
        if label in colours:
            continue
        if is_baseline(label):
            colours[label] = BASELINE_COLOUR
        else:
            colours[label] = palette[i % len(palette)]
            i += 1
    return colours


def zone_colour(zone: str) -> str:
    return ZONE_COLOURS.get(zone, BASELINE_COLOUR)


def series_colours(names: Iterable[str]) -> dict[str, str]:
    """Colours for an ordered list of series that are not zones or policies (e.g. indicators)."""
    palette = SERIES_PALETTE
    return {n: palette[i % len(palette)] for i, n in enumerate(names)}


# Costs (totals of money, per year or over years) are shown in one unit in every figure.
COST_UNITS: tuple[str, ...] = ("yuan", "yuan/year")
COST_SCALE, COST_PREFIX = 1e6, "million "


def scaled_units(units: str, values_max: float = 0.0) -> tuple[float, str]:
    """A divisor and axis-label units: every cost reads in million yuan ('million
    yuan/year'), whatever its size, so that costs compare across panels and figures; other
    units (yuan/student included) are left as they are. `values_max` is not used any more."""
    if units in COST_UNITS:
        return COST_SCALE, COST_PREFIX + units
    return 1.0, units


def axis_label(name: str, units: str) -> str:
    """'name (units)'; dimensionless series ('1') show no units."""
    return name if units in ("", "1") else f"{name} ({units})"


apply_style()

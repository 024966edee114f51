"""Figures of the reports: shared helpers (:mod:`.common`: replicate summaries, bands, saving),
the look (:mod:`.style`), and the builders of the run report (:mod:`.run`), the sweep report
(:mod:`.sweep`) and the scenario comparison (:mod:`.compare`). Every builder returns a
matplotlib Figure; none chooses a backend (the command-line entry points do).
"""
from .common import (BAND_QUANTILES, PRETTY_NAMES, YEAR_LABEL, Summary, count_axis,
                     empty_panel_text, fitted_title, grid_axes, legend_outside, message_axes,
                     plot_band, pretty, quantity_label, save_figure, summarise, year_axis)

__all__ = ["BAND_QUANTILES", "PRETTY_NAMES", "YEAR_LABEL", "Summary", "count_axis",
           "empty_panel_text", "fitted_title", "grid_axes", "legend_outside", "message_axes",
           "plot_band", "pretty", "quantity_label", "save_figure", "summarise", "year_axis"]

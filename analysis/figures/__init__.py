"""Figures of the reports: shared helpers (:mod:`.common`: replicate summaries, bands, saving),
the look (:mod:`.style`), and the builders of the run report (:mod:`.run`), the sweep report
(:mod:`.sweep`) and the scenario comparison (:mod:`.compare`). Every builder returns a
matplotlib Figure; none chooses a backend (the command-line entry points do).
"""
from .common import (BAND_QUANTILES, PRETTY_NAMES, Summary, grid_axes, message_axes,
                     plot_band, pretty, save_figure, summarise)

__all__ = ["BAND_QUANTILES", "PRETTY_NAMES", "Summary", "grid_axes", "message_axes",
           "plot_band", "pretty", "save_figure", "summarise"]

"""Sweep report: how chosen outputs respond to the swept axes, with Sobol indices.

    python3 -m analysis.sweep_report SWEEP.h5 -o DIR [--outputs METRIC ...] [--year Y]
                                     [--bootstrap B] [--confidence C] [--seed S]
                                     [--max-pairs P] [--allow-incomplete]

--year is a calendar year (2034) or +N, the Nth simulated year (+10); default: the last year. A
bare number under 1900 (10) is still read as +10, with a deprecation warning.
Writes DIR/index.html with main-effect plots, two-axis heatmaps (one figure per output),
replicate uncertainty (when the design has replicates), for a Sobol design holding every
run, first-order and total Sobol indices with bootstrap intervals, and for a Morris design
the elementary-effect measures mu, mu*, sigma (a table, and a mu*-sigma figure per output);
and the tables runs_at_year.csv, main_effects.csv, replicate_uncertainty.csv,
sobol_indices.csv, morris_indices.csv.
"""
from __future__ import annotations

import argparse
import pathlib
import sys
from typing import Sequence

import pandas as pd

from ..figures import sweep as fig_sweep
from . import html as page
from ..figures import save_figure
from ..readers import InputFileError, Sweep, read_sweep
from .cli import guarded
from ..stats.morris import MorrisResult, morris_indices
from ..stats.morris import split_design as morris_split
from ..stats.sobol import SobolResult, convergence, sobol_indices, split_design
from ..years import YEAR_HELP, Year, year_type

DEFAULT_OUTPUTS: tuple[str, ...] = (
    "achievement_gap_urban_rural", "achievement_gap_top_bottom_quartile", "turnover_rate",
    "salary_bill_total")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python3 -m analysis.sweep_report",
                                description="Figures and an HTML report for an edusim sweep.")
    p.add_argument("sweep", type=pathlib.Path, metavar="SWEEP.h5")
    p.add_argument("-o", "--output", required=True, type=pathlib.Path, metavar="DIR")
    p.add_argument("--outputs", nargs="+", metavar="METRIC",
                   help="/district outputs to analyse (default: those of "
                        f"{', '.join(DEFAULT_OUTPUTS)} in the file)")
    p.add_argument("--year", type=year_type("--year"), metavar="YEAR",
                   help=f"the year analysed: {YEAR_HELP}; default: the last")
    p.add_argument("--bootstrap", type=int, default=500, metavar="B",
                   help="bootstrap resamples for the Sobol and Morris intervals (default 500)")
    p.add_argument("--confidence", type=float, default=0.95, help="interval level (0.95)")
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed (0)")
    p.add_argument("--max-pairs", type=int, default=6, help="axis pairs per heatmap figure (6)")
    p.add_argument("--allow-incomplete", action="store_true",
                   help="read a file whose sweep did not finish (complete != 1)")
    return p.parse_args(argv)


def choose_outputs(sweep: Sweep, wanted: Sequence[str] | None) -> list[str]:
    """The requested outputs (all must exist), else the defaults present, else the first 3."""
    available = sweep.metrics()
    if wanted:
        missing = [m for m in wanted if m not in available]
        if missing:
            raise InputFileError(f"{sweep.path}: no /district output {', '.join(missing)} "
                                 f"(available: {', '.join(available[:12])}...)")
        return list(wanted)
    chosen = [m for m in DEFAULT_OUTPUTS if m in available]
    return chosen or available[:3]


def sobol_results(sweep: Sweep, table: pd.DataFrame, outputs: Sequence[str], n_boot: int,
                  confidence: float, seed: int) -> dict[str, SobolResult]:
    """Sobol indices of each output from the design columns of a Sobol sweep."""
    k = len(sweep.axes)
    results = {}
    for output in outputs:
        f_a, f_b, f_ab = split_design(table["sobol_block"].to_numpy(),
                                      table["sobol_sample"].to_numpy(), table[output].to_numpy(), k)
        results[output] = sobol_indices(f_a, f_b, f_ab, sweep.axes, n_boot, confidence, seed)
    return results


def morris_results(sweep: Sweep, table: pd.DataFrame, outputs: Sequence[str], n_boot: int,
                   confidence: float, seed: int) -> dict[str, MorrisResult]:
    """Morris measures (mu, mu*, sigma) of each output from the design columns of a Morris
    sweep."""
    columns = [table[c].to_numpy() for c in ("morris_trajectory", "morris_step", "morris_axis",
                                              "morris_direction")]
    return {output: morris_indices(morris_split(*columns, table[output].to_numpy(),
                                                len(sweep.axes)),
                                   sweep.axes, n_boot, confidence, seed)
            for output in outputs}


def indices_table(results: dict[str, SobolResult] | dict[str, MorrisResult],
                year: int) -> pd.DataFrame:
    """The indices of every output, one row per (output, axis), output and year first."""
    frames = [r.to_frame().assign(output=o, year=year) for o, r in results.items()]
    if not frames:
        return pd.DataFrame()
    df = pd.concat(frames, ignore_index=True)
    return df[["output", "year"] + [c for c in df.columns if c not in ("output", "year")]]


def sobol_note(sweep: Sweep) -> str | None:
    """Why no Sobol indices are computed, or None when they are."""
    if sweep.design != "sobol":
        return f"Sobol indices need a Sobol design; this sweep's design is {sweep.design!r}."
    if not sweep.is_whole_design:
        return ("This file holds only part of the Sobol design (a shard: runs_in_file "
                f"{sweep.attrs.get('runs_in_file')} of {sweep.attrs.get('runs')}); merge the "
                "shards with `edusim merge` first.")
    return None


def _design_lines(sweep: Sweep, year: int) -> list[tuple[str, str]]:
    a = sweep.attrs
    return [("file", str(sweep.path)), ("design", sweep.design),
            ("axes", ", ".join(f"{x} ({sweep.axis_kinds[x]})" for x in sweep.axes)),
            ("points x replicates", f"{a.get('points')} x {a.get('replicates')} "
                                    f"= {a.get('runs')} runs ({a.get('runs_in_file')} in file)"),
            ("year analysed", str(year)), ("sweep file", str(a.get("sweep_file", ""))),
            ("edusim", f"{a.get('engine_version', '?')} ({a.get('git_revision', '?')})")]


def write_sweep_report(sweep: Sweep, outdir: pathlib.Path, outputs: Sequence[str],
                       year: int | Year | None = None, n_boot: int = 500, confidence: float = 0.95,
                       seed: int = 0, max_pairs: int = 6) -> pathlib.Path:
    """Write the figures, tables and index.html of a sweep; return the page path."""
    outdir.mkdir(parents=True, exist_ok=True)
    table = sweep.at_year(year, outputs)
    shown_year = table.attrs["year"]
    table.to_csv(outdir / "runs_at_year.csv", index=False)
    units = {m: sweep.units.get(m, "") for m in outputs}
    blocks = [page.heading("Design"), page.definition_list(_design_lines(sweep, shown_year))]
    blocks += _effect_blocks(sweep, table, outputs, units, shown_year, outdir, max_pairs)
    blocks += _replicate_blocks(sweep, table, outputs, units, shown_year, outdir)
    blocks += _sobol_blocks(sweep, table, outputs, shown_year, outdir, n_boot, confidence, seed)
    if sweep.design == "morris":
        blocks += _morris_blocks(sweep, table, outputs, units, shown_year, outdir, n_boot,
                                 confidence, seed)
    return page.write_page(outdir / "index.html", f"edusim sweep report: {sweep.path.name}", blocks)


def _effect_blocks(sweep: Sweep, table: pd.DataFrame, outputs: Sequence[str],
                   units: dict[str, str], year: int, outdir: pathlib.Path,
                   max_pairs: int) -> list[str]:
    effects = fig_sweep.main_effects(table, sweep.axes, sweep.axis_kinds, outputs)
    effects.to_csv(outdir / "main_effects.csv", index=False)
    fig = fig_sweep.main_effects_figure(table, effects, sweep.axes, sweep.axis_kinds, outputs,
                                        units, year)
    blocks = [page.heading("Main effects"),
              page.figure(save_figure(fig, outdir, "main_effects"),
                          "Each output (row) against each axis (column): grey dots are runs, "
                          "the line the mean per axis value (or quantile bin), the band the "
                          "5-95% range of runs there.", "main effects")]
    if len(sweep.axes) >= 2:
        blocks.append(page.heading("Two-axis heatmaps"))
        for i, output in enumerate(outputs):
            fig = fig_sweep.heatmap_figure(table, sweep.axes, sweep.axis_kinds, output, units,
                                           year, max_pairs)
            blocks.append(page.figure(save_figure(fig, outdir, f"heatmap_{i}_{output}"),
                                      f"Mean {output} per pair of axis bins.", f"heatmap {output}"))
    return blocks


def _replicate_blocks(sweep: Sweep, table: pd.DataFrame, outputs: Sequence[str],
                      units: dict[str, str], year: int, outdir: pathlib.Path) -> list[str]:
    blocks = [page.heading("Uncertainty over replicates")]
    if sweep.replicates < 2:
        return blocks + [page.paragraph("One run per design point: no replicate uncertainty "
                                        "to show.", "note")]
    unc = fig_sweep.replicate_uncertainty(table, outputs)
    unc.to_csv(outdir / "replicate_uncertainty.csv", index=False)
    fig = fig_sweep.replicate_figure(table, outputs, units, year)
    return blocks + [page.figure(save_figure(fig, outdir, "replicates"),
                                 "Histogram of the SD over replicates of each design point, "
                                 "against the SD of the point means (dashed).", "replicates"),
                     page.table(unc, index=False)]


def _sobol_blocks(sweep: Sweep, table: pd.DataFrame, outputs: Sequence[str], year: int,
                  outdir: pathlib.Path, n_boot: int, confidence: float, seed: int) -> list[str]:
    blocks = [page.heading("Sobol indices")]
    note = sobol_note(sweep)
    if note:
        if sweep.design == "sobol":
            print(f"analysis.sweep_report: warning: {note}", file=sys.stderr)
        return blocks + [page.paragraph(note, "note")]
    results = sobol_results(sweep, table, outputs, n_boot, confidence, seed)
    indices = indices_table(results, year)
    indices.to_csv(outdir / "sobol_indices.csv", index=False)
    fig = fig_sweep.sobol_figure(results, year)
    caption = ("First-order index S1 (Saltelli 2010): the share of the output's variance due "
               "to the axis alone. Total index ST (Jansen 1999): the share involving the axis, "
               "interactions included. Replicates of a point are averaged first.")
    warnings = [f"{output}: {w}" for output, r in results.items() for w in r.warnings()]
    if warnings:
        for w in warnings:
            print(f"analysis.sweep_report: warning: {w}", file=sys.stderr)
        blocks.append(page.paragraph(
            f"Warning: {len(warnings)} of the indices cannot be trusted at this sample size "
            "(an interval wider than its index, or a first-order index below -0.05); add base "
            "samples (docs/sweeps.md, 'How many samples'): " + "; ".join(warnings), "warning"))
    k = len(sweep.axes)
    steps = {}
    for output in outputs:
        f_a, f_b, f_ab = split_design(table["sobol_block"].to_numpy(),
                                      table["sobol_sample"].to_numpy(), table[output].to_numpy(), k)
        steps[output] = convergence(f_a, f_b, f_ab, sweep.axes, min(n_boot, 200), confidence,
                                    seed)
    conv = fig_sweep.sobol_convergence_figure(steps, year)
    return blocks + [page.figure(save_figure(fig, outdir, "sobol"), caption, "Sobol indices"),
                     page.table(indices, index=False),
                     page.figure(save_figure(conv, outdir, "sobol_convergence"),
                                 "The indices on the first N base samples, N doubling up to "
                                 "the design's: where the lines still move and the bands are "
                                 "wide, the design is too small.", "Sobol convergence")]


MORRIS_READING = (
    "How to read it: each axis is a point at (mu*, sigma). mu*, the mean absolute elementary "
    "effect (Campolongo et al. 2007), is the change of the output when the axis moves across "
    "its whole range: a large mu* marks an influential axis. sigma, the SD of the effects "
    "over trajectories, is large relative to mu* (near or above the dashed line sigma = mu*) "
    "when the axis's effect depends on where it is or on the other axes: non-linear or "
    "interacting. Axes near the origin can be fixed in later studies (e.g. a Sobol design of "
    "the influential ones). mu far below mu* means effects of both signs. Replicates of a "
    "point are averaged first.")


def _morris_blocks(sweep: Sweep, table: pd.DataFrame, outputs: Sequence[str],
                   units: dict[str, str], year: int, outdir: pathlib.Path, n_boot: int,
                   confidence: float, seed: int) -> list[str]:
    blocks = [page.heading("Morris screening")]
    results = morris_results(sweep, table, outputs, n_boot, confidence, seed)
    indices = indices_table(results, year)
    indices.to_csv(outdir / "morris_indices.csv", index=False)
    levels, r = sweep.attrs.get("morris_levels"), sweep.attrs.get("morris_trajectories")
    blocks.append(page.paragraph(
        f"{r} trajectories of {len(sweep.axes) + 1} points on a {levels}-level grid (Morris "
        "1991): elementary effects EE = (y after - y before) / (u after - u before), u the "
        "axis's position in [0, 1] on its level scale, so effects are per unit of the axis's "
        "range. " + MORRIS_READING))
    if not sweep.is_whole_design:
        blocks.append(page.paragraph(
            "This file holds only part of the Morris design (a shard): effects are computed "
            "from the steps whose two points are both present (column n).", "note"))
    for i, output in enumerate(outputs):
        frame = results[output].to_frame()
        fig = fig_sweep.morris_figure(results[output], output, units.get(output, ""), year)
        blocks += [page.heading(output, 3),
                   page.figure(save_figure(fig, outdir, f"morris_{i}_{output}"),
                               f"Morris mu* against sigma for {output} in {year}.",
                               f"Morris {output}"),
                   page.table(frame, index=False)]
    return blocks


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python3 -m analysis.sweep_report``."""
    args = parse_args(argv)

    def body() -> None:
        design_only = read_sweep(args.sweep, [], allow_incomplete=args.allow_incomplete)
        outputs = choose_outputs(design_only, args.outputs)
        sweep = read_sweep(args.sweep, outputs, allow_incomplete=args.allow_incomplete)
        index = write_sweep_report(sweep, args.output, outputs, args.year, args.bootstrap,
                                   args.confidence, args.seed, args.max_pairs)
        print(index)

    return guarded(body, "analysis.sweep_report")


if __name__ == "__main__":
    sys.exit(main())

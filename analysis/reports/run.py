"""Run report: figures (PNG + SVG) and an HTML page for one scenario against a baseline.

    python3 -m analysis.report RUN.h5 [RUN.h5 ...] [--baseline BASE.h5 ...] -o DIR
                               [--label NAME] [--baseline-label NAME]
                               [--gap-metrics METRIC ...] [--allow-incomplete]

Several RUN files (or a quoted glob such as 'runs/workforce_*.h5') are replicates of the
scenario; several --baseline files (the option may be repeated, or take several files) are
replicates of the baseline. With two or more replicates the figures show the mean and a 90%
band (5th to 95th percentile over replicates). Give the RUN files before --baseline.

Writes DIR/index.html, DIR/<figure>.png and .svg, DIR/summary.csv (the plotted series) and
DIR/verdicts.csv. Exit status 0 on success, 2 on an unusable input (one-line message).
"""
from __future__ import annotations

import argparse
import functools
import pathlib
import sys
from dataclasses import dataclass, replace
from typing import Callable, Sequence

import pandas as pd

from ..figures import compare as fig_compare
from ..figures import run as fig_run
from ..stats import balance, paired
from . import html as page
from ..figures import save_figure, summarise
from ..readers import BalanceStandard, InputFileError, Run, expand_paths, read_runs  # noqa: F401
from .cli import guarded
from ..figures.style import plt


@dataclass(frozen=True)
class FigureSpec:
    """A report figure: file name, builder, section title and how to read it."""

    name: str
    build: Callable[[fig_run.Groups], plt.Figure]
    title: str
    caption: str


FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec("gap_metrics", fig_run.gap_metrics_figure, "Gap metrics over time",
               "Each panel is one equity gap (units on the axis). With two or more "
               "replicates, lines are means over them and shaded bands their 5-95% range "
               "(a single run has no band). Below the baseline means the policy narrowed the "
               "gap."),
    FigureSpec("balance_cv", fig_run.balance_cv_figure, "National balance indicators",
               "Enrolment-weighted coefficient of variation across schools of each of the "
               "seven national indicators, per level. Dashed: the quality-balanced limit; "
               "dotted: the basic-balance limit (from the scenario's balance_standard). "
               "Every line must be under the dashed one for the quality verdict."),
    FigureSpec("effectiveness_by_zone", fig_run.effectiveness_by_zone_figure,
               "Teacher effectiveness by zone",
               "Distribution of teacher effectiveness (value added, SD units) per zone in the "
               "first (light) and last (dark) year. Teacher-level when the runs hold snapshots "
               "of both years (--snapshot-at), else the distribution of school means. Boxes: "
               "quartiles and median; whiskers: 1.5 IQR."),
    FigureSpec("rotation_flows", fig_run.rotation_flows_figure, "Rotation flows",
               "Left: teachers sent on rotation from each type of school (row) to each type "
               "(column), types being the strength class (weak/ordinary/strong) and zone in the "
               "year of the move, summed over the run (moves that start a term: backbone_out, "
               "ordinary_out, training_in, exchange_in). Right: all rotation events per year "
               "by kind, returns, stays and shadow posts included."),
    FigureSpec("turnover_morale", fig_run.turnover_morale_figure, "Turnover and morale by zone",
               "Teacher turnover rate (retirements + quits over teachers at the start of the "
               "year) and mean morale, per zone (colour) and scenario (line style)."),
    FigureSpec("cost", fig_run.cost_figure, "Cost over time",
               "Left: total yearly spending (salary bill with allowances and housing, plus "
               "facilities, training and group rewards), in million yuan as every cost of "
               "the reports. Right: its components for the scenario, stacked."),
    FigureSpec("balance_verdict", fig_run.verdict_figure, "Balance verdict per year",
               "Quality-balanced and basic-balance verdicts and the rotation criterion per "
               "year: pass, fail, or with replicates the share of replicates passing."),
)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python3 -m analysis.report",
                                description="Figures and an HTML report for edusim runs.")
    p.add_argument("runs", nargs="+", metavar="RUN.h5",
                   help="run file(s) of the scenario; several files or a glob = replicates")
    p.add_argument("--baseline", action="extend", nargs="+", default=[], metavar="BASE.h5",
                   help="baseline run file(s); repeatable; several = replicates")
    p.add_argument("-o", "--output", required=True, type=pathlib.Path, metavar="DIR",
                   help="output directory (created)")
    p.add_argument("--label", help="label of the scenario (default: its scenario file name)")
    p.add_argument("--baseline-label", help="label of the baseline (default: 'baseline: NAME')")
    p.add_argument("--gap-metrics", nargs="+", default=list(fig_run.GAP_METRICS),
                   metavar="METRIC", help="/district metrics of the gap figure")
    p.add_argument("--allow-different-district", action="store_true",
                   help="draw a baseline of another district beside the scenario (labelled)")
    p.add_argument("--allow-incomplete", action="store_true",
                   help="read files whose run did not finish (complete != 1)")
    return p.parse_args(argv)


@dataclass
class Comparison:
    """The groups of a report (the scenario first, then its baseline) and what the reader
    must be told about the baseline: another district, shifted years."""

    groups: dict[str, list[Run]]
    notes: list[str]


def aligned(run: Run, first_year: int) -> Run:
    """The run with its yearly frames relabelled so that its first row is `first_year`:
    years are compared as simulated years after the start."""
    offset = first_year - int(run.years[0])
    if offset == 0:
        return run
    shift = lambda frame: frame.set_axis(frame.index + offset) if len(frame) else frame
    return replace(run, district=shift(run.district), balance_cv=shift(run.balance_cv),
                   verdict=shift(run.verdict), _cache={})


def load_groups(args: argparse.Namespace) -> Comparison:
    """The scenario's runs first, then the baseline's, keyed by their labels; the baseline is
    checked to be the same district (else refused, or labelled when allowed) and aligned by
    simulated year."""
    runs = read_runs(expand_paths(args.runs), args.allow_incomplete)
    label = args.label or runs[0].scenario_name
    paired.check_replicates(label, runs)
    groups, notes = {label: runs}, []
    if args.baseline:
        base = read_runs(expand_paths(args.baseline), args.allow_incomplete)
        base_label = args.baseline_label or base[0].scenario_name
        if base_label in groups:
            base_label += " (baseline)"
        paired.check_replicates(base_label, base)
        note = paired.check_same_district(runs, base, args.allow_different_district)
        if note:
            notes.append(note)
        first = int(runs[0].years[0])
        if int(base[0].years[0]) != first:
            notes.append(f"The baseline starts in {int(base[0].years[0])}, the scenario in "
                         f"{first}: the baseline is drawn by simulated year, its row k at "
                         f"{first} + k.")
            base = [aligned(r, first) for r in base]
        groups[base_label] = base
    return Comparison(groups, notes)


def provenance(groups: dict[str, list[Run]]) -> list[tuple[str, str]]:
    """Key-value lines describing where each group's files came from."""
    lines = []
    for label, runs in groups.items():
        first = runs[0]
        lines += [
            (f"{label}: files", ", ".join(str(r.path) for r in runs)),
            (f"{label}: seeds", ", ".join(str(r.seed) for r in runs)),
            (f"{label}: scenario file", str(first.attrs.get("scenario_file", ""))),
            (f"{label}: years", f"{first.years[0]}-{first.years[-1]}"),
            (f"{label}: edusim", f"{first.attrs.get('engine_version', '?')} "
                                 f"({first.attrs.get('git_revision', '?')})"),
        ]
    return lines


def summary_table(groups: dict[str, list[Run]], metrics: Sequence[str]) -> pd.DataFrame:
    """Tidy summary of the plotted district series: label, metric, year, mean, low, high, n."""
    rows = []
    for label, runs in groups.items():
        for metric in metrics:
            if metric not in runs[0].district:
                continue
            s = summarise([r.district[metric] for r in runs])
            rows += [{"label": label, "metric": metric, "year": int(x), "mean": m, "low": lo,
                      "high": hi, "n": s.n} for x, m, lo, hi in zip(s.x, s.mean, s.low, s.high)]
    return pd.DataFrame(rows)


def effect_blocks(groups: dict[str, list[Run]], outdir: pathlib.Path,
                  metrics: Sequence[str], notes: Sequence[str]) -> list[str]:
    """The effects of the scenario against its baseline over the simulated years (paired by
    seed where the runs pair), as effects.csv and a figure with 95% bands."""
    labels = list(groups)
    scenario, baseline = labels[0], labels[1]
    values = {m: (paired.district_at(m), "")
              for m in metrics if m in groups[scenario][0].district}
    shortest = min(len(r.years) for runs in groups.values() for r in runs) - 1
    effects = paired.effects_table({scenario: groups[scenario], baseline: groups[baseline]},
                                   baseline, range(1, shortest + 1), values)
    effects.to_csv(outdir / "effects.csv", index=False)
    warning = " ".join(n for n in notes if "different district" in n)
    files = save_figure(fig_compare.effects_figure(effects, warning), outdir, "effects")
    pairing = ("paired replicate by replicate (the runs share their seeds)"
               if effects["paired"].all() else
               "the difference of the means with a Welch interval (the runs do not share their "
               "seeds: run both with the same --seed values to pair them)")
    caption = (f"{scenario} minus {baseline} per simulated year, with its 95% interval: "
               f"{pairing}. Below zero means the scenario has the smaller gap. " + warning)
    return [page.heading("Effects against the baseline"), page.figure(files, caption,
                                                                      "effects")]


def verdict_reason_blocks(groups: dict[str, list[Run]], outdir: pathlib.Path) -> list[str]:
    """Why the quality verdict failed, per label (its first replicate): per failed year the CVs
    over their limit and the schools failing the per-school rule; the failing schools of the
    last failed year with the indicators below the standard. Every reason of every replicate
    goes to verdict_reasons.csv."""
    first_run = next(iter(groups.values()))[0]
    blocks = [page.heading("Why the quality verdict failed"),
              page.paragraph(_reasons_intro(first_run.standard))]
    frames = []
    for label, runs in groups.items():
        for run in runs:
            frames.append(balance.verdict_reasons(run).assign(label=label, seed=run.seed))
        first, reasons = runs[0], frames[-len(runs)]
        which = f" (first replicate, seed {first.seed})" if len(runs) > 1 else ""
        blocks.append(page.heading(f"{label}{which}", level=3))
        if reasons.empty:
            blocks.append(page.paragraph("The quality verdict passed in every assessed year."))
            continue
        blocks.append(page.table(balance.verdict_reason_summary(first, reasons), index=False))
        last = int(reasons["year"].max())
        schools = balance.failing_schools_table(reasons, last)
        if len(schools):
            blocks += [page.paragraph(f"Schools failing the per-school rule in {last}:"),
                       page.table(schools, index=False)]
    table = pd.concat(frames, ignore_index=True)
    table[["label", "seed", *balance.REASON_COLUMNS]].to_csv(outdir / "verdict_reasons.csv",
                                                             index=False)
    return blocks


def _reasons_intro(standard: BalanceStandard) -> str:
    limits = ", ".join(f"{level} {v['quality']:.2f}" for level, v in standard.cv_limits.items())
    return (f"A level passes the quality-balanced verdict when the CV of each of the seven "
            f"indicators is at most its limit ({limits}: the scenario's "
            f"balance_standard.cv_limit) and every assessed school meets the per-school rule: "
            f"at least {standard.indicators_to_meet} of the 7 indicators reach their threshold, "
            f"the others at least {standard.shortfall_floor:.0%} of it. Every reason of every "
            f"replicate is in verdict_reasons.csv.")


def write_report(comparison: Comparison | dict[str, list[Run]], outdir: pathlib.Path,
                 gap_metrics: Sequence[str] = fig_run.GAP_METRICS) -> pathlib.Path:
    """Write every figure, the CSV tables and index.html into outdir; return the page path."""
    if not isinstance(comparison, Comparison):
        comparison = Comparison(dict(comparison), [])
    groups, notes = comparison.groups, comparison.notes
    outdir.mkdir(parents=True, exist_ok=True)
    blocks = [page.heading("Inputs"), page.definition_list(provenance(groups))]
    blocks += [page.paragraph(note, "note") for note in notes]
    builders = {spec.name: spec.build for spec in FIGURES}
    builders["gap_metrics"] = functools.partial(fig_run.gap_metrics_figure, metrics=gap_metrics)
    for spec in FIGURES:
        files = save_figure(builders[spec.name](groups), outdir, spec.name)
        blocks += [page.heading(spec.title), page.figure(files, spec.caption, spec.title)]
        if spec.name == "gap_metrics" and len(groups) > 1:
            blocks += effect_blocks(groups, outdir, gap_metrics, notes)
    verdicts = fig_run.verdict_table(groups)
    verdicts.to_csv(outdir / "verdicts.csv")
    blocks += [page.heading("Balance verdicts (share of replicates passing)"),
               page.table(verdicts.rename(columns=str))]
    blocks += verdict_reason_blocks(groups, outdir)
    summary_metrics = list(gap_metrics) + ["turnover_rate", "morale_mean", "salary_bill_total"]
    summary_table(groups, summary_metrics).to_csv(outdir / "summary.csv", index=False)
    title = "edusim run report: " + " vs ".join(groups)
    return page.write_page(outdir / "index.html", title, blocks)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python3 -m analysis.report``."""
    args = parse_args(argv)

    def body() -> None:
        index = write_report(load_groups(args), args.output, args.gap_metrics)
        print(index)

    return guarded(body, "analysis.report")


if __name__ == "__main__":
    sys.exit(main())

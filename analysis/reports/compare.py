"""Scenario comparison: several runs (or groups of replicate runs) side by side.

    python3 -m analysis.compare A.h5 B.h5 ... -o DIR [--labels L ...] [--years +5 +10]
                                [--baseline LABEL] [--allow-different-district]
                                [--allow-incomplete]

Each file argument is a path, a quoted glob, or LABEL=PATH-OR-GLOB. Files with the same label
are replicates of one scenario: the table shows their mean and 90% interval (5th and 95th
percentile over replicates) and n. Labels come from LABEL=, else from --labels (one per file
argument); files without one are grouped by their resolved scenario (the root attribute
`scenario`, seeds aside), labelled by the scenario file name and, where two groups share
it, by the keys that tell them apart. A labelled group whose files are not replicates of
one resolved scenario is refused, naming the keys that differ (analysis/paired.py).

Effects: every other group against the baseline (--baseline, default the first group),
per quantity and simulated year, as policy minus baseline with a 95% interval: paired by
seed when every run of the group has a baseline run with its seeds (the same --seed, or a
sweep with common random numbers), else the difference of means (Welch). A baseline of a
different district is refused unless --allow-different-district, which labels the result.

--years are calendar years (2029) or +N, the Nth simulated year after the start (default +5
and +10; the year convention of analysis/years.py). A bare number under 1900 (5) is still read
as +5, with a deprecation warning. A calendar year needs runs that all start in the same year.
Years beyond a run are left out with a warning. Quantities per year: the gap metrics, the share of replicates passing
the quality and basic balance verdicts, the mean turnover rate over years 1..Y, and the
cumulative spending over years 1..Y.

Writes DIR/comparison.csv (tidy: label, quantity, year, mean, p05, p95, n), DIR/effects.csv
(label, baseline, quantity, year, effect, low, high, n, paired), DIR/comparison.md and
DIR/index.html (tables and charts), DIR/comparison.png/.svg and DIR/effects.png/.svg
(effects over every simulated year with their 95% intervals).
"""
from __future__ import annotations

import argparse
import pathlib
import sys
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from ..figures import compare as fig_compare
from . import html as page
from ..stats import paired
from ..figures.run import GAP_METRICS, total_cost
from ..figures import save_figure
from ..readers import InputFileError, Run, expand_paths, read_run
from .cli import guarded
from ..years import YEAR_HELP, Year, year_type

DEFAULT_YEARS: tuple[Year, ...] = (Year(5, True, "+5"), Year(10, True, "+10"))
QUANTILES: tuple[float, float] = (0.05, 0.95)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python3 -m analysis.compare",
                                description="Compare edusim runs (groups of replicates) "
                                            "side by side.")
    p.add_argument("files", nargs="+", metavar="[LABEL=]RUN.h5",
                   help="run file, quoted glob, or LABEL=file-or-glob; same label = replicates")
    p.add_argument("-o", "--output", required=True, type=pathlib.Path, metavar="DIR")
    p.add_argument("--labels", nargs="+", metavar="LABEL",
                   help="a label per file argument (repeat a label to group replicates)")
    p.add_argument("--years", nargs="+", type=year_type("--years"), default=list(DEFAULT_YEARS),
                   metavar="YEAR", help=f"years to tabulate, each {YEAR_HELP} (default: +5 +10)")
    p.add_argument("--metrics", nargs="+", default=list(GAP_METRICS), metavar="METRIC",
                   help="gap metrics (/district) to tabulate")
    p.add_argument("--baseline", metavar="LABEL",
                   help="the group the others are compared with (default: the first)")
    p.add_argument("--allow-different-district", action="store_true",
                   help="show effects against a baseline of another district (labelled)")
    p.add_argument("--allow-incomplete", action="store_true",
                   help="read files whose run did not finish (complete != 1)")
    return p.parse_args(argv)


def group_files(args: Sequence[str], labels: Sequence[str] | None, allow_incomplete: bool = False
                ) -> dict[str, list[Run]]:
    """Read every file argument and group the runs: by label (in first-seen order), files
    without a label by their resolved scenario; every group must be replicates of one."""
    if labels and len(labels) != len(args):
        raise InputFileError(f"--labels gives {len(labels)} labels for {len(args)} file arguments")
    groups: dict[str, list[Run]] = {}
    unlabelled: list[Run] = []
    for i, arg in enumerate(args):
        label, sep, pattern = arg.partition("=")
        if not sep or pathlib.Path(arg).exists():
            label, pattern = "", arg
        if labels:
            label = labels[i]
        for path in expand_paths([pattern]):
            run = read_run(path, allow_incomplete)
            if label:
                groups.setdefault(label, []).append(run)
            else:
                unlabelled.append(run)
    for label, runs in paired.group_by_scenario(unlabelled).items():
        groups.setdefault(label if label not in groups else f"{label} (unlabelled)", runs)
    for label, runs in groups.items():
        paired.check_replicates(label, runs)
    return groups


def _interval(values: np.ndarray) -> dict[str, float]:
    values = values[np.isfinite(values)]
    if not len(values):
        return {"mean": np.nan, "p05": np.nan, "p95": np.nan, "n": 0}
    low, high = np.quantile(values, QUANTILES)
    return {"mean": float(values.mean()), "p05": float(low), "p95": float(high), "n": len(values)}


Quantity = Callable[[Run, int], float]


def _verdict(name: str) -> Quantity:
    return lambda run, row: float(run.verdict[name].iloc[row]) if name in run.verdict else np.nan


def _mean_turnover(run: Run, row: int) -> float:
    return float(np.nanmean(run.district["turnover_rate"].iloc[1:row + 1])) if row else np.nan


def _cumulative_cost(run: Run, row: int) -> float:
    return float(total_cost(run).iloc[1:row + 1].sum())


def quantities(metrics: Sequence[str]) -> dict[str, tuple[Quantity, str]]:
    """Name -> (value of a run at a row, units) for every tabulated quantity."""
    q: dict[str, tuple[Quantity, str]] = {m: (paired.district_at(m), "") for m in metrics}
    q["balance_quality_pass"] = (_verdict("quality"), "share of replicates")
    q["balance_basic_pass"] = (_verdict("basic"), "share of replicates")
    q["turnover_rate_mean_to_year"] = (_mean_turnover, "1/year")
    q["cost_cumulative_to_year"] = (_cumulative_cost, "yuan")
    return q


def simulated_years(groups: dict[str, list[Run]], years: Sequence[Year | int]) -> list[int]:
    """The requested years as simulated-year offsets (rows of every run): +N is N; a calendar
    year counts from the first year of the runs, which must then all start in the same year."""
    starts = sorted({int(r.years[0]) for runs in groups.values() for r in runs})
    out = []
    for year in years:
        if not isinstance(year, Year):
            out.append(int(year))
        elif year.simulated:
            out.append(year.value)
        elif len(starts) > 1:
            raise InputFileError(f"--years {year.text}: the runs start in different calendar "
                                 f"years ({', '.join(map(str, starts))}); give simulated years "
                                 "as +N")
        elif year.value < starts[0]:
            raise InputFileError(f"--years {year.text}: before the runs' first year {starts[0]}")
        else:
            out.append(year.value - starts[0])
    return out


def usable_years(groups: dict[str, list[Run]], years: Sequence[int]) -> list[int]:
    """The requested simulated years that every run has (others dropped with a warning)."""
    shortest = min(len(r.years) for runs in groups.values() for r in runs) - 1
    kept = [y for y in years if 0 <= y <= shortest]
    dropped = [y for y in years if y not in kept]
    if dropped:
        print(f"analysis.compare: warning: year(s) {dropped} left out: the shortest run has "
              f"{shortest} simulated years", file=sys.stderr)
    if not kept:
        raise InputFileError(f"none of the years {list(years)} is in every run "
                             f"(shortest run: {shortest} years)")
    return kept


def comparison_table(groups: dict[str, list[Run]], years: Sequence[int],
                     metrics: Sequence[str] = GAP_METRICS) -> pd.DataFrame:
    """Tidy comparison: label, quantity, units, year (simulated), calendar_year, mean, p05,
    p95, n."""
    first = next(iter(groups.values()))[0]
    rows = []
    for name, (value, units) in quantities(metrics).items():
        if name in metrics and name not in first.district:
            raise InputFileError(f"{first.path}: no /district/{name}")
        units = units or first.unit(f"district/{name}")
        for label, runs in groups.items():
            for year in years:
                stats = _interval(np.array([value(r, year) for r in runs], dtype=float))
                rows.append({"label": label, "quantity": name, "units": units, "year": year,
                             "calendar_year": int(runs[0].years[year]), **stats})
    return pd.DataFrame(rows)


def effects_wide(effects: pd.DataFrame) -> pd.DataFrame:
    """One column per policy label, one row per 'quantity (units), year Y': 'effect [low,
    high]' (95%), marked 'unpaired' where the runs did not pair by seed."""
    def text(row: pd.Series) -> str:
        if row["n"] == 0 or not np.isfinite(row["effect"]):
            return "n/a"
        cell = f"{row['effect']:+.4g}"
        if np.isfinite(row["low"]):
            cell += f" [{row['low']:+.4g}, {row['high']:+.4g}]"
        return cell + ("" if row["paired"] else " (unpaired)")
    units = effects["units"].map(lambda u: "" if u in ("", "1") else f" ({u})")
    row = effects["quantity"] + units + ", year " + effects["year"].astype(str)
    wide = effects.assign(text=effects.apply(text, axis=1), row=row)
    out = wide.pivot(index="row", columns="label", values="text")
    out = out.reindex(index=list(dict.fromkeys(row)), columns=list(dict.fromkeys(wide["label"])))
    out.index.name = "effect vs " + str(effects["baseline"].iloc[0])
    return out


def wide_table(table: pd.DataFrame) -> pd.DataFrame:
    """One column per label, one row per 'quantity (units), year Y': 'mean [p05, p95]' for
    groups of several runs; the first row gives the replicates per label."""
    units = table["units"].map(lambda u: "" if u in ("", "1") else f" ({u})")
    row = table["quantity"] + units + ", year " + table["year"].astype(str)
    wide = table.assign(text=table.apply(_cell_text, axis=1), row=row)
    out = wide.pivot(index="row", columns="label", values="text")
    out = out.reindex(index=list(dict.fromkeys(row)), columns=list(dict.fromkeys(table["label"])))
    n = table.groupby("label", sort=False)["n"].max().reindex(out.columns)
    replicates = pd.DataFrame([n.astype(int).astype(str).to_numpy()], columns=out.columns,
                              index=["replicates"])
    out = pd.concat([replicates, out])
    out.index.name = "quantity"
    return out


def _cell_text(row: pd.Series) -> str:
    if row["n"] == 0:
        return "n/a"
    if row["quantity"].endswith("_pass"):  # a share of replicates has no interval
        return f"{row['mean']:.0%}"
    if row["n"] == 1:
        return f"{row['mean']:.4g}"
    return f"{row['mean']:.4g} [{row['p05']:.4g}, {row['p95']:.4g}]"


def markdown(table: pd.DataFrame) -> str:
    """A DataFrame (index included) as a GitHub-flavoured markdown table."""
    frame = table.reset_index()
    cells = [list(map(str, frame.columns))] + [[str(v) for v in row] for row in frame.to_numpy()]
    lines = ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
    lines.insert(1, "|" + "---|" * len(frame.columns))
    return "\n".join(lines) + "\n"


def write_comparison(groups: dict[str, list[Run]], outdir: pathlib.Path, years: Sequence[int],
                     metrics: Sequence[str] = GAP_METRICS, baseline: str | None = None,
                     allow_different_district: bool = False) -> pathlib.Path:
    """Write comparison.csv/.md, effects.csv, the charts and index.html; return the page."""
    outdir.mkdir(parents=True, exist_ok=True)
    baseline = baseline or next(iter(groups))
    if baseline not in groups:
        raise InputFileError(f"--baseline {baseline!r} is not a label; the labels are "
                             f"{', '.join(groups)}")
    warnings = [paired.check_same_district(runs, groups[baseline], allow_different_district)
                for label, runs in groups.items() if label != baseline]
    warning = " ".join(dict.fromkeys(w for w in warnings if w))
    years = usable_years(groups, years)
    table = comparison_table(groups, years, metrics)
    table.to_csv(outdir / "comparison.csv", index=False)
    wide = wide_table(table)
    note = ("Cells: mean over replicates [5th, 95th percentile] for groups of several runs; "
            "years are simulated years after the start.")
    md = f"{note}\n\n{markdown(wide)}"
    files = save_figure(fig_compare.comparison_figure(table), outdir, "comparison")
    files_text = [(label, ", ".join(str(r.path) for r in runs)) for label, runs in groups.items()]
    blocks = [page.heading("Runs"), page.definition_list(files_text),
              page.heading("Table"), page.paragraph(note, "note"), page.table(wide),
              page.heading("Chart"),
              page.figure(files, "Each panel is one quantity; bars are means over replicates "
                                 "and whiskers the 90% interval, grouped by year.", "comparison")]
    if len(groups) > 1:
        effects = paired.effects_table(groups, baseline, years, quantities(metrics))
        effects.to_csv(outdir / "effects.csv", index=False)
        shortest = min(len(r.years) for runs in groups.values() for r in runs) - 1
        over_time = paired.effects_table(groups, baseline, range(1, shortest + 1),
                                          quantities(metrics))
        effect_note = (f"Effects: each group minus the baseline '{baseline}', mean with its "
                       "95% interval: paired replicate by replicate (same seeds) where every "
                       "run has a baseline partner, else the difference of means with a Welch "
                       "interval (marked unpaired). " + warning)
        md += f"\n{effect_note}\n\n{markdown(effects_wide(effects))}"
        effect_files = save_figure(fig_compare.effects_figure(over_time, warning), outdir,
                                   "effects")
        blocks += [page.heading("Effects against the baseline"),
                   page.paragraph(effect_note, "note"), page.table(effects_wide(effects)),
                   page.figure(effect_files, "Each panel is one quantity: the effect over the "
                                             "simulated years with its 95% band; the dashed "
                                             "line is no effect.", "effects")]
    (outdir / "comparison.md").write_text(md, encoding="utf-8")
    return page.write_page(outdir / "index.html", "edusim scenario comparison", blocks)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python3 -m analysis.compare``."""
    args = parse_args(argv)

    def body() -> None:
        groups = group_files(args.files, args.labels, args.allow_incomplete)
        years = simulated_years(groups, args.years)
        print(write_comparison(groups, args.output, years, args.metrics, args.baseline,
                               args.allow_different_district))

    return guarded(body, "analysis.compare")


if __name__ == "__main__":
    sys.exit(main())

"""Figures of the run report. Each builder takes `groups`: an ordered mapping from a label
(the policy scenario, the baseline) to the replicate runs of that label, and returns a Figure.

The first label is the scenario under study; later labels (baselines) are drawn beside it.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.lines import Line2D

from . import style
from .common import (YEAR_LABEL, Summary, count_axis, fitted_title, grid_axes, legend_outside,
                     message_axes, plot_band, pretty, quantity_label, summarise, year_axis)
from ..readers import LEVELS, TERM_START_KINDS, ZONES, Run
from .style import plt

Groups = Mapping[str, Sequence[Run]]

GAP_METRICS: tuple[str, ...] = (
    "achievement_gap_urban_rural", "achievement_gap_top_bottom_quartile",
    "achievement_between_school_share", "effectiveness_gap_urban_rural")
COST_COMPONENTS: tuple[str, ...] = (
    "salary_bill_base", "salary_bill_uplift", "allowance_cost", "housing_cost",
    "facilities_investment", "training_cost", "group_evaluation_reward")
VERDICTS: tuple[str, ...] = ("quality", "basic", "rotation")
# Moves that start a rotation term at another school, by the names of the file's kind_names
# (returns, stays, shadow posts and voluntary transfers show only in the kind bars).
OUTGOING_KINDS: tuple[str, ...] = TERM_START_KINDS
GROUP_LINESTYLES: tuple[str, ...] = ("-", "--", ":", "-.")


def _first(groups: Groups) -> Run:
    return next(iter(groups.values()))[0]


def _district_summary(runs: Sequence[Run], metric: str) -> Summary:
    return summarise([r.district[metric] for r in runs if metric in r.district])


def _has_metric(groups: Groups, metric: str) -> bool:
    return all(metric in r.district for runs in groups.values() for r in runs)


def gap_metrics_figure(groups: Groups, metrics: Sequence[str] = GAP_METRICS) -> plt.Figure:
    """One panel per gap metric: each label's mean over replicates with its 90% band."""
    metrics = [m for m in metrics if _has_metric(groups, m)]
    fig, axes = grid_axes(len(metrics))
    colours = style.label_colours(groups)
    for ax, metric in zip(axes, metrics):
        ax.set_title(pretty(metric))
        summaries = {label: _district_summary(runs, metric) for label, runs in groups.items()}
        if all(not np.isfinite(s.mean).any() for s in summaries.values()):
            message_axes(ax, f"{pretty(metric)} is undefined in every year of these runs")
            continue
        for label, s in summaries.items():
            plot_band(ax, s, colours[label], label)
        year_axis(ax)
        ax.set_ylabel(style.axis_label(_gap_axis_name(metric),
                                       _first(groups).unit(f"district/{metric}")))
    if not axes:
        plt.close(fig)
        fig, (ax,) = grid_axes(1)
        message_axes(ax, "none of the gap metrics is in these run files")
    elif axes[0].get_legend_handles_labels()[0]:
        legend_outside(axes[min(1, len(axes) - 1)])
    fig.suptitle("Gap metrics over time" + _band_note(groups))
    return fig


def _gap_axis_name(metric: str) -> str:
    """The y label of a gap panel (its title has the full name): 'gap', 'share', ..."""
    for word in ("gap", "share", "cv", "theil"):
        if word in metric.split("_"):
            return {"cv": "CV", "theil": "Theil T"}.get(word, word)
    return pretty(metric)


def balance_cv_figure(groups: Groups) -> plt.Figure:
    """Per level (rows) and label (columns): the CV of each national indicator over time
    (mean over replicates) against the quality limit (dashed), and the 2012 basic-balance
    standard's composite CV (black) against its limit (dotted)."""
    labels = list(groups)
    fig, axes = plt.subplots(len(LEVELS), len(labels), figsize=(4.6 * len(labels) + 2.2, 6.4),
                             squeeze=False, sharey=True, layout="constrained")
    for col, label in enumerate(labels):
        for row, level in enumerate(LEVELS):
            _balance_panel(axes[row, col], groups[label], level, f"{label}: {level} schools")
    for row in range(len(LEVELS)):
        if axes[row, -1].get_legend_handles_labels()[0]:
            legend_outside(axes[row, -1])
    fig.suptitle("Coefficient of variation across schools of the national balance indicators"
                 + (" (means over replicates)" if max(map(len, groups.values())) > 1 else ""))
    return fig


def _balance_panel(ax: plt.Axes, runs: Sequence[Run], level: str, title: str) -> None:
    columns = [c for c in runs[0].balance_cv.columns if c.startswith(level + "_")]
    if not columns:
        message_axes(ax, f"no {level} indicators in the file")
        return
    colours = style.series_colours(c.split("_", 1)[1] for c in columns)
    for column in columns:
        indicator = column.split("_", 1)[1]
        s = summarise([r.balance_cv[column] for r in runs])
        ax.plot(s.x, s.mean, color=colours[indicator], label=pretty(indicator), marker="o",
                markersize=2.5)
    # The basic limit holds the composite CV of the 2012 standard, not these seven CVs: it is
    # drawn with that series, and left out for files that lack it (before 0.11.0).
    composites = [r.basic_composite(level) for r in runs]
    basic = all(c is not None for c in composites)
    if basic:
        s = summarise(composites)
        ax.plot(s.x, s.mean, color="black", label="basic-balance composite (2012)", marker="s",
                markersize=2.5, linewidth=1.2)
    limits = runs[0].cv_limits.get(level, {})
    for kind, ls in (("quality", "--"), ("basic", ":")):
        if kind in limits and (kind == "quality" or basic):
            ax.axhline(limits[kind], color="black", linestyle=ls, linewidth=1,
                       label=f"{kind} limit {limits[kind]:.2f}")
    ax.set_title(title)
    year_axis(ax)
    ax.set_ylabel(style.axis_label("CV across schools", runs[0].unit(f"balance/cv/{columns[0]}")))


def _effectiveness_values(runs: Sequence[Run], row: int) -> tuple[dict[str, np.ndarray], str]:
    """Effectiveness by zone in year row `row` (0 or -1), pooled over replicates: teachers from
    snapshots when every run has one for that year, else the school means."""
    snaps = [r.teacher_snapshot(int(r.years[row])) for r in runs]
    if all(s is not None and "effectiveness" in s for s in snaps):
        zones = {z: np.concatenate([s["effectiveness"].to_numpy()[
            r.info["zone"].to_numpy()[s["school"].to_numpy()] == z] for r, s in zip(runs, snaps)])
            for z in ZONES}
        return zones, "teachers"
    zones = {z: np.concatenate([r.school_series("effectiveness_mean").iloc[row].to_numpy()[
        r.info["zone"].to_numpy() == z] for r in runs]) for z in ZONES}
    return {z: v[np.isfinite(v)] for z, v in zones.items()}, "school means"


def effectiveness_by_zone_figure(groups: Groups) -> plt.Figure:
    """Per label: box plots of teacher effectiveness by zone in the first and last year."""
    labels = list(groups)
    fig, axes = plt.subplots(1, len(labels), figsize=(4.6 * len(labels), 3.6), squeeze=False,
                             sharey=True, layout="constrained")
    for ax, label in zip(axes[0], labels):
        _effectiveness_panel(ax, groups[label], label)
    fig.suptitle("Teacher effectiveness by zone, first and last year")
    return fig


def _effectiveness_panel(ax: plt.Axes, runs: Sequence[Run], label: str) -> None:
    start, unit_start = _effectiveness_values(runs, 0)
    end, unit_end = _effectiveness_values(runs, -1)
    zones = [z for z in ZONES if len(start[z]) or len(end[z])]
    data, positions, colours = [], [], []
    for i, zone in enumerate(zones):
        for j, values in enumerate((start[zone], end[zone])):
            data.append(values)
            positions.append(3 * i + j)
            colours.append(style.zone_colour(zone))
    boxes = ax.boxplot(data, positions=positions, widths=0.8, patch_artist=True,
                       showfliers=False,
                       medianprops={"color": "black", "linewidth": 1.6, "gid": "median"})
    for k, (patch, colour) in enumerate(zip(boxes["boxes"], colours)):
        patch.set_facecolor(colour)
        patch.set_alpha(0.35 if k % 2 == 0 else 0.9)
    years = (int(runs[0].years[0]), int(runs[0].years[-1]))
    ax.set_xticks(positions, [f"{z}\n{years[k % 2]}" for z in zones for k in range(2)])
    unit = runs[0].unit("schools/effectiveness_mean") or "SD"
    ax.set_ylabel(style.axis_label("teacher effectiveness (value added)", unit))
    what = unit_start if unit_start == unit_end else f"{unit_start} / {unit_end}"
    ax.set_title(f"{label} ({what})")


def rotation_flows(runs: Sequence[Run]) -> pd.DataFrame:
    """Mean moves per run from school type to school type (type = strength class and zone in
    the year of the move), over the moves that start a rotation term (OUTGOING_KINDS)."""
    frames = []
    for run in runs:
        ev = run.rotations()
        if ev.empty:
            continue
        ev = ev[ev["kind_name"].isin(OUTGOING_KINDS)]
        frames.append(pd.DataFrame({"from": ev["from_strength"] + " " + ev["from_zone"],
                                    "to": ev["to_strength"] + " " + ev["to_zone"]}))
    if not frames:
        return pd.DataFrame()
    table = pd.concat(frames).value_counts().unstack(fill_value=0) / len(runs)
    order = _type_order(set(table.index) | set(table.columns))
    return table.reindex(index=order, columns=order, fill_value=0)


def _type_order(types: set[str]) -> list[str]:
    ranked = [f"{s} {z}" for s in style.STRENGTH_ORDER for z in ZONES]
    return [t for t in ranked if t in types] + sorted(types - set(ranked))


def moves_by_kind(runs: Sequence[Run]) -> pd.DataFrame:
    """Mean events per run by calendar year (rows) and kind name (columns)."""
    frames = [r.rotations() for r in runs]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames).groupby(["year", "kind_name"]).size().unstack(fill_value=0) / len(runs)


def rotation_flows_figure(groups: Groups) -> plt.Figure:
    """For the first label: a from-type x to-type matrix of rotation moves, and the events
    per year by kind."""
    label, runs = next(iter(groups.items()))
    fig, (ax_flow, ax_kind) = plt.subplots(1, 2, figsize=(11, 4.6), layout="constrained")
    flows = rotation_flows(runs)
    if flows.empty:
        message_axes(ax_flow, "no rotation events in these runs")
        message_axes(ax_kind, "no rotation events in these runs")
    else:
        _flow_matrix(ax_flow, flows, len(runs))
        _kind_bars(ax_kind, moves_by_kind(runs))
    fig.suptitle(f"Rotation flows between school types: {label}")
    return fig


def _flow_matrix(ax: plt.Axes, flows: pd.DataFrame, n_runs: int) -> None:
    image = ax.imshow(flows.to_numpy(), cmap="Blues", aspect="auto")
    ax.set_xticks(range(len(flows.columns)), flows.columns, rotation=40, ha="right")
    ax.set_yticks(range(len(flows.index)), flows.index)
    ax.set_xlabel("destination school (strength, zone)")
    ax.set_ylabel("school left")
    ax.grid(False)
    top = flows.to_numpy().max()
    for (i, j), value in np.ndenumerate(flows.to_numpy()):
        if value:
            ax.text(j, i, f"{value:.0f}", ha="center", va="center", fontsize=7,
                    color="white" if value > 0.6 * top else "black")
    per = "run" if n_runs == 1 else f"run (mean of {n_runs})"
    bar = ax.figure.colorbar(image, ax=ax, label=f"teachers moved per {per}")
    count_axis(bar.ax.yaxis)
    ax.set_title("teachers sent on rotation, whole run")


def _kind_bars(ax: plt.Axes, kinds: pd.DataFrame) -> None:
    bottom = np.zeros(len(kinds))
    colours = style.series_colours(kinds.columns)
    for kind in kinds.columns:
        ax.bar(kinds.index, kinds[kind], bottom=bottom, color=colours[kind], label=pretty(kind))
        bottom += kinds[kind].to_numpy()
    year_axis(ax)
    count_axis(ax.yaxis)
    ax.set_ylabel("events (teachers moved)")
    ax.set_title("rotation events per year by kind")
    legend_outside(ax)


def turnover_morale_figure(groups: Groups) -> plt.Figure:
    """Turnover rate and mean morale by zone (colour) for each label (line style)."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.0), layout="constrained")
    styles = dict(zip(groups, _cycle(GROUP_LINESTYLES)))
    for ax, base in zip(axes, ("turnover_rate", "morale_mean")):
        for label, runs in groups.items():
            for zone in ZONES:
                metric = f"{base}_{zone}"
                if metric in runs[0].district:
                    plot_band(ax, _district_summary(runs, metric), style.zone_colour(zone),
                              f"{label}, {zone}", linestyle=styles[label])
        ax.set_title(f"{pretty(base)} by zone")
        year_axis(ax)
        ax.set_ylabel(quantity_label(base, _first(groups).unit(f"district/{base}")))
    legend_outside(axes[1], handles=_zone_and_label_handles(groups, styles))
    fig.suptitle("Teacher turnover and morale by zone" + _band_note(groups))
    return fig


def _zone_and_label_handles(groups: Groups, styles: Mapping[str, str]) -> list[Line2D]:
    """Legend entries: one colour per zone, one line style per label."""
    zones = [Line2D([], [], color=style.zone_colour(z), label=z) for z in ZONES]
    labels = [Line2D([], [], color="black", linestyle=styles[g], label=g) for g in groups]
    return zones + labels


def _band_note(groups: Groups) -> str:
    n = max(len(runs) for runs in groups.values())
    return f" (means; bands: 90% of {n} replicates)" if n > 1 else ""


def _cycle(items: Sequence[str]):
    while True:
        yield from items


def total_cost(run: Run) -> pd.Series:
    """Yearly spending: salary bill (incl. allowances and housing) + facilities + training +
    group rewards (the components present in the file)."""
    parts = ["salary_bill_total", "facilities_investment", "training_cost",
             "group_evaluation_reward"]
    return run.district[[p for p in parts if p in run.district]].sum(axis=1, min_count=1)


def cost_figure(groups: Groups) -> plt.Figure:
    """Left: total yearly spending per label with replicate bands. Right: its components for
    the first label (mean over replicates), stacked."""
    fig, (ax_total, ax_parts) = plt.subplots(1, 2, figsize=(11, 4.0), layout="constrained")
    units = _first(groups).unit("district/salary_bill_total") or "yuan/year"
    summaries = {label: summarise([total_cost(r) for r in runs]) for label, runs in groups.items()}
    scale, shown = style.scaled_units(units, max(np.nanmax(s.high) for s in summaries.values()))
    colours = style.label_colours(groups)
    for label, s in summaries.items():
        plot_band(ax_total, s, colours[label], label, scale=scale)
    ax_total.set_title("total spending")
    year_axis(ax_total)
    ax_total.set_ylabel(style.axis_label("spending", shown))
    legend_outside(ax_total)
    _cost_parts(ax_parts, *next(iter(groups.items())), scale, shown)
    fig.suptitle("Cost over time" + _band_note(groups))
    return fig


def _cost_parts(ax: plt.Axes, label: str, runs: Sequence[Run], scale: float, units: str) -> None:
    parts = [p for p in COST_COMPONENTS if p in runs[0].district]
    means = pd.DataFrame({p: summarise([r.district[p] for r in runs]).mean for p in parts},
                         index=runs[0].district.index)
    means = means.loc[:, means.fillna(0).abs().sum() > 0]
    if means.empty:
        message_axes(ax, f"no spending components in the files of {label}")
        return
    colours = style.series_colours(means.columns)
    ax.stackplot(means.index, *(means[c].fillna(0) / scale for c in means.columns),
                 labels=[pretty(c) for c in means.columns],
                 colors=[colours[c] for c in means.columns], alpha=0.85)
    ax.set_title(f"components of the spending: {label}")
    year_axis(ax)
    ax.set_ylabel(style.axis_label("spending", units))
    handles, names = ax.get_legend_handles_labels()  # top of the stack first
    legend_outside(ax, handles=handles[::-1], labels=names[::-1])


def verdict_table(groups: Groups) -> pd.DataFrame:
    """Share of replicates passing each verdict: rows (label, verdict), columns calendar years;
    NaN where the verdict was not assessed."""
    rows = {}
    for label, runs in groups.items():
        for verdict in VERDICTS:
            if verdict in runs[0].verdict:
                rows[(label, verdict)] = summarise([r.verdict[verdict] for r in runs]).mean
    years = _first(groups).years
    table = pd.DataFrame.from_dict(rows, orient="index", columns=years)
    table.index = pd.MultiIndex.from_tuples(table.index, names=["label", "verdict"])
    return table


def verdict_figure(groups: Groups) -> plt.Figure:
    """Balance verdict per year: a pass/fail grid (share of replicates passing)."""
    table = verdict_table(groups)
    fig, ax = plt.subplots(figsize=(max(6.0, 0.55 * table.shape[1] + 3), 0.45 * len(table) + 1.6),
                           layout="constrained")
    values = table.to_numpy(dtype=float)
    cmap = LinearSegmentedColormap.from_list("verdict", style.VERDICT_COLOURS)
    cmap.set_bad(style.NOT_ASSESSED_COLOUR)
    ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=1, aspect="auto")
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, _verdict_text(v), ha="center", va="center", fontsize=7)
    ax.set_xticks(range(table.shape[1]), table.columns, rotation=45)
    ax.set_yticks(range(len(table)), [f"{label}: {v}" for label, v in table.index])
    ax.set_xlabel(YEAR_LABEL)
    ax.grid(False)
    share = "share of replicates passing; " if max(map(len, groups.values())) > 1 else ""
    fitted_title(fig, f"Balance verdict per year ({share}grey: not assessed)")
    return fig


def _verdict_text(value: float) -> str:
    if not np.isfinite(value):
        return "n/a"
    if value in (0.0, 1.0):
        return "pass" if value == 1.0 else "fail"
    return f"{value:.0%}"

"""Report of an ABC-SMC calibration (``edusim calibrate``): ``python3 -m
analysis.calibration_report POSTERIOR.h5 -o DIR``.

Writes into DIR an ``index.html`` with figures (PNG and SVG) and CSV tables:

- marginal posteriors: weighted histogram and weighted Gaussian KDE of the last generation,
  with the prior's density (uniform, log-uniform, normal truncated to its support);
- pairwise densities: weighted scatter (point area by weight) of every pair of parameters;
- the generations: tolerance, acceptance rate, effective sample size and runs;
- posterior predictive checks: for every target, the accepted particles' statistics
  (weighted histogram) against the published value and its sd (no re-running needed).

The file layout is documented in docs/output-schema.md ("Calibration files").
"""
from __future__ import annotations

import argparse
import pathlib
import sys
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from . import html as page
from ..figures import count_axis, legend_outside, save_figure
from ..readers import InputFileError, _attr_str, open_checked
from .cli import guarded
from ..figures.style import apply_style, plt


@dataclass
class Generation:
    number: int
    tolerance: float
    particles: np.ndarray   # [particle, parameter]
    weights: np.ndarray     # [particle]
    distances: np.ndarray   # [particle]
    statistics: np.ndarray  # [particle, target]


@dataclass
class Calibration:
    path: pathlib.Path
    attrs: dict
    parameters: pd.DataFrame   # name, prior, prior_kind, min, max, mean, sd
    targets: pd.DataFrame      # name, statistic, observed, sd, weight
    generations: list[Generation]
    diagnostics: pd.DataFrame  # one row per generation


def _strings(ds) -> list[str]:
    return [_attr_str(v) for v in ds[()]]


def read_calibration(path: str | pathlib.Path) -> Calibration:
    """Read a complete calibration file; InputFileError if it is not one."""
    path = pathlib.Path(path)
    with open_checked(path, "calibration") as f:
        attrs = {k: (_attr_str(v) if isinstance(v, (str, bytes)) else v)
                 for k, v in f.attrs.items()}
        p = f["parameters"]
        parameters = pd.DataFrame({
            "name": _strings(p["name"]), "prior": _strings(p["prior"]),
            "prior_kind": _strings(p["prior_kind"]), "min": p["min"][()], "max": p["max"][()],
            "mean": p["mean"][()], "sd": p["sd"][()]})
        t = f["targets"]
        targets = pd.DataFrame({
            "name": _strings(t["name"]), "statistic": _strings(t["statistic"]),
            "observed": t["observed"][()], "sd": t["sd"][()], "weight": t["weight"][()]})
        d = f["diagnostics"]
        diagnostics = pd.DataFrame({k: d[k][()] for k in d.keys()})
        generations = []
        for g in diagnostics["generation"]:
            grp = f["generations"][str(int(g))]
            generations.append(Generation(
                int(g), float(grp.attrs["tolerance"]), grp["particles"][()],
                grp["weights"][()], grp["distances"][()], grp["statistics"][()]))
    if not generations:
        raise InputFileError(f"{path}: the file holds no generation")
    return Calibration(path, attrs, parameters, targets, generations, diagnostics)


# --------------------------------------------------------------------------- statistics


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The smallest value whose cumulative weight reaches q (weights need not sum to 1)."""
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order]) / np.sum(weights)
    return float(values[order][min(np.searchsorted(cumulative, q), len(values) - 1)])


def weighted_kde(values: np.ndarray, weights: np.ndarray, grid: np.ndarray) -> np.ndarray:
    """Gaussian KDE with weights; bandwidth by Scott's rule on the effective sample size."""
    w = weights / weights.sum()
    n_eff = 1.0 / np.sum(w ** 2)
    mean = np.sum(w * values)
    sd = np.sqrt(np.sum(w * (values - mean) ** 2))
    if not sd > 0:
        return np.zeros_like(grid)
    h = sd * n_eff ** (-1.0 / 5.0)
    z = (grid[:, None] - values[None, :]) / h
    return (np.exp(-0.5 * z ** 2) @ w) / (h * np.sqrt(2 * np.pi))


def prior_density(row: pd.Series, grid: np.ndarray) -> np.ndarray:
    """The prior's normalised density on `grid` (0 outside the support)."""
    lo, hi = float(row["min"]), float(row["max"])
    inside = (grid >= lo) & (grid <= hi)
    kind = row["prior_kind"]
    if kind == "uniform":
        dens = np.full_like(grid, 1.0 / (hi - lo))
    elif kind == "log_uniform":
        dens = 1.0 / (np.clip(grid, lo, None) * np.log(hi / lo))
    else:
        from scipy.stats import norm
        mean, sd = float(row["mean"]), float(row["sd"])
        mass = norm.cdf((hi - mean) / sd) - norm.cdf((lo - mean) / sd)
        dens = norm.pdf((grid - mean) / sd) / (sd * mass)
    return np.where(inside, dens, 0.0)


def posterior_summary(cal: Calibration) -> pd.DataFrame:
    """Weighted mean, median and 50% / 90% credible intervals per parameter (last generation)."""
    last = cal.generations[-1]
    rows = []
    for j, row in cal.parameters.iterrows():
        x, w = last.particles[:, j], last.weights
        rows.append({"parameter": row["name"], "prior": row["prior"],
                     "mean": float(np.sum(w * x) / np.sum(w)),
                     "median": weighted_quantile(x, w, 0.5),
                     "q05": weighted_quantile(x, w, 0.05), "q25": weighted_quantile(x, w, 0.25),
                     "q75": weighted_quantile(x, w, 0.75), "q95": weighted_quantile(x, w, 0.95)})
    return pd.DataFrame(rows)


def predictive_summary(cal: Calibration) -> pd.DataFrame:
    """Per target: the published value and sd against the accepted statistics' weighted
    median and 90% interval, and whether the value lies inside."""
    last = cal.generations[-1]
    rows = []
    for j, row in cal.targets.iterrows():
        s, w = last.statistics[:, j], last.weights
        lo, hi = weighted_quantile(s, w, 0.05), weighted_quantile(s, w, 0.95)
        rows.append({"target": row["name"], "statistic": row["statistic"],
                     "published": float(row["observed"]), "sd": float(row["sd"]),
                     "simulated median": weighted_quantile(s, w, 0.5), "q05": lo, "q95": hi,
                     "published inside 90%": bool(lo <= row["observed"] <= hi)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- figures


def _grid(row: pd.Series, x: np.ndarray) -> np.ndarray:
    lo, hi = float(row["min"]), float(row["max"])
    if not np.isfinite(lo) or not np.isfinite(hi):
        spread = max(np.ptp(x), 1e-9)
        lo, hi = x.min() - spread, x.max() + spread
    return np.linspace(lo, hi, 400)


def marginals_figure(cal: Calibration) -> plt.Figure:
    k = len(cal.parameters)
    cols = min(k, 3)
    rows = (k + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.6 * cols, 3.4 * rows), squeeze=False)
    last = cal.generations[-1]
    for j, row in cal.parameters.iterrows():
        ax = axes[j // cols][j % cols]
        x, w = last.particles[:, j], last.weights
        grid = _grid(row, x)
        ax.hist(x, bins=20, weights=w / w.sum(), density=True, color="#9ecae1",
                edgecolor="white", label="posterior (weighted histogram)")
        ax.plot(grid, weighted_kde(x, w, grid), color="#08519c", lw=1.8, label="posterior KDE")
        ax.plot(grid, prior_density(row, grid), color="#666666", ls="--", lw=1.2,
                label=f"prior: {row['prior']}")
        ax.set_xlabel(row["name"])
        ax.set_ylabel("probability density")
    legend_outside(axes[0][cols - 1])
    for j in range(k, rows * cols):
        axes[j // cols][j % cols].axis("off")
    fig.suptitle(f"Marginal posteriors, generation {last.number} "
                 f"(tolerance {last.tolerance:.3g})")
    fig.tight_layout()
    return fig


def pairs_figure(cal: Calibration) -> plt.Figure | None:
    k = len(cal.parameters)
    if k < 2:
        return None
    last = cal.generations[-1]
    w = last.weights / last.weights.max()
    fig, axes = plt.subplots(k - 1, k - 1, figsize=(3.4 * (k - 1) + 0.6, 3.2 * (k - 1)),
                             squeeze=False)
    names = list(cal.parameters["name"])
    for a in range(1, k):
        for b in range(k - 1):
            ax = axes[a - 1][b]
            if b >= a:
                ax.axis("off")
                continue
            ax.scatter(last.particles[:, b], last.particles[:, a], s=6 + 40 * w,
                       c=last.distances, cmap="viridis_r", alpha=0.7, edgecolors="none")
            ax.set_xlabel(names[b], fontsize=8)
            ax.set_ylabel(names[a], fontsize=8)
    fig.suptitle("Pairwise posterior: point area by weight, colour by distance (dark: close)")
    fig.tight_layout()
    return fig


def generations_figure(cal: Calibration) -> plt.Figure:
    d = cal.diagnostics
    fig, axes = plt.subplots(1, 4, figsize=(15, 3.4))
    g = d["generation"]
    panels = [("tolerance", "tolerance (distance)"), ("acceptance_rate", "acceptance rate"),
              ("effective_sample_size", "effective sample size"), ("runs", "runs")]
    for ax, (column, label) in zip(axes, panels):
        y = d[column].to_numpy(dtype=float)
        finite = np.isfinite(y)
        ax.plot(g[finite], y[finite], marker="o", color="#08519c")
        ax.set_xlabel("generation")
        ax.set_ylabel(label)
        ax.set_xticks(list(g))
        if column == "runs":
            count_axis(ax.yaxis)
        if column == "tolerance" and not finite.all():
            ax.set_title("generation 0: prior (infinite)", fontsize=8)
    fig.suptitle("ABC-SMC generations: tolerance, acceptance, effective sample size and runs")
    fig.tight_layout()
    return fig


def predictive_figure(cal: Calibration) -> plt.Figure:
    t = len(cal.targets)
    cols = min(t, 3)
    rows = (t + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.6 * cols, 3.4 * rows), squeeze=False)
    first, last = cal.generations[0], cal.generations[-1]
    for j, row in cal.targets.iterrows():
        ax = axes[j // cols][j % cols]
        prior_stats = first.statistics[:, j][np.isfinite(first.statistics[:, j])]
        post, w = last.statistics[:, j], last.weights
        ok = np.isfinite(post)
        bins = np.histogram_bin_edges(np.concatenate([prior_stats, post[ok]]), bins=25)
        ax.hist(prior_stats, bins=bins, density=True, color="#dddddd", label="prior predictive")
        ax.hist(post[ok], bins=bins, weights=w[ok], density=True, color="#9ecae1", alpha=0.9,
                label="posterior predictive")
        obs, sd = float(row["observed"]), float(row["sd"])
        ax.axvline(obs, color="#a50f15", lw=1.8, label="published")
        ax.axvspan(obs - sd, obs + sd, color="#a50f15", alpha=0.12, label="published +/- sd")
        ax.set_xlabel(f"{row['name']}: {row['statistic']}", fontsize=8)
        ax.set_ylabel("probability density")
    legend_outside(axes[0][cols - 1])
    for j in range(t, rows * cols):
        axes[j // cols][j % cols].axis("off")
    fig.suptitle("Posterior predictive checks: the accepted particles' statistics")
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- page


def _provenance(cal: Calibration) -> list[tuple[str, str]]:
    a = cal.attrs
    return [("calibration file", str(a.get("calibration_file", ""))),
            ("particles x replicates", f"{a.get('particles')} x {a.get('replicates')} "
                                       f"(batches of {a.get('batch')})"),
            ("generations", f"{a.get('generations')}; stopped by {a.get('stop_reason', '')}"),
            ("distance, kernel", f"{a.get('distance')}, {a.get('kernel')} (tolerance: the "
                                 f"{a.get('tolerance_quantile')} quantile of the previous "
                                 "generation's distances)"),
            ("runs in all", str(int(cal.diagnostics["runs"].sum()))),
            ("seed", str(a.get("seed"))),
            ("edusim", f"{a.get('engine_version', '?')} ({a.get('git_revision', '?')})")]


def write_calibration_report(cal: Calibration, outdir: pathlib.Path) -> pathlib.Path:
    """Write the figures, tables and index.html of a calibration; return the page path."""
    apply_style()
    outdir.mkdir(parents=True, exist_ok=True)
    posterior = posterior_summary(cal)
    predictive = predictive_summary(cal)
    posterior.to_csv(outdir / "posterior.csv", index=False)
    predictive.to_csv(outdir / "predictive.csv", index=False)
    cal.diagnostics.to_csv(outdir / "generations.csv", index=False)
    blocks = [page.heading("Calibration"), page.definition_list(_provenance(cal)),
              page.heading("Marginal posteriors"),
              page.figure(save_figure(marginals_figure(cal), outdir, "marginals"),
                          "Weighted histogram and kernel density of the last generation's "
                          "particles, with the prior (dashed).", "marginal posteriors"),
              page.table(posterior, index=False)]
    pairs = pairs_figure(cal)
    if pairs is not None:
        blocks += [page.heading("Pairwise densities"),
                   page.figure(save_figure(pairs, outdir, "pairs"),
                               "Every pair of parameters in the last generation.", "pairs")]
    blocks += [page.heading("Generations"),
               page.figure(save_figure(generations_figure(cal), outdir, "generations"),
                           "Tolerance, acceptance rate, effective sample size and runs per "
                           "generation.", "generations"),
               page.table(cal.diagnostics, index=False),
               page.heading("Posterior predictive checks"),
               page.figure(save_figure(predictive_figure(cal), outdir, "predictive"),
                           "Each target's statistic in the prior's generation (grey) and the "
                           "last generation (blue, weighted) against the published value.",
                           "posterior predictive"),
               page.table(predictive, index=False)]
    return page.write_page(outdir / "index.html",
                           f"edusim calibration report: {cal.path.name}", blocks)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python3 -m analysis.calibration_report",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("calibration", type=pathlib.Path, help="POSTERIOR.h5 of edusim calibrate")
    parser.add_argument("-o", "--output", type=pathlib.Path, required=True,
                        help="directory for index.html, figures and CSV tables")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python3 -m analysis.calibration_report``."""
    args = parse_args(argv)

    def body() -> None:
        print(write_calibration_report(read_calibration(args.calibration), args.output))

    return guarded(body, "analysis.calibration_report")


if __name__ == "__main__":
    sys.exit(main())

"""Morris screening of the flagged assumptions (issue 22, point 7): which of the scenario keys
whose default is an *assumption* (docs/scenario-reference.md, column "basis") move the main
outcomes, and which conclusions of the studies survive their uncertainty.

Writes docs/assumptions.md and docs/assumptions.csv. Regenerate with

    /usr/bin/python3 -m analysis.assumptions        # about 2r(k + 1) runs of the workforce county

The design, in short (docs/assumptions.md says it in full):

- the screened keys are the number and integer keys flagged ``assumption`` by `edusim schema
  --csv` that act in the scenario (no enclosing mechanism switched off), hold a value of
  their own (not a share of a set that sums to 1, not a truncation bound, not a list item)
  and have a default other than 0;
- each varies uniformly over [1 - RANGE, 1 + RANGE] times its value in the scenario (an age
  by AGE_YEARS either way), clipped to the key's allowed range (integers rounded); RANGE
  itself is an assumption (0.5);
- r Morris trajectories (analysis/stats/morris.py) of k + 1 points on a 4-level grid; every
  point is run twice with one seed per trajectory: with the scenario's policies and without
  them (analysis/studies/policy_comparison.py's counterfactual), so the policy effect is a
  paired difference;
- outcomes: the validation figures of docs/validation.md (between-school share and SES
  gradient at the start, turnover over years 1-10), the no-policy gap in year 10, and the
  policies' effect on the two gaps in year 10 (the policy comparison's conclusion);
- a conclusion *survives* when it holds at 95% of the design points or more; a key is
  *influential* when its mu*'s interval lies above the noise floor of chance alone.
"""
from __future__ import annotations

import argparse
import copy
import csv
import dataclasses
import io
import pathlib
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
import yaml

from ..stats import morris
from . import policy_comparison as P
from . import provenance
from . import replicates as R

SCENARIO = "scenarios/workforce.yaml"
RANGE = 0.5  # an assumption: each screened key varies over (1 -+ RANGE) x its value
AGE_YEARS = 5  # ... but an age by this many years either way (half of 40 would be absurd)
AGE_KEY = re.compile(r"(^|[._])age(\.mean)?$|_age$")
# Keys that must stay ordered (edusim refuses a scenario otherwise): the first below the second.
ORDERED = (("leaders.min_age", "leaders.max_age"), ("leaders.max_age", "leaders.retirement_age"))
LEVELS = 4
DESIGN_SEED = 20261207
SURVIVES = 0.95  # share of design points at which a conclusion must hold


@dataclasses.dataclass(frozen=True)
class Outcome:
    name: str  # column name
    label: str
    series: str  # /district series
    when: str  # "start" (row 0), "mean" (years 1-10) or "last" (the last row)
    run: str  # "policy", "off" or "effect" (policy - off, paired)
    claim: str = ""  # the conclusion tested, in words
    low: float = -np.inf  # the claim holds when low <= value <= high
    high: float = np.inf


OUTCOMES = (
    Outcome("between_share", "between-school share of achievement variance, start",
            "achievement_between_school_share", "start", "policy",
            "validation: at least 0.10 (docs/validation.md)", 0.10, 1.0),
    Outcome("ses_gradient", "SES gradient (SD per SD), start", "ses_gradient_slope", "start",
            "policy", "validation: within 0.29-0.37 (docs/validation.md)", 0.289, 0.37),
    Outcome("turnover", "turnover a year, mean of years 1-10", "turnover_rate", "mean",
            "policy", "validation: within 0.05-0.10 (docs/validation.md)", 0.05, 0.10),
    Outcome("gap_no_policy", "top-bottom quartile gap, last year, no policy",
            "achievement_gap_top_bottom_quartile", "last", "off"),
    Outcome("effect_gap", "policies' effect on the top-bottom quartile gap, last year",
            "achievement_gap_top_bottom_quartile", "last", "effect",
            "policy comparison: the policy mix narrows the gap (effect < 0)", -np.inf, 0.0),
    Outcome("effect_urban_rural", "policies' effect on the urban-rural gap, last year",
            "achievement_gap_urban_rural", "last", "effect",
            "policy comparison: the policy mix narrows the urban-rural gap (effect < 0)",
            -np.inf, 0.0),
)
SERIES = sorted({o.series for o in OUTCOMES})


# --- the keys -------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Axis:
    key: str
    integer: bool
    value: float  # the scenario's value
    low: float
    high: float
    source: str

    def at(self, u: float) -> float | int:
        x = self.low + u * (self.high - self.low)
        return int(round(x)) if self.integer else float(x)


def schema_keys(edusim: pathlib.Path) -> list[dict]:
    """`edusim schema --csv` as a list of dicts."""
    done = subprocess.run([str(edusim), "schema", "--csv"], capture_output=True, text=True,
                          check=True)
    return list(csv.DictReader(io.StringIO(done.stdout)))


def lookup(tree: dict, dotted: str):
    """The value at a dotted path of a nested dict, or None."""
    node = tree
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def assign(tree: dict, dotted: str, value) -> None:
    """Sets a dotted path of a nested dict, creating the sections on the way."""
    *parents, last = dotted.split(".")
    node = tree
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def switched_off_by(resolved: dict, key: str) -> str:
    """The mechanism (a section with `enabled`) around `key` that is off, or ""."""
    parts = key.split(".")
    for n in range(1, len(parts)):
        section = ".".join(parts[:n])
        if lookup(resolved, section + ".enabled") is False:
            return section
    return ""


def select_axes(keys: list[dict], resolved: dict, rel: float = RANGE
                ) -> tuple[list[Axis], list[tuple[str, str]]]:
    """The screened axes and, for every other assumption key, why it is left out."""
    axes, left_out = [], []
    for k in keys:
        if k["basis"] != "assumption" or k["type"] not in ("number", "integer"):
            continue
        key, reason = k["key"], ""
        value = lookup(resolved, key)
        off = switched_off_by(resolved, key)
        if "[]" in key:
            reason = "a key of a list item (one per school type, plan entry, ...)"
        elif k["description"] == "share":
            reason = "one of a set of shares that sum to 1"
        elif k["description"] in ("lower truncation bound", "upper truncation bound"):
            reason = "a truncation bound"
        elif off:
            reason = f"{off} is off in the scenario"
        elif not isinstance(value, (int, float)) or isinstance(value, bool):
            reason = "no value in the resolved scenario"
        elif value == 0:
            reason = "its value is 0 (a switch or an absent effect: no relative range)"
        if reason:
            left_out.append((key, reason))
            continue
        lo, hi = (value - AGE_YEARS, value + AGE_YEARS) if AGE_KEY.search(key) else \
            sorted((value * (1 - rel), value * (1 + rel)))
        lo, hi = max(lo, float(k["min"])), min(hi, float(k["max"]))
        if key.endswith(".mean"):  # a truncated normal's mean stays within its bounds
            bounds = lookup(resolved, key[:-5] + ".min"), lookup(resolved, key[:-5] + ".max")
            if None not in bounds:
                lo, hi = max(lo, bounds[0]), min(hi, bounds[1])
        integer = k["type"] == "integer"
        if integer:
            lo, hi = float(round(lo)), float(round(hi))
        if hi <= lo:
            left_out.append((key, "its range collapses to one value"))
            continue
        axes.append(Axis(key, integer, float(value), lo, hi, k["source"]))
    return keep_order(axes, resolved), left_out


def keep_order(axes: list[Axis], resolved: dict) -> list[Axis]:
    """Ranges narrowed so that the pairs of ORDERED stay in order at every design point: the
    lower key's range ends below the upper key's lowest value (its value when not screened)."""
    by_key = {a.key: a for a in axes}
    for below, above in ORDERED:
        if below not in by_key:
            continue
        a = by_key[below]
        limit = by_key[above].low if above in by_key else float(lookup(resolved, above))
        high = min(a.high, limit - 1 if a.integer else limit)
        by_key[below] = dataclasses.replace(a, high=high)
    return [by_key[a.key] for a in axes if by_key[a.key].high > by_key[a.key].low]


# --- the runs -------------------------------------------------------------------------------


def scenario_at(base: dict, axes: list[Axis], u: np.ndarray | None, policies: bool) -> dict:
    """The scenario at design point u (None: the defaults), with or without its policies. The
    axes are set first, so that the counterfactual's own settings (allowances 0, need-based
    hiring, ...) win over an axis."""
    s = copy.deepcopy(base)
    for axis, ui in zip(axes, [] if u is None else u):
        assign(s, axis.key, axis.at(ui))
    return s if policies else P.counterfactual(s)


def absolute_tables(scenario: dict, folder: pathlib.Path) -> dict:
    """Table paths resolve against the scenario file's folder: made absolute for a copy."""
    s = copy.deepcopy(scenario)
    data = s.get("district", {}).get("from_data")
    if data:
        for key in ("schools", "teachers", "enrolment"):
            data[key] = str(folder / data[key])
    return s


def read(f) -> dict:
    series = R.district_series(f, SERIES)
    out = {}
    for name in SERIES:
        v = np.asarray(series[name], dtype=float)
        out[name + "@start"] = v[0]
        out[name + "@last"] = v[-1]
        with np.errstate(all="ignore"):
            out[name + "@mean"] = float(np.nanmean(v[1:])) if len(v) > 1 else np.nan
    return out


def resolved_scenario(edusim: pathlib.Path, scenario: pathlib.Path, years: int | None) -> dict:
    """The scenario with every default filled in, as a run records it."""
    def reader(f):
        text = f.attrs["scenario"]
        return yaml.safe_load(text.decode() if isinstance(text, bytes) else text)
    return R.run_replicates([R.Job(scenario, 1, years or 1)], reader, edusim=edusim, jobs=1)[0]


def outcome_values(o: Outcome, on: list[dict | None], off: list[dict | None]) -> np.ndarray:
    """The outcome at each point; NaN where edusim refused the point's scenario."""
    col = f"{o.series}@{o.when}"
    a = np.array([r[col] if r is not None else np.nan for r in on])
    b = np.array([r[col] if r is not None else np.nan for r in off])
    return {"policy": a, "off": b, "effect": a - b}[o.run]


def refusal_summary(refused: dict[int, str], jobs: list) -> list[tuple[str, int]]:
    """edusim's reasons for refusing design points, with the file and the numbers taken out,
    and how many runs each refused, most frequent first."""
    counts: dict[str, int] = {}
    for message in refused.values():
        line = message.strip().splitlines()[-1] if message.strip() else "?"
        m = re.search(r"key '.*", line)
        reason = re.sub(r"-?\d+(\.\d+)?(e-?\d+)?", "N", m.group(0) if m else line)
        counts[reason] = counts.get(reason, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])


# --- the report -----------------------------------------------------------------------------


def _g(x: float, digits: int = 3) -> str:
    return "n/a" if not np.isfinite(x) else f"{x:.{digits}g}"


def noise_floor(at_default: np.ndarray) -> float:
    """The mu* of a key that changes nothing but the course of chance: a change of any key
    changes some decision, after which a run's draws part from its twin's, so that over the
    years the two runs of a step can differ as two seeds do. With replicate SD s their
    difference has SD s sqrt(2), an elementary effect (per half range) SD 2 s sqrt(2), and
    its mean absolute value 2 s sqrt(2) sqrt(2 / pi) = 4 s / sqrt(pi) (s from the runs at the
    defaults, one per seed). A mu* whose interval lies above it is an effect of the key."""
    y = np.asarray(at_default, dtype=float)
    y = y[np.isfinite(y)]
    return float(4 * np.std(y, ddof=1) / np.sqrt(np.pi)) if y.size > 1 else np.nan


def survival_rows(values: dict[str, np.ndarray], at_default: dict[str, np.ndarray]) -> list[dict]:
    rows = []
    for o in OUTCOMES:
        y, d = values[o.name], at_default[o.name]
        holds = (y >= o.low) & (y <= o.high)
        share = float(np.mean(holds[np.isfinite(y)])) if np.isfinite(y).any() else np.nan
        rows.append({"outcome": o.label, "claim": o.claim, "default": float(np.nanmean(d)),
                     "p05": float(np.nanquantile(y, 0.05)), "p50": float(np.nanquantile(y, 0.5)),
                     "p95": float(np.nanquantile(y, 0.95)), "holds": share if o.claim else np.nan,
                     "survives": (share >= SURVIVES) if o.claim else None})
    return rows


def markdown(axes: list[Axis], left_out: list[tuple[str, str]], screening: dict, survival,
             meta: dict) -> str:
    k, r = len(axes), meta["trajectories"]
    out = [
        "# Assumptions: a Morris screening of the flagged defaults",
        "",
        "**Generated** by `analysis/studies/assumptions.py`; do not edit by hand. Regenerate "
        "with `/usr/bin/python3 -m analysis.assumptions` (writes this file and "
        "`assumptions.csv`).",
        "",
        f"Run: {meta['scenario']}, {r} Morris trajectories of {k} + 1 points on a {LEVELS}-level "
        f"grid, each point run with the scenario's policies and without them (2 x {r} x "
        f"({k} + 1) = {meta['runs']} runs, plus {2 * r} at the defaults), seeds "
        f"{meta['seeds']} (one per trajectory, shared by its points and by the two runs of a "
        f"point), edusim {meta['engine']}; {meta['seconds']:.0f} s.",
        "",
        "## What is screened",
        "",
        "Every number and integer key of the scenario schema says what its default rests on "
        "(docs/scenario-reference.md, column *basis*): a **source** (a study, a statistic, a "
        "regulation or a seed article, cited), an **assumption** (the modeller's choice, with "
        "its reason), or a **setting** (what a study chooses: a run's length, a seed, a "
        "district's size and make-up). A key without a source of its own takes its section's; "
        "a test (`KeyBasis.EveryNumericKeyHasOne`) refuses a key with none. "
        f"Of {meta['numeric']} number and integer keys, {meta['counts']['source']} are sourced, "
        f"{meta['counts']['assumption']} are assumptions and {meta['counts']['setting']} "
        "settings.",
        "",
        f"The screening varies the {k} assumptions that act in {meta['scenario']} (the baseline "
        "county with rotation, low-title high-hire, targeted hiring, mentoring and rural "
        f"allowances), each uniformly over {1 - RANGE:g} to {1 + RANGE:g} times its value there, "
        f"an age by {AGE_YEARS} years either way (clipped to the key's allowed range and a "
        "truncated normal's mean to its bounds, integers rounded; the youngest and oldest "
        "generated leader kept below the next age of their order). That range is itself an "
        "assumption: a default without a source is taken to be uncertain by about a factor "
        "of 1.5 either way. The other assumption keys are left out, each for the reason given "
        "at the end. Sourced keys and settings are held at their values.",
        "",
        "Morris's elementary effect of a key is the change of an outcome when the key moves "
        "across half of its range from a random point of the others, scaled to the whole range; "
        "**mu\\*** (Campolongo, Cariboni & Saltelli 2007) is the mean of its absolute values "
        "over the trajectories, *mu* the signed mean, *sigma* their SD (large against mu\\*: "
        "the effect depends on the other keys or is not linear). A trajectory's points share "
        "their seed (common random numbers), which keeps the effects paired; how far chance "
        "still enters them is the noise floor below.",
        "",
        "## Which conclusions survive",
        "",
        "Each outcome at the defaults (the mean over the trajectories' seeds), over all "
        f"{meta['points']} design points (5%, 50% and 95% quantiles), and the share of points "
        f"at which the studies' conclusion holds; it *survives* at {SURVIVES:.0%} or more.",
        "",
        "| outcome | conclusion | at the defaults | 5% | 50% | 95% | holds at | survives |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for s in survival:
        holds = "" if not s["claim"] else f"{s['holds']:.0%}"
        surv = "" if s["survives"] is None else ("**yes**" if s["survives"] else "**no**")
        out.append(f"| {s['outcome']} | {s['claim'] or '(described only)'} | {_g(s['default'])} "
                   f"| {_g(s['p05'])} | {_g(s['p50'])} | {_g(s['p95'])} | {holds} | {surv} |")
    refused = meta["refused"]
    if refused:
        n = sum(c for _, c in refused)
        out += ["", f"edusim refused {n} of the {meta['runs']} runs: their design points break a "
                "rule that ties two keys together, and are left out (so are the elementary "
                "effects that need them, and the counts above). Why:", ""]
        out += [f"- {reason} ({count} runs)" for reason, count in refused]
    out += ["", "## The influential assumptions", "",
            "A change of any key changes some decision in a run, after which its draws part "
            "from those of its twin: over the years two runs of a step can differ as runs of "
            "two seeds do. So every key has a mu\\* of at least about the *noise floor*, "
            "4 s / sqrt(pi) for an outcome whose SD over seeds is s (measured at the defaults; "
            "see `noise_floor`). A key is **influential** when the lower end of its mu\\*'s "
            "95% bootstrap interval lies above the floor. For each outcome, the influential "
            "keys, most influential first (mu\\* in the outcome's units per the key's whole "
            "range), or the three largest mu\\* when none is:", ""]
    for o in OUTCOMES:
        frame = screening[o.name]
        floor = meta["floors"][o.name]
        top = frame[frame["mu_star_low"] > floor]
        shown = top if len(top) else frame.head(3)
        out += [f"**{o.label}** (noise floor {_g(floor)}; {len(top)} influential)", "",
                "| key | mu* [95%] | mu | sigma |", "|---|---|---|---|"]
        for _, row in shown.iterrows():
            out.append(f"| `{row['axis']}` | {_g(row['mu_star'])} [{_g(row['mu_star_low'])}, "
                       f"{_g(row['mu_star_high'])}] | {_g(row['mu'])} | {_g(row['sigma'])} |")
        out.append("")
    out += ["## Every screened key", "",
            "mu\\* of every screened key on every outcome (outcome units per the key's range; "
            "bold: influential), with the range screened:", "",
            "| key | value | range | " + " | ".join(o.name for o in OUTCOMES) + " |",
            "|---|---|---|" + "---|" * len(OUTCOMES)]
    for a in axes:
        cells = []
        for o in OUTCOMES:
            row = screening[o.name].set_index("axis").loc[a.key]
            cell = _g(row["mu_star"], 2)
            cells.append(f"**{cell}**" if row["mu_star_low"] > meta["floors"][o.name] else cell)
        out.append(f"| `{a.key}` | {_g(a.value, 4)} | {_g(a.low, 4)}-{_g(a.high, 4)} | "
                   + " | ".join(cells) + " |")
    out += ["", "Columns: " + "; ".join(f"*{o.name}*: {o.label}" for o in OUTCOMES) + ".", "",
            "## Assumptions not screened", "", "| key | why |", "|---|---|"]
    out += [f"| `{key}` | {why} |" for key, why in left_out]
    return "\n".join(out) + "\n"


def write_csv(axes: list[Axis], screening: dict, path: pathlib.Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["outcome", "key", "value", "low", "high", "mu", "mu_star", "mu_star_low",
                    "mu_star_high", "sigma"])
        for o in OUTCOMES:
            f = screening[o.name].set_index("axis")
            for a in axes:
                row = f.loc[a.key]
                w.writerow([o.name, a.key, a.value, a.low, a.high] +
                           [f"{row[c]:.6g}" for c in ("mu", "mu_star", "mu_star_low",
                                                      "mu_star_high", "sigma")])


# --- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--trajectories", type=int, default=8, help="Morris trajectories r")
    ap.add_argument("--max-keys", type=int, default=None, help="screen the first N keys (tests)")
    ap.add_argument("--edusim", default=None)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--years", type=int, default=None, help="override the horizon (tests)")
    ap.add_argument("-o", "--output", default=str(R.REPO / "docs" / "assumptions.md"))
    args = ap.parse_args(argv)

    edusim = R.find_edusim(args.edusim)
    stamp = provenance.study_stamp(edusim, pathlib.Path(args.output))
    start = time.time()
    path = R.REPO / SCENARIO
    base = absolute_tables(yaml.safe_load(path.read_text(encoding="utf-8")), path.parent)
    keys = schema_keys(edusim)
    resolved = resolved_scenario(edusim, path, args.years)
    axes, left_out = select_axes(keys, resolved)
    if args.max_keys is not None:
        left_out += [(a.key, "left out by --max-keys") for a in axes[args.max_keys:]]
        axes = axes[:args.max_keys]
    k, r = len(axes), args.trajectories
    u, _, _ = morris.morris_sample(r, k, LEVELS, DESIGN_SEED)
    seeds = R.seeds(r)
    with tempfile.TemporaryDirectory(prefix="edusim-assumptions-") as tmp:
        jobs = []
        for t in range(r):
            points = [(f"t{t}p{p}", u[t, p]) for p in range(k + 1)] + [(f"t{t}d", None)]
            for name, ut in points:
                for policies in (True, False):
                    s = scenario_at(base, axes, ut, policies)
                    file = pathlib.Path(tmp) / f"{name}_{'on' if policies else 'off'}.yaml"
                    file.write_text(yaml.safe_dump(s, allow_unicode=True), encoding="utf-8")
                    jobs.append(R.Job(file, seeds[t], args.years, f"{name}/{policies}"))
        refused: dict[int, str] = {}
        results = dict(zip((j.tag for j in jobs),
                           R.run_replicates(jobs, read, edusim=edusim, jobs=args.jobs,
                                            refused=refused)))
    if any(jobs[i].tag.split("/")[0].endswith("d") for i in refused):
        raise SystemExit(f"edusim refused the scenario at its defaults: {next(iter(refused.values()))}")

    def runs(policies: bool, default: bool) -> list[dict]:
        if default:
            return [results[f"t{t}d/{policies}"] for t in range(r)]
        return [results[f"t{t}p{p}/{policies}"] for t in range(r) for p in range(k + 1)]

    values = {o.name: outcome_values(o, runs(True, False), runs(False, False)) for o in OUTCOMES}
    at_default = {o.name: outcome_values(o, runs(True, True), runs(False, True))
                  for o in OUTCOMES}
    names = [a.key for a in axes]
    screening = {}
    for o in OUTCOMES:
        y = values[o.name].reshape(r, k + 1)
        ee = np.array([morris.trajectory_effects(u[t], y[t]) for t in range(r)])
        screening[o.name] = morris.morris_indices(ee, names, seed=DESIGN_SEED).to_frame()
    counts = {b: sum(1 for x in keys if x["type"] in ("number", "integer") and x["basis"] == b)
              for b in ("source", "assumption", "setting", "missing")}
    meta = {"scenario": SCENARIO, "trajectories": r, "runs": 2 * r * (k + 1),
            "points": r * (k + 1), "seeds": f"{seeds[0]}-{seeds[-1]}",
            "engine": R.engine_version(edusim), "seconds": time.time() - start,
            "numeric": sum(1 for x in keys if x["type"] in ("number", "integer")),
            "counts": counts, "refused": refusal_summary(refused, jobs),
            "floors": {o.name: noise_floor(at_default[o.name]) for o in OUTCOMES}}
    out = pathlib.Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    survival = survival_rows(values, at_default)
    out.write_text(stamp + "\n" + markdown(axes, left_out, screening, survival, meta),
                   encoding="utf-8")
    write_csv(axes, screening, out.with_suffix(".csv"))
    print(f"wrote {out} and {out.with_suffix('.csv')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

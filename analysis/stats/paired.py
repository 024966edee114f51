"""Policy effects as paired differences: which runs may be pooled, which pair, and the
effect of a policy against its baseline with a 95% interval.

A policy question is a difference: the same district with and without the policy. Runs are
*replicates* of one scenario when their resolved scenarios (the root attribute `scenario`)
agree in every key but the seeds; a group of files that disagree is refused, naming the
keys. A policy group and its baseline are *paired* replicate by replicate when they share
their seeds (`seed`, `world_seed`): run with the same `--seed`, or a sweep with common
random numbers. The effect per year is then the mean of the paired differences with a
Student-t 95% interval; without pairs it is the difference of the means with a Welch
interval, and says so. A baseline of another district (its `district` section differs) is
not a counterfactual: comparing it is refused unless asked for, and then labelled.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import yaml
from scipy import stats

from ..readers import InputFileError, Run

# Keys that differ between replicates by design.
SEED_KEYS = frozenset({"run.seed", "run.world_seed", "run.run_index"})
# Keys that describe the district itself (a different value: a different district).
DISTRICT_PREFIXES = ("district.", "structure.")
CONFIDENCE = 0.95


def flatten(node: object, prefix: str = "") -> dict[str, str]:
    """Dotted keys (list items as key[i]) of a YAML document, with their values as text."""
    out: dict[str, str] = {}
    if isinstance(node, dict):
        for key, value in node.items():
            out.update(flatten(value, f"{prefix}{key}."))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out.update(flatten(value, f"{prefix[:-1]}[{i}]."))
    else:
        out[prefix[:-1]] = str(node)
    return out


def scenario_keys(run: Run) -> dict[str, str]:
    """The run's resolved scenario as dotted keys (empty if the file has none)."""
    cached = run._cache.get("scenario_keys")
    if cached is None:
        text = run.attrs.get("scenario", "")
        cached = flatten(yaml.safe_load(text) or {}) if isinstance(text, str) and text else {}
        run._cache["scenario_keys"] = cached
    return cached


def differing_keys(runs: Sequence[Run], ignore: frozenset[str] = SEED_KEYS
                   ) -> dict[str, list[str]]:
    """Key -> the distinct values among `runs`, for every key on which they disagree."""
    keys = [scenario_keys(r) for r in runs]
    names = sorted(set().union(*keys) - ignore) if keys else []
    out = {}
    for name in names:
        values = list(dict.fromkeys(k.get(name, "(absent)") for k in keys))
        if len(values) > 1:
            out[name] = values
    return out


def _describe(diff: Mapping[str, Sequence[str]], most: int = 6) -> str:
    items = [f"{k} ({' / '.join(v)})" for k, v in list(diff.items())[:most]]
    more = f" and {len(diff) - most} more" if len(diff) > most else ""
    return ", ".join(items) + more


def check_replicates(label: str, runs: Sequence[Run]) -> None:
    """Refuses a group whose runs are not replicates of one resolved scenario."""
    diff = differing_keys(runs)
    if diff:
        raise InputFileError(
            f"the {len(runs)} files of '{label}' are not replicates of one scenario: their "
            f"resolved scenarios differ in {_describe(diff)}; give each scenario its own label "
            "(LABEL=FILES) or leave the labels out to group them by scenario")


def group_by_scenario(runs: Sequence[Run]) -> dict[str, list[Run]]:
    """Runs grouped by their resolved scenario (seeds aside), labelled by the scenario file's
    name and, where several groups share it, by the keys that tell them apart."""
    groups: dict[tuple, list[Run]] = {}
    for run in runs:
        key = tuple(sorted((k, v) for k, v in scenario_keys(run).items() if k not in SEED_KEYS))
        groups.setdefault(key, []).append(run)
    firsts = [g[0] for g in groups.values()]
    apart = differing_keys(firsts)
    labels: dict[str, list[Run]] = {}
    for members in groups.values():
        label = members[0].scenario_name
        if len(groups) > 1 and any(r.scenario_name == label for r in firsts if r is not
                                   members[0]):
            own = scenario_keys(members[0])
            shown = [f"{k}={own.get(k, '(absent)')}" for k in list(apart)[:3]]
            label = f"{label} ({', '.join(shown)})"
        while label in labels:
            label += "'"
        labels[label] = members
    return labels


def district_differences(a: Run, b: Run) -> dict[str, list[str]]:
    """The district keys (district.*, structure.*) on which two runs' scenarios differ."""
    keys_a, keys_b = scenario_keys(a), scenario_keys(b)
    # The district's name first: the most telling difference.
    names = sorted((k for k in set(keys_a) | set(keys_b) if k.startswith(DISTRICT_PREFIXES)),
                   key=lambda k: (k != "district.name", k))
    return {k: [keys_a.get(k, "(absent)"), keys_b.get(k, "(absent)")] for k in names
            if keys_a.get(k) != keys_b.get(k)}


def check_same_district(policy: Sequence[Run], baseline: Sequence[Run],
                        allow_different: bool) -> str:
    """'' when the baseline is the policy's district; else refuses, or (allowed) returns the
    sentence that labels the comparison."""
    diff = district_differences(policy[0], baseline[0])
    if not diff:
        return ""
    sentence = (f"The baseline is a different district (its scenario differs in "
                f"{_describe(diff, 4)}): the difference is not the effect of a policy.")
    if not allow_different:
        raise InputFileError(sentence + " Compare a policy with the same district without it, "
                             "or pass --allow-different-district to show the difference anyway")
    return sentence


def seed_key(run: Run) -> tuple:
    return (run.attrs.get("seed"), run.attrs.get("world_seed", run.attrs.get("seed")))


@dataclass(frozen=True)
class Effect:
    mean: float
    low: float
    high: float
    n: int
    paired: bool


def effect(policy: Mapping[tuple, float], baseline: Mapping[tuple, float]) -> Effect:
    """Policy minus baseline from values keyed by seed: paired over the common seeds when
    every policy run has a partner, else the difference of means (Welch interval)."""
    common = [k for k in policy if k in baseline]
    if common and len(common) == len(policy):
        d = np.array([policy[k] - baseline[k] for k in common], dtype=float)
        d = d[np.isfinite(d)]
        return _interval(d, len(d), True)
    a = np.array([v for v in policy.values() if np.isfinite(v)], dtype=float)
    b = np.array([v for v in baseline.values() if np.isfinite(v)], dtype=float)
    if not len(a) or not len(b):
        return Effect(math.nan, math.nan, math.nan, 0, False)
    mean = float(a.mean() - b.mean())
    if len(a) < 2 or len(b) < 2:
        return Effect(mean, math.nan, math.nan, min(len(a), len(b)), False)
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / ((va ** 2) / (len(a) - 1) + (vb ** 2) / (len(b) - 1)) if se else 1
    half = stats.t.ppf(0.5 + CONFIDENCE / 2, df) * se
    return Effect(mean, mean - half, mean + half, min(len(a), len(b)), False)


def _interval(d: np.ndarray, n: int, paired: bool) -> Effect:
    if n == 0:
        return Effect(math.nan, math.nan, math.nan, 0, paired)
    mean = float(d.mean())
    if n < 2:
        return Effect(mean, math.nan, math.nan, n, paired)
    half = stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1) * d.std(ddof=1) / math.sqrt(n)
    return Effect(mean, mean - half, mean + half, n, paired)


# A quantity of a run at a simulated year, and its units ("" = the dataset's own).
Quantities = Mapping[str, tuple[Callable[[Run, int], float], str]]


def district_at(metric: str) -> Callable[[Run, int], float]:
    """The quantity /district/<metric> at a simulated year (a row of the run)."""
    return lambda run, row: float(run.district[metric].iloc[row])


def effects_table(groups: Mapping[str, Sequence[Run]], baseline: str, years: Sequence[int],
                  quantities: Quantities) -> pd.DataFrame:
    """Tidy effects of every group against `baseline`: label, baseline, quantity, units, year
    (simulated), effect, low, high (95%), n, paired."""
    base_runs = groups[baseline]
    rows = []
    for name, (value, units) in quantities.items():
        units = units or base_runs[0].unit(f"district/{name}")
        for label, runs in groups.items():
            if label == baseline:
                continue
            for year in years:
                e = effect({seed_key(r): value(r, year) for r in runs},
                           {seed_key(r): value(r, year) for r in base_runs})
                rows.append({"label": label, "baseline": baseline, "quantity": name,
                             "units": units, "year": year, "effect": e.mean, "low": e.low,
                             "high": e.high, "n": e.n, "paired": e.paired})
    return pd.DataFrame(rows)

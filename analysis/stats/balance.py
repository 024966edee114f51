"""Why a quality-balanced verdict failed: the CVs over their limit and the schools that miss
the per-school rule (docs/output-schema.md, "National balance standard").

A level passes the quality-balanced rules in a year when every indicator's CV is at most the
scenario's ``cv_limit`` and every assessed school passes the per-school rule: at least
``indicators_to_meet`` (6) of the 7 indicators reach their threshold and the others reach
``shortfall_floor`` (85%) of it. The file says which schools pass (/balance/schools/passes);
this module names, for each failed verdict, the CVs over the limit and, for each failing
school, the indicators below their threshold.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..figures.common import pretty
from ..readers import BALANCE_INDICATORS, LEVELS, Run

REASON_CV = "CV over the limit"
REASON_SCHOOL = "school misses the per-school rule"
REASON_COLUMNS = ("year", "level", "reason", "subject", "value", "limit", "below", "detail")


def failed_years(run: Run) -> list[int]:
    """Calendar years whose quality verdict is 0 (failed; NaN years were not assessed)."""
    if "quality" not in run.verdict:
        return []
    verdict = run.verdict["quality"]
    return [int(y) for y in verdict.index[verdict.to_numpy() == 0]]


def _cv_reasons(run: Run, year: int) -> list[dict]:
    rows = []
    for level in LEVELS:
        limit = run.standard.cv_limits.get(level, {}).get("quality")
        if limit is None:
            continue
        for indicator in BALANCE_INDICATORS:
            column = f"{level}_{indicator}"
            if column not in run.balance_cv:
                continue
            cv = float(run.balance_cv.loc[year, column])
            if np.isfinite(cv) and cv > limit:
                rows.append({"year": year, "level": level, "reason": REASON_CV,
                             "subject": indicator, "value": cv, "limit": limit, "below": "",
                             "detail": f"{pretty(indicator)}: CV {cv:.3f} > {limit:.2f}"})
    return rows


def _shortfall(run: Run, indicator: str, value: float, threshold: float) -> str:
    units = run.unit(f"balance/schools/{indicator}")
    below_floor = value < run.standard.shortfall_floor * threshold
    floor = f", under {run.standard.shortfall_floor:.0%} of it" if below_floor else ""
    return f"{pretty(indicator)} {_number(value)} < {_number(threshold)} {units}".strip() + floor


def _number(value: float) -> str:
    """A value for a sentence: 1,790 rather than 1.79e+03; 0.527 below 100."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def _school_reasons(run: Run, year: int) -> list[dict]:
    # By row: a baseline drawn by simulated year has its yearly frames relabelled, not the
    # per-school series read from its file.
    row = list(run.years).index(year)
    passes = run.school_series("balance/schools/passes").iloc[row]
    met = run.school_series("balance/schools/indicators_met").iloc[row]
    values = {i: run.school_series(f"balance/schools/{i}").iloc[row]
              for i in BALANCE_INDICATORS if f"balance/schools/{i}" in run.units}
    rows = []
    for school in passes.index[passes.to_numpy() == 0]:
        level = str(run.info.loc[school, "level"])
        thresholds = run.standard.thresholds.get(level, {})
        below = [i for i, v in values.items()
                 if i in thresholds and np.isfinite(v[school]) and v[school] < thresholds[i]]
        shortfalls = [_shortfall(run, i, float(values[i][school]), thresholds[i]) for i in below]
        rows.append({"year": year, "level": level, "reason": REASON_SCHOOL,
                     "subject": str(run.info.loc[school, "name"]), "value": float(met[school]),
                     "limit": float(run.standard.indicators_to_meet), "below": ";".join(below),
                     "detail": "; ".join(shortfalls) or "thresholds not in the file"})
    return rows


def verdict_reasons(run: Run) -> pd.DataFrame:
    """One row per reason of every failed quality verdict of the run: columns year, level,
    reason (:data:`REASON_CV` or :data:`REASON_SCHOOL`), subject (indicator or school name),
    value (the CV, or the indicators the school meets), limit (the CV limit, or the
    indicators it must meet), below (a school's indicators under their threshold, joined by
    ";") and detail (the CV against its limit, or each indicator below its threshold with
    value, threshold and units)."""
    rows = []
    for year in failed_years(run):
        rows += _cv_reasons(run, year) + _school_reasons(run, year)
    return pd.DataFrame(rows, columns=list(REASON_COLUMNS))


def _missed_most(schools: pd.DataFrame) -> str:
    """The indicators the failing schools miss most often: 'sports area per student (12)'."""
    counts = pd.Series([i for below in schools["below"] for i in below.split(";") if i])
    ranked = counts.value_counts().sort_index().sort_values(ascending=False, kind="stable")
    return ", ".join(f"{pretty(i)} ({n})" for i, n in ranked.head(3).items()) or "-"


def verdict_reason_summary(run: Run, reasons: pd.DataFrame) -> pd.DataFrame:
    """One row per failed year: the CVs over their limit, and per level the schools failing
    the per-school rule (of those assessed) with the indicators they miss most often."""
    rows = []
    for year, of_year in reasons.groupby("year", sort=True):
        cvs = of_year[of_year["reason"] == REASON_CV]
        schools = of_year[of_year["reason"] == REASON_SCHOOL]
        failing = []
        for level in LEVELS:
            mine = schools[schools["level"] == level]
            assessed = run.verdict.get(f"{level}_schools_assessed")
            total = f" of {assessed.loc[year]:.0f}" if assessed is not None else ""
            if len(mine):
                failing.append(f"{len(mine)}{total} {level} schools; most often below the "
                               f"standard: {_missed_most(mine)}")
        rows.append({
            "year": int(year),
            "CVs over the quality limit": "; ".join(f"{r.level} {r.detail}"
                                                    for r in cvs.itertuples()) or "none",
            f"schools failing the {run.standard.indicators_to_meet}-of-7 rule":
                "; ".join(failing) or "none",
        })
    return pd.DataFrame(rows)


def failing_schools_table(reasons: pd.DataFrame, year: int) -> pd.DataFrame:
    """The schools failing the per-school rule in `year`: school, level, indicators met,
    indicators below the standard (value < threshold)."""
    mine = reasons[(reasons["year"] == year) & (reasons["reason"] == REASON_SCHOOL)]
    return pd.DataFrame({
        "school": mine["subject"].to_numpy(), "level": mine["level"].to_numpy(),
        "indicators met": [f"{v:.0f} of {len(BALANCE_INDICATORS)} (needs {lim:.0f})"
                           for v, lim in zip(mine["value"], mine["limit"])],
        "below the standard": mine["detail"].to_numpy()})

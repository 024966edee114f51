"""Figures of a run file that are not one /district series, read from an open ``h5py.File``.

The replicate runner of the studies (analysis/studies/replicates.py) reads each run with
:func:`series` as soon as it ends; the derived figures (the teacher-weighted backbone share,
teachers rotated at least once, in-group moves, ...) are defined here once, in `DERIVED`, and
used by name. Event kinds are told apart by the names in the file's ``kind_names`` attribute.
"""
from __future__ import annotations

from typing import Callable, Iterable

import h5py
import numpy as np

from .files import _attr_str
from .runs import TERM_START_KINDS, code_names

def district_series(f: h5py.File, names: Iterable[str]) -> dict[str, np.ndarray]:
    """/district/<name> for every name (plus 'year'), as float arrays over the rows."""
    out = {"year": f["district/year"][:].astype(int)}
    for name in names:
        out[name] = series(f, name)
    return out


def _teacher_weighted(f: h5py.File, share: str) -> np.ndarray:
    teachers = f["schools/teachers"][:]
    values = np.nan_to_num(f[f"schools/{share}"][:]) * teachers
    return values.sum(axis=1) / teachers.sum(axis=1)


def _departures(f: h5py.File) -> dict[str, np.ndarray]:
    ev = f["events/rotations"]
    cols = {k: ev[k][:] for k in ("year", "teacher", "from_school", "to_school", "kind")}
    names = code_names(_attr_str(ev.attrs.get("kind_names", "")))
    codes = [code for code, name in names.items() if name in TERM_START_KINDS]
    keep = np.isin(cols["kind"], codes)
    return {k: v[keep] for k, v in cols.items()}


def _per_year(f: h5py.File, event_years: np.ndarray, weights=None) -> np.ndarray:
    years = f["district/year"][:]
    counts = np.array([np.sum((event_years == y) * (1 if weights is None else weights))
                       for y in years], dtype=float)
    counts[0] = np.nan  # row 0 is the generated world: no flows
    return counts


def _in_group_moves(f: h5py.File) -> np.ndarray:
    """Rotation moves between two schools of the same education group, per year."""
    d = _departures(f)
    group = f["schools/info"]["group"][:]
    same = (group[d["from_school"]] >= 0) & (group[d["from_school"]] == group[d["to_school"]])
    return _per_year(f, d["year"], same.astype(float))


def _rotated_share_cumulative(f: h5py.File) -> np.ndarray:
    """Distinct teachers sent at least once (any direction) since the start, per row, over the
    teachers in post in that row: the coverage of a 'everyone rotates' target."""
    d = _departures(f)
    years = f["district/year"][:]
    teachers = f["district/teachers"][:]
    out = np.full(len(years), np.nan)
    for k, y in enumerate(years):
        if k == 0:
            continue
        out[k] = len(np.unique(d["teacher"][d["year"] <= y])) / teachers[k]
    return out


def _students_in_groups(f: h5py.File) -> np.ndarray:
    group = f["schools/info"]["group"][:]
    return f["schools/students"][:][:, group >= 0].sum(axis=1)


def _schools_in_groups(f: h5py.File) -> np.ndarray:
    group = f["schools/info"]["group"][:]
    open_ = f["schools/students"][:] > 0
    return (open_ & (group >= 0)).sum(axis=1).astype(float)


def _groups(f: h5py.File) -> np.ndarray:
    group = f["schools/info"]["group"][:]
    n = len(np.unique(group[group >= 0]))
    return np.full(len(f["district/year"]), float(n))


def _alliances(f: h5py.File) -> np.ndarray:
    alliance = f["schools/info"]["alliance"][:]
    n = len(np.unique(alliance[alliance >= 0]))
    return np.full(len(f["district/year"]), float(n))


def _balance(name: str) -> Callable[[h5py.File], np.ndarray]:
    return lambda f: f[f"balance/verdict/{name}"][:].astype(float)


# Figures computed from the run file that are not one /district series. Each maps a file to
# one value per row (NaN where undefined). Documented in docs/calibration.md.
DERIVED: dict[str, tuple[Callable[[h5py.File], np.ndarray], str]] = {
    "backbone_share": (lambda f: _teacher_weighted(f, "backbone_share"),
                       "share of teachers with a district-or-higher backbone level: "
                       "/schools/backbone_share weighted by /schools/teachers"),
    "senior_title_share": (lambda f: _teacher_weighted(f, "senior_title_share"),
                           "share of teachers with a senior or higher title, teacher-weighted"),
    "in_group_moves": (_in_group_moves,
                       "rotation departures (/events/rotations backbone_out, ordinary_out, training_in, exchange_in) between two schools "
                       "of the same education group, per year"),
    "rotated_share_cumulative": (_rotated_share_cumulative,
                                 "distinct teachers sent on rotation at least once since the "
                                 "start (/events/rotations backbone_out, ordinary_out, training_in, exchange_in) / teachers in post"),
    "students_in_groups": (_students_in_groups,
                           "students of schools that belong to an education group"),
    "schools_in_groups": (_schools_in_groups, "open schools that belong to an education group"),
    "groups": (_groups, "education groups (distinct /schools/info group ids)"),
    "alliances": (_alliances, "alliances (distinct /schools/info alliance ids)"),
    "balance_quality": (_balance("quality"), "/balance/verdict/quality (1 pass, 0 fail)"),
    "balance_basic": (_balance("basic"), "/balance/verdict/basic (1 pass, 0 fail)"),
    "balance_rotation": (_balance("rotation"), "/balance/verdict/rotation (1 pass, 0 fail)"),
}


def series(f: h5py.File, name: str) -> np.ndarray:
    """One value per row: /district/<name>, or a derived figure of `DERIVED`."""
    if name in DERIVED:
        return np.asarray(DERIVED[name][0](f), dtype=float)
    if f"district/{name}" in f:
        return f[f"district/{name}"][:].astype(float)
    raise KeyError(f"no /district/{name} and no derived figure '{name}'")


def known_metric(name: str, district_names: Iterable[str]) -> bool:
    """Whether `name` is a /district series (given the names of a run file) or derived."""
    return name in DERIVED or name in set(district_names)


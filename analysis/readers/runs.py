"""Run files (``edusim run``; docs/output-schema.md) as pandas DataFrames and the :class:`Run`
that the reports use. Names of codes (event kinds, school strength classes) come from the
file's own attributes, so that they follow the engine that wrote it.
"""
from __future__ import annotations

import pathlib
import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import h5py
import numpy as np
import pandas as pd

from .files import InputFileError, PathLike, _attr_str, _root_attrs, open_checked

ZONES: tuple[str, ...] = ("urban", "town", "rural")  # display order of /schools/info zone
LEVELS: tuple[str, ...] = ("primary", "middle")      # display order of /schools/info level
# The rotation event kinds (names of /events/rotations kind_names) that start a term at another
# school; the others end a term (return, stay), are shadow posts or voluntary transfers.
TERM_START_KINDS: tuple[str, ...] = ("backbone_out", "ordinary_out", "training_in", "exchange_in")
BALANCE_INDICATORS: tuple[str, ...] = (
    "qualified_teachers_per_100", "backbone_teachers_per_100", "pe_art_teachers_per_100",
    "floor_area_per_student", "sports_area_per_student", "equipment_value_per_student",
    "multimedia_classrooms_per_100")
# The national standard's CV limits (教督〔2017〕6号), used when a file's scenario lacks them.
DEFAULT_CV_LIMITS: dict[str, dict[str, float]] = {
    "primary": {"quality": 0.50, "basic": 0.65},
    "middle": {"quality": 0.45, "basic": 0.55},
}


# --------------------------------------------------------------------------- run files


def _years(f: h5py.File) -> np.ndarray:
    return f["district/year"][:].astype(int)


def _valid_rows(years: np.ndarray) -> np.ndarray:
    """Rows actually written: an unfinished file reads its fill value 0 in /district/year."""
    return years != 0


def _units(group: h5py.Group, prefix: str) -> dict[str, str]:
    """`prefix/name` -> units attribute of every dataset directly in `group`."""
    return {f"{prefix}/{name}": _attr_str(ds.attrs.get("units", ""))
            for name, ds in group.items() if isinstance(ds, h5py.Dataset)}


def _descriptions(group: h5py.Group, prefix: str) -> dict[str, str]:
    return {f"{prefix}/{name}": _attr_str(ds.attrs.get("description", ""))
            for name, ds in group.items() if isinstance(ds, h5py.Dataset)}


def _series_frame(group: h5py.Group, years: np.ndarray, skip: Iterable[str] = ()) -> pd.DataFrame:
    """1-D datasets of `group` as columns of a DataFrame indexed by calendar year."""
    keep = _valid_rows(years)
    cols = {name: ds[:][keep] for name, ds in group.items()
            if isinstance(ds, h5py.Dataset) and ds.ndim == 1 and name not in skip}
    return pd.DataFrame(cols, index=pd.Index(years[keep], name="year"))


def _info_frame(f: h5py.File) -> pd.DataFrame:
    info = pd.DataFrame(f["schools/info"][:])
    for col in info.columns:
        if info[col].dtype == object:
            info[col] = info[col].map(lambda v: v.decode("utf-8") if isinstance(v, bytes) else v)
    return info.rename(columns={"index": "school"})


def _school_matrix(f: h5py.File, path: str, years: np.ndarray) -> np.ndarray:
    return f[path][:][_valid_rows(years)]


def read_district(path: PathLike, allow_incomplete: bool = False) -> pd.DataFrame:
    """/district series: one row per calendar year (index ``year``), one column per metric.

    ``df.attrs["units"]`` maps each column to its units attribute."""
    with open_checked(path, "run", allow_incomplete) as f:
        df = _series_frame(f["district"], _years(f), skip=("year",))
        units = _units(f["district"], "district")
        df.attrs["units"] = {k.split("/", 1)[1]: v for k, v in units.items()}
    return df


def read_school_info(path: PathLike) -> pd.DataFrame:
    """/schools/info: one row per school: school (index), name, level, zone, group, alliance,
    group_role (lead/member/none) and group_type (files of edusim 0.2.0 on)."""
    with open_checked(path, "run", allow_incomplete=True) as f:
        return _info_frame(f)


def read_school_series(path: PathLike, metric: str, allow_incomplete: bool = False) -> pd.DataFrame:
    """One /schools/<metric> (or balance/schools/<indicator> given as ``balance/schools/x``)
    as a [year x school] table: index ``year``, columns the school indices."""
    with open_checked(path, "run", allow_incomplete) as f:
        years = _years(f)
        dset = metric if "/" in metric else f"schools/{metric}"
        if dset not in f:
            raise InputFileError(f"{path}: has no dataset /{dset}")
        data = _school_matrix(f, dset, years)
        return pd.DataFrame(data, index=pd.Index(years[_valid_rows(years)], name="year"),
                            columns=pd.Index(np.arange(data.shape[1]), name="school"))


def read_schools(path: PathLike, metrics: Sequence[str] | None = None,
                 allow_incomplete: bool = False) -> pd.DataFrame:
    """Per-school series in long form: one row per (year, school), columns year, school, name,
    level, zone, group, alliance and one column per /schools/<metric> (all, or `metrics`)."""
    with open_checked(path, "run", allow_incomplete) as f:
        years = _years(f)[_valid_rows(_years(f))]
        info = _info_frame(f)
        names = [n for n, ds in f["schools"].items() if n != "info" and ds.ndim == 2]
        wanted = names if metrics is None else [m for m in metrics if m in names]
        out = pd.DataFrame({"year": np.repeat(years, len(info)),
                            "school": np.tile(info["school"].to_numpy(), len(years))})
        for name in wanted:
            out[name] = _school_matrix(f, f"schools/{name}", _years(f)).ravel()
    return out.merge(info, on="school", how="left")


def read_custom(path: PathLike, allow_incomplete: bool = False) -> pd.DataFrame:
    """/custom/<name> (the scenario's ``outputs:``) in long form: one row per (output, year,
    cell), columns output, year, cell (the label: "district", a school name, a zone, a level
    or a group number) and value. ``df.attrs["outputs"]`` maps each output to its attributes
    (units, description, aggregate, of, by, where, value when given). Empty (no columns) for
    a file whose scenario lists no outputs."""
    frames = []
    meta: dict[str, dict[str, object]] = {}
    with open_checked(path, "run", allow_incomplete) as f:
        years = _years(f)
        keep = _valid_rows(years)
        group = f["custom"] if "custom" in f else {}
        for name, ds in group.items():
            data = ds[:][keep]
            labels = ([_attr_str(v) for v in ds.attrs["labels"]] if "labels" in ds.attrs
                      else ["district"])
            data = data.reshape(len(data), -1)
            frames.append(pd.DataFrame({
                "output": name,
                "year": np.repeat(years[keep], data.shape[1]),
                "cell": np.tile(np.asarray(labels, dtype=object), data.shape[0]),
                "value": data.ravel()}))
            meta[name] = {k: (float(v) if k == "value" else _attr_str(v))
                          for k, v in ds.attrs.items() if k not in ("labels", "dimensions")}
    out = (pd.concat(frames, ignore_index=True) if frames
           else pd.DataFrame(columns=["output", "year", "cell", "value"]))
    out.attrs["outputs"] = meta
    return out


def code_names(text: str) -> dict[int, str]:
    """Codes and their names from an attribute text: ``kind_names`` of an /events group
    ("0=none; 1=backbone_out; ...") or a dataset description ending in a list of codes
    ("school strength class: -1 weak, 0 ordinary, 1 strong")."""
    pairs = re.findall(r"(-?\d+)\s*=\s*([A-Za-z_][\w]*)", text)
    if not pairs:
        pairs = re.findall(r"(-?\d+)\s+([A-Za-z_][\w]*)", text.rpartition(":")[2])
    return {int(code): name for code, name in pairs}


def kind_names(path: PathLike, table: str = "rotations") -> dict[int, str]:
    """The code -> name map of an /events table's ``kind`` column, from the group's
    ``kind_names`` attribute (empty when the table or attribute is absent)."""
    with open_checked(path, "run", allow_incomplete=True) as f:
        group = f.get(f"events/{table}")
        return {} if group is None else code_names(_attr_str(group.attrs.get("kind_names", "")))


def read_events(path: PathLike, table: str = "rotations",
                allow_incomplete: bool = False) -> pd.DataFrame:
    """/events/<table> (rotations, leader_rotations, consolidations): one row per event.

    Tables with a ``kind`` column get a ``kind_name`` column from the group's kind_names."""
    with open_checked(path, "run", allow_incomplete) as f:
        if f"events/{table}" not in f:
            return pd.DataFrame()
        group = f[f"events/{table}"]
        df = pd.DataFrame({name: ds[:] for name, ds in group.items()})
        if "kind" in df:
            names = code_names(_attr_str(group.attrs.get("kind_names", "")))
            df["kind_name"] = df["kind"].map(names).fillna("unknown")
    return df


def _strength_label(values: np.ndarray, names: dict[int, str]) -> np.ndarray:
    """Strength class names of /schools/strength codes (names from its description); a
    missing value (NaN) is a closed school."""
    labels = np.full(values.shape, "closed", dtype=object)
    for code, name in names.items():
        labels[values == code] = name
    return labels


def read_rotations(path: PathLike, allow_incomplete: bool = False) -> pd.DataFrame:
    """/events/rotations joined to the schools: one row per move with columns year, teacher,
    from_school, to_school, kind, kind_name, and for each side (``from_``/``to_`` prefix) the
    school's level, zone and strength class in the event's year (weak/ordinary/strong)."""
    ev = read_events(path, "rotations", allow_incomplete)
    if ev.empty:
        return ev
    with open_checked(path, "run", allow_incomplete) as f:
        info = _info_frame(f)
        years = list(_years(f))
        strength = f["schools/strength"][:] if "schools/strength" in f else None
        strength_names = (code_names(_attr_str(f["schools/strength"].attrs.get("description", "")))
                          if strength is not None else {})
    rows = np.array([years.index(y) if y in years else -1 for y in ev["year"]])
    for side in ("from", "to"):
        school = ev[f"{side}_school"].to_numpy()
        ev[f"{side}_level"] = info["level"].to_numpy()[school]
        ev[f"{side}_zone"] = info["zone"].to_numpy()[school]
        if strength is None:
            ev[f"{side}_strength"] = "unknown"
        else:
            values = np.where(rows >= 0, strength[np.maximum(rows, 0), school], np.nan)
            ev[f"{side}_strength"] = _strength_label(values, strength_names)
    return ev


def read_balance_cv(path: PathLike, allow_incomplete: bool = False) -> pd.DataFrame:
    """/balance/cv in long form: columns year, level, indicator, cv."""
    with open_checked(path, "run", allow_incomplete) as f:
        wide = _series_frame(f["balance/cv"], _years(f))
    return _balance_cv_long(wide)


def read_balance_basic_cv(path: PathLike, allow_incomplete: bool = False) -> pd.DataFrame:
    """/balance/basic_cv in long form: columns year, level, indicator, cv; the indicators of
    the 2012 basic-balance standard edusim models and ``composite``, their mean, which the
    basic verdict holds to ``balance_standard.basic_cv_limit``. Files before edusim 0.11.0
    have no such group: a KeyError says so."""
    with open_checked(path, "run", allow_incomplete) as f:
        if "balance/basic_cv" not in f:
            raise KeyError(f"{path}: no /balance/basic_cv (written by edusim "
                           f"{f.attrs.get('engine_version', '?')}; the group exists since 0.11.0)")
        wide = _series_frame(f["balance/basic_cv"], _years(f))
    return _balance_cv_long(wide)


def _balance_cv_long(wide: pd.DataFrame) -> pd.DataFrame:
    long = wide.reset_index().melt(id_vars="year", var_name="series", value_name="cv")
    parts = long["series"].str.split("_", n=1, expand=True)
    long.insert(1, "level", parts[0])
    long.insert(2, "indicator", parts[1])
    return long.drop(columns="series")


def read_balance_verdict(path: PathLike, allow_incomplete: bool = False) -> pd.DataFrame:
    """/balance/verdict: one row per calendar year, one column per verdict (1 pass, 0 fail,
    NaN not assessed)."""
    with open_checked(path, "run", allow_incomplete) as f:
        return _series_frame(f["balance/verdict"], _years(f))


@dataclass(frozen=True)
class BalanceStandard:
    """The thresholds of the national balance standard a run was assessed with (the resolved
    scenario's ``balance_standard``; docs/output-schema.md, "National balance standard").

    cv_limits: level -> {"quality": limit, "basic": limit}; thresholds: level -> indicator ->
    the per-school threshold (empty when the scenario or PyYAML is not available);
    indicators_to_meet (6 of the 7) and shortfall_floor (the unmet ones must reach this share
    of their threshold): the per-school rule."""

    cv_limits: dict[str, dict[str, float]]
    thresholds: dict[str, dict[str, float]]
    indicators_to_meet: int = 6
    shortfall_floor: float = 0.85


def _balance_section(scenario_yaml: str) -> dict | None:
    try:
        import yaml  # Debian's python3-yaml; optional
        return (yaml.safe_load(scenario_yaml) or {}).get("balance_standard", {}) or {}
    except Exception:  # noqa: BLE001 - no PyYAML or an unparsable scenario: keep the defaults
        return None


def balance_standard(scenario_yaml: str) -> BalanceStandard:
    """The :class:`BalanceStandard` of a resolved scenario (root attribute ``scenario``); the
    national CV limits and per-school rule where the scenario (or PyYAML) is not available."""
    limits = {level: dict(v) for level, v in DEFAULT_CV_LIMITS.items()}
    section = _balance_section(scenario_yaml)
    if section is None:
        return BalanceStandard(limits, {})
    for key, name in (("cv_limit", "quality"), ("basic_cv_limit", "basic")):
        for level, value in (section.get(key) or {}).items():
            limits.setdefault(level, {})[name] = float(value)
    thresholds: dict[str, dict[str, float]] = {}
    for indicator, by_level in (section.get("thresholds") or {}).items():
        for level, value in (by_level or {}).items():
            thresholds.setdefault(level, {})[indicator] = float(value)
    return BalanceStandard(limits, thresholds, int(section.get("indicators_to_meet", 6)),
                           float(section.get("shortfall_floor", 0.85)))


def balance_limits(scenario_yaml: str) -> dict[str, dict[str, float]]:
    """The CV limits per level from a resolved scenario's ``balance_standard`` section:
    ``{"primary": {"quality": 0.5, "basic": 0.65}, "middle": {...}}``; the national defaults
    where the scenario (or PyYAML) is not available."""
    return balance_standard(scenario_yaml).cv_limits


def read_teacher_snapshot(path: PathLike, calendar_year: int,
                          columns: Sequence[str] = ("school", "effectiveness")
                          ) -> pd.DataFrame | None:
    """Teacher columns of /snapshots/<calendar_year>/teachers, or None without that snapshot."""
    with open_checked(path, "run", allow_incomplete=True) as f:
        key = f"snapshots/{int(calendar_year)}/teachers"
        if key not in f:
            return None
        group = f[key]
        return pd.DataFrame({c: group[c][:] for c in columns if c in group})


@dataclass
class Run:
    """Everything a report needs from one run file (per-school series are read on demand).

    Attributes: path; attrs (root attributes, strings decoded); district (see
    :func:`read_district`); info (:func:`read_school_info`); balance_cv (wide, one column per
    ``<level>_<indicator>``); verdict (:func:`read_balance_verdict`); units and descriptions
    keyed by dataset path without the leading slash (e.g. ``"district/turnover_rate"``);
    cv_limits (:func:`balance_limits`)."""

    path: pathlib.Path
    attrs: dict[str, object]
    district: pd.DataFrame
    info: pd.DataFrame
    balance_cv: pd.DataFrame
    verdict: pd.DataFrame
    units: dict[str, str]
    descriptions: dict[str, str]
    cv_limits: dict[str, dict[str, float]]
    allow_incomplete: bool = False
    _cache: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def years(self) -> np.ndarray:
        """Calendar years of the rows."""
        return self.district.index.to_numpy()

    @property
    def seed(self) -> int | None:
        value = self.attrs.get("seed")
        return None if value is None else int(value)  # type: ignore[arg-type]

    @property
    def scenario_name(self) -> str:
        """Stem of the scenario file the run was made from (else the run file's stem)."""
        scenario = str(self.attrs.get("scenario_file", "") or "")
        return pathlib.Path(scenario).stem if scenario else self.path.stem

    def unit(self, dataset: str) -> str:
        """Units attribute of a dataset path such as ``"district/turnover_rate"``."""
        return self.units.get(dataset, "")

    def school_series(self, metric: str) -> pd.DataFrame:
        """[year x school] table of /schools/<metric> (cached)."""
        if metric not in self._cache:
            self._cache[metric] = read_school_series(self.path, metric, self.allow_incomplete)
        return self._cache[metric]

    def rotations(self) -> pd.DataFrame:
        """See :func:`read_rotations` (cached)."""
        if "/events/rotations" not in self._cache:
            self._cache["/events/rotations"] = read_rotations(self.path, self.allow_incomplete)
        return self._cache["/events/rotations"]

    @property
    def standard(self) -> BalanceStandard:
        """The balance standard the run was assessed with (:func:`balance_standard`; cached:
        parsing the resolved scenario costs about 0.1 s, and the verdict reasons ask for it
        once per failing school)."""
        if "/standard" not in self._cache:
            self._cache["/standard"] = balance_standard(str(self.attrs.get("scenario", "")))
        return self._cache["/standard"]

    def basic_composite(self, level: str) -> pd.Series | None:
        """/balance/basic_cv/<level>_composite by year: the 2012 basic-balance standard's
        composite CV, which its verdict holds to the basic limit; None in files before 0.11.0
        (cached)."""
        key = "/balance/basic_cv"
        if key not in self._cache:
            try:
                self._cache[key] = read_balance_basic_cv(self.path, self.allow_incomplete)
            except KeyError:
                self._cache[key] = None
        long = self._cache[key]
        if long is None:
            return None
        rows = long[(long["level"] == level) & (long["indicator"] == "composite")]
        return pd.Series(rows["cv"].to_numpy(), index=rows["year"].to_numpy(), name="composite")

    def teacher_snapshot(self, calendar_year: int) -> pd.DataFrame | None:
        """See :func:`read_teacher_snapshot`."""
        return read_teacher_snapshot(self.path, calendar_year)



def _optional_frame(f: h5py.File, group: str, years: np.ndarray) -> pd.DataFrame:
    return _series_frame(f[group], years) if group in f else pd.DataFrame()


def read_run(path: PathLike, allow_incomplete: bool = False) -> Run:
    """Read a run file into a :class:`Run` (checks kind, version and completeness)."""
    p = pathlib.Path(path)
    with open_checked(p, "run", allow_incomplete) as f:
        years = _years(f)
        units = {**_units(f["district"], "district"), **_units(f["schools"], "schools")}
        descriptions = {**_descriptions(f["district"], "district"),
                        **_descriptions(f["schools"], "schools")}
        for sub in ("balance/cv", "balance/verdict", "balance/schools"):
            if sub in f:
                units.update(_units(f[sub], sub))
                descriptions.update(_descriptions(f[sub], sub))
        attrs = _root_attrs(f)
        district = _series_frame(f["district"], years, skip=("year",))
        balance_cv = _optional_frame(f, "balance/cv", years)
        verdict = _optional_frame(f, "balance/verdict", years)
        info = _info_frame(f)
    return Run(path=p, attrs=attrs, district=district, info=info, balance_cv=balance_cv,
               verdict=verdict, units=units, descriptions=descriptions,
               cv_limits=balance_limits(str(attrs.get("scenario", ""))),
               allow_incomplete=allow_incomplete)


def read_runs(paths: Iterable[PathLike], allow_incomplete: bool = False) -> list[Run]:
    """:func:`read_run` for each path, in order."""
    return [read_run(p, allow_incomplete) for p in paths]


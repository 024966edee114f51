"""Readers: edusim HDF5 run and sweep files as tidy pandas DataFrames.

The layouts are documented in docs/output-schema.md (run files) and in the sweep-file contract
(sweep files; docs/analysis.md summarises both). Every reader checks the file first:

- the file exists and is HDF5;
- its root attribute ``file_kind`` is the kind expected (``"run"`` or ``"sweep"``; files without
  the attribute are run files, as written before sweeps existed);
- its ``schema_version`` is one of :data:`SUPPORTED_SCHEMA_VERSIONS`;
- its ``complete`` attribute is 1 (unless ``allow_incomplete=True``).

A failed check raises :class:`InputFileError` with a one-line message naming the file.

Public API (all functions take a path):

- :func:`read_run` -> :class:`Run` (district series, school table, balance, rotations, units)
- :func:`read_runs` -> list of :class:`Run`
- :func:`read_district`, :func:`read_school_info`, :func:`read_schools`,
  :func:`read_school_series`, :func:`read_events`, :func:`read_rotations`,
  :func:`read_balance_cv`, :func:`read_balance_verdict`, :func:`read_teacher_snapshot`
- :func:`read_sweep` -> :class:`Sweep` (``params`` joined to ``/district`` outputs with
  :meth:`Sweep.at_year` and :meth:`Sweep.long`); :func:`read_sweep_school_series` for sweeps
  written with per-school series
- helpers for command lines: :func:`expand_paths`, :func:`resolve_year`, :func:`file_kind`
"""
from __future__ import annotations

import glob
import pathlib
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import h5py
import numpy as np
import pandas as pd

from .years import Year, parse_year

SUPPORTED_SCHEMA_VERSIONS: tuple[int, ...] = (1,)
ZONES: tuple[str, ...] = ("urban", "town", "rural")
LEVELS: tuple[str, ...] = ("primary", "middle")
STRENGTH_NAMES: dict[int, str] = {-1: "weak", 0: "ordinary", 1: "strong"}
BALANCE_INDICATORS: tuple[str, ...] = (
    "qualified_teachers_per_100", "backbone_teachers_per_100", "pe_art_teachers_per_100",
    "floor_area_per_student", "sports_area_per_student", "equipment_value_per_student",
    "multimedia_classrooms_per_100")
# The national standard's CV limits (教督〔2017〕6号), used when a file's scenario lacks them.
DEFAULT_CV_LIMITS: dict[str, dict[str, float]] = {
    "primary": {"quality": 0.50, "basic": 0.65},
    "middle": {"quality": 0.45, "basic": 0.55},
}
ROTATION_KIND_NAMES: dict[int, str] = {
    0: "none", 1: "backbone_out", 2: "ordinary_out", 3: "training_in", 4: "exchange_in",
    5: "return", 6: "stay", 7: "shadow", 8: "transfer"}

PathLike = str | pathlib.Path


class InputFileError(Exception):
    """A file that cannot be used: missing, not HDF5, wrong kind or version, incomplete."""


# --------------------------------------------------------------------------- file checks


def _open(path: PathLike) -> h5py.File:
    """Open `path` read-only, turning every failure into a one-line InputFileError."""
    p = pathlib.Path(path)
    if not p.exists():
        raise InputFileError(f"{p}: no such file")
    if p.is_dir():
        raise InputFileError(f"{p}: is a directory, not an HDF5 file")
    try:
        return h5py.File(p, "r")
    except OSError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputFileError(f"{p}: not a readable HDF5 file ({reason})") from None


def _attr_str(value: object) -> str:
    """An HDF5 string attribute as str (h5py may hand back bytes for fixed-length strings)."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return str(value)


def _kind_of(f: h5py.File) -> str:
    return _attr_str(f.attrs["file_kind"]) if "file_kind" in f.attrs else "run"


def check_file(f: h5py.File, path: PathLike, kind: str, allow_incomplete: bool = False) -> None:
    """Raise InputFileError unless `f` is a complete edusim file of `kind` with a known version."""
    found = _kind_of(f)
    if found != kind:
        raise InputFileError(f"{path}: is a {found!r} file, expected a {kind!r} file")
    if "schema_version" not in f.attrs:
        raise InputFileError(f"{path}: no schema_version attribute (not an edusim file?); "
                             f"supported versions: {_versions()}")
    version = int(f.attrs["schema_version"])
    if version not in SUPPORTED_SCHEMA_VERSIONS:
        raise InputFileError(f"{path}: schema_version {version} is not supported "
                             f"(supported: {_versions()})")
    complete = f.attrs.get("complete")
    if not allow_incomplete and (complete is None or int(complete) != 1):
        state = "missing" if complete is None else f"= {int(complete)}"
        raise InputFileError(f"{path}: incomplete file (root attribute complete {state}: the "
                             "run did not finish); use --allow-incomplete to read it anyway")


def _versions() -> str:
    return ", ".join(str(v) for v in SUPPORTED_SCHEMA_VERSIONS)


def open_checked(path: PathLike, kind: str = "run", allow_incomplete: bool = False) -> h5py.File:
    """Open and check an edusim file (see :func:`check_file`); the caller closes it."""
    f = _open(path)
    try:
        check_file(f, path, kind, allow_incomplete)
    except BaseException:
        f.close()
        raise
    return f


def file_kind(path: PathLike) -> str:
    """``"run"`` or ``"sweep"`` (run files written before sweeps have no file_kind)."""
    with _open(path) as f:
        return _kind_of(f)


def expand_paths(args: Iterable[str]) -> list[pathlib.Path]:
    """Expand command-line file arguments: an existing path is kept, anything else is a glob.

    A glob that matches nothing raises InputFileError (so a typo fails clearly)."""
    paths: list[pathlib.Path] = []
    for arg in args:
        if pathlib.Path(arg).exists() or not glob.has_magic(arg):
            paths.append(pathlib.Path(arg))
            continue
        matches = sorted(glob.glob(arg))
        if not matches:
            raise InputFileError(f"{arg}: no file matches this pattern")
        paths.extend(pathlib.Path(m) for m in matches)
    return paths


def resolve_year(years: Sequence[int], year: int | str | Year | None) -> int:
    """Row index of `year` in `years` (the file's calendar years).

    None means the last row. A :class:`analysis.years.Year` or a string follows the year
    convention (analysis/years.py): ``"2029"`` the calendar year, ``"+5"`` the fifth simulated
    year. A plain int is a calendar year of the file, or else a simulated-year offset: 2029
    selects the row whose calendar year is 2029, 5 selects row 5."""
    years = list(int(y) for y in years)
    if year is None:
        return len(years) - 1
    if isinstance(year, str):
        year = parse_year(year, "year")
    if isinstance(year, Year):
        return year.row(years)
    if year in years:
        return years.index(year)
    if 0 <= year < len(years):
        return int(year)
    raise ValueError(f"year {year} is neither a calendar year ({years[0]}..{years[-1]}) "
                     f"nor a simulated year (0..{len(years) - 1}) of the file")


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


def _kind_names(group: h5py.Group) -> dict[int, str]:
    """Parse the ``kind_names`` group attribute ("0=none; 1=backbone_out; ...")."""
    text = _attr_str(group.attrs.get("kind_names", ""))
    names = dict(ROTATION_KIND_NAMES)
    for item in text.split(";"):
        code, sep, name = item.strip().partition("=")
        if sep and code.strip().lstrip("-").isdigit():
            names[int(code)] = name.strip()
    return names


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
            df["kind_name"] = df["kind"].map(_kind_names(group)).fillna("unknown")
    return df


def _strength_label(values: np.ndarray) -> np.ndarray:
    labels = np.full(values.shape, "closed", dtype=object)
    for code, name in STRENGTH_NAMES.items():
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
    rows = np.array([years.index(y) if y in years else -1 for y in ev["year"]])
    for side in ("from", "to"):
        school = ev[f"{side}_school"].to_numpy()
        ev[f"{side}_level"] = info["level"].to_numpy()[school]
        ev[f"{side}_zone"] = info["zone"].to_numpy()[school]
        if strength is None:
            ev[f"{side}_strength"] = "unknown"
        else:
            values = np.where(rows >= 0, strength[np.maximum(rows, 0), school], np.nan)
            ev[f"{side}_strength"] = _strength_label(values)
    return ev


def read_balance_cv(path: PathLike, allow_incomplete: bool = False) -> pd.DataFrame:
    """/balance/cv in long form: columns year, level, indicator, cv."""
    with open_checked(path, "run", allow_incomplete) as f:
        wide = _series_frame(f["balance/cv"], _years(f))
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


def balance_limits(scenario_yaml: str) -> dict[str, dict[str, float]]:
    """The CV limits per level from a resolved scenario's ``balance_standard`` section:
    ``{"primary": {"quality": 0.5, "basic": 0.65}, "middle": {...}}``; the national defaults
    where the scenario (or PyYAML) is not available."""
    limits = {level: dict(v) for level, v in DEFAULT_CV_LIMITS.items()}
    try:
        import yaml  # Debian's python3-yaml; optional
        section = (yaml.safe_load(scenario_yaml) or {}).get("balance_standard", {}) or {}
    except Exception:  # noqa: BLE001 - no PyYAML or an unparsable scenario: keep the defaults
        return limits
    for key, name in (("cv_limit", "quality"), ("basic_cv_limit", "basic")):
        for level, value in (section.get(key) or {}).items():
            limits.setdefault(level, {})[name] = float(value)
    return limits


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

    def teacher_snapshot(self, calendar_year: int) -> pd.DataFrame | None:
        """See :func:`read_teacher_snapshot`."""
        return read_teacher_snapshot(self.path, calendar_year)


def _attr_value(value: object) -> object:
    """An attribute as a plain Python value (str for strings, int/float for numpy scalars)."""
    if isinstance(value, (bytes, str)):
        return _attr_str(value)
    return value.item() if hasattr(value, "item") else value


def _root_attrs(f: h5py.File) -> dict[str, object]:
    return {k: _attr_value(v) for k, v in f.attrs.items()}


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


# --------------------------------------------------------------------------- sweep files

PARAM_COLUMNS: tuple[str, ...] = ("run_index", "point", "replicate", "seed")


@dataclass
class Sweep:
    """A sweep file: the design in ``params`` (one row per run, /params row order) and the
    /district outputs as arrays [run, year].

    Attributes: path; attrs (root attributes); axes (axis names in order); axis_kinds
    (numeric | bool | choice); params (columns run_index, point, replicate, seed, one per axis,
    sobol_block/sobol_sample for Sobol designs, morris_trajectory/morris_step/morris_axis/
    morris_direction for Morris designs); years (calendar years); outputs
    (metric -> float array [run, year]); units, descriptions (metric -> attribute)."""

    path: pathlib.Path
    attrs: dict[str, object]
    axes: list[str]
    axis_kinds: dict[str, str]
    params: pd.DataFrame
    years: np.ndarray
    outputs: dict[str, np.ndarray]
    units: dict[str, str]
    descriptions: dict[str, str]

    @property
    def design(self) -> str:
        return str(self.attrs.get("design", ""))

    @property
    def replicates(self) -> int:
        return int(self.attrs.get("replicates", 1))  # type: ignore[arg-type]

    @property
    def is_whole_design(self) -> bool:
        """True when the file holds every run of the design (not a shard)."""
        in_file, runs = self.attrs.get("runs_in_file", -1), self.attrs.get("runs", -2)
        return int(in_file) == int(runs)  # type: ignore[arg-type]

    def metrics(self) -> list[str]:
        """Every /district output in the file (loaded or not; see `outputs` for the loaded)."""
        return list(self.units)

    def _check_metrics(self, metrics: Sequence[str]) -> None:
        missing = [m for m in metrics if m not in self.outputs]
        if missing:
            raise KeyError(f"{self.path}: /district output {', '.join(missing)} not in the file "
                           "or not read")

    def at_year(self, year: int | str | Year | None = None,
                metrics: Sequence[str] | None = None) -> pd.DataFrame:
        """``params`` joined to the outputs of one year (as :func:`resolve_year`: a calendar
        year, "+N" or a simulated-year offset, or None for the last year): one row per run,
        one column per metric."""
        metrics = list(self.outputs) if metrics is None else list(metrics)
        self._check_metrics(metrics)
        row = resolve_year(self.years, year)
        out = self.params.copy()
        for m in metrics:
            out[m] = self.outputs[m][:, row]
        out.attrs["year"] = int(self.years[row])
        return out

    def long(self, metrics: Sequence[str] | None = None) -> pd.DataFrame:
        """Tidy table of every (run, year): ``params`` columns, ``year``, one column per metric."""
        metrics = list(self.outputs) if metrics is None else list(metrics)
        self._check_metrics(metrics)
        n_runs, n_years = len(self.params), len(self.years)
        out = self.params.loc[self.params.index.repeat(n_years)].reset_index(drop=True)
        out["year"] = np.tile(self.years, n_runs)
        for m in metrics:
            out[m] = self.outputs[m].ravel()
        return out


def read_sweep_school_series(path: PathLike, metric: str, allow_incomplete: bool = False
                             ) -> tuple[pd.DataFrame, np.ndarray]:
    """/schools/info and one /schools/<metric> of a sweep written with ``per_school: true``:
    the school table and a float array [run, year, school] (rows in /params order)."""
    with open_checked(path, "sweep", allow_incomplete) as f:
        if f"schools/{metric}" not in f:
            raise InputFileError(f"{path}: has no /schools/{metric} (sweep without per_school?)")
        return _info_frame(f), f[f"schools/{metric}"][:]


def _param_column(ds: h5py.Dataset) -> np.ndarray:
    if h5py.check_string_dtype(ds.dtype) is not None:
        return ds.asstr()[:].astype(object)
    return ds[:]


def read_sweep(path: PathLike, metrics: Sequence[str] | None = None,
               allow_incomplete: bool = False) -> Sweep:
    """Read a sweep file (or a shard of one) into a :class:`Sweep`.

    `metrics` limits the /district outputs read into memory (default: all); names not in the
    file are ignored here (:meth:`Sweep.metrics` lists what the file has)."""
    p = pathlib.Path(path)
    with open_checked(p, "sweep", allow_incomplete) as f:
        attrs = _root_attrs(f)
        axes = [a for a in str(attrs.get("axes", "")).split("\n") if a]
        missing = [a for a in axes if f"params/{a}" not in f]
        if missing or "params/run_index" not in f:
            raise InputFileError(f"{p}: /params lacks {', '.join(missing) or 'run_index'}")
        params = pd.DataFrame({name: _param_column(ds) for name, ds in f["params"].items()})
        ordered = [c for c in PARAM_COLUMNS if c in params] + axes
        params = params[ordered + [c for c in params.columns if c not in ordered]]
        kinds = {a: _attr_str(f[f"params/{a}"].attrs.get("kind", "numeric")) for a in axes}
        years = f["district/year"][:].astype(int)
        names = [n for n, ds in f["district"].items() if n != "year" and ds.ndim == 2]
        wanted = names if metrics is None else [m for m in metrics if m in names]
        outputs = {n: f[f"district/{n}"][:] for n in wanted}
        units = {k.split("/", 1)[1]: v for k, v in _units(f["district"], "district").items()
                 if k.split("/", 1)[1] in names}
        descriptions = {k.split("/", 1)[1]: v
                        for k, v in _descriptions(f["district"], "district").items()
                        if k.split("/", 1)[1] in names}
    return Sweep(path=p, attrs=attrs, axes=axes, axis_kinds=kinds, params=params, years=years,
                 outputs=outputs, units=units, descriptions=descriptions)

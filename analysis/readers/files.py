"""File checks shared by every reader: open, check kind, schema version and completeness.

A failed check raises :class:`InputFileError` with a one-line message naming the file. Also
the helpers of the command lines: :func:`expand_paths`, :func:`resolve_year`, :func:`file_kind`.
"""
from __future__ import annotations

import glob
import pathlib
from typing import Iterable, Sequence

import h5py

from ..years import Year, parse_year

SUPPORTED_SCHEMA_VERSIONS: tuple[int, ...] = (1,)

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



def _attr_value(value: object) -> object:
    """An attribute as a plain Python value (str for strings, int/float for numpy scalars)."""
    if isinstance(value, (bytes, str)):
        return _attr_str(value)
    return value.item() if hasattr(value, "item") else value


def _root_attrs(f: h5py.File) -> dict[str, object]:
    return {k: _attr_value(v) for k, v in f.attrs.items()}


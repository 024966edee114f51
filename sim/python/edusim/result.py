"""A run as DataFrames: :class:`Result`, made by :func:`edusim.run` and :func:`load`."""
from __future__ import annotations

import functools
import os
import pathlib
import shutil
import weakref

import pandas as pd

from ._analysis import readers

InputFileError = readers.InputFileError


def _by_name(mapping: dict[str, str], group: str, names) -> dict[str, str]:
    """``{"district/x": v}`` -> ``{"x": v}`` for the datasets `names` of `group`."""
    return {name: mapping.get(f"{group}/{name}", "") for name in names}


class Result:
    """One run file, as DataFrames.

    Attributes:
        path: the HDF5 file (a temporary one for an in-process run without ``output``: it is
            removed when the Result is, so :meth:`save` what you keep).
        district: one row per calendar year (index ``year``), one column per metric.
        units: the units of each district column (also ``district.attrs["units"]``).
        descriptions: what each district column measures.
        school_units: the units of each per-school metric.
        attrs: the file's root attributes: the provenance (engine version, git revision,
            scenario file, the resolved scenario as YAML, seed, threads, command line, ...).
        schools: one row per (year, school): one column per per-school metric, and the
            school table's fields (name, level, zone, group, ...); read when first used.
        events: every event table of the file (``"rotations"``, ``"leader_rotations"``,
            ``"consolidations"``, ...) as a DataFrame, by name; read when first used.
    """

    def __init__(self, path: str | os.PathLike, _temporary_dir: str | None = None):
        self.path = pathlib.Path(path)
        if _temporary_dir is not None:
            weakref.finalize(self, shutil.rmtree, _temporary_dir, ignore_errors=True)
        run = readers.read_run(self.path)
        self.attrs: dict[str, object] = run.attrs
        self.district: pd.DataFrame = run.district
        self.units = _by_name(run.units, "district", self.district.columns)
        self.descriptions = _by_name(run.descriptions, "district", self.district.columns)
        school_metrics = [k.split("/", 1)[1] for k in run.units
                          if k.startswith("schools/") and k != "schools/info"]
        self.school_units = _by_name(run.units, "schools", school_metrics)
        self.district.attrs["units"] = self.units

    @functools.cached_property
    def schools(self) -> pd.DataFrame:
        return readers.read_schools(self.path)

    @functools.cached_property
    def events(self) -> dict[str, pd.DataFrame]:
        with readers.open_checked(self.path) as f:
            names = list(f["events"]) if "events" in f else []
        return {name: readers.read_events(self.path, name) for name in names}

    @property
    def years(self) -> list[int]:
        """The calendar years of the rows: the generated district, then each simulated year."""
        return [int(y) for y in self.district.index]

    def save(self, path: str | os.PathLike, force: bool = False) -> pathlib.Path:
        """Writes the run file to `path`: the very file `edusim run` writes, bit for bit.

        Refuses (InputError, the messages of ``edusim run -o``) a directory, a missing or
        unwritable folder, and an existing file unless `force`."""
        from . import _engine  # the package imports this module first

        target = pathlib.Path(path)
        _engine.check_output_path(str(target), force)
        temporary = target.with_name(f".{target.name}.saving")
        shutil.copyfile(self.path, temporary)
        os.replace(temporary, target)  # a file under its final name is always whole
        return target

    def __repr__(self) -> str:
        name = pathlib.Path(str(self.attrs.get("scenario_file", "") or self.path)).stem
        years = self.years
        return (f"<edusim.Result {name}: seed {self.attrs.get('seed')}, years {years[0]}-"
                f"{years[-1]}, {len(self.district.columns)} district metrics; {self.path}>")


def load(path: str | os.PathLike) -> Result:
    """The run file at `path` (from ``edusim run`` or :meth:`Result.save`) as a Result.

    Raises InputFileError (analysis.readers) for a missing, incomplete or non-run file."""
    return Result(path)

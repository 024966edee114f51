"""edusim.run, edusim.sweep and edusim.validate: the command line's subcommands in this
process. The engine runs with the GIL released (other Python threads go on meanwhile) and
writes the file the command line writes; the results are read with analysis.readers."""
from __future__ import annotations

import os
import pathlib
import shutil
import tempfile
import warnings
from typing import Iterable, Mapping, Sequence

import pandas as pd

from ._analysis import readers
from .result import Result

SetValues = Mapping[str, object] | Iterable[str] | None


class ScenarioWarning(UserWarning):
    """A key set without effect (inside a mechanism that is switched off): what `edusim`
    prints as 'edusim: warning: ...'."""


def _engine():
    from . import _engine as engine  # the package loads it before importing this module
    return engine


def _yaml_scalar(key: str, value: object) -> str:
    """A Python value as the YAML scalar text of ``--set KEY=VALUE``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    raise TypeError(f"set: {key}: {value!r} is not a bool, number or string")


def _set_arguments(values: SetValues) -> list[str]:
    """``{"rotation.enabled": True}`` -> ``["rotation.enabled=true"]``; strings
    ``"KEY=VALUE"`` (as after --set) are kept."""
    if values is None:
        return []
    if isinstance(values, Mapping):
        return [f"{key}={_yaml_scalar(key, value)}" for key, value in values.items()]
    if isinstance(values, str):
        return [values]
    return [str(v) for v in values]


def _checked(option: str, value: int | None, low: int, high: int | None) -> int | None:
    """`value` within the range the command line's option accepts (its message if not)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{option}: {value!r} is not an integer")
    if high is not None and not low <= value <= high:
        raise _engine().InputError(f"--{option}: Value {value} not in range {low} to {high}")
    if value < low:  # the command line prints the largest double as the upper bound
        raise _engine().InputError(f"--{option}: Value {value} is below {low}")
    return value


def _call_text(function: str, first: object, options: dict[str, object]) -> str:
    """The call as provenance (the file's command_line): ``edusim.run('x.yaml', seed=1)``."""
    given = ", ".join(f"{k}={v!r}" for k, v in options.items()
                      if not (v is None or v is False or v == ()))
    return f"edusim.{function}({str(first)!r}{', ' + given if given else ''})"


def _warn(messages: Sequence[str]) -> None:
    for message in messages:
        warnings.warn(message, ScenarioWarning, stacklevel=3)


def run(scenario: str | os.PathLike, *, seed: int | None = None, years: int | None = None,
        set: SetValues = None, threads: int | None = None,  # noqa: A002 - the CLI's name
        output: str | os.PathLike | None = None, force: bool = False, check: bool = False,
        snapshot_at: Sequence[int | str] = ()) -> Result:
    """`edusim run SCENARIO` in this process; returns the run as a :class:`Result`.

    seed, years, set, threads, force, check and snapshot_at are the command line's --seed,
    --years, --set (a dict of dotted keys, ``{"rotation.enabled": True}``, or ``"KEY=VALUE"``
    strings), --threads (None: every core), --force, --check and --snapshot-at. The file is
    written to `output`, or to a temporary file that lives as long as the Result.

    Raises InputError with the command line's message; KeyboardInterrupt (Ctrl-C) stops the
    run after the year in progress."""
    options = {"seed": seed, "years": years, "set": set, "threads": threads, "output": output,
               "force": force, "check": check, "snapshot_at": tuple(snapshot_at)}
    temporary = None if output is not None else tempfile.mkdtemp(prefix="edusim-run-")
    path = pathlib.Path(output) if output is not None else pathlib.Path(temporary, "run.h5")
    try:
        done = _engine().run(
            os.fspath(scenario), str(path), seed=_checked("seed", seed, 0, None),
            years=_checked("years", years, 1, 500), set=_set_arguments(set),
            threads=_checked("threads", threads, 1, 4096) or 0, force=force, check=check,
            snapshot_at=[str(y) for y in snapshot_at],
            command_line=_call_text("run", scenario, options))
        _warn(done["warnings"])
        return Result(path, _temporary_dir=temporary)
    except BaseException:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
        raise


def sweep(file: str | os.PathLike, *, threads: int | None = None, set: SetValues = None,  # noqa: A002
          seed: int | None = None, years: int | None = None,
          output: str | os.PathLike | None = None, force: bool = False,
          year: int | str | None = None) -> pd.DataFrame:
    """`edusim sweep FILE` in this process; returns one row per run: its parameters (run_index,
    point, replicate, seed, one column per axis) and the /district metrics of the last year
    (or of `year`: a calendar year, "+N" or a simulated-year offset).

    threads, set, seed (the master seed), years and force are the command line's options; the
    sweep file is kept at `output` if given. ``df.attrs`` holds ``year``, ``units`` and the
    sweep file's root attributes (``file_attrs``). Raises InputError with the command line's
    message."""
    options = {"threads": threads, "set": set, "seed": seed, "years": years, "output": output,
               "force": force}
    with tempfile.TemporaryDirectory(prefix="edusim-sweep-") as temporary:
        path = pathlib.Path(output) if output is not None else pathlib.Path(temporary, "sweep.h5")
        _engine().sweep(
            os.fspath(file), str(path), set=_set_arguments(set),
            seed=_checked("seed", seed, 0, None), years=_checked("years", years, 1, 500),
            threads=_checked("threads", threads, 1, 4096) or 0, force=force,
            command_line=_call_text("sweep", file, options))
        result = readers.read_sweep(path)
    with warnings.catch_warnings():
        # at_year adds the metrics a column at a time (100 and more); the copy defragments.
        warnings.simplefilter("ignore", pd.errors.PerformanceWarning)
        table = result.at_year(year).copy()
    table.attrs.update(units=result.units, file_attrs=result.attrs)
    return table


def validate(scenario: str | os.PathLike) -> str:
    """`edusim validate SCENARIO`: checks the scenario (generating or loading its district)
    and returns the line the command prints; keys set without effect are ScenarioWarnings.
    Raises InputError with the command line's message."""
    done = _engine().validate(os.fspath(scenario))
    _warn(done["warnings"])
    return done["message"]

"""Readers: edusim HDF5 run and sweep files as tidy pandas DataFrames.

The layouts are documented in docs/output-schema.md (run files) and in the sweep-file contract
(sweep files; docs/analysis.md summarises both). Every reader checks the file first
(:mod:`.files`):

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
  :func:`read_balance_cv`, :func:`read_balance_basic_cv`, :func:`read_balance_verdict`, :func:`read_teacher_snapshot`,
  :func:`read_custom` (the scenario's ``outputs:``, /custom),
  :func:`kind_names` (the codes of an /events table, from its ``kind_names`` attribute)
- :func:`read_sweep` -> :class:`Sweep` (``params`` joined to ``/district`` outputs with
  :meth:`Sweep.at_year` and :meth:`Sweep.long`); :func:`read_sweep_school_series` for sweeps
  written with per-school series
- on an open ``h5py.File`` (the studies' replicate runner): :func:`series`,
  :func:`district_series`, :data:`DERIVED` (figures that are not one /district series)
- helpers for command lines: :func:`expand_paths`, :func:`resolve_year`, :func:`file_kind`

Modules: :mod:`.files` (checks), :mod:`.runs` (run files), :mod:`.sweeps` (sweep files),
:mod:`.derived` (derived series on an open file).
"""
from .derived import DERIVED, district_series, known_metric, series
from .files import (SUPPORTED_SCHEMA_VERSIONS, InputFileError, PathLike, _attr_str, check_file,
                    expand_paths, file_kind, open_checked, resolve_year)
from .runs import (BALANCE_INDICATORS, DEFAULT_CV_LIMITS, LEVELS, TERM_START_KINDS, ZONES,
                   BalanceStandard, Run, balance_limits, balance_standard, code_names, kind_names, read_balance_basic_cv, read_balance_cv,
                   read_balance_verdict, read_custom, read_district, read_events, read_rotations, read_run,
                   read_runs, read_school_info, read_school_series, read_schools,
                   read_teacher_snapshot)
from .sweeps import PARAM_COLUMNS, Sweep, read_sweep, read_sweep_school_series

__all__ = [
    "DERIVED", "district_series", "known_metric", "series",
    "SUPPORTED_SCHEMA_VERSIONS", "InputFileError", "PathLike", "check_file", "expand_paths",
    "file_kind", "open_checked", "resolve_year",
    "BALANCE_INDICATORS", "DEFAULT_CV_LIMITS", "LEVELS", "TERM_START_KINDS", "ZONES", "Run",
    "BalanceStandard", "balance_limits", "balance_standard", "code_names", "kind_names", "read_balance_cv", "read_balance_basic_cv", "read_balance_verdict",
    "read_custom", "read_district", "read_events", "read_rotations", "read_run", "read_runs",
    "read_school_info", "read_school_series", "read_schools", "read_teacher_snapshot",
    "PARAM_COLUMNS", "Sweep", "read_sweep", "read_sweep_school_series",
]

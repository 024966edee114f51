"""edusim in Python: run scenarios and sweeps in this process and get DataFrames.

    import edusim
    r = edusim.run("scenarios/baseline.yaml", seed=1, years=5,
                   set={"rotation.enabled": True}, threads=2)
    r.district            # one row per calendar year, one column per metric (units: r.units)
    r.schools             # one row per (year, school), with the school table's fields
    r.events["rotations"] # every move of a teacher between schools
    r.save("out/run.h5")  # the file `edusim run` writes, bit for bit

The engine runs by the command line's own code and writes the same HDF5 file, which is read
with :mod:`analysis.readers`; see docs/python.md.
"""
from __future__ import annotations

from ._native import load as _load_engine

_engine = _load_engine()

from .api import ScenarioWarning, run, sweep, validate  # noqa: E402
from .result import InputFileError, Result, load  # noqa: E402

InputError = _engine.InputError
InputError.__module__ = __name__
InputError.__doc__ = ("Bad input (scenario, key, value, path): the message is the one "
                      "`edusim` prints after 'edusim: error: '.")
__version__ = _engine.engine_version

__all__ = ["InputError", "InputFileError", "Result", "ScenarioWarning", "load", "run", "sweep",
           "validate", "__version__"]

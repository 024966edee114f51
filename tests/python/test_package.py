"""The analysis package as a package: its editable install in a venv (offline, Debian's
packages), the aliases at the old module paths, and a library that leaves matplotlib's
backend to its caller (a notebook keeps its own)."""
from __future__ import annotations

import importlib
import os
import pathlib
import subprocess
import sys

import pytest

# Old module path -> where the module lives now (docs/analysis.md, "Package layout").
ALIASES = {
    "report": "reports.run", "sweep_report": "reports.sweep", "compare": "reports.compare",
    "calibration_report": "reports.calibration", "html": "reports.html",
    "fig_run": "figures.run", "fig_sweep": "figures.sweep", "fig_compare": "figures.compare",
    "style": "figures.style", "sobol": "stats.sobol", "morris": "stats.morris",
    "paired": "stats.paired", "replicates": "studies.replicates",
    "provenance": "studies.provenance", "calibration": "studies.calibration",
    "eduecosystem": "studies.eduecosystem", "policy_comparison": "studies.policy_comparison",
    "validation": "studies.validation", "teacher_quality_gaps": "studies.teacher_quality_gaps",
    "assumptions": "studies.assumptions",
}


@pytest.mark.parametrize("old", sorted(ALIASES))
def test_old_module_paths_are_the_new_modules(old):
    assert importlib.import_module(f"analysis.{old}") is importlib.import_module(
        f"analysis.{ALIASES[old]}")


def test_readers_keep_their_public_functions():
    from analysis import readers
    for name in ("read_run", "read_runs", "read_district", "read_school_info", "read_schools",
                 "read_school_series", "read_events", "read_rotations", "read_balance_cv",
                 "read_balance_verdict", "read_teacher_snapshot", "read_sweep",
                 "read_sweep_school_series", "balance_limits", "expand_paths", "resolve_year",
                 "file_kind", "open_checked", "InputFileError", "Run", "Sweep", "series",
                 "DERIVED", "kind_names"):
        assert hasattr(readers, name), name
    from analysis import replicates
    assert replicates.DERIVED is readers.DERIVED  # one reader: the studies use it too


def _run(cmd, **kw) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MPLBACKEND")}
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, **kw)


NOTEBOOK = """
import matplotlib
matplotlib.use("svg")                      # the notebook's choice, not Agg
import analysis, analysis.report, analysis.sweep_report, analysis.compare
import analysis.calibration_report, analysis.eduecosystem, analysis.calibration
import analysis.policy_comparison, analysis.validation
from analysis.figures import run, sweep, compare, style
print(matplotlib.get_backend())
"""


def test_importing_the_package_keeps_the_callers_backend(repo_root):
    done = _run([sys.executable, "-c", NOTEBOOK], cwd=repo_root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "svg"


def test_editable_install_in_a_venv_works_offline(repo_root, tmp_path):
    """The install of docs/analysis.md: a venv over Debian's packages, pip without an index."""
    venv = tmp_path / "venv"
    made = _run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)])
    assert made.returncode == 0, made.stderr
    pip = _run([str(venv / "bin" / "pip"), "install", "--no-build-isolation", "--no-deps",
                "--no-index", "-e", str(repo_root)], cwd=tmp_path)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    python = str(venv / "bin" / "python")
    where = _run([python, "-c", "import analysis.readers, analysis.report; "
                                "print(analysis.__file__)"], cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    assert pathlib.Path(where.stdout.strip()) == repo_root / "analysis" / "__init__.py"
    command = _run([python, "-m", "analysis.report", str(tmp_path / "none.h5"), "-o",
                    str(tmp_path / "out")], cwd=tmp_path)
    assert command.returncode == 2 and "none.h5: no such file" in command.stderr
    script = _run([str(venv / "bin" / "edusim-report"), "--help"], cwd=tmp_path)
    assert script.returncode == 0 and "RUN.h5" in script.stdout

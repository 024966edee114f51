"""Fixtures of the Python API's tests (sim/python/edusim; ctest python.api); the helpers are in
api_support.py (a conftest of its own name would be shadowed by tests/python/conftest.py).

ctest sets PYTHONPATH=sim/python and EDUSIM_BUILD_DIR to its build folder; run by hand,
sim/python is put on the path here and the module is looked for in build/release. Without
a built module the tests are skipped, unless EDUSIM_REQUIRE_MODULE=1 (set by ctest, which
registers them only where the module is built)."""
import os
import pathlib
import sys

import pytest

from api_support import BASELINE, REPO, ROTATION, ROTATION_CLI, cli


@pytest.fixture(scope="session")
def edusim():
    """The package, or a skip where the engine module is not built."""
    if str(REPO / "sim" / "python") not in sys.path:
        sys.path.insert(0, str(REPO / "sim" / "python"))
    try:
        import edusim
    except ImportError as exc:
        if os.environ.get("EDUSIM_REQUIRE_MODULE") == "1" or "_edusim" not in str(exc):
            raise
        pytest.skip(f"the Python module is not built: {exc}")
    return edusim


@pytest.fixture(autouse=True)
def at_repository_root(monkeypatch):
    """Relative scenario paths, as in the docs, from the repository root."""
    monkeypatch.chdir(REPO)


@pytest.fixture(scope="session")
def rotation_run(edusim):
    """ROTATION run in process (made once; its temporary file lives with the Result)."""
    os.chdir(REPO)
    return edusim.run(BASELINE, **ROTATION)


@pytest.fixture(scope="session")
def rotation_cli(tmp_path_factory, edusim_bin) -> pathlib.Path:
    """ROTATION run with the command line."""
    out = tmp_path_factory.mktemp("cli") / "rotation.h5"
    cli(edusim_bin, "run", BASELINE, "-o", out, "--quiet", *ROTATION_CLI)
    return out

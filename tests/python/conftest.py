"""Shared fixtures for the Python tests (run by ctest through /usr/bin/python3 -m pytest)."""
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def repo_root() -> pathlib.Path:
    return REPO


@pytest.fixture(scope="session")
def edusim_bin() -> pathlib.Path:
    """The edusim executable: $EDUSIM_BIN (set by ctest), else build/release/edusim."""
    path = pathlib.Path(os.environ.get("EDUSIM_BIN", REPO / "build" / "release" / "edusim"))
    if not path.exists():
        pytest.fail(f"edusim executable not found at {path}; build it or set EDUSIM_BIN")
    return path


@pytest.fixture(scope="session")
def small_run(tmp_path_factory, edusim_bin) -> pathlib.Path:
    """A 3-year run of the baseline scenario, made once per test session."""
    out = tmp_path_factory.mktemp("runs") / "baseline3.h5"
    subprocess.run([str(edusim_bin), "run", str(REPO / "scenarios" / "baseline.yaml"), "-o",
                    str(out), "--years", "3", "--quiet"], check=True)
    return out


@pytest.fixture(scope="session")
def workforce_replicates(tmp_path_factory, edusim_bin) -> list[pathlib.Path]:
    """Two 3-year replicates (seeds 1, 2) of the workforce scenario, with snapshots of the
    first and last year, alone in their folder as wf_<seed>.h5; made once per session."""
    folder = tmp_path_factory.mktemp("workforce")
    paths = []
    for seed in (1, 2):
        out = folder / f"wf_{seed}.h5"
        subprocess.run([str(edusim_bin), "run", str(REPO / "scenarios" / "workforce.yaml"), "-o",
                        str(out), "--years", "3", "--seed", str(seed), "--quiet",
                        "--snapshot-at", "2024", "--snapshot-at", "2027"], check=True)
        paths.append(out)
    return paths

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


SMALL_DISTRICT = """\
run: {years: 2, start_year: 2020, spin_up_years: 0}
district:
  name: small
  schools:
    - {level: primary, zone: urban, count: 2, students_per_grade: {mean: 40, sd: 5, min: 20, max: 60}}
    - {level: primary, zone: rural, count: 2, students_per_grade: {mean: 25, sd: 5, min: 10, max: 60}}
    - {level: middle, zone: rural, count: 1, students_per_grade: {mean: 40, sd: 5, min: 20, max: 60}}
rotation: {enabled: true}
"""

AWKWARD_SCHOOL_NAMES = ["东城区第一小学, 北校区", 'the "new" school', '村小 "红旗", 二部', "plain", "NA"]


@pytest.fixture(scope="session")
def awkward_names_run(tmp_path_factory, edusim_bin) -> pathlib.Path:
    """A 2-year run of a small district (5 schools, rotation on) loaded from tables whose school
    names are AWKWARD_SCHOOL_NAMES: commas, quotes, Chinese text, and "NA"."""
    import pandas as pd  # only the tests that use this fixture need pandas

    folder = tmp_path_factory.mktemp("awkward")
    (folder / "s.yaml").write_text(SMALL_DISTRICT)
    world = folder / "world"
    subprocess.run([str(edusim_bin), "export-world", str(folder / "s.yaml"), "-o", str(world)],
                   check=True, capture_output=True)
    table = pd.read_csv(world / "schools.csv", keep_default_na=False, dtype=str)
    table["name"] = AWKWARD_SCHOOL_NAMES
    table.to_csv(world / "schools.csv", index=False)
    out = folder / "named.h5"
    subprocess.run([str(edusim_bin), "run", str(world / "scenario.yaml"), "-o", str(out),
                    "--quiet"], check=True)
    return out


@pytest.fixture(scope="session")
def small_sweep(tmp_path_factory, edusim_bin) -> pathlib.Path:
    """A grid sweep of the small district: rotation.quota_share (numeric) x hiring.placement
    (choice), 2 replicates, per-school series: 8 runs of 2 years."""
    folder = tmp_path_factory.mktemp("sweep")
    base = "\n".join("  " + line for line in SMALL_DISTRICT.splitlines())
    (folder / "sweep.yaml").write_text(
        f"base_scenario:\n{base}\ndesign: grid\nreplicates: 2\nseed: 7\nper_school: true\n"
        "axes:\n  rotation.quota_share: {min: 0.05, max: 0.25, steps: 2}\n"
        "  hiring.placement: [need, weak_rural_first]\n")
    out = folder / "sweep.h5"
    subprocess.run([str(edusim_bin), "sweep", str(folder / "sweep.yaml"), "-o", str(out),
                    "--quiet"], check=True)
    return out

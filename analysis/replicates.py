"""Replicate runs of edusim scenarios, shared by the calibration, the EduEcosystem study and
the policy comparison (analysis/calibration.py, eduecosystem.py, policy_comparison.py).

A *replicate* is one run of a scenario with its own `--seed`. `run_replicates` runs a list of
(scenario, seed) jobs, at most `jobs` edusim processes at a time, each single-threaded and in
a temporary directory; it reads what the caller asks for from each file with a `reader`
function as soon as the run ends and deletes the file, so that memory and disk stay small.

Only h5py and numpy: every reader works on an open `h5py.File`. Derived figures that the run
file does not hold as one series (the teacher-weighted backbone share, teachers rotated at
least once, in-group moves, ...) are defined here once, in `DERIVED`, and used by name.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import dataclasses
import os
import pathlib
import subprocess
import tempfile
from typing import Callable, Iterable, Sequence

import h5py
import numpy as np

REPO = pathlib.Path(__file__).resolve().parents[1]

# Rotation event kinds (/events/rotations/kind; docs/output-schema.md): the four that start a
# term at another school. 5 return and 6 stay end a term, 7 shadow is a shadow post (跟岗), 8
# transfer a voluntary transfer.
DEPARTURE_KINDS = (1, 2, 3, 4)


def find_edusim(explicit: str | os.PathLike | None = None) -> pathlib.Path:
    """The edusim executable: `explicit`, else $EDUSIM_BIN, else build/release/edusim."""
    for candidate in (explicit, os.environ.get("EDUSIM_BIN"), REPO / "build" / "release" / "edusim"):
        if candidate and pathlib.Path(candidate).is_file():
            return pathlib.Path(candidate).resolve()
    raise FileNotFoundError("edusim executable not found: pass --edusim PATH or set EDUSIM_BIN")


@dataclasses.dataclass(frozen=True)
class Job:
    """One replicate: a scenario file, a seed and optionally a shorter horizon."""

    scenario: pathlib.Path
    seed: int
    years: int | None = None
    tag: str = ""  # the caller's label (scenario name, variant, ...)


def replicate_arguments(ap: "argparse.ArgumentParser", default_output: pathlib.Path) -> None:
    """The options every replicate-running script shares (calibration-style commands)."""
    ap.add_argument("--replicates", type=int, default=20)
    ap.add_argument("--edusim", default=None)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--years", type=int, default=None, help="override the horizon (tests)")
    ap.add_argument("-o", "--output", default=str(default_output))


def run_one(edusim: pathlib.Path, job: Job, out: pathlib.Path) -> pathlib.Path:
    """Runs one replicate into `out`; raises with edusim's message if it fails."""
    cmd = [str(edusim), "run", str(job.scenario), "-o", str(out), "--seed", str(job.seed),
           "--threads", "1", "--quiet", "--force"]
    if job.years is not None:
        cmd += ["--years", str(job.years)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()}")
    return out


def run_replicates(jobs_list: Sequence[Job], reader: Callable[[h5py.File], object],
                   edusim: pathlib.Path | None = None, jobs: int = 2,
                   progress: Callable[[int, int], None] | None = None) -> list:
    """Runs every job (at most `jobs` at a time) and returns reader(file) for each, in order."""
    edusim = find_edusim(edusim)
    results: list = [None] * len(jobs_list)
    with tempfile.TemporaryDirectory(prefix="edusim-replicates-") as tmp:
        def work(k: int):
            out = pathlib.Path(tmp) / f"run{k}.h5"
            run_one(edusim, jobs_list[k], out)
            try:
                with h5py.File(out, "r") as f:
                    if f.attrs.get("complete") != 1:
                        raise RuntimeError(f"{out}: incomplete run file")
                    return reader(f)
            finally:
                out.unlink(missing_ok=True)

        with cf.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = {pool.submit(work, k): k for k in range(len(jobs_list))}
            for n, fut in enumerate(cf.as_completed(futures), 1):
                results[futures[fut]] = fut.result()
                if progress:
                    progress(n, len(jobs_list))
    return results


def by_tag(jobs_list: Sequence[Job], results: Sequence) -> dict[str, list]:
    """The results of run_replicates grouped by their jobs' tags, in job order."""
    runs: dict[str, list] = {}
    for job, res in zip(jobs_list, results):
        runs.setdefault(job.tag, []).append(res)
    return runs


def engine_version(edusim: pathlib.Path) -> str:
    """`edusim --version` as "VERSION (GIT REVISION)", for the provenance line of the reports.

    Reads the lines "edusim VERSION" and "git revision: REVISION" (edusim 0.2.0 on); an older
    binary's one line "edusim VERSION (REVISION)" gives the same text."""
    done = subprocess.run([str(edusim), "--version"], capture_output=True, text=True)
    lines = done.stdout.strip().splitlines() if done.returncode == 0 else []
    if not lines:
        return "?"
    version = lines[0].removeprefix("edusim ").strip()
    revision = next((line.split(":", 1)[1].strip() for line in lines
                     if line.startswith("git revision:")), "")
    return f"{version} ({revision})" if revision else version


# --- reading series -----------------------------------------------------------------------


def district_series(f: h5py.File, names: Iterable[str]) -> dict[str, np.ndarray]:
    """/district/<name> for every name (plus 'year'), as float arrays over the rows."""
    out = {"year": f["district/year"][:].astype(int)}
    for name in names:
        out[name] = series(f, name)
    return out


def _teacher_weighted(f: h5py.File, share: str) -> np.ndarray:
    teachers = f["schools/teachers"][:]
    values = np.nan_to_num(f[f"schools/{share}"][:]) * teachers
    return values.sum(axis=1) / teachers.sum(axis=1)


def _departures(f: h5py.File) -> dict[str, np.ndarray]:
    ev = f["events/rotations"]
    cols = {k: ev[k][:] for k in ("year", "teacher", "from_school", "to_school", "kind")}
    keep = np.isin(cols["kind"], DEPARTURE_KINDS)
    return {k: v[keep] for k, v in cols.items()}


def _per_year(f: h5py.File, event_years: np.ndarray, weights=None) -> np.ndarray:
    years = f["district/year"][:]
    counts = np.array([np.sum((event_years == y) * (1 if weights is None else weights))
                       for y in years], dtype=float)
    counts[0] = np.nan  # row 0 is the generated world: no flows
    return counts


def _in_group_moves(f: h5py.File) -> np.ndarray:
    """Rotation moves between two schools of the same education group, per year."""
    d = _departures(f)
    group = f["schools/info"]["group"][:]
    same = (group[d["from_school"]] >= 0) & (group[d["from_school"]] == group[d["to_school"]])
    return _per_year(f, d["year"], same.astype(float))


def _rotated_share_cumulative(f: h5py.File) -> np.ndarray:
    """Distinct teachers sent at least once (any direction) since the start, per row, over the
    teachers in post in that row: the coverage of a 'everyone rotates' target."""
    d = _departures(f)
    years = f["district/year"][:]
    teachers = f["district/teachers"][:]
    out = np.full(len(years), np.nan)
    for k, y in enumerate(years):
        if k == 0:
            continue
        out[k] = len(np.unique(d["teacher"][d["year"] <= y])) / teachers[k]
    return out


def _students_in_groups(f: h5py.File) -> np.ndarray:
    group = f["schools/info"]["group"][:]
    return f["schools/students"][:][:, group >= 0].sum(axis=1)


def _schools_in_groups(f: h5py.File) -> np.ndarray:
    group = f["schools/info"]["group"][:]
    open_ = f["schools/students"][:] > 0
    return (open_ & (group >= 0)).sum(axis=1).astype(float)


def _groups(f: h5py.File) -> np.ndarray:
    group = f["schools/info"]["group"][:]
    n = len(np.unique(group[group >= 0]))
    return np.full(len(f["district/year"]), float(n))


def _alliances(f: h5py.File) -> np.ndarray:
    alliance = f["schools/info"]["alliance"][:]
    n = len(np.unique(alliance[alliance >= 0]))
    return np.full(len(f["district/year"]), float(n))


def _balance(name: str) -> Callable[[h5py.File], np.ndarray]:
    return lambda f: f[f"balance/verdict/{name}"][:].astype(float)


# Figures computed from the run file that are not one /district series. Each maps a file to
# one value per row (NaN where undefined). Documented in docs/calibration.md.
DERIVED: dict[str, tuple[Callable[[h5py.File], np.ndarray], str]] = {
    "backbone_share": (lambda f: _teacher_weighted(f, "backbone_share"),
                       "share of teachers with a district-or-higher backbone level: "
                       "/schools/backbone_share weighted by /schools/teachers"),
    "senior_title_share": (lambda f: _teacher_weighted(f, "senior_title_share"),
                           "share of teachers with a senior or higher title, teacher-weighted"),
    "in_group_moves": (_in_group_moves,
                       "rotation departures (/events/rotations kinds 1-4) between two schools "
                       "of the same education group, per year"),
    "rotated_share_cumulative": (_rotated_share_cumulative,
                                 "distinct teachers sent on rotation at least once since the "
                                 "start (/events/rotations kinds 1-4) / teachers in post"),
    "students_in_groups": (_students_in_groups,
                           "students of schools that belong to an education group"),
    "schools_in_groups": (_schools_in_groups, "open schools that belong to an education group"),
    "groups": (_groups, "education groups (distinct /schools/info group ids)"),
    "alliances": (_alliances, "alliances (distinct /schools/info alliance ids)"),
    "balance_quality": (_balance("quality"), "/balance/verdict/quality (1 pass, 0 fail)"),
    "balance_basic": (_balance("basic"), "/balance/verdict/basic (1 pass, 0 fail)"),
    "balance_rotation": (_balance("rotation"), "/balance/verdict/rotation (1 pass, 0 fail)"),
}


def series(f: h5py.File, name: str) -> np.ndarray:
    """One value per row: /district/<name>, or a derived figure of `DERIVED`."""
    if name in DERIVED:
        return np.asarray(DERIVED[name][0](f), dtype=float)
    if f"district/{name}" in f:
        return f[f"district/{name}"][:].astype(float)
    raise KeyError(f"no /district/{name} and no derived figure '{name}'")


def known_metric(name: str, district_names: Iterable[str]) -> bool:
    """Whether `name` is a /district series (given the names of a run file) or derived."""
    return name in DERIVED or name in set(district_names)


# --- summaries ----------------------------------------------------------------------------


def summarize(values: Sequence[float], level: float = 0.90) -> dict[str, float]:
    """Mean and central `level` interval (empirical quantiles) of replicate values."""
    v = np.asarray([x for x in values if np.isfinite(x)], dtype=float)
    if v.size == 0:
        return {"mean": np.nan, "lo": np.nan, "hi": np.nan, "n": 0}
    tail = (1 - level) / 2
    return {"mean": float(v.mean()), "lo": float(np.quantile(v, tail)),
            "hi": float(np.quantile(v, 1 - tail)), "n": int(v.size)}


def seeds(n: int, base: int = 1000) -> list[int]:
    """The replicate seeds: base + 1 .. base + n (the same for every scenario, so that
    comparisons between scenarios are paired)."""
    return [base + k for k in range(1, n + 1)]


def fmt(x: float, digits: int = 3) -> str:
    """A number for a markdown table: thousands separators for large values."""
    if x is None or not np.isfinite(x):
        return "n/a"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:.0f}"
    return f"{x:.{digits}g}"

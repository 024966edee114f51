"""Replicate runs of edusim scenarios, shared by the studies (analysis/studies/: calibration,
EduEcosystem, policy comparison, validation).

A *replicate* is one run of a scenario with its own `--seed`. `run_replicates` runs a list of
(scenario, seed) jobs, at most `jobs` edusim processes at a time, each single-threaded and in
a temporary directory; it reads what the caller asks for from each file with a `reader`
function as soon as the run ends and deletes the file, so that memory and disk stay small.

Only h5py and numpy: every reader works on an open `h5py.File`. The series read from a run
(/district series and the derived figures of `DERIVED`) come from the package's one reader,
analysis/readers/derived.py, and are re-exported here for the studies.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import dataclasses
import os
import pathlib
import subprocess
import tempfile
from typing import Callable, Sequence

import h5py
import numpy as np

from ..readers.derived import DERIVED, district_series, known_metric, series  # noqa: F401

REPO = pathlib.Path(__file__).resolve().parents[2]


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
    sets: tuple[str, ...] = ()  # KEY=VALUE overrides passed as `--set` (a variant of the file)


def replicate_arguments(ap: "argparse.ArgumentParser", default_output: pathlib.Path) -> None:
    """The options every replicate-running script shares (calibration-style commands)."""
    ap.add_argument("--replicates", type=int, default=20)
    ap.add_argument("--edusim", default=None)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--years", type=int, default=None, help="override the horizon (tests)")
    ap.add_argument("-o", "--output", default=str(default_output))


class RunRefused(RuntimeError):
    """edusim refused a run's input (exit status 2): a scenario that breaks a rule."""


def run_one(edusim: pathlib.Path, job: Job, out: pathlib.Path) -> pathlib.Path:
    """Runs one replicate into `out`; raises with edusim's message if it fails (RunRefused
    when edusim refuses the input)."""
    cmd = [str(edusim), "run", str(job.scenario), "-o", str(out), "--seed", str(job.seed),
           "--threads", "1", "--quiet", "--force"]
    if job.years is not None:
        cmd += ["--years", str(job.years)]
    for kv in job.sets:
        cmd += ["--set", kv]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        error = RunRefused if done.returncode == 2 else RuntimeError
        raise error(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()}")
    return out


def run_replicates(jobs_list: Sequence[Job], reader: Callable[[h5py.File], object],
                   edusim: pathlib.Path | None = None, jobs: int = 2,
                   progress: Callable[[int, int], None] | None = None,
                   refused: dict[int, str] | None = None) -> list:
    """Runs every job (at most `jobs` at a time) and returns reader(file) for each, in order.

    A run edusim refuses raises, unless `refused` is given: then its result is None and
    refused[k] holds edusim's message (a design point whose keys break a rule across keys)."""
    edusim = find_edusim(edusim)
    results: list = [None] * len(jobs_list)
    with tempfile.TemporaryDirectory(prefix="edusim-replicates-") as tmp:
        def work(k: int):
            out = pathlib.Path(tmp) / f"run{k}.h5"
            try:
                run_one(edusim, jobs_list[k], out)
            except RunRefused as e:
                if refused is None:
                    raise
                refused[k] = str(e).split("): ", 1)[-1]
                return None
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

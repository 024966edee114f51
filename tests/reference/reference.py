"""Reference outputs: every shipped scenario, an example sweep and a small national run,
simulated for a few years with a fixed seed and kept in git (tests/reference/README.md).

    reference.py regen [--edusim BIN]                   rewrite tests/reference/outputs/
    reference.py check [--edusim BIN] [--threads N...] [--only run|sweep|national] [--splits]

`check` runs every case again and compares every dataset of the new file with the
reference: exactly (bits; NaN equals NaN) everywhere, except the datasets listed in
VOLATILE, which are measurements of the machine (seconds, bytes) and not model outputs.
A difference is printed as file, dataset, how many values moved, and the first few by
year, school (or run, county) with the old and the new value. At 2 or more threads it
also checks, from the file's `worker_threads` attribute, that more than one worker thread
executed tasks: a thread test that ran on one worker tests nothing.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

import h5py
import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
OUTPUTS = HERE / "outputs"
YEARS = "3"

# Measurements of the machine, not of the model: wall and thread seconds, memory.
VOLATILE = {"/timing/phase_seconds", "/timing/county_seconds"}


@dataclass
class Case:
    name: str  # the reference file is outputs/<name>.h5
    kind: str  # run, sweep or national
    args: list[str]  # the edusim arguments before -o
    threaded: bool = field(default=True)


def _scenario_run(name: str, path: str) -> Case:
    return Case(name, "run", ["run", path, "--years", YEARS])


CASES = [
    _scenario_run("baseline", "scenarios/baseline.yaml"),
    _scenario_run("workforce", "scenarios/workforce.yaml"),
    _scenario_run("county", "scenarios/county.yaml"),
    _scenario_run("qiaodong", "scenarios/qiaodong.yaml"),
    _scenario_run("fushun", "scenarios/fushun.yaml"),
    _scenario_run("dongcheng", "scenarios/dongcheng.yaml"),
    _scenario_run("miyun", "scenarios/miyun.yaml"),
    _scenario_run("hongqi", "scenarios/hongqi.yaml"),
    _scenario_run("qiaodong_data", "scenarios/qiaodong_data.yaml"),
    _scenario_run("eduecosystem_rotation_on", "scenarios/eduecosystem_rotation_on.yaml"),
    _scenario_run("eduecosystem_rotation_off", "scenarios/eduecosystem_rotation_off.yaml"),
    Case("policy_sweep", "sweep", ["sweep", "tests/reference/inputs/policy_sweep.yaml"]),
    Case("national", "national",
         ["national", "tests/data/national/tiny.yaml", "--counties", "6", "--years", YEARS]),
]


def edusim(binary: pathlib.Path, args: list[str], output: pathlib.Path,
           extra: list[str] = ()) -> subprocess.CompletedProcess:
    force = [] if "--resume" in extra else ["--force"]
    cmd = [str(binary), *args, "-o", str(output), "--quiet", *force, *extra]
    r = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"FAILED: {' '.join(cmd)}\n{r.stdout}{r.stderr}")
    return r


# ---------------------------------------------------------------------------------------
# Comparison


def _datasets(f: h5py.File) -> dict[str, h5py.Dataset]:
    out: dict[str, h5py.Dataset] = {}
    f.visititems(lambda name, obj: out.__setitem__("/" + name, obj)
                 if isinstance(obj, h5py.Dataset) else None)
    return out


class Labels:
    """Names for the indices of a dataset: calendar years, school names, counties."""

    def __init__(self, f: h5py.File):
        self.years = self._column(f, ["district/year", "year"])
        self.schools = self._names(f, "schools/info", "name")
        self.counties = self._names(f, "counties/info", "county")

    @staticmethod
    def _column(f, paths):
        for p in paths:
            if p in f and isinstance(f[p], h5py.Dataset) and f[p].ndim == 1:
                return f[p][()]
        return None

    @staticmethod
    def _names(f, path, field_name):
        if path in f and f[path].dtype.names and field_name in f[path].dtype.names:
            return [v.decode() if isinstance(v, bytes) else str(v) for v in f[path][field_name]]
        return None

    def describe(self, ds: h5py.Dataset, index: tuple) -> str:
        dims = ds.attrs.get("dimensions", "")
        dims = dims.decode() if isinstance(dims, bytes) else str(dims)
        names = [d.strip() for d in dims.split(",")] if dims else []
        if ds.name in ("/schools/info", "/counties/info", "/provinces/info"):
            names = [ds.name.split("/")[1].rstrip("s")]
        if len(names) != len(index):  # e.g. national series: [county, year] or [year]
            names = {1: ["year"], 2: ["row", "year"], 3: ["run", "year", "school"]}.get(
                len(index), ["i"] * len(index))
        parts = []
        for name, i in zip(names, index):
            label = str(i)
            if name == "year" and self.years is not None and i < len(self.years):
                label = f"{self.years[i]}"
            elif name == "school" and self.schools is not None and i < len(self.schools):
                label = f"{i} ({self.schools[i]})"
            parts.append(f"{name} {label}")
        return ", ".join(parts) or "scalar"


def _moved(old: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Boolean mask of the values whose bits differ (NaN equals NaN of the same bits)."""
    if old.dtype.names:  # compound: a value moved if any field moved
        mask = np.zeros(old.shape, dtype=bool)
        for name in old.dtype.names:
            mask |= _moved(old[name], new[name])
        return mask
    if old.dtype.kind in "fc":
        both_nan = np.isnan(old) & np.isnan(new)
        return ~((old == new) | both_nan)
    if old.dtype.kind == "O":
        return np.array([a != b for a, b in zip(old.ravel(), new.ravel())],
                        dtype=bool).reshape(old.shape)
    return old != new


def _fmt(v) -> str:
    if isinstance(v, (bytes, np.bytes_)):
        return v.decode()
    if isinstance(v, np.void):
        return "(" + ", ".join(_fmt(x) for x in v) + ")"
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    return str(v)


def _layout_change(old: np.ndarray, new: np.ndarray) -> str:
    if old.dtype.names and new.dtype.names:
        added = [n for n in new.dtype.names if n not in old.dtype.names]
        removed = [n for n in old.dtype.names if n not in new.dtype.names]
        if added or removed:
            return (f"columns added {added or 'none'}, removed {removed or 'none'}; "
                    f"shape {old.shape} -> {new.shape}")
    return f"shape/type {old.shape} {old.dtype} -> {new.shape} {new.dtype}"


def compare(reference: pathlib.Path, candidate: pathlib.Path, shown: int = 5) -> list[str]:
    """Every difference between two files, as readable lines (empty: identical)."""
    problems: list[str] = []
    rel = reference.relative_to(REPO) if reference.is_relative_to(REPO) else reference
    with h5py.File(reference, "r") as a, h5py.File(candidate, "r") as b:
        da, db = _datasets(a), _datasets(b)
        for path in sorted(set(da) - set(db)):
            problems.append(f"{rel}: {path} is missing from the new output")
        for path in sorted(set(db) - set(da)):
            problems.append(f"{rel}: {path} is new (not in the reference)")
        labels = Labels(a)
        for path in sorted(set(da) & set(db)):
            if path in VOLATILE:
                continue
            old, new = da[path][()], db[path][()]
            if old.shape != new.shape or old.dtype != new.dtype:
                problems.append(f"{rel}: {path}: {_layout_change(old, new)}")
                continue
            mask = _moved(np.asarray(old), np.asarray(new))
            n = int(np.count_nonzero(mask))
            if n == 0:
                continue
            lines = [f"{rel}: {path}: {n} of {mask.size} values moved"]
            for index in list(zip(*np.nonzero(mask)))[:shown] if mask.ndim else [()]:
                index = tuple(int(i) for i in index)
                lines.append(f"    {labels.describe(da[path], index)}: "
                             f"old {_fmt(old[index])}, new {_fmt(new[index])}")
            problems.append("\n".join(lines))
    return problems


def worker_threads(path: pathlib.Path) -> int | None:
    with h5py.File(path, "r") as f:
        v = f.attrs.get("worker_threads")
        return None if v is None else int(v)


# ---------------------------------------------------------------------------------------
# Commands


def regen(binary: pathlib.Path, only: str | None) -> int:
    """Rewrites the reference files whose outputs moved (or that are missing), and prints
    what moved; an unchanged output keeps its file, so git shows only deliberate moves."""
    OUTPUTS.mkdir(exist_ok=True)
    moved = 0
    with tempfile.TemporaryDirectory(prefix="edusim-reference-") as tmp_name:
        for case in CASES:
            if only and case.kind != only:
                continue
            target = OUTPUTS / f"{case.name}.h5"
            fresh = pathlib.Path(tmp_name) / f"{case.name}.h5"
            edusim(binary, case.args, fresh, ["--threads", "1"])
            problems = compare(target, fresh) if target.exists() else ["(new)"]
            if not problems:
                print(f"unchanged {target.relative_to(REPO)}")
                continue
            moved += 1
            print("\n".join(problems))
            # Contiguous and unfiltered: git's own compression packs it to a fraction.
            subprocess.run(["h5repack", "-L", "-l", "CONTI", "-f", "NONE", str(fresh),
                            str(target)], check=True)
            print(f"wrote {target.relative_to(REPO)} ({target.stat().st_size / 1024:.0f} KiB)")
    if moved:
        print(f"{moved} reference outputs moved: add a CHANGELOG.md entry naming the outputs "
              "that moved and why, and raise the version in CMakeLists.txt.")
    return 0


def _check_file(case: Case, candidate: pathlib.Path, how: str, min_workers: int) -> list[str]:
    problems = [f"[{case.name}, {how}] {p}"
                for p in compare(OUTPUTS / f"{case.name}.h5", candidate)]
    if min_workers > 1:
        seen = worker_threads(candidate)
        if seen is None or seen < 2:
            problems.append(f"[{case.name}, {how}] only {seen} worker thread(s) executed tasks: "
                            "the thread test tested nothing")
    return problems


def _kill_then_resume(binary, case, out: pathlib.Path) -> None:
    """Starts the sweep, kills it (SIGKILL) once its first part file holds finished runs,
    asserts the kill came before completion, then resumes it to the end."""
    cmd = [str(binary), *case.args, "-o", str(out), "--quiet", "--force", "--threads", "1",
           "--chunk", "1"]
    p = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parts = pathlib.Path(str(out) + ".parts")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and p.poll() is None:
        if parts.is_dir() and any(f.suffix == ".h5" for f in parts.iterdir()):
            break
        time.sleep(0.005)
    p.send_signal(signal.SIGKILL)
    status = p.wait()
    if status != -signal.SIGKILL:
        raise SystemExit(f"[{case.name}] the sweep ended ({status}) before it was killed: "
                         "the resume test tested nothing")
    if out.exists():
        raise SystemExit(f"[{case.name}] a killed sweep left {out.name} under its final name")
    edusim(binary, case.args, out, ["--resume", "--threads", "2"])


def _sweep_splits(binary, case, tmp: pathlib.Path) -> list[str]:
    """The reference sweep by 3 shards merged, by 2 MPI ranks, and killed then resumed."""
    problems = []
    shards = []
    for i in range(3):
        shard = tmp / f"shard{i}.h5"
        edusim(binary, case.args, shard, ["--shard", f"{i}/3", "--threads", "1"])
        shards.append(str(shard))
    merged = tmp / "merged.h5"
    r = subprocess.run([str(binary), "merge", *shards, "-o", str(merged), "--force"], cwd=REPO,
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"merge failed: {r.stderr}")
    problems += _check_file(case, merged, "3 shards merged", 1)
    mpirun = shutil.which("mpirun")
    if mpirun:
        mpi = tmp / "mpi.h5"
        env = dict(os.environ, OMPI_MCA_btl_vader_single_copy_mechanism="none")
        r = subprocess.run([mpirun, "-n", "2", "--allow-run-as-root", "--oversubscribe",
                            str(binary), *case.args, "-o", str(mpi), "--quiet", "--threads",
                            "1"], cwd=REPO, capture_output=True, text=True, env=env)
        if r.returncode != 0:
            raise SystemExit(f"mpirun failed: {r.stdout}{r.stderr}")
        problems += _check_file(case, mpi, "2 MPI ranks", 1)
    else:
        print("note: no mpirun; the MPI split is not checked")
    resumed = tmp / "resumed.h5"
    _kill_then_resume(binary, case, resumed)
    problems += _check_file(case, resumed, "killed, then resumed", 1)
    return problems


def check(binary: pathlib.Path, threads: list[int], only: str | None, splits: bool) -> int:
    problems: list[str] = []
    compared = 0
    with tempfile.TemporaryDirectory(prefix="edusim-reference-") as tmp_name:
        tmp = pathlib.Path(tmp_name)
        for case in CASES:
            if only and case.kind != only:
                continue
            if not (OUTPUTS / f"{case.name}.h5").exists():
                problems.append(f"[{case.name}] no reference file; run tools/regen-reference.sh")
                continue
            for t in threads:
                out = tmp / f"{case.name}-t{t}.h5"
                # oneTBB starts workers lazily: a short run on a busy machine can end before
                # one is first scheduled. Up to 5 tries, each compared, until one ran on
                # more than one worker.
                for _ in range(5):
                    edusim(binary, case.args, out, ["--threads", str(t)])
                    found = _check_file(case, out, f"{t} threads", t)
                    compared += 1
                    if not any("worker thread(s)" in p for p in found):
                        break
                problems += found
            if splits and case.kind == "sweep":
                problems += _sweep_splits(binary, case, tmp)
                compared += 3
    for p in problems:
        print(p)
    print(f"reference: {compared} outputs compared, {len(problems)} differences")
    if problems:
        print("If the change is deliberate: tools/regen-reference.sh, then a CHANGELOG.md entry "
              "naming the outputs that moved and why.")
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["regen", "check"])
    ap.add_argument("--edusim", type=pathlib.Path,
                    default=pathlib.Path(os.environ.get("EDUSIM_BIN",
                                                        REPO / "build/release/edusim")))
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--only", choices=["run", "sweep", "national"])
    ap.add_argument("--splits", action="store_true",
                    help="also the sweep by shards, MPI ranks and a resume after a kill")
    a = ap.parse_args(argv)
    if a.command == "regen":
        return regen(a.edusim.resolve(), a.only)
    return check(a.edusim.resolve(), a.threads, a.only, a.splits)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

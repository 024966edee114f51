#!/usr/bin/python3
"""The variance reduction of common random numbers on an example sweep.

    tools/crn-variance.py [SWEEP.yaml] [--edusim BIN] [--year Y]

Runs the sweep (default scenarios/sweeps/crn_example.yaml, two design points) twice, with
`common_random_numbers` on and off, and prints for a few district metrics at simulated year
Y (default the last) the effect of the second point against the first: the mean difference
and its standard error, paired (replicate r against replicate r: the SD of the differences
/ sqrt(n)) with common random numbers, independent (sqrt(s1^2/n + s2^2/n)) without, and the
ratio of the two standard errors (docs/sweeps.md).
"""
import argparse
import pathlib
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import yaml

REPO = pathlib.Path(__file__).resolve().parents[1]
METRICS = ["achievement_gap_top_bottom_quartile", "achievement_gap_urban_rural",
           "achievement_mean", "effectiveness_school_cv", "quits", "salary_bill_total"]


def run_sweep(edusim, spec: dict, crn: bool, folder: pathlib.Path, base_dir: pathlib.Path):
    spec = dict(spec, common_random_numbers=crn)
    spec["base"] = str((base_dir / spec["base"]).resolve())
    path = folder / f"crn_{crn}.yaml"
    path.write_text(yaml.safe_dump(spec))
    out = folder / f"crn_{crn}.h5"
    subprocess.run([str(edusim), "sweep", str(path), "-o", str(out), "--quiet", "--force"],
                   check=True)
    return out


def effects(path: pathlib.Path, year: int | None, paired: bool):
    with h5py.File(path, "r") as f:
        point = f["params/point"][()]
        replicate = f["params/replicate"][()]
        rows = {}
        for m in METRICS:
            if f"district/{m}" not in f:
                continue
            values = f[f"district/{m}"][()]
            y = values.shape[1] - 1 if year is None else year
            a = values[point == 0, y][np.argsort(replicate[point == 0])]
            b = values[point == 1, y][np.argsort(replicate[point == 1])]
            n = len(a)
            if paired:
                se = np.std(b - a, ddof=1) / np.sqrt(n)
            else:
                se = np.sqrt(np.var(a, ddof=1) / n + np.var(b, ddof=1) / n)
            rows[m] = (float(np.mean(b - a)), float(se), n)
        return rows


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sweep", nargs="?", default=str(REPO / "scenarios/sweeps/crn_example.yaml"))
    ap.add_argument("--edusim", default=str(REPO / "build/release/edusim"))
    ap.add_argument("--year", type=int, default=None)
    a = ap.parse_args(argv)
    sweep = pathlib.Path(a.sweep)
    spec = yaml.safe_load(sweep.read_text())
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        crn = effects(run_sweep(a.edusim, spec, True, folder, sweep.parent), a.year, True)
        ind = effects(run_sweep(a.edusim, spec, False, folder, sweep.parent), a.year, False)
    print(f"| metric | effect, CRN (paired SE) | effect, independent (SE) | SE ratio |")
    print("|---|---|---|---|")
    for m in crn:
        (e1, s1, n), (e2, s2, _) = crn[m], ind[m]
        print(f"| {m} | {e1:.4g} ({s1:.3g}) | {e2:.4g} ({s2:.3g}) | "
              f"{s2 / s1 if s1 > 0 else float('inf'):.1f}x |")
    print(f"\n{n} replicates per point; year {'last' if a.year is None else a.year}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""edusim against its numpy twin (numpy_twin.py) on the same districts, side by side.

For each size:
  1. `edusim bench --students N --set ... --write-scenario` writes the benchmark district's
     scenario with only the twin's mechanisms on (CORE_SETS below: rotation on, one way;
     leaders, teacher growth, morale, promotion, backbone recognition and group spillover
     off; every other policy is off by default);
  2. `edusim export-world` turns it into tables (schools, teachers, enrolment) and a full
     scenario.yaml: the twin's inputs, the same schools and teachers edusim generates;
  3. edusim: `edusim bench` on that scenario, --threads 1 (and 2), timing the year loop:
     demography, school strength, rotation, progression, hiring, class assignment,
     learning, the phases that are switched off (each returns at once), and edusim's full
     yearly metrics (about 100 figures, Gini and Theil included);
  4. the twin: the same years on the exported tables, timing its year loop (the same seven
     phases and four yearly metrics). Loading or generating the district is timed by
     neither.

Prints student-years per second of each and the ratio, and writes CSV and markdown.
Usage: compare_twin.py [--edusim BIN] [--sizes 1e5,1e6] [--years 10] [--threads 1,2]
                       [--csv FILE] [--markdown FILE]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import numpy_twin  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[2]
CORE_SETS = [
    "rotation.enabled=true", "rotation.exchange=one_way",
    "leaders.enabled=false", "growth.enabled=false", "morale.enabled=false",
    "promotion.enabled=false", "backbone.enabled=false", "group_spillover.enabled=false",
]


def sets_args():
    return [a for s in CORE_SETS for a in ("--set", s)]


def edusim_bench(binary, students, years, threads, seed):
    out = subprocess.run(
        [binary, "bench", "--students", str(students), "--years", str(years), "--threads",
         str(threads), "--seed", str(seed), "--triad-mib", "0", "--format", "json",
         *sets_args()], check=True, capture_output=True, text=True).stdout
    return json.loads(out)[0]


def export_district(binary, students, years, seed, folder):
    scenario = folder / "bench.yaml"
    subprocess.run([binary, "bench", "--students", str(students), "--years", str(years),
                    "--seed", str(seed), "--write-scenario", str(scenario), *sets_args()],
                   check=True)
    subprocess.run([binary, "export-world", str(scenario), "-o", str(folder / "world"),
                    "--force"], check=True, capture_output=True)
    return folder / "world"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edusim", default=os.environ.get(
        "EDUSIM_BIN", str(REPO / "build" / "release" / "edusim")))
    ap.add_argument("--sizes", default="1e5,1e6")
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--threads", default="1,2", help="edusim thread counts")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--csv", help="write the rows as CSV")
    ap.add_argument("--markdown", help="write the rows as a markdown table")
    a = ap.parse_args()
    rows = []
    for size in [int(float(s)) for s in a.sizes.split(",")]:
        with tempfile.TemporaryDirectory(prefix="edusim-twin-") as tmp:
            world = export_district(a.edusim, size, a.years, a.seed, pathlib.Path(tmp))
            twin = numpy_twin.run_twin(world, a.years, a.seed)
        for threads in [int(t) for t in a.threads.split(",")]:
            ours = edusim_bench(a.edusim, size, a.years, threads, a.seed)
            no_metrics = ours["seconds_per_year"] - ours["metrics_s"]
            row = {
                "students": int(ours["students"]), "years": a.years, "edusim_threads": threads,
                "edusim_s_per_year": ours["seconds_per_year"],
                "edusim_student_years_per_s": ours["student_years_per_s"],
                "edusim_s_per_year_without_metrics": no_metrics,
                "twin_students": twin["students"],
                "twin_s_per_year": twin["seconds_per_year"],
                "twin_student_years_per_s": twin["student_years_per_s"],
                "ratio": ours["student_years_per_s"] / twin["student_years_per_s"],
                "ratio_without_edusim_metrics":
                    twin["seconds_per_year"] / no_metrics
                    * ours["students"] / twin["students"],
            }
            rows.append(row)
            print(f"{row['students']:>10} students, edusim {threads} thread(s): "
                  f"{row['edusim_student_years_per_s'] / 1e6:8.2f} M student-years/s; twin "
                  f"{row['twin_student_years_per_s'] / 1e6:6.2f} M/s; ratio {row['ratio']:.1f}x "
                  f"({row['ratio_without_edusim_metrics']:.1f}x without edusim's metrics)",
                  flush=True)
    if a.csv:
        with open(a.csv, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    if a.markdown:
        lines = ["| students | edusim threads | edusim s/year | edusim M student-years/s | "
                 "numpy twin s/year | numpy twin M student-years/s | ratio | ratio without "
                 "edusim's metrics |", "|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in rows:
            lines.append(
                f"| {r['students']:,} | {r['edusim_threads']} | {r['edusim_s_per_year']:.4f} | "
                f"{r['edusim_student_years_per_s'] / 1e6:.1f} | {r['twin_s_per_year']:.3f} | "
                f"{r['twin_student_years_per_s'] / 1e6:.2f} | {r['ratio']:.1f}x | "
                f"{r['ratio_without_edusim_metrics']:.1f}x |")
        pathlib.Path(a.markdown).write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

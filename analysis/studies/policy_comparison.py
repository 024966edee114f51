"""Policy comparison: the baseline county and every seed scenario, with replicates.

    /usr/bin/python3 -m analysis.policy_comparison [--replicates 20] [--edusim PATH] [-o docs/policy-comparison.md]

Runs scenarios/baseline.yaml and the five seed scenarios (qiaodong, fushun, dongcheng, miyun,
hongqi), each with N replicate seeds over its full horizon, and, for each seed scenario, its
no-policy counterfactual: the same district with every policy of the scenario switched off
(`counterfactual` below). Writes a markdown report and a CSV beside it: the gap metrics at
years 5 and 10, the national balance verdicts, turnover and cost of each scenario, and the
effect of each district's policy mix against its counterfactual (paired by seed).
"""
from __future__ import annotations

import argparse
import copy
import csv
import pathlib
import sys
import tempfile
import time
import warnings

import numpy as np
import yaml

from . import provenance
from . import replicates as R

SCENARIOS = {
    "baseline": "scenarios/baseline.yaml",
    "qiaodong": "scenarios/qiaodong.yaml",
    "fushun": "scenarios/fushun.yaml",
    "dongcheng": "scenarios/dongcheng.yaml",
    "miyun": "scenarios/miyun.yaml",
    "hongqi": "scenarios/hongqi.yaml",
}
GAPS = ("achievement_gap_top_bottom_quartile", "achievement_gap_urban_rural",
        "achievement_between_school_share", "achievement_gini", "effectiveness_school_cv")
SERIES = GAPS + ("students", "teachers", "turnover_rate", "quit_rate", "achievement_mean",
                 "salary_bill_total", "allowance_cost", "salary_bill_uplift", "housing_cost",
                 "training_cost", "facilities_investment", "group_evaluation_reward",
                 "rotations", "balance_quality", "balance_basic", "balance_rotation")
# Yearly spending on the policies themselves (the salary bill also holds base salaries).
POLICY_COSTS = ("allowance_cost", "salary_bill_uplift", "housing_cost", "training_cost",
                "facilities_investment", "group_evaluation_reward")
YEARS = (5, 10)

# Sections whose `enabled` switch turns a policy off.
POLICY_SWITCHES = ("rotation", "leader_rotation", "low_title_high_hire", "mentoring",
                   "online_classroom", "subject_guidance", "part_time_exchange", "training",
                   "group_evaluation", "shadow_posts", "facilities_investment")


def counterfactual(scenario: dict) -> dict:
    """The same district without its policies: every policy switch off, no allowances or
    housing, no groups or alliances (and no spillover, which also silences groups read from
    tables), no closures or new places, need-based hiring without interns, school title pools
    and no rural-service rule. Kept: the district, enrolment, drift, demography (the calibrated
    attrition), school strength classes, pay scales and backbone targets."""
    s = copy.deepcopy(scenario)
    for section in POLICY_SWITCHES:
        if section in s:
            s[section]["enabled"] = False
    pay = s.setdefault("pay", {})
    pay["zone_allowance"] = {"urban": 0, "town": 0, "rural": 0}
    pay["rotation_allowance"] = 0
    s["housing"] = {"units_per_rural_school": 0}
    s.pop("structure", None)
    s.setdefault("group_spillover", {})["enabled"] = False
    s.pop("consolidation", None)
    if "drift" in s:
        s["drift"].pop("capacity_expansion", None)
    hiring = s.setdefault("hiring", {})
    hiring["placement"] = "need"
    hiring.pop("interns", None)
    promotion = s.setdefault("promotion", {})
    promotion["pool"] = "school"
    promotion["senior_service_years"] = 0
    return s


def read(f) -> dict:
    return R.district_series(f, SERIES)


def _at(runs: list[dict], name: str, row: int) -> np.ndarray:
    return np.array([r[name][row] if row < len(r[name]) else np.nan for r in runs])


def _over(runs: list[dict], name: str) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.array([np.nanmean(r[name][1:]) for r in runs])


def policy_cost(runs: list[dict]) -> np.ndarray:
    return np.sum([_over(runs, c) for c in POLICY_COSTS], axis=0)


def summary_row(name: str, runs: list[dict]) -> dict:
    row = {"scenario": name, "students": np.mean(_at(runs, "students", 0)),
           "teachers": np.mean(_at(runs, "teachers", 0))}
    for y in YEARS:
        for g in GAPS:
            row[f"{g}_y{y}"] = R.summarize(_at(runs, g, y))
        row[f"quality_y{y}"] = float(np.nanmean(_at(runs, "balance_quality", y)))
        row[f"basic_y{y}"] = float(np.nanmean(_at(runs, "balance_basic", y)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # no rotation: the verdict is NaN
        row["rotation_verdict"] = float(np.nanmean(_over(runs, "balance_rotation")))
    row["turnover"] = R.summarize(_over(runs, "turnover_rate"))
    students = _over(runs, "students")
    row["cost_per_student"] = R.summarize(_over(runs, "salary_bill_total") / students)
    row["policy_cost"] = R.summarize(policy_cost(runs))
    row["policy_cost_per_student"] = R.summarize(policy_cost(runs) / students)
    row["achievement_mean_y10"] = R.summarize(_at(runs, "achievement_mean", 10))
    return row


def effect_row(name: str, on: list[dict], off: list[dict]) -> dict:
    """Policy minus counterfactual, paired by seed: mean and 90% interval of the differences."""
    row = {"scenario": name}
    for y in YEARS:
        for g in ("achievement_gap_top_bottom_quartile", "achievement_gap_urban_rural",
                  "effectiveness_school_cv", "achievement_mean"):
            row[f"{g}_y{y}"] = R.summarize(_at(on, g, y) - _at(off, g, y))
    row["turnover"] = R.summarize(_over(on, "turnover_rate") - _over(off, "turnover_rate"))
    row["cost_per_student"] = R.summarize(
        _over(on, "salary_bill_total") / _over(on, "students")
        - _over(off, "salary_bill_total") / _over(off, "students"))
    return row


def _ci(s: dict, digits: int = 3, scale: float = 1.0) -> str:
    if not np.isfinite(s["mean"]):
        return "n/a"
    return (f"{scale * s['mean']:+.{digits}f} [{scale * s['lo']:+.{digits}f}, "
            f"{scale * s['hi']:+.{digits}f}]")


def _m(s: dict, digits: int = 3) -> str:
    return "n/a" if not np.isfinite(s["mean"]) else f"{s['mean']:.{digits}f}"


def _share(x: float) -> str:
    return "n/a" if not np.isfinite(x) else f"{100 * x:.0f}%"


def markdown(summaries: list[dict], effects: list[dict], meta: dict) -> str:
    out = [
        "# Policy comparison: the baseline county and the seed districts",
        "",
        "**Generated** by `analysis/policy_comparison.py`; regenerate with "
        "`/usr/bin/python3 -m analysis.policy_comparison --replicates 20` (writes this file "
        "and `policy-comparison.csv`).",
        "",
        f"Run: {meta['replicates']} replicates per scenario (seeds {meta['seeds']}, the same for "
        f"every scenario), each scenario's full horizon (10 years), edusim {meta['engine']}; "
        f"{meta['runs']} runs in {meta['seconds']:.0f} s.",
        "",
        "The six scenarios are different districts (docs/seed-scenarios.md), so the first two "
        "tables describe each district under its own policy mix and are not a ranking of "
        "policies. The third table is the comparison that isolates policy: each seed district "
        "against its **no-policy counterfactual**, the same district and seeds with every policy "
        "of the scenario off (rotation, cadre rotation, low-title high-hire, mentoring, online "
        "classrooms, subject guidance, part-time exchange, training, group evaluation, "
        "allowances, housing, groups and alliances with their spillover, closures, new places, "
        "hiring rules and interns, county title pools; kept: the district, its enrolment, "
        "drift, attrition and pay scales). Qiaodong's groups and alliances come from its "
        "tables and stay in the counterfactual, but without spillover and rotation they do "
        "nothing; so do the tables' 198 low-title high-hire posts (with the policy off the "
        "posts are left as they are), which is why the counterfactual still spends on uplift.",
        "",
        "Values are means over the replicates; brackets give the central 90% of replicates (of "
        "the paired differences in the third table). Gaps in SD of achievement; *year 5* and "
        "*year 10* are rows 5 and 10 (simulated years). Balance: the share of replicates whose "
        "district passes the national quality-balanced (优质均衡) and basic-balanced (基本均衡) "
        "resource standards that year, and the share of years meeting the rotation criterion "
        "(at least 10% of the eligible, backbone at least 20%; `/balance/verdict/*`, "
        "docs/output-schema.md). Turnover: mean yearly (retirements + quits) / teachers over "
        "years 1-10. Cost: the mean yearly salary bill (base, uplift, allowances, housing) per "
        "student, and the policies' own yearly spending (allowances, uplift, housing, "
        "training, facilities, group rewards).",
        "",
        "## Gaps",
        "",
        "| scenario | students | teachers | top-bottom quartile gap, y5 | y10 | urban-rural gap, "
        "y5 | y10 | between-school share, y10 | Gini, y10 | teacher-quality CV, y10 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for s in summaries:
        g = "achievement_gap_top_bottom_quartile"
        u = "achievement_gap_urban_rural"
        out.append(
            f"| {s['scenario']} | {s['students']:,.0f} | {s['teachers']:,.0f} | "
            f"{_m(s[f'{g}_y5'])} | {_m(s[f'{g}_y10'])} | {_m(s[f'{u}_y5'])} | "
            f"{_m(s[f'{u}_y10'])} | {_m(s['achievement_between_school_share_y10'])} | "
            f"{_m(s['achievement_gini_y10'], 4)} | {_m(s['effectiveness_school_cv_y10'])} |")
    out += ["", "Urban-rural gap n/a: the district has no rural school (Dongcheng) or none "
            "left open.", "",
            "## Balance, turnover and cost", "",
            "| scenario | quality-balanced y5 | y10 | basic-balanced y5 | y10 | rotation criterion "
            "met | turnover | salary bill per student (yuan/yr) | policy spending (million "
            "yuan/yr) | per student |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for s in summaries:
        out.append(
            f"| {s['scenario']} | {_share(s['quality_y5'])} | {_share(s['quality_y10'])} | "
            f"{_share(s['basic_y5'])} | {_share(s['basic_y10'])} | "
            f"{_share(s['rotation_verdict'])} | {100 * s['turnover']['mean']:.2f}% | "
            f"{s['cost_per_student']['mean']:,.0f} | {s['policy_cost']['mean'] / 1e6:.1f} | "
            f"{s['policy_cost_per_student']['mean']:,.0f} |")
    out += ["", "## Each district's policy mix against its no-policy counterfactual", "",
            "| district | top-bottom gap, y5 | y10 | urban-rural gap, y5 | y10 | teacher-quality "
            "CV, y10 | mean achievement, y10 | turnover (points) | salary bill per student "
            "(yuan/yr) |",
            "|---|---|---|---|---|---|---|---|---|"]
    for e in effects:
        out.append(
            f"| {e['scenario']} | {_ci(e['achievement_gap_top_bottom_quartile_y5'])} | "
            f"{_ci(e['achievement_gap_top_bottom_quartile_y10'])} | "
            f"{_ci(e['achievement_gap_urban_rural_y5'])} | "
            f"{_ci(e['achievement_gap_urban_rural_y10'])} | "
            f"{_ci(e['effectiveness_school_cv_y10'])} | {_ci(e['achievement_mean_y10'])} | "
            f"{_ci(e['turnover'], 2, 100)} | {_ci(e['cost_per_student'], 0)} |")
    out += ["", "Negative gap differences mean the policy mix narrows the gap. Each district's "
            "policies are listed in docs/seed-scenarios.md; the counterfactual switches all of "
            "them off at once, so these are the effects of the whole mix, not of one policy.",
            ""]
    return "\n".join(out) + "\n"


def write_csv(summaries: list[dict], effects: list[dict], path: pathlib.Path) -> None:
    rows = []
    for kind, items in (("scenario", summaries), ("effect_vs_counterfactual", effects)):
        for item in items:
            flat = {"table": kind, "scenario": item["scenario"]}
            for k, v in item.items():
                if isinstance(v, dict):
                    flat[f"{k}_mean"], flat[f"{k}_lo"], flat[f"{k}_hi"] = v["mean"], v["lo"], v["hi"]
                elif k != "scenario":
                    flat[k] = v
            rows.append(flat)
    fields = list(dict.fromkeys(k for r in rows for k in r))
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        for r in rows:
            w.writerow({k: (f"{v:.6g}" if isinstance(v, float) else v) for k, v in r.items()})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    R.replicate_arguments(ap, R.REPO / "docs" / "policy-comparison.md")
    args = ap.parse_args(argv)

    edusim = R.find_edusim(args.edusim)
    # Refused before any run when it would publish into docs/ from an uncommitted tree.
    stamp = provenance.study_stamp(edusim, pathlib.Path(args.output))
    start = time.time()
    seeds = R.seeds(args.replicates)
    with tempfile.TemporaryDirectory(prefix="edusim-policy-") as tmp:
        files = {name: R.REPO / path for name, path in SCENARIOS.items()}
        for name, path in SCENARIOS.items():
            if name == "baseline":
                continue
            # Table paths resolve against the scenario file's directory; the counterfactual is
            # written to a temporary directory, so they are made absolute.
            s = yaml.safe_load((R.REPO / path).read_text(encoding="utf-8"))
            data = s.get("district", {}).get("from_data")
            if data:
                for key in ("schools", "teachers", "enrolment"):
                    data[key] = str((R.REPO / path).parent / data[key])
            cf = pathlib.Path(tmp) / f"{name}_counterfactual.yaml"
            cf.write_text(yaml.safe_dump(counterfactual(s), allow_unicode=True), encoding="utf-8")
            files[f"{name} (no policy)"] = cf
        jobs = [R.Job(p, s, args.years, key) for key, p in files.items() for s in seeds]
        results = R.run_replicates(jobs, read, edusim=edusim, jobs=args.jobs)
    runs = R.by_tag(jobs, results)
    summaries = [summary_row(name, runs[name]) for name in runs]
    effects = [effect_row(name, runs[name], runs[f"{name} (no policy)"])
               for name in SCENARIOS if name != "baseline"]
    meta = {"replicates": args.replicates, "seeds": f"{seeds[0]}-{seeds[-1]}",
            "engine": R.engine_version(edusim), "runs": len(jobs),
            "seconds": time.time() - start}
    out = pathlib.Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(stamp + "\n" + markdown(summaries, effects, meta), encoding="utf-8")
    write_csv(summaries, effects, out.with_suffix(".csv"))
    print(f"wrote {out} and {out.with_suffix('.csv')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

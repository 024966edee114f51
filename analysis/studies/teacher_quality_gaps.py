"""Teacher-quality gaps: the Goldhaber et al. (2023) experiment as a standing study.

    /usr/bin/python3 -m analysis.teacher_quality_gaps [--replicates 20] [--years 15]
        [--edusim PATH] [-o docs/teacher-quality-gaps.md]

In a county whose teacher-quality gap comes from teachers' own choices (the baseline county,
scenarios/baseline.yaml, with no equity policy: voluntary transfers move teachers up toward
town, urban and stronger schools, rural posts lose more teachers to quits, and a school's pull
shifts the talent of the teachers it hires), it measures the student-weighted exposure gap in
class-teacher effectiveness and experience between rural students and the rest and between
low-SES students (the bottom quartile of SES) and the rest. From the spun-up status quo it then
equalises, from year 1 on, hiring, mobility and attrition between advantaged and disadvantaged
schools, alone and combined, and reports the years until each gap closes, with 95% bootstrap
intervals over paired replicates (common random numbers).

Every replicate is one seed. The status quo runs first (its own spin-up) and stores snapshots
of the world at the end of every year; each equalised scenario starts from the status quo's
year-0 snapshot with the same seed, so every scenario of a replicate starts from the same
world and draws the same random numbers. Exposure is read from the snapshots: each student's
class teacher (the teacher of the student's class that year) gives its effectiveness and
years of experience.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import copy
import csv
import pathlib
import subprocess
import sys
import tempfile
import time
import warnings

import h5py
import numpy as np
import yaml

from . import provenance
from . import replicates as R

BASE = R.REPO / "scenarios" / "baseline.yaml"
FIGURE = "teacher_quality_gaps"
ZONES = ("urban", "town", "rural")  # zone codes 0, 1, 2 (sim/model/param_types.hpp)
RURAL = 2
LOW_SES_QUANTILE = 0.25
CLOSED_SHARE = 0.10  # a gap is closed when it is at most this share of its start
HALVED_SHARE = 0.50
BOOTSTRAP = 2000
BOOTSTRAP_SEED = 20230
DEFAULT_YEARS = 15
# Goldhaber et al. (2023): hiring and mobility together close the gaps within about 5
# years, hiring alone within about 10; attrition alone does little.
GOLDHABER_YEARS = {"hiring + mobility": 5, "hiring": 10}
TOLERANCE_YEARS = 1  # "about N years": edusim's estimate at most N + 1
# US teacher attrition and mobility for comparison (MODEL.md section 7).
US_LEAVE, US_MOVE = 7.7, 8.1
US_SOURCE = "NCES 2014-077, Teacher Follow-up Survey 2012-13"
LITTLE = 0.25  # "does little": removes less than a quarter of the start gap by year 10

# The status quo: the baseline county with voluntary transfers upward, need-based hiring
# (the spin-up's rule) and the district's school pull. Written out so that the experiment
# does not move when a default does.
STATUS_QUO = {
    "transfers": {"enabled": True, "destination": "upward"},
    "hiring": {"placement": "need", "school_pull": 1.0},
}
# The three equalisations, each a set of overrides on the status quo, applied from year 1.
LEVERS = ("hiring", "mobility", "attrition")
SCENARIOS = {
    "status quo": (),
    "hiring": ("hiring",),
    "mobility": ("mobility",),
    "attrition": ("attrition",),
    "hiring + mobility": ("hiring", "mobility"),
    "all three": ("hiring", "mobility", "attrition"),
}
GAPS = {  # name: (group, measure, unit)
    "effectiveness, rural": ("rural", "effectiveness", "SD"),
    "experience, rural": ("rural", "experience", "years"),
    "effectiveness, low SES": ("low_ses", "effectiveness", "SD"),
    "experience, low SES": ("low_ses", "experience", "years"),
}
FLOWS = ("transfers", "transfers_rural_to_town_urban", "quit_rate_urban", "quit_rate_town",
         "quit_rate_rural", "hires", "teachers")


# --- scenarios ---------------------------------------------------------------------------


def _merge(into: dict, over: dict) -> dict:
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v)
        else:
            into[k] = copy.deepcopy(v)
    return into


def status_quo(base: dict) -> dict:
    return _merge(copy.deepcopy(base), STATUS_QUO)


def zone_teacher_shares(snapshot: dict) -> np.ndarray:
    """Share of the regular and temporary teachers teaching in each zone (urban, town, rural)."""
    zone = snapshot["school_zone"][snapshot["teacher_school"]]
    counts = np.bincount(zone, minlength=3).astype(float)
    return counts / counts.sum()


def lever_overrides(lever: str, sq: dict, shares: np.ndarray,
                    quit_rates: np.ndarray | None = None) -> dict:
    """The keys that equalise one lever between the zones, from year 1.

    hiring: a hire's talent no longer depends on the school (hiring.school_pull 0).
    mobility: transfers go to any school of the level in proportion to its vacancies
    (transfers.destination any), and the application rate is the same in every zone: the
    teacher-weighted mean of the status quo's zone multipliers, so the county-wide rate stays.
    attrition: the quit hazard's zone multiplier m_z becomes m_z * Q / Q_z, with Q_z the
    status quo's quit rate of zone z (`quit_rates`, urban, town, rural) and Q their
    teacher-weighted mean: at the status quo's morale and burnout every zone would lose the
    county-wide share of its teachers. Without usable rates (a zone without quits), one
    multiplier for every zone, the teacher-weighted mean of the status quo's.
    """
    if lever == "hiring":
        return {"hiring": {"school_pull": 0.0}}
    if lever == "mobility":
        zm = _zone_values(sq.get("transfers", {}).get("zone_multiplier"),
                          TRANSFER_ZONE_DEFAULT)
        m = float(np.dot(shares, zm))
        return {"transfers": {"destination": "any",
                              "zone_multiplier": {z: m for z in ZONES}}}
    if lever == "attrition":
        qm = _zone_values(sq.get("demography", {}).get("quit_zone_multiplier"),
                          QUIT_ZONE_DEFAULT)
        q = None if quit_rates is None else np.asarray(quit_rates, dtype=float)
        if q is not None and np.all(np.isfinite(q)) and np.all(q > 0):
            m = np.minimum(qm * float(np.dot(shares, q)) / q, MAX_ZONE_MULTIPLIER)
        else:
            m = np.full(3, float(np.dot(shares, qm)))
        return {"demography": {"quit_zone_multiplier": {z: float(v) for z, v in zip(ZONES, m)}}}
    raise KeyError(lever)


# The defaults of the two zone multipliers (docs/scenario-reference.md), used when the base
# scenario does not set them; checked against `edusim schema` by the test.
TRANSFER_ZONE_DEFAULT = (0.25, 0.5, 1.0)
QUIT_ZONE_DEFAULT = (1.0, 1.2, 1.5)
SPIN_UP_DEFAULT = 40  # run.spin_up_years
MAX_ZONE_MULTIPLIER = 20.0  # the schema's upper bound of demography.quit_zone_multiplier


def _zone_values(given, default) -> np.ndarray:
    v = dict(zip(ZONES, default))
    if isinstance(given, dict):
        v.update({k: float(x) for k, x in given.items()})
    return np.array([v[z] for z in ZONES], dtype=float)


def describe_county(base: dict, path: str) -> dict:
    """The county's schools and school pulls, in words, from its scenario."""
    types = base.get("district", {}).get("schools", [])
    n = sum(int(t.get("count", 1)) for t in types)
    def label(t: dict) -> str:
        return t.get("name") or f"{t.get('zone', '')} {t.get('level', '')}"

    kinds = ", ".join(f"{t.get('count', 1)} {label(t)} ({t.get('zone')})" for t in types)
    pulls = ", ".join(f"{float(t.get('effectiveness_shift', 0)):+.2f} SD for the {label(t)}"
                      for t in types if float(t.get("effectiveness_shift", 0)) != 0) or "none"
    quit = _zone_values(base.get("demography", {}).get("quit_zone_multiplier"),
                        QUIT_ZONE_DEFAULT)
    return {"path": path, "schools": n, "kinds": kinds, "pulls": pulls,
            "name": base.get("district", {}).get("name", ""),
            "quit": ", ".join(f"{q:g}" for q in quit),
            "spin_up": base.get("run", {}).get("spin_up_years", SPIN_UP_DEFAULT)}


def branch(sq: dict, levers, snapshot_file: pathlib.Path, start_year: int,
           shares: np.ndarray, quit_rates: np.ndarray | None = None) -> dict:
    """The status quo continued from its year-0 snapshot with `levers` equalised."""
    s = copy.deepcopy(sq)
    s["district"] = {"from_snapshot": str(snapshot_file), "snapshot_year": int(start_year)}
    for lever in levers:
        _merge(s, lever_overrides(lever, sq, shares, quit_rates))
    return s


def zone_quit_rates(run: dict) -> np.ndarray:
    """Mean yearly quit rate of each zone's schools (urban, town, rural) over years 1.."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.array([np.nanmean(run["flows"].get(f"quit_rate_{z}", np.full(2, np.nan))[1:])
                         for z in ZONES])


# --- exposure ----------------------------------------------------------------------------


def read_snapshot(f: h5py.File, calendar_year: int) -> dict:
    g = f[f"snapshots/{calendar_year}"]
    return {
        "school_zone": g["schools/zone"][:].astype(int),
        "teacher_school": g["teachers/school"][:].astype(int),
        "teacher_effectiveness": g["teachers/effectiveness"][:].astype(float),
        "teacher_experience": g["teachers/experience"][:].astype(float),
        "class_school": g["classes/school"][:].astype(int),
        "class_teacher": g["classes/class_teacher"][:].astype(int),
        "student_begin": g["classes/student_begin"][:].astype(np.int64),
        "student_ses": g["students/ses"][:].astype(float),
    }


def exposure_gaps(snap: dict) -> dict[str, float]:
    """Student-weighted exposure gaps of one year: the mean over the other students minus the
    mean over the group, of the effectiveness (SD) and the experience (years) of each
    student's class teacher. Positive: the group is taught by less effective or less
    experienced teachers. Students of a class without a teacher are left out."""
    sizes = np.diff(snap["student_begin"])
    cls = np.repeat(np.arange(len(sizes)), sizes)
    teacher = snap["class_teacher"][cls]
    taught = teacher >= 0
    ses = snap["student_ses"][: len(cls)]
    groups = {
        "rural": snap["school_zone"][snap["class_school"][cls]] == RURAL,
        "low_ses": ses < np.quantile(ses, LOW_SES_QUANTILE),
    }
    values = {"effectiveness": snap["teacher_effectiveness"], "experience":
              snap["teacher_experience"]}
    out = {}
    for name, (group, measure, _) in GAPS.items():
        x = values[measure][teacher[taught]]
        g = groups[group][taught]
        out[name] = float(x[~g].mean() - x[g].mean()) if g.any() and (~g).any() else np.nan
    return out


def read_run(path: pathlib.Path, years: list[int]) -> dict:
    """Gaps per simulated year (rows of `years`, calendar years with a snapshot) and flows."""
    with h5py.File(path, "r") as f:
        if f.attrs.get("complete") != 1:
            raise RuntimeError(f"{path}: incomplete run file")
        gaps = {name: np.full(len(years), np.nan) for name in GAPS}
        shares = None
        for k, cy in enumerate(years):
            if f"snapshots/{cy}" not in f:
                continue
            snap = read_snapshot(f, cy)
            if shares is None:
                shares = zone_teacher_shares(snap)
            for name, v in exposure_gaps(snap).items():
                gaps[name][k] = v
        flows = {n: f[f"district/{n}"][:].astype(float) for n in FLOWS if f"district/{n}" in f}
    return {"gaps": gaps, "flows": flows, "shares": shares}


# --- running -----------------------------------------------------------------------------


def _run(edusim: pathlib.Path, scenario: pathlib.Path, out: pathlib.Path, seed: int, years: int,
         snapshots: list[str]) -> None:
    cmd = [str(edusim), "run", str(scenario), "-o", str(out), "--seed", str(seed), "--years",
           str(years), "--threads", "1", "--quiet", "--force"]
    for s in snapshots:
        cmd += ["--snapshot-at", s]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()}")


def run_study(edusim: pathlib.Path, base: dict, seeds: list[int], years: int, jobs: int = 2,
              scenarios: dict | None = None) -> dict:
    """Runs every scenario for every seed; returns {scenario: [read_run result per seed]}."""
    scenarios = scenarios or SCENARIOS
    sq = status_quo(base)
    start = int(sq.get("run", {}).get("start_year", 2024))
    calendar = [start + k for k in range(years + 1)]
    results: dict[str, list] = {name: [None] * len(seeds) for name in scenarios}
    with tempfile.TemporaryDirectory(prefix="edusim-tqg-") as tmp:
        tmp = pathlib.Path(tmp)
        sq_file = tmp / "status_quo.yaml"
        sq_file.write_text(yaml.safe_dump(sq, allow_unicode=True), encoding="utf-8")

        def first(k: int):
            out = tmp / f"sq_{k}.h5"
            _run(edusim, sq_file, out, seeds[k], years, [f"+{y}" for y in range(years + 1)])
            return out

        def second(name: str, k: int, sq_out: pathlib.Path, sq_run: dict):
            path = tmp / f"{name.replace(' ', '').replace('+', '_')}_{k}"
            scen = path.with_suffix(".yaml")
            b = branch(sq, scenarios[name], sq_out, start, sq_run["shares"],
                       zone_quit_rates(sq_run))
            scen.write_text(yaml.safe_dump(b, allow_unicode=True), encoding="utf-8")
            out = path.with_suffix(".h5")
            _run(edusim, scen, out, seeds[k], years, [f"+{y}" for y in range(1, years + 1)])
            try:
                return read_run(out, calendar)
            finally:
                out.unlink(missing_ok=True)

        with cf.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            sq_files = list(pool.map(first, range(len(seeds))))
            for k, out in enumerate(sq_files):
                results["status quo"][k] = read_run(out, calendar)
            futures = {}
            for k, out in enumerate(sq_files):
                for name in scenarios:
                    if name != "status quo":
                        futures[pool.submit(second, name, k, out,
                                            results["status quo"][k])] = (name, k)
            for fut in cf.as_completed(futures):
                name, k = futures[fut]
                results[name][k] = fut.result()
    # The branches start from the status quo's year 0: their row 0 is its row 0.
    for name, runs in results.items():
        for k, r in enumerate(runs):
            for g in GAPS:
                r["gaps"][g][0] = results["status quo"][k]["gaps"][g][0]
    return results


# --- summaries ---------------------------------------------------------------------------


def gap_matrix(runs: list[dict], gap: str) -> np.ndarray:
    """[replicate, year] of one gap."""
    return np.array([r["gaps"][gap] for r in runs], dtype=float)


def first_closed(mean: np.ndarray, start: float, share: float = CLOSED_SHARE) -> float:
    """First year t >= 1 whose mean gap is at most `share` of the start gap (inf: none)."""
    if not np.isfinite(start) or start <= 0:
        return np.nan
    hit = np.nonzero(mean[1:] <= share * start)[0]
    return float(hit[0] + 1) if hit.size else np.inf


def years_to_close(m: np.ndarray, rng: np.random.Generator, draws: int = BOOTSTRAP,
                   share: float = CLOSED_SHARE) -> dict:
    """Years until the mean gap falls to `share` of its start, with a 95% bootstrap interval
    over replicates (the replicate seeds resampled with replacement; each resample's mean path
    and start gap)."""
    point = first_closed(m.mean(axis=0), m[:, 0].mean(), share)
    boots = np.empty(draws)
    n = m.shape[0]
    for b in range(draws):
        pick = m[rng.integers(0, n, n)]
        boots[b] = first_closed(pick.mean(axis=0), pick[:, 0].mean(), share)
    defined = boots[~np.isnan(boots)]
    if not defined.size:
        return {"years": point, "lo": np.nan, "hi": np.nan, "share_closed": np.nan}
    # Not closed within the horizon ranks above every year; the interval's ends are years
    # the resamples reached (the lower and the higher order statistic).
    never = float(m.shape[1])
    ranked = np.where(np.isinf(defined), never, defined)
    lo = float(np.quantile(ranked, 0.025, method="lower"))
    hi = float(np.quantile(ranked, 0.975, method="higher"))
    return {"years": point, "lo": np.inf if lo >= never else lo,
            "hi": np.inf if hi >= never else hi,
            "share_closed": float(np.mean(np.isfinite(defined)))}


def share_of_start(m: np.ndarray, year: int, rng: np.random.Generator,
                   draws: int = BOOTSTRAP) -> dict:
    """Mean gap at `year` as a share of the mean start gap, with a 95% bootstrap interval."""
    if year >= m.shape[1]:
        return {"mean": np.nan, "lo": np.nan, "hi": np.nan}
    ratio = lambda x: x[:, year].mean() / x[:, 0].mean()  # noqa: E731
    n = m.shape[0]
    boots = np.array([ratio(m[rng.integers(0, n, n)]) for _ in range(draws)])
    lo, hi = np.quantile(boots, [0.025, 0.975])
    return {"mean": float(ratio(m)), "lo": float(lo), "hi": float(hi)}


def paired_effect(m: np.ndarray, sq: np.ndarray, year: int) -> dict:
    """The scenario's gap minus the status quo's at `year`, as a share of the start gap:
    mean and 95% Student-t interval of the paired differences (per replicate)."""
    from scipy import stats
    if year >= m.shape[1]:
        return {"mean": np.nan, "lo": np.nan, "hi": np.nan}
    d = (m[:, year] - sq[:, year]) / m[:, 0].mean()
    half = (stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
            if len(d) > 1 else np.nan)
    return {"mean": float(d.mean()), "lo": float(d.mean() - half), "hi": float(d.mean() + half)}


def summarize(results: dict, years: int) -> dict:
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    out: dict = {}
    for gap in GAPS:
        sq = gap_matrix(results["status quo"], gap)
        for name, runs in results.items():
            m = gap_matrix(runs, gap)
            out[(name, gap)] = {
                "start": float(m[:, 0].mean()),
                "close": years_to_close(m, rng),
                "halved": years_to_close(m, rng, share=HALVED_SHARE),
                "y5": share_of_start(m, 5, rng),
                "y10": share_of_start(m, 10, rng),
                "end": share_of_start(m, years, rng),
                "vs_sq_y10": paired_effect(m, sq, min(10, years)),
                "path": m.mean(axis=0),
                "path_lo": np.quantile(m, 0.025, axis=0),
                "path_hi": np.quantile(m, 0.975, axis=0),
            }
    return out


def flow_summary(results: dict) -> dict:
    """Mean over replicates and years 1.. of the workforce flows of each scenario."""
    out = {}
    for name, runs in results.items():
        row = {}
        for f in FLOWS:
            vals = [np.nanmean(r["flows"][f][1:]) for r in runs if f in r["flows"]]
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                row[f] = float(np.nanmean(vals)) if vals else np.nan
        out[name] = row
    return out


# --- the report --------------------------------------------------------------------------


def fmt_years(c: dict, horizon: int) -> str:
    y, lo, hi = c["years"], c["lo"], c["hi"]

    def one(v):
        return f"> {horizon}" if np.isinf(v) else f"{v:.0f}"

    if np.isnan(y):
        return "n/a (no start gap)"
    return f"{one(y)} [{one(lo)}, {one(hi)}]"


def _share(s: dict) -> str:
    if not np.isfinite(s["mean"]):
        return "n/a"
    return f"{100 * s['mean']:.0f}% [{100 * s['lo']:.0f}, {100 * s['hi']:.0f}]"


def _pts(s: dict) -> str:
    if not np.isfinite(s["mean"]):
        return "n/a"
    return f"{100 * s['mean']:+.0f} [{100 * s['lo']:+.0f}, {100 * s['hi']:+.0f}]"


def closes_within(c: dict, n: int) -> bool:
    return np.isfinite(c["years"]) and c["years"] <= n + TOLERANCE_YEARS


def comparison(summary: dict, horizon: int) -> list[str]:
    """Where edusim agrees with Goldhaber et al. and where not: sentences chosen by the
    numbers of this run (nothing here is written for a particular result)."""
    lines = []
    ten = min(10, horizon)
    for gap, (group, measure, unit) in GAPS.items():
        hm = summary[("hiring + mobility", gap)]["close"]
        hm_half = summary[("hiring + mobility", gap)]["halved"]
        h = summary[("hiring", gap)]["close"]
        h_half = summary[("hiring", gap)]["halved"]
        a = summary[("attrition", gap)]
        m = summary[("mobility", gap)]["close"]
        start = summary[("status quo", gap)]["start"]
        if not np.isfinite(start) or start <= 0:
            lines.append(f"- **{gap}**: no gap at the start ({start:+.3f} {unit}); nothing to "
                         "close, so this measure cannot be compared.")
            continue
        verdicts = []
        hm_ok = closes_within(hm, GOLDHABER_YEARS["hiring + mobility"])
        verdicts.append(
            f"hiring and mobility together close it in {fmt_years(hm, horizon)} years: "
            + ("**agrees** with about 5" if hm_ok else
               ("**slower** than about 5" if np.isfinite(hm["years"]) else
                f"**disagrees**: not closed within {horizon} years"))
            + f" (halved in {fmt_years(hm_half, horizon)})")
        h_ok = closes_within(h, GOLDHABER_YEARS["hiring"])
        verdicts.append(
            f"hiring alone in {fmt_years(h, horizon)}: "
            + ("**agrees** with about 10" if h_ok else
               ("**slower** than about 10" if np.isfinite(h["years"]) else
                f"**disagrees**: not closed within {horizon} years"))
            + f" (halved in {fmt_years(h_half, horizon)})")
        little = a["vs_sq_y10"]["mean"] > -LITTLE
        verdicts.append(
            f"attrition alone changes the year-{ten} gap by {_pts(a['vs_sq_y10'])} points of "
            "the start gap against the status quo: "
            + ("**agrees** (does little to close it)" if little else
               "**disagrees** (it does much)"))
        if np.isfinite(m["years"]):
            verdicts.append(f"mobility alone closes it in {fmt_years(m, horizon)}")
        else:
            verdicts.append(f"mobility alone does not close it within {horizon} years")
        lines.append(f"- **{gap}** (start {start:.3f} {unit}): " + "; ".join(verdicts) + ".")
    return lines


def ordering(summary: dict, horizon: int) -> list[str]:
    """Goldhaber et al.'s ranking of the levers (hiring + mobility ahead of hiring alone, and
    attrition alone near the status quo), checked per gap on the paired effects at year 10."""
    ten = min(10, horizon)
    lines = []
    for gap in GAPS:
        eff = {n: summary[(n, gap)]["vs_sq_y10"] for n in SCENARIOS if n != "status quo"}
        hm, h, a = eff["hiring + mobility"], eff["hiring"], eff["attrition"]
        best = min(eff, key=lambda n: eff[n]["mean"])
        first = hm["hi"] < h["lo"]  # hiring + mobility narrows it more than hiring alone
        weakest = a["mean"] > max(hm["mean"], h["mean"])
        agree = first and weakest
        lines.append(
            f"- *{gap}*, the levers ranked by their paired effect at year {ten}: "
            + ", ".join(f"{n} {_pts(eff[n])}" for n in sorted(eff, key=lambda n: eff[n]["mean"]))
            + f". Largest: {best}. "
            + ("The ranking **agrees** with Goldhaber et al.'s: hiring and mobility together "
               "narrow the gap more than hiring alone, and attrition alone least of the three."
               if agree else
               "The ranking **differs** from Goldhaber et al.'s: "
               + ("hiring and mobility together do not narrow it clearly more than hiring "
                  "alone" if not first else "")
               + ("; " if not first and not weakest else "")
               + ("attrition alone narrows it more than hiring, or hiring with mobility"
                  if not weakest else "") + "."))
    return ["How far each lever narrows each gap, against the status quo (points of the "
            "start gap, 95% intervals; negative narrows):", ""] + lines


def why(summary: dict, flows: dict, horizon: int) -> list[str]:
    """The mechanisms behind the agreements and disagreements, each stated when its numbers
    show it."""
    out = []
    ten = min(10, horizon)
    h_exp = summary[("hiring", "experience, rural")]
    if h_exp["vs_sq_y10"]["hi"] > -LITTLE:
        out.append(
            "- *Hiring cannot close an experience gap here.* Every regular hire in edusim is a "
            "novice (section 3.15 of docs/odd.md), so equalising hiring changes only the "
            "talent of new teachers, not their experience; where novices go is decided by "
            "where posts fall vacant, i.e. by mobility and attrition. In Goldhaber et al.'s "
            "model hiring also places teachers returning to the workforce (Kasman's summary), "
            "so equalised hiring there can move experience as well. Here hiring alone "
            f"changes the rural experience gap at year {ten} by {_pts(h_exp['vs_sq_y10'])} "
            "points of its start.")
    m_exp = summary[("mobility", "experience, rural")]
    if m_exp["vs_sq_y10"]["mean"] < -LITTLE:
        out.append(
            "- *Mobility drives the experience gap.* Upward transfers take teachers with at "
            "least `transfers.min_service_years` at a rural or weak school to town, urban and "
            "stronger schools, and the posts they leave are filled by novices; made neutral, "
            f"the rural experience gap at year {ten} moves by {_pts(m_exp['vs_sq_y10'])} points "
            "of its start against the status quo.")
    h_eff = summary[("hiring", "effectiveness, rural")]
    if h_eff["vs_sq_y10"]["mean"] < -LITTLE:
        out.append(
            "- *Hiring drives the effectiveness gap.* The school's pull "
            "(`district.schools[].effectiveness_shift`) shifts every hire's talent; with it off, "
            "each cohort of hires is alike across schools and the gap shrinks as the workforce "
            f"turns over (year {ten}: {_pts(h_eff['vs_sq_y10'])} points of the start gap "
            "against the status quo), as fast as the teachers hired under the pull leave.")
    sq, at = flows["status quo"], flows["attrition"]
    a_exp = summary[("attrition", "experience, rural")]["vs_sq_y10"]
    a_eff = summary[("attrition", "effectiveness, rural")]["vs_sq_y10"]
    out.append(
        "- *Attrition.* The quit rates of rural and urban schools were "
        f"{100 * sq['quit_rate_rural']:.1f}% and {100 * sq['quit_rate_urban']:.1f}% a year in "
        f"the status quo and {100 * at['quit_rate_rural']:.1f}% and "
        f"{100 * at['quit_rate_urban']:.1f}% with attrition equalised (the rest of the "
        "difference is the morale and burnout that the equalised rates change in turn). A "
        "teacher who quits is replaced by a novice drawn from the same distribution in every "
        "zone, so equal attrition changes the experience mix more than the talent mix: at "
        f"year {ten} it moves the rural experience gap by {_pts(a_exp)} and the rural "
        f"effectiveness gap by {_pts(a_eff)} points of their start against the status quo.")
    hm_eff = summary[("hiring + mobility", "effectiveness, rural")]["vs_sq_y10"]
    all_eff = summary[("all three", "effectiveness, rural")]["vs_sq_y10"]
    if all_eff["mean"] > hm_eff["mean"]:
        out.append(
            "- *Equal attrition slows the closing of the effectiveness gap.* Adding equal "
            f"attrition to hiring and mobility leaves a larger rural effectiveness gap at year "
            f"{ten} ({_pts(all_eff)} against {_pts(hm_eff)} points of the start): once hiring "
            "is equal, the gap closes as rural schools replace the teachers hired under the "
            "status quo's pull, and equal attrition cuts rural quits, so they keep those "
            "teachers longer.")
    hm = summary[("hiring + mobility", "effectiveness, rural")]["close"]
    if not closes_within(hm, GOLDHABER_YEARS["hiring + mobility"]):
        hired = sq["hires"] / sq["teachers"]
        moved = sq["transfers"] / sq["teachers"]
        out.append(
            "- *Why slower than in Washington state.* Equalising changes only the teachers who "
            "are hired or move; the stock of teachers already in post keeps its gap until they "
            f"leave. In the status quo {100 * hired:.1f}% of the county's teachers are hired "
            f"and {100 * moved:.1f}% transfer a year, against {US_LEAVE:.1f}% leaving and "
            f"{US_MOVE:.1f}% moving a year in US public schools ({US_SOURCE}). At "
            f"{100 * (hired + moved):.0f}% of posts changing hands a year the county's "
            f"workforce turns over once in about {1 / (hired + moved):.0f} years, and a gap "
            "carried by the teachers in post closes on that time scale.")
    mo = flows["mobility"]
    out.append(
        f"- *Mobility.* The status quo moves {sq['transfers']:.1f} teachers a year, "
        f"{sq['transfers_rural_to_town_urban']:.1f} of them from rural to town or urban "
        f"schools; with mobility equalised {mo['transfers']:.1f} move, "
        f"{mo['transfers_rural_to_town_urban']:.1f} of them rural to town or urban, and the rest "
        "in every direction in proportion to the vacant posts.")
    return out


def markdown(summary: dict, flows: dict, meta: dict) -> str:
    h = meta["years"]
    lines = [
        "# Teacher-quality gaps: the Goldhaber experiment in a generated county",
        "",
        "**Generated** by `analysis/teacher_quality_gaps.py`; do not edit by hand. Regenerate "
        "with",
        "",
        f"    /usr/bin/python3 -m analysis.teacher_quality_gaps --replicates "
        f"{meta['replicates']} --years {h}   # writes this file, teacher-quality-gaps.csv "
        f"and figures/{FIGURE}.png",
        "",
        f"Run: {meta['replicates']} paired replicates (seeds {meta['seeds']}), {h} years after "
        f"the spun-up start, {len(SCENARIOS)} scenarios, edusim {meta['engine']}; "
        f"{meta['runs']} runs in {meta['seconds']:.0f} s on {meta['jobs']} parallel jobs.",
        "",
        "## The question",
        "",
        "Goldhaber, Kasman, Quince, Theobald & Wolff (2023), \"How did it get this way? "
        "Disentangling the sources of teacher quality gaps through agent-based modeling\", "
        "*Social Science Research* 116, 102872 (CALDER Working Paper 259-0223; EdWorkingPaper "
        "22-552, doi:10.26300/pgkj-sa84), simulate, with an agent-based model of Washington "
        "state's teacher labour market, three processes that sort teachers between schools: "
        "attrition from the state's teaching workforce, mobility between teaching positions, "
        "and hiring into open positions. Their gaps are between students of color and other "
        "students. Making each process the same for advantaged and disadvantaged schools, "
        "they find that equalising mobility and hiring together closes the teacher-quality "
        "gaps within 5 years, equalising hiring alone within 10, and equalising attrition "
        "alone, without mobility and hiring, does little (the paper's abstract, as published "
        "by CALDER, EdWorkingPapers and Mathematica). A summary by Kasman (Brookings, "
        "28 November 2023) describes hiring as where new teachers or those returning to the "
        "workforce take positions, mobility as mid-career transfers between public schools, "
        "and attrition as leaving the public teaching workforce, and frames the result as "
        "access to experienced teachers.",
        "",
        "What could not be verified here: the full text of the paper (only the abstract and "
        "the Brookings summary were read), so the exact teacher-quality measures of the "
        "simulation (experience, licensure scores or value added; the authors' earlier two-"
        "state working paper, CALDER 209-1118-1, used all three), the precise definition of "
        "a closed gap, the number of simulation runs and how an equalised process was "
        "parameterised are not known to this study. The comparison below is with the three "
        "headline figures only.",
        "",
        "## The experiment in edusim",
        "",
        f"*The county.* `{meta['county']['path']}` ({meta['county']['name']}): "
        f"{meta['county']['schools']} schools ({meta['county']['kinds']}), no equity policy. Its "
        "teacher-quality gap comes from three sources that mirror Goldhaber et al.'s: "
        "**hiring** (a school's pull, `district.schools[].effectiveness_shift`: "
        f"{meta['county']['pulls']}, shifts the talent of every teacher it hires; placement by "
        "need), "
        "**mobility** (voluntary transfers, `transfers.*`, docs/odd.md section 3.34: teachers "
        "apply most often from rural schools and move only up, to a town, urban or stronger "
        "school with a vacancy, the most effective applicants first; rotation, a policy, is "
        "off), and **attrition** (the quit hazard's zone multipliers, "
        f"`demography.quit_zone_multiplier`, urban, town, rural: {meta['county']['quit']}; it "
        "also rises with low morale and burnout). The status quo sets `transfers: {enabled: "
        "true, destination: upward}` and `hiring: {placement: need, school_pull: 1}`; the "
        f"spin-up ({meta['county']['spin_up']} policy-free years, docs/odd.md section 3.1) "
        "gives its stationary gap.",
        "",
        "*Equalising*, from year 1, in a copy of the status quo's spun-up world (its year-0 "
        "snapshot, the same seed: common random numbers):",
        "",
        "- **hiring**: `hiring.school_pull: 0`: a hire's talent no longer depends on the "
        "school it joins;",
        "- **mobility**: `transfers.destination: any` (a mover goes to any other school of its "
        "level with a vacancy, drawn in proportion to the vacant posts, instead of only up) and "
        "one `transfers.zone_multiplier` for every zone, the teacher-weighted mean of the "
        "status quo's at year 0 (the county-wide application rate stays);",
        "- **attrition**: `demography.quit_zone_multiplier` of each zone z multiplied by "
        "Q / Q_z, with Q_z the quit rate of zone z in the status quo run of the same replicate "
        "(mean of its years 1-" + str(meta["years"]) + ") and Q their teacher-weighted mean: at "
        "the status quo's morale and burnout every zone would lose the county-wide share of "
        "its teachers a year. The quit hazard is the demography phase's (section 3.6); its "
        "morale and burnout terms are not touched, so the realised rates are equal only as "
        "far as morale and burnout stay as they were (workforce table below);",
        "- and the combinations hiring + mobility and all three.",
        "",
        "*Exposure.* Every year each student's class teacher (docs/odd.md section 3.21) gives "
        "the student's exposure to teacher effectiveness (SD of achievement) and to experience "
        "(years). The gap is the mean exposure of the other students minus that of the group, "
        "student-weighted: the **rural** group is the students of rural schools, the **low-SES** "
        "group the bottom quartile of SES in the county that year. Read from snapshots of the "
        "whole world at the end of every year (`edusim run --snapshot-at`); no output of the "
        "model had to be added. Positive gaps: the group is taught by less effective or less "
        "experienced teachers.",
        "",
        f"*Closed.* A gap is closed in the first year whose mean over the replicates is at most "
        f"{100 * CLOSED_SHARE:.0f}% of the mean start gap (year 0, the same world for every "
        f"scenario). The 95% interval is a bootstrap over replicates ({BOOTSTRAP} resamples "
        f"of the seeds; each resample's mean path gives its year); `> {h}` means not closed "
        f"within the {h} simulated years (in the point estimate or in more than 2.5% of the "
        "resamples).",
        "",
        "## Years until the gap closes",
        "",
        "| scenario | " + " | ".join(GAPS) + " |",
        "|---|" + "---|" * len(GAPS),
    ]
    for name in SCENARIOS:
        lines.append(f"| {name} | " + " | ".join(
            fmt_years(summary[(name, g)]["close"], h) for g in GAPS) + " |")
    lines += ["", f"Years until the gap is halved (at most {100 * HALVED_SHARE:.0f}% of its "
              "start; same rules):", "",
              "| scenario | " + " | ".join(GAPS) + " |", "|---|" + "---|" * len(GAPS)]
    for name in SCENARIOS:
        lines.append(f"| {name} | " + " | ".join(
            fmt_years(summary[(name, g)]["halved"], h) for g in GAPS) + " |")
    lines += ["", "Start gaps (year 0, every scenario): " + "; ".join(
        f"{g} {summary[('status quo', g)]['start']:.3f} {GAPS[g][2]}" for g in GAPS) + ".", ""]
    lines += ["## The gap over time, as a share of its start", "",
              "Mean gap at years 5, 10 and " + str(h) + " over the mean start gap, with 95% "
              "bootstrap intervals; and the paired effect against the status quo at year "
              f"{min(10, h)} (scenario minus status quo, per replicate, in points of the start "
              "gap, with a 95% Student-t interval).", ""]
    for g, (_, _, unit) in GAPS.items():
        lines += [f"**{g}** (start {summary[('status quo', g)]['start']:.3f} {unit})", "",
                  f"| scenario | year 5 | year 10 | year {h} | against the status quo, year "
                  f"{min(10, h)} |", "|---|---|---|---|---|"]
        for name in SCENARIOS:
            s = summary[(name, g)]
            lines.append(f"| {name} | {_share(s['y5'])} | {_share(s['y10'])} | "
                         f"{_share(s['end'])} | "
                         + ("-" if name == "status quo" else _pts(s["vs_sq_y10"])) + " |")
        lines.append("")
    lines += [f"![Exposure gaps by year and scenario](figures/{FIGURE}.png)", "",
              "Means over the replicates, with the central 95% of replicates shaded for the "
              "status quo and the all-three scenario.", "",
              "## Workforce flows", "",
              "Means over the replicates of years 1-" + str(h) + ".", "",
              "| scenario | transfers a year | of them rural to town or urban | quit rate, urban | "
              "town | rural | hires a year |", "|---|---|---|---|---|---|---|"]
    for name in SCENARIOS:
        f = flows[name]
        lines.append(f"| {name} | {f['transfers']:.1f} | {f['transfers_rural_to_town_urban']:.1f}"
                     f" | {100 * f['quit_rate_urban']:.2f}% | {100 * f['quit_rate_town']:.2f}% | "
                     f"{100 * f['quit_rate_rural']:.2f}% | {f['hires']:.1f} |")
    lines += ["", "## Against Goldhaber et al. (2023)", "",
              f"Rule: edusim agrees with \"within about N years\" when its point estimate is at "
              f"most N + {TOLERANCE_YEARS}; with \"does little\" when attrition alone removes less "
              f"than {100 * LITTLE:.0f}% of the start gap by year {min(10, h)} against the "
              "status quo.", ""]
    lines += ordering(summary, h) + [""]
    lines += comparison(summary, h)
    lines += ["", "Why:", ""]
    lines += why(summary, flows, h)
    lines += [
        "",
        "## Limits",
        "",
        f"- One generated county, not Washington state: {meta['county']['schools']} schools of "
        "two levels in three zones, no district boundaries, and teacher quality as "
        "effectiveness (value added) and experience; Goldhaber et al.'s gaps are by "
        "students' race, this study's by school zone and family SES.",
        "- Equalising attrition sets only the zone multipliers of the quit hazard (from the "
        "status quo's quit rates); the morale and burnout terms (sections 3.6 and 3.30) follow "
        "the school conditions, so the realised quit rates are close, not equal.",
        "- Rotation (交流轮岗), China's own mobility lever, is a policy and off here; it is "
        "compensatory (strong to weak schools), not equalising, and is studied in "
        "docs/policy-comparison.md and docs/eduecosystem.md.",
        "- The numbers move with the model: the study is regenerated by "
        "tools/regen-studies.sh and every figure in this page comes from the run above.",
        "",
    ]
    return "\n".join(lines)


def figure(summary: dict, years: int, path: pathlib.Path) -> None:
    from analysis import style
    style.apply_style()
    import matplotlib.pyplot as plt

    colours = dict(zip(SCENARIOS, ("#666666",) + style.SERIES_PALETTE))
    fig, axes = plt.subplots(2, 2, figsize=(10, 7), constrained_layout=True)
    t = np.arange(years + 1)
    for ax, (gap, (_, _, unit)) in zip(axes.flat, GAPS.items()):
        for name in SCENARIOS:
            s = summary[(name, gap)]
            ax.plot(t, s["path"], color=colours[name], label=name, lw=1.6,
                    ls="--" if name == "status quo" else "-")
            if name in ("status quo", "all three"):
                ax.fill_between(t, s["path_lo"], s["path_hi"], color=colours[name], alpha=0.15,
                                lw=0)
        start = summary[("status quo", gap)]["start"]
        ax.axhline(CLOSED_SHARE * start, color="0.3", lw=0.8, ls=":")
        ax.axhline(0, color="0.3", lw=0.6)
        ax.set_title(f"{gap} gap ({unit})")
        ax.set_xlabel("year")
    axes.flat[0].legend(fontsize=7)
    fig.suptitle("Exposure gaps in teacher quality, baseline county (dotted: closed)")
    fig.savefig(path.with_suffix(".png"))
    plt.close(fig)


def write_csv(summary: dict, path: pathlib.Path) -> None:
    rows = []
    for (name, gap), s in summary.items():
        c = s["close"]
        rows.append({"scenario": name, "gap": gap, "start": s["start"],
                     "years_to_close": c["years"], "years_lo": c["lo"], "years_hi": c["hi"],
                     **{f"{k}_{q}": s[k][q] for k in ("y5", "y10", "end", "vs_sq_y10")
                        for q in ("mean", "lo", "hi")}})
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        for r in rows:
            w.writerow({k: (f"{v:.6g}" if isinstance(v, float) else v) for k, v in r.items()})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--replicates", type=int, default=20)
    ap.add_argument("--years", type=int, default=DEFAULT_YEARS)
    ap.add_argument("--edusim", default=None)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--base", default=str(BASE), help="the county scenario (tests: a smaller one)")
    ap.add_argument("-o", "--output", default=str(R.REPO / "docs" / "teacher-quality-gaps.md"))
    ap.add_argument("--figures", default=None, help="default: figures/ beside the output")
    args = ap.parse_args(argv)

    edusim = R.find_edusim(args.edusim)
    out = pathlib.Path(args.output)
    stamp = provenance.study_stamp(edusim, out)
    begin = time.time()
    seeds = R.seeds(args.replicates)
    base = yaml.safe_load(pathlib.Path(args.base).read_text(encoding="utf-8"))
    results = run_study(edusim, base, seeds, args.years, jobs=args.jobs)
    summary = summarize(results, args.years)
    flows = flow_summary(results)
    rel = pathlib.Path(args.base).resolve()
    rel = rel.relative_to(R.REPO) if rel.is_relative_to(R.REPO) else rel
    meta = {"replicates": args.replicates, "seeds": f"{seeds[0]}-{seeds[-1]}",
            "county": describe_county(base, str(rel)),
            "engine": R.engine_version(edusim), "years": args.years, "jobs": args.jobs,
            "runs": args.replicates * len(SCENARIOS), "seconds": time.time() - begin}
    out.parent.mkdir(parents=True, exist_ok=True)
    figures = pathlib.Path(args.figures) if args.figures else out.parent / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    figure(summary, args.years, figures / FIGURE)
    out.write_text(stamp + "\n" + markdown(summary, flows, meta), encoding="utf-8")
    write_csv(summary, out.with_suffix(".csv"))
    print(f"wrote {out}, {out.with_suffix('.csv')} and {figures / FIGURE}.png "
          f"({meta['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

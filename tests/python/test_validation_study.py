"""analysis/validation.py: the validation study runs, reads every target and can fail."""
import pathlib

import numpy as np
import pytest
import yaml

from analysis import validation


def test_verdict_separates_within_partly_and_outside():
    assert validation.verdict({"mean": 0.3, "lo": 0.295, "hi": 0.31}, 0.29, 0.37) == "**within**"
    assert "within (mean)" in validation.verdict({"mean": 0.3, "lo": 0.28, "hi": 0.32}, 0.29, 0.37)
    assert validation.verdict({"mean": 0.08, "lo": 0.07, "hi": 0.09}, 0.10, 1.0) == "**outside**"
    assert validation.verdict({"mean": np.nan, "lo": np.nan, "hi": np.nan}, 0, 1) == "n/a"
    # A figure without a range (the US mover share) is shown, not judged.
    assert validation.verdict({"mean": 0.01, "lo": 0.0, "hi": 0.02}, np.nan, np.nan) == \
        "reference only"


def test_the_ses_target_is_the_published_figures_converted():
    # 28.9 points per ESCS unit on a scale of SD 100; the decile gap over 3.51 SD of ESCS.
    assert validation.SES_LOW == 0.289
    assert abs((616.2 - 503.7) / (2 * 1.755) / 100 - 0.320) < 0.001
    assert validation.SES_LOW < 0.320 < validation.SES_HIGH


def test_study_writes_every_target_for_every_scenario(edusim_bin, tmp_path):
    out = tmp_path / "validation.md"
    assert validation.main(["--replicates", "2", "--years", "2", "--edusim", str(edusim_bin),
                            "--national-counties", "4", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    for t in validation.TARGETS:
        for scenario in validation.SCENARIOS:
            assert any(line.startswith(f"| {t.name}") and f"| {scenario} |" in line
                       for line in text.splitlines()), (t.name, scenario)
    assert "Jiujiang 2023" in text and "Ningguo 2022" in text
    # The synthetic China's sample: a share per year (the generated world and 2 years) beside
    # the Ministry's recognitions, before the section on what is not validated.
    national = text[text.index("## The synthetic China"):text.index("## What is not validated")]
    shares = [line for line in national.splitlines() if line[:3] in ("| 2", "| 1")]
    # Year, quality and basic shares, then two for each variant (spun up, backbone places by
    # school).
    cells = 1 + 2 * (1 + len(validation.NATIONAL_VARIANTS))
    year_rows = [line for line in shares if line.count("|") == cells + 1]
    assert len(year_rows) == 3, year_rows
    for label, *_ in validation.NATIONAL_VARIANTS.values():
        assert f"quality, {label} |" in national, label
        # The variant's reasons for failing, a row per level.
        assert sum(line.startswith(f"| primary ({label}) |") or
                   line.startswith(f"| middle ({label}) |")
                   for line in national.splitlines()) == 2, label
    assert "**Backbone places by school.** With `backbone.allocation: school`" in national
    # The policy table: a row per policy scenario and level, and the rotation's diagnosis.
    policy = text[text.index("### The well-resourced county under its policies"):]
    for name in validation.POLICY_BALANCE_SCENARIOS:
        assert sum(line.startswith(f"| {name} |") for line in policy.splitlines()) == 2, name
    assert "A failing primary has sent" in policy and "In one replicate (seed" in policy
    assert "counted where they teach and" in policy and "without rotation)" in policy
    assert "| 2025 | 326 | 570 |" in national
    # Why the counties fail (a row per level, 5 columns with the indicators missed), and their
    # composite CVs of the 2012 standard beside the recognised districts' range (7 columns).
    for level in ("primary", "middle"):
        rows = [line.count("|") for line in national.splitlines()
                if line.startswith(f"| {level} |")]
        assert sorted(rows) == [6, 7], (level, rows)
    rows = out.with_suffix(".csv").read_text(encoding="utf-8").splitlines()
    scenarios = len(validation.SCENARIOS) + len(validation.BALANCE_SCENARIOS)
    basic = len(validation.BASIC_INDICATORS)
    assert len(rows) == 1 + len(validation.TARGETS) * 2 + 2 * 7 * scenarios + 2 * basic * scenarios
    # The 2012 basic-balance section: every indicator and the composite beside the recognised
    # districts' range, a cell per scenario, and each level's share passing.
    section = text[text.index("## The 2012 basic-balance standard"):]
    for label in validation.BASIC_NAMES:
        row = [line for line in section.splitlines() if line.startswith(f"| {label} |")]
        assert len(row) == 2, label  # primary and middle
        assert all(line.count("|") == 3 + scenarios for line in row), row
    assert section.count("basic verdict (composite at most") == 2
    # Every scenario of the standard's section has a verdict row per level, every failed
    # verdict an explanation row naming what fails, and the profile districts are compared
    # with their counties indicator by indicator.
    lines = text.splitlines()
    explain = lines.index(next(line for line in lines if line.startswith("Why the verdicts fail")))
    for name in [*validation.SCENARIOS, *validation.BALANCE_SCENARIOS]:
        for level in ("primary", "middle"):
            row = f"| {name} | {level} |"
            verdicts = [line for line in lines[:explain] if line.startswith(row)]
            assert len(verdicts) == 1, (name, level)
            if not verdicts[0].split("|")[3].strip().startswith("100%"):
                why = [line for line in lines[explain:] if line.startswith(row)]
                assert len(why) == 1 and why[0].count("|") == 7, (name, level)
    profile = [line for line in lines if line.startswith(("| Jiujiang 2023 |", "| Ningguo 2022 |"))]
    assert len(profile) == 3 * 7
    assert all(line.split("|")[6].strip() in ("**in range**", "published above",
                                              "published below") for line in profile)
    assert "**Why the well-resourced county fails.**" in text
    # Teacher flows by zone, a row per outcome scenario and zone, every rate a share.
    for name in validation.SCENARIOS:
        for zone in validation.ZONES:
            row = [line for line in lines if line.startswith(f"| {name} | {zone} |")]
            assert len(row) == 1, (name, zone)
            assert all(0 <= float(c) <= 1 for c in row[0].strip("|").split("|")[2:]), row
    # The well-resourced county under its policies: a verdict per level and year (0, 1, 2).
    for name in validation.POLICY_BALANCE_SCENARIOS:
        for level in ("primary", "middle"):
            row = [line for line in lines if line.startswith(f"| {name} | {level} |")]
            assert len(row) == 1 and row[0].count("%") == 3, (name, level)
    # School choice: off, default and strong rows per base scenario; choice admits pupils.
    choice = text[text.index("## School choice, residential sorting"):]
    for base in ("baseline", "county"):
        for label in ("off", *validation.VARIANT_NAMES.values()):
            row = [line for line in choice.splitlines() if line.startswith(f"| {base} | {label} |")]
            assert len(row) == 1, (base, label)
            if "choice" in label:
                assert float(row[0].split("|")[3].split()[0]) > 0, row
    assert "Change of the mean share at the start against neither: baseline choice" in choice


def test_read_schools_counts_the_failing_schools_misses(tmp_path):
    """read_schools on a hand-made file: two assessed primaries, one failing on backbone
    (0.4 of its threshold) and PE/art (0.8), one passing; a closed school (NaN) ignored."""
    import h5py
    values = {"qualified_teachers_per_100": [5, 5, np.nan],
              "backbone_teachers_per_100": [0.4, 2, np.nan],
              "pe_art_teachers_per_100": [0.72, 1, np.nan],
              "floor_area_per_student": [6, 6, np.nan],
              "sports_area_per_student": [9, 9, np.nan],
              "equipment_value_per_student": [2500, 2500, np.nan],
              "multimedia_classrooms_per_100": [3, 3, np.nan]}
    with h5py.File(tmp_path / "f.h5", "w") as f:
        info = np.array([(b"primary",)] * 3, dtype=[("level", "S7")])
        f["schools/info"] = info
        for k, v in values.items():
            f[f"balance/schools/{k}"] = np.array([v])
        f["balance/schools/indicators_met"] = np.array([[5, 7, np.nan]])
        f["balance/schools/passes"] = np.array([[0, 1, np.nan]])
    with h5py.File(tmp_path / "f.h5", "r") as f:
        out = validation.read_schools(f)
    assert out["below primary backbone_teachers_per_100"] == 1
    assert out["far primary backbone_teachers_per_100"] == 1
    assert abs(out["ratio primary backbone_teachers_per_100"] - 0.4) < 1e-12
    assert out["below primary pe_art_teachers_per_100"] == 1
    assert out["far primary pe_art_teachers_per_100"] == 1  # 0.8 < 0.85
    assert out["below primary floor_area_per_student"] == 0
    assert np.isnan(out["ratio primary floor_area_per_student"])
    assert out["below middle backbone_teachers_per_100"] == 0


def test_explanation_names_the_cvs_over_and_the_indicators_missed():
    ind = validation.INDICATORS
    run = {f"cv primary {i}": 0.2 for i in ind} | {f"below primary {i}": 0.0 for i in ind} \
        | {f"far primary {i}": 0.0 for i in ind} | {f"ratio primary {i}": np.nan for i in ind}
    run |= {"cv primary backbone_teachers_per_100": 0.8,
            "below primary backbone_teachers_per_100": 3.0,
            "far primary backbone_teachers_per_100": 2.0,
            "ratio primary backbone_teachers_per_100": 0.5}
    assert validation.cvs_over([run], "primary") == "backbone teachers 0.80 (+0.30; 100%)"
    assert validation.misses([run], "primary") == \
        "backbone teachers 3.0 (2.0 under 85%; at 0.50 of the threshold)"
    assert validation.in_range(0.5, {"mean": 0.4, "lo": 0.3, "hi": 0.6}) == "**in range**"
    assert validation.in_range(0.7, {"mean": 0.4, "lo": 0.3, "hi": 0.6}) == "published above"


def flat(doc: dict, prefix: str = "") -> dict:
    """Every leaf of a nested mapping by its dotted path."""
    out = {}
    for key, value in doc.items():
        path = f"{prefix}{key}"
        out |= flat(value, path + ".") if isinstance(value, dict) else {path: value}
    return out


def test_a_national_variant_changes_only_its_own_keys(tmp_path):
    """with_base merges a variant's (or a diagnosis's) keys into the base scenario at every
    depth and keeps every other key."""
    national = validation.R.REPO / validation.NATIONAL
    original = yaml.safe_load(national.read_text(encoding="utf-8"))
    bases = [b for _, b, _ in validation.NATIONAL_VARIANTS.values()]
    for base in bases + [validation.STOPGAPS_WITH_BACHELORS]:
        copy = validation.with_base(national, base, tmp_path)
        doc = yaml.safe_load(copy.read_text(encoding="utf-8"))
        changed, after = flat(base), flat(doc["base_scenario"])
        assert {k: after[k] for k in changed} == changed
        assert {k: v for k, v in after.items() if k not in changed} == \
            {k: v for k, v in flat(original["base_scenario"]).items() if k not in changed}
        assert doc["national"] == original["national"]
    # The diagnosis changes the stopgaps' degree only: they stay enabled.
    assert original["base_scenario"]["hiring"]["interns"]["enabled"] is True
    copy = validation.with_base(national, validation.STOPGAPS_WITH_BACHELORS, tmp_path)
    hiring = yaml.safe_load(copy.read_text(encoding="utf-8"))["base_scenario"]["hiring"]
    assert hiring["interns"] == {"enabled": True, "degree": "bachelor"}
    assert hiring["substitutes"] == {"enabled": True, "degree": "bachelor"}


def test_rotation_senders_average_the_teachers_away_by_verdict(tmp_path):
    """rotation_senders on a hand-made file: three primaries over four years, the first
    sending 2 a year and failing from year 1; a middle school is left out of the primaries."""
    import h5py
    with h5py.File(tmp_path / "f.h5", "w") as f:
        info = np.array([(b"primary",)] * 3 + [(b"middle",)], dtype=[("level", "S7")])
        f["schools/info"] = info
        f["schools/rotations_out"] = np.array([[2, 0, 1, 5]] * 4, dtype=float)
        f["balance/schools/passes"] = np.array([[1, 1, 1, 0], [0, 1, 1, 0],
                                                [0, 1, 1, 0], [0, 1, 1, 0]], dtype=float)
    with h5py.File(tmp_path / "f.h5", "r") as f:
        out = validation.rotation_senders(f)
    assert validation.TERM_YEARS == 3
    # Sent in the last three years: 2, 4, 6, 6 (school 0) and 1, 2, 3, 3 (school 2).
    assert np.isnan(out["sent failing primary"][0])
    assert out["sent failing primary"][1:].tolist() == [4, 6, 6]
    assert out["sent passing primary"].tolist() == [1, 1, 1.5, 1.5]
    assert out["sent failing middle"].tolist() == [5, 10, 15, 15]
    assert np.isnan(out["sent passing middle"]).all()


def test_the_stopgap_sentence_quotes_both_samples():
    """stopgap_sentence reads the middle schools' degree misses of the sample and of the
    diagnosis, and says nothing without the diagnosis."""
    def sample(share):
        return {"why": {"middle": {"missed": {"qualified teachers": (share, share / 2)}}}}
    n = sample(0.11) | {"stopgaps_with_bachelors": sample(0.0)}
    [text] = validation.stopgap_sentence(n)
    assert text.endswith("have 0.00 of a county's middle schools failing with the degree "
                         "indicator under its threshold, against 0.11.")
    assert validation.stopgap_sentence(sample(0.11)) == []


def test_custom_outputs_are_appended_to_a_copy(tmp_path):
    """with_custom_outputs leaves the scenario's keys as they were and adds the outputs; a
    file with outputs of its own is refused."""
    source = tmp_path / "src"
    source.mkdir()
    plain = source / "plain.yaml"
    plain.write_text("run: {years: 2}\n", encoding="utf-8")
    copy = validation.with_custom_outputs(plain, tmp_path)
    doc = yaml.safe_load(copy.read_text(encoding="utf-8"))
    assert doc["run"] == {"years": 2}
    assert [o["name"] for o in doc["outputs"]] == ["teachers_under_40"]
    with_outputs = source / "with_outputs.yaml"
    with_outputs.write_text("outputs: []\n", encoding="utf-8")
    with pytest.raises(ValueError):
        validation.with_custom_outputs(with_outputs, tmp_path)

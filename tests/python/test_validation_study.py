"""analysis/validation.py: the validation study runs, reads every target and can fail."""
import pathlib

import numpy as np

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
    assert sum(1 for line in shares if line.count("|") == 4) == 3
    assert "| 2025 | 326 | 570 |" in national
    rows = out.with_suffix(".csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + len(validation.TARGETS) * 2 + 2 * 7 * 2

"""`python3 -m analysis.report`: the page, its figures and tables, errors, and the rendering
of the page in headless Chromium."""
from __future__ import annotations

import pathlib
import re
import shutil
import subprocess
import sys

import h5py
import numpy as np
import pandas as pd
import pytest
from matplotlib.image import imread

from analysis import report

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def replicate_runs(workforce_replicates) -> list[pathlib.Path]:
    return workforce_replicates


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory, replicate_runs, small_run) -> pathlib.Path:
    out = tmp_path_factory.mktemp("report")
    pattern = str(replicate_runs[0].parent / "wf_*.h5")
    assert report.main([pattern, "--baseline", str(small_run), "-o", str(out)]) == 0
    return out


def test_page_lists_every_figure(report_dir):
    text = (report_dir / "index.html").read_text(encoding="utf-8")
    sources = re.findall(r'<img src="([^"]+)"', text)
    expected = [f"{spec.name}.png" for spec in report.FIGURES]
    expected.insert(1, "effects.png")  # after the gaps: the effects against the baseline
    assert sources == expected
    for spec in report.FIGURES:
        image = imread(report_dir / f"{spec.name}.png")
        assert image.shape[0] > 300 and image.shape[1] > 600
        assert (report_dir / f"{spec.name}.svg").read_text().lstrip().startswith("<?xml")
        assert spec.title in text
    assert "workforce" in text and "baseline" in text and "wf_2.h5" in text


def test_summary_csv_holds_replicate_means(report_dir, replicate_runs):
    summary = pd.read_csv(report_dir / "summary.csv")
    rows = summary[(summary["label"] == "workforce")
                   & (summary["metric"] == "achievement_gap_urban_rural")]
    values = []
    for path in replicate_runs:
        with h5py.File(path, "r") as f:
            values.append(f["district/achievement_gap_urban_rural"][:])
    np.testing.assert_allclose(rows["mean"], np.mean(values, axis=0))
    np.testing.assert_allclose(rows["low"], np.quantile(values, 0.05, axis=0))
    assert set(rows["n"]) == {2}
    verdicts = pd.read_csv(report_dir / "verdicts.csv", index_col=[0, 1])
    assert set(verdicts.index.get_level_values("label")) == {"workforce", "baseline"}


def test_replicates_by_repeated_options(replicate_runs, small_run, tmp_path):
    args = report.parse_args([str(replicate_runs[0]), str(replicate_runs[1]), "--baseline",
                              str(small_run), "--baseline", str(small_run), "-o", str(tmp_path),
                              "--label", "policy", "--baseline-label", "ref"])
    groups = report.load_groups(args).groups
    assert list(groups) == ["policy", "ref"]
    assert [len(v) for v in groups.values()] == [2, 2]


def _without_complete(src: pathlib.Path, dst: pathlib.Path) -> pathlib.Path:
    shutil.copy(src, dst)
    with h5py.File(dst, "r+") as f:
        del f.attrs["complete"]
    return dst


def test_unusable_inputs_fail_with_one_line(small_run, tmp_path, capsys, repo_root):
    bad = _without_complete(small_run, tmp_path / "partial.h5")
    assert report.main([str(bad), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(bad) in err and "--allow-incomplete" in err
    assert not (tmp_path / "out" / "index.html").exists()
    proc = subprocess.run([sys.executable, "-m", "analysis.report", str(tmp_path / "none.h5"),
                           "-o", str(tmp_path / "o2")], cwd=repo_root, capture_output=True,
                          text=True)
    assert proc.returncode == 2 and "none.h5: no such file" in proc.stderr


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


# Appended to a copy of the page: after load, record how many images decoded with a size.
IMAGE_PROBE = """<script>window.addEventListener('load', () => {
  const imgs = Array.from(document.images);
  document.body.setAttribute('data-images', imgs.length);
  const loaded = imgs.filter(i => i.complete && i.naturalWidth > 0);
  document.body.setAttribute('data-loaded', loaded.length);
});</script>"""


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed (Debian package "
                                                "'chromium'); the HTML rendering check needs it")
def test_page_renders_with_images_in_chromium(report_dir):
    probe = report_dir / "render_check.html"
    page = (report_dir / "index.html").read_text(encoding="utf-8")
    probe.write_text(page.replace("</body>", IMAGE_PROBE + "</body>"), encoding="utf-8")
    dom = subprocess.run([_chromium(), *CHROMIUM_FLAGS, "--virtual-time-budget=5000",
                          "--dump-dom", probe.as_uri()], capture_output=True, text=True,
                         timeout=120).stdout
    n = len(report.FIGURES) + 1  # and the effects against the baseline
    assert len(re.findall(r"<img ", dom)) == n
    assert f'data-images="{n}"' in dom and f'data-loaded="{n}"' in dom
    shot = report_dir / "screenshot.png"
    subprocess.run([_chromium(), *CHROMIUM_FLAGS, f"--screenshot={shot}", "--window-size=1000,1600",
                    (report_dir / "index.html").as_uri()], capture_output=True, timeout=120)
    pixels = imread(shot)
    assert pixels.shape[:2] == (1600, 1000)
    colours = np.unique((pixels[..., :3] * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 100  # text and figures, not a blank page
    assert pixels[..., :3].std() > 0.05


def test_a_baseline_of_another_district_is_refused_then_labelled(replicate_runs, tmp_path,
                                                                  capsys, edusim_bin, repo_root):
    other = tmp_path / "qd.h5"
    subprocess.run([str(edusim_bin), "run", str(repo_root / "scenarios" / "hongqi.yaml"), "-o",
                    str(other), "--years", "2", "--quiet"], check=True)
    args = [str(replicate_runs[0]), "--baseline", str(other), "-o", str(tmp_path / "r")]
    assert report.main(args) == 2
    assert "different district" in capsys.readouterr().err
    assert report.main(args + ["--allow-different-district"]) == 0
    html = (tmp_path / "r" / "index.html").read_text()
    assert "not the effect of a policy" in html
    start = int(h5py.File(other, "r")["district/year"][0])
    assert f"The baseline starts in {start}" in html  # drawn by simulated year
    effects = pd.read_csv(tmp_path / "r" / "effects.csv")
    assert not effects["paired"].any() and set(effects["year"]) == {1, 2}


def test_effects_of_paired_replicates(replicate_runs, tmp_path, edusim_bin, repo_root):
    off = []
    for seed in (1, 2):
        out = tmp_path / f"off_{seed}.h5"
        subprocess.run([str(edusim_bin), "run", str(repo_root / "scenarios" / "workforce.yaml"),
                        "-o", str(out), "--years", "3", "--seed", str(seed), "--quiet", "--set",
                        "rotation.enabled=false"], check=True, capture_output=True)
        off.append(str(out))
    assert report.main([*map(str, replicate_runs), "--baseline", *off, "-o",
                        str(tmp_path / "r")]) == 0
    effects = pd.read_csv(tmp_path / "r" / "effects.csv")
    assert effects["paired"].all()
    assert "effects.png" in (tmp_path / "r" / "index.html").read_text()


def _attr(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _check_reasons(reasons: pd.DataFrame, path: pathlib.Path) -> None:
    """Every failed quality verdict of the file is explained, by exactly the CVs over their
    limit and the schools with passes = 0, each school with its indicators under threshold."""
    import yaml

    with h5py.File(path, "r") as f:
        years = f["district/year"][:]
        quality = f["balance/verdict/quality"][:]
        standard = yaml.safe_load(_attr(f.attrs["scenario"]))["balance_standard"]
        cvs = {k: f[f"balance/cv/{k}"][:] for k in f["balance/cv"]}
        passes = f["balance/schools/passes"][:]
        names = [_attr(n) for n in f["schools/info"]["name"]]
        levels = [_attr(v) for v in f["schools/info"]["level"]]
        values = {i: f[f"balance/schools/{i}"][:] for i in standard["thresholds"]}
        verdict = {k: f[f"balance/verdict/{k}"][:] for k in f["balance/verdict"]}
    assert set(reasons["year"]) == set(years[quality == 0].tolist())
    assert len(reasons) and (quality == 0).any()  # the fixture runs do fail: a real check
    for row, year in enumerate(years):
        mine = reasons[reasons["year"] == year]
        over = {(k.split("_", 1)[0], k.split("_", 1)[1]) for k, cv in cvs.items()
                if cv[row] > standard["cv_limit"][k.split("_", 1)[0]]}
        cv_rows = mine[mine["reason"] == "CV over the limit"]
        assert set(zip(cv_rows["level"], cv_rows["subject"])) == over
        schools = mine[mine["reason"] == "school misses the per-school rule"]
        failing = [s for s in range(len(names)) if passes[row, s] == 0]
        assert list(schools["subject"]) == [names[s] for s in failing]
        for level in ("primary", "middle"):
            expected = verdict[f"{level}_schools_assessed"][row] - verdict[
                f"{level}_schools_passing"][row]
            assert (schools["level"] == level).sum() == expected
        for s, below in zip(failing, schools["below"].fillna("")):
            thresholds = {i: standard["thresholds"][i][levels[s]] for i in values}
            assert set(filter(None, below.split(";"))) == {
                i for i, v in values.items() if v[row, s] < thresholds[i]}


def test_every_failed_quality_verdict_is_explained(report_dir, replicate_runs, small_run):
    reasons = pd.read_csv(report_dir / "verdict_reasons.csv")
    for label, path, seed in (("workforce", replicate_runs[0], 1),
                              ("workforce", replicate_runs[1], 2),
                              ("baseline", small_run, None)):
        mine = reasons[reasons["label"] == label]
        if seed is not None:
            mine = mine[mine["seed"] == seed]
        _check_reasons(mine, path)
    html = (report_dir / "index.html").read_text(encoding="utf-8")
    assert "<h2>Why the quality verdict failed</h2>" in html
    assert "schools failing the 6-of-7 rule" in html and "CVs over the quality limit" in html
    assert "Schools failing the per-school rule in" in html


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed (Debian package "
                                                "'chromium'); the HTML rendering check needs it")
def test_verdict_reasons_render_in_chromium(report_dir):
    """The reasons section alone (the page cut at its heading) renders as tables with text."""
    page = (report_dir / "index.html").read_text(encoding="utf-8")
    head, _, _ = page.partition("<body>")
    section = page[page.index("<h2>Why the quality verdict failed</h2>"):]
    probe = report_dir / "reasons_check.html"
    probe.write_text(head + "<body>" + section, encoding="utf-8")
    dom = subprocess.run([_chromium(), *CHROMIUM_FLAGS, "--dump-dom", probe.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    assert dom.count("<table>") >= 3  # per label a summary, and the failing schools
    assert "below the standard" in dom
    shot = report_dir / "reasons.png"
    subprocess.run([_chromium(), *CHROMIUM_FLAGS, f"--screenshot={shot}",
                    "--window-size=1000,1200", probe.as_uri()], capture_output=True, timeout=120)
    pixels = imread(shot)
    assert pixels.shape[:2] == (1200, 1000)
    dark = (pixels[..., :3].mean(axis=2) < 0.5).mean()
    assert 0.01 < dark < 0.5  # text on the page, not a blank or black one

"""analysis.calibration_report on a real `edusim calibrate` output (tests/data/calibration/
small.yaml: 3 generations of 16 particles, a few seconds): the page, its figures and tables,
the weighted statistics, and a one-line refusal of a file of another kind."""
from __future__ import annotations

import subprocess

import numpy as np
import pandas as pd
import pytest

from analysis import calibration_report as cr


@pytest.fixture(scope="module")
def posterior(tmp_path_factory, edusim_bin, repo_root):
    out = tmp_path_factory.mktemp("calibration") / "post.h5"
    subprocess.run([str(edusim_bin), "calibrate",
                    str(repo_root / "tests/data/calibration/small.yaml"), "-o", str(out),
                    "--quiet", "--threads", "2"], check=True)
    return out


def test_reads_every_generation_with_priors_and_targets(posterior):
    cal = cr.read_calibration(posterior)
    assert list(cal.parameters["name"]) == ["rotation.quota_share", "demography.quit_rate_mid"]
    assert list(cal.targets["name"]) == ["rotations", "quits"]
    assert [g.number for g in cal.generations] == [0, 1, 2]
    for g in cal.generations:
        assert g.particles.shape == (16, 2)
        assert g.statistics.shape == (16, 2)
        assert np.isclose(g.weights.sum(), 1)
    assert np.isinf(cal.diagnostics["tolerance"][0])


def test_writes_the_page_figures_and_tables(posterior, tmp_path):
    assert cr.main([str(posterior), "-o", str(tmp_path)]) == 0
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    for name in ["marginals", "pairs", "generations", "predictive"]:
        assert (tmp_path / f"{name}.png").stat().st_size > 1000
        assert f"{name}.png" in html
    summary = pd.read_csv(tmp_path / "posterior.csv")
    assert list(summary["parameter"]) == ["rotation.quota_share", "demography.quit_rate_mid"]
    assert (summary["q05"] <= summary["q95"]).all()
    assert "Posterior predictive checks" in html


def test_weighted_quantiles_and_kde():
    x = np.array([1.0, 2.0, 3.0, 4.0])
    w = np.array([0.1, 0.1, 0.1, 0.7])
    assert cr.weighted_quantile(x, w, 0.5) == 4.0
    assert cr.weighted_quantile(x, w, 0.15) == 2.0
    grid = np.linspace(-5, 10, 3001)
    dens = cr.weighted_kde(x, w, grid)
    assert np.isclose(np.trapz(dens, grid), 1, atol=1e-3)


def test_refuses_a_file_of_another_kind(small_run, tmp_path, capsys):
    assert cr.main([str(small_run), "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "expected a 'calibration' file" in err and err.count("\n") == 1

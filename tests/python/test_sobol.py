"""Sobol estimators (Saltelli 2010 first order, Jansen 1999 total) on known functions."""
from __future__ import annotations

import numpy as np
import pytest

from analysis import sobol

PI = np.pi
# With N = 8192 random base samples the estimates of the Ishigami indices fall within 0.03 of
# the analytic values for seeds 0-2 (checked); 0.04 leaves a margin for this fixed seed.
ISHIGAMI_TOLERANCE = 0.04


def _ishigami_result(n: int, seed: int = 1, n_boot: int = 200) -> sobol.SobolResult:
    a, b, ab = sobol.saltelli_sample(n, [(-PI, PI)] * 3, seed)
    return sobol.sobol_indices(sobol.ishigami(a), sobol.ishigami(b), sobol.ishigami(ab),
                               ["x1", "x2", "x3"], n_boot=n_boot, seed=seed)


def test_ishigami_indices_within_tolerance():
    r = _ishigami_result(8192)
    np.testing.assert_allclose(r.s1, sobol.ISHIGAMI_S1, atol=ISHIGAMI_TOLERANCE)
    np.testing.assert_allclose(r.st, sobol.ISHIGAMI_ST, atol=ISHIGAMI_TOLERANCE)
    assert r.st[0] - r.s1[0] > 0.15  # x1 interacts with x3: ST1 well above S1
    assert r.n == 8192


def test_bootstrap_intervals_cover_truth_and_shrink():
    big, small = _ishigami_result(8192), _ishigami_result(1024)
    checks = ((big.s1_interval, sobol.ISHIGAMI_S1), (big.st_interval, sobol.ISHIGAMI_ST))
    for interval, truth in checks:
        assert np.all(interval[:, 0] <= truth) and np.all(truth <= interval[:, 1])
    assert np.all(big.s1_interval[:, 0] <= big.s1) and np.all(big.s1 <= big.s1_interval[:, 1])
    width_big = big.st_interval[:, 1] - big.st_interval[:, 0]
    width_small = small.st_interval[:, 1] - small.st_interval[:, 0]
    assert np.all(width_small > 1.8 * width_big)  # ~ sqrt(8) = 2.8 in theory


def test_additive_linear_model_has_equal_first_and_total():
    """f = 3 x1 + x2 with x uniform: V_i proportional to the squared coefficients; x3 inert."""
    a, b, ab = sobol.saltelli_sample(4096, [(0, 1)] * 3, seed=3)
    f = lambda x: 100.0 + 3 * x[..., 0] + x[..., 1]  # noqa: E731 - a large mean on purpose
    s1 = sobol.first_order(f(a), f(b), f(ab))
    st = sobol.total_order(f(a), f(b), f(ab))
    np.testing.assert_allclose(s1, [0.9, 0.1, 0.0], atol=0.03)
    np.testing.assert_allclose(st, [0.9, 0.1, 0.0], atol=0.03)
    assert st[2] == 0.0


def test_split_design_rebuilds_matrices_in_any_row_order():
    rng = np.random.default_rng(0)
    n, k, reps = 5, 2, 2
    blocks = np.tile(np.repeat(np.arange(k + 2), n), reps)
    samples = np.tile(np.tile(np.arange(n), k + 2), reps)
    values = 10 * blocks + samples + np.repeat([0.0, 1.0], n * (k + 2))  # replicate 1 adds 1
    order = rng.permutation(len(values))
    f_a, f_b, f_ab = sobol.split_design(blocks[order], samples[order], values[order], k)
    np.testing.assert_allclose(f_a, np.arange(n) + 0.5)  # mean of the two replicates
    np.testing.assert_allclose(f_b, 10 + np.arange(n) + 0.5)
    np.testing.assert_allclose(f_ab[1], 30 + np.arange(n) + 0.5)


def test_nan_rows_dropped_and_constant_output_gives_nan():
    a, b, ab = sobol.saltelli_sample(512, [(-PI, PI)] * 3, seed=0)
    fa, fb, fab = sobol.ishigami(a), sobol.ishigami(b), sobol.ishigami(ab)
    fa[:10] = np.nan
    r = sobol.sobol_indices(fa, fb, fab, n_boot=20)
    assert r.n == 502 and np.all(np.isfinite(r.s1))
    flat = sobol.sobol_indices(np.ones(8), np.ones(8), np.ones((2, 8)), n_boot=5)
    assert np.all(np.isnan(flat.s1)) and np.all(np.isnan(flat.st))
    with pytest.raises(ValueError):
        sobol.sobol_indices(np.ones(8), np.ones(8), np.ones((2, 7)))
    frame = r.to_frame()
    assert list(frame["axis"]) == ["x1", "x2", "x3"] and (frame["N"] == 502).all()


def test_small_designs_warn_and_large_ones_only_for_the_null_index():
    small = _ishigami_result(8)
    assert small.warnings(), "8 base samples cannot give trustworthy indices"
    big = _ishigami_result(8192)
    warned = big.warnings()
    # x3's first-order index is truly 0: its interval is necessarily wider than it.
    assert warned and all(w.startswith("S1 of x3") for w in warned), warned


def test_a_negative_first_order_index_is_flagged():
    r = sobol.SobolResult(["a"], np.array([-0.2]), np.array([0.5]), np.array([[-0.25, -0.15]]),
                          np.array([[0.45, 0.55]]), 100, 100, 0.95)
    assert r.warnings() == ["S1 of a = -0.200 is below -0.05: sampling error dominates"]


def test_convergence_uses_prefixes_up_to_the_whole_design():
    a, b, ab = sobol.saltelli_sample(256, [(-PI, PI)] * 3, 3)
    steps = sobol.convergence(sobol.ishigami(a), sobol.ishigami(b), sobol.ishigami(ab),
                              ["x1", "x2", "x3"], n_boot=50)
    assert [n for n, _ in steps] == [16, 32, 64, 128, 256]
    whole = sobol.sobol_indices(sobol.ishigami(a), sobol.ishigami(b), sobol.ishigami(ab),
                                ["x1", "x2", "x3"], n_boot=50)
    np.testing.assert_allclose(steps[-1][1].st, whole.st)

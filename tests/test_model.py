"""The cohesion measurement model: laws, recovery and calibration on simulated latent
paths, and facts an expert knows on real data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allydrift.index import dlm
from allydrift.index import model as mm
from allydrift.index.panel import Panel
from allydrift.indicators.registry import Indicator


def simulate(n=300, t=40, k=6, seed=0, miss=0.5):
    """Random-walk latents observed by k noisy indicators, with realistic gaps: half of
    the cells missing at random, two indicators that only start half-way, and the last
    five years with a single indicator."""
    rng = np.random.default_rng(seed)
    x = np.cumsum(rng.normal(0, 0.2, (n, t)), axis=1) + rng.normal(0, 1, (n, 1))
    a = rng.normal(0, 0.5, k)
    b = rng.uniform(0.4, 1.2, k)
    s = rng.uniform(0.4, 0.9, k)
    d = np.repeat(np.arange(n), t)
    yr = np.tile(np.arange(t), n)
    y = a + np.outer(x.ravel(), b) + rng.normal(0, 1, (n * t, k)) * s
    gone = rng.random(y.shape) < miss
    gone[:, :2] |= (yr < t // 2)[:, None]
    gone[:, 1:] |= (yr >= t - 5)[:, None]
    y[gone] = np.nan
    keep = ~np.isnan(y).all(axis=1)
    return y[keep], dlm.make_grid(d[keep], yr[keep]), x.ravel()[keep]


@pytest.fixture(scope="module")
def simulated():
    y, grid, truth = simulate()
    return y, grid, truth, dlm.fit(y, grid)


def test_recovers_simulated_paths(simulated):
    _, _, truth, f = simulated
    assert np.corrcoef(f.mean, truth)[0, 1] >= 0.9


def test_intervals_are_calibrated(simulated):
    _, _, truth, f = simulated
    # the latent's scale is identified only up to location and scale: map truth onto it
    slope, icept = np.polyfit(truth, f.mean, 1)
    z = (f.mean - (slope * truth + icept)) / np.sqrt(f.var)
    cover = float((np.abs(z) < 1.6449).mean())
    assert 0.85 <= cover <= 0.95


def test_band_widens_past_the_last_observation():
    y, grid, _ = simulate(n=20, t=30, seed=3)
    f = dlm.fit(y, grid)
    longer = dlm.make_grid(grid.d, grid.t, grid.end + 10)
    s1, s2 = dlm.information(y, f.items)
    _, ps, _ = dlm.smooth(longer, s1, s2, f.items.q)
    for dyad in range(3):
        tail = ps[dyad, grid.end[dyad] : grid.end[dyad] + 11]
        assert (np.diff(tail) > 0).all()
        assert (ps[dyad, grid.start[dyad] : grid.end[dyad] + 11] > 0).all()


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 10_000),
    st.lists(st.floats(0.0, 3.0), min_size=12 * 3, max_size=12 * 3),
)
def test_indicators_that_all_improve_cannot_lose_score(seed, bumps):
    rng = np.random.default_rng(seed)
    items = dlm.Items(
        rng.normal(0, 0.3, 3), rng.uniform(0.02, 1.5, 3), rng.uniform(0.1, 1.0, 3), 0.05
    )
    y = rng.normal(0, 1, (12, 3))
    y[rng.random(y.shape) < 0.3] = np.nan
    grid = dlm.make_grid(np.zeros(12, int), np.arange(12), np.array([15]))
    better = y + np.array(bumps).reshape(12, 3)
    base = dlm.smooth(grid, *dlm.information(y, items), items.q)[0]
    up = dlm.smooth(grid, *dlm.information(better, items), items.q)[0]
    assert (up[0] >= base[0] - 1e-9).all()


@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=50))
def test_scores_lie_in_0_100(latent):
    s = mm.to_index(np.array(latent))
    assert ((s >= 0) & (s <= 100)).all()


def _fake(name: str, dimension: str, direction: int) -> Indicator:
    return Indicator(name, dimension, direction, "u", "undirected", (), "", lambda p, y: None)


def _panel(values: np.ndarray, n: int, t: int) -> Panel:
    keys = pd.DataFrame(
        {
            "ccode1": np.repeat(np.arange(n) + 2, t).astype(np.int32),
            "ccode2": np.full(n * t, 900, np.int32),
            "year": np.tile(np.arange(1950, 1950 + t), n).astype(np.int32),
        }
    )
    inds = (
        _fake("alpha", "values", 1),
        _fake("beta", "values", -1),
        _fake("gamma", "ties", 1),
        _fake("delta", "ties", 1),
    )
    return Panel(keys, values, np.full_like(values, np.nan), inds)


def test_units_do_not_change_scores():
    y, grid, _ = simulate(n=40, t=20, k=4, seed=5, miss=0.2)
    values = np.full((40 * 20, 4), np.nan)
    values[grid.d * 20 + grid.t] = y
    values[:, 1] = -values[:, 1]
    panel = _panel(values, 40, 20)
    rescaled = values.copy()
    rescaled[:, 0] = rescaled[:, 0] * 1000.0 + 7.0  # e.g. a share in per mille
    rescaled[:, 2] = rescaled[:, 2] * 0.01
    scores = []
    for v in (values, rescaled):
        p = Panel(panel.keys, v, panel.se, panel.indicators)
        items, trans = mm.fit_panel(p, max_iter=30)
        fitted = mm.from_tables(p.indicators, items, trans)
        post = mm.posterior(p, fitted, last=1969)
        scores.append(mm.to_index(post.mean[mm.OVERALL]))
    np.testing.assert_allclose(scores[0], scores[1], atol=1e-6)


def test_normal_scores_are_rank_based():
    v = np.array([0.0, 0.0, 0.0, 1.0, 2.5, 2.5, 9.0])
    _, z = mm.normal_scores(v)
    assert (np.diff(z) > 0).all()
    _, z2 = mm.normal_scores(v * 3.0 + 1.0)
    np.testing.assert_allclose(z, z2)


def test_raw_un_shares_are_left_out():
    assert mm.is_raw_share("un_agreement")
    assert mm.is_raw_share("un_agreement_hr")
    assert not mm.is_raw_share("un_kappa")


def test_key_findings_speak_of_one_as_of_year_and_name_the_projection():
    from allydrift.report.summary import as_of_year, dimension_sentence, score_sentence

    scores = pd.DataFrame(
        {
            "year": [2020, 2021, 2022, 2023],
            "score": [80.0, 81.0, 79.0, 78.0],
            "lower": [70.0, 71.0, 66.0, 60.0],
            "upper": [88.0, 89.0, 88.0, 90.0],
            "n_indicators": [16, 13, 9, 1],
            "projection": [False, False, False, True],
        }
    )
    assert as_of_year(scores) == 2022
    text = score_sentence(scores, "A–B", 2022)
    assert text.startswith("In 2022 ")
    assert "79 out of 100" in text
    assert "9 indicators" in text
    assert "2023 rests on 1 indicator and is shown as a projection" in text
    dims = pd.DataFrame(
        {
            "year": [2022, 2022, 2023, 2023],
            "dimension": ["ties", "values", "ties", "values"],
            "score": [60.0, 90.0, 10.0, 95.0],
            "n_indicators": [3, 4, 1, 1],
        }
    )
    assert dimension_sentence(dims, 2022).startswith("In 2022 ")

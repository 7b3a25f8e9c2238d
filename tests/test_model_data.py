"""The cohesion model on real data: facts a historian of US alliances would recognise."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

pytestmark = pytest.mark.data


@pytest.fixture(scope="module")
def us_japan():
    from allydrift.index import cohesion

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return cohesion("USA", "JPN")


@pytest.fixture(scope="module")
def us_partners():
    from allydrift.index import rank

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return rank("USA")


def test_bands_are_never_zero_width_and_stay_in_0_100(us_japan):
    s = us_japan.scores
    assert ((s["lower"] > 0) & (s["upper"] < 100)).all()
    assert (s["lower"] < s["score"]).all()
    assert (s["score"] < s["upper"]).all()
    d = us_japan.dimensions
    assert ((d["lower"] < d["score"]) & (d["score"] < d["upper"])).all()


def test_the_latest_year_is_a_projection_whose_band_widens(us_japan):
    s = us_japan.scores.set_index("year")
    last = s.index.max()
    assert s.loc[last, "projection"]
    assert s.loc[last, "n_indicators"] < 3
    width = s["upper"] - s["lower"]
    observed = s[~s["projection"]].index.max()
    assert width.loc[last] > width.loc[observed]


def test_us_japan_is_high_since_the_1951_treaty(us_japan):
    s = us_japan.scores.set_index("year")["score"]
    assert s.loc[1955:2019].min() > 60
    assert s.loc[1955:2019].mean() > s.loc[1900:1944].mean() + 30


def test_us_cuba_is_low_after_the_revolution():
    from allydrift.index import cohesion

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = cohesion("USA", "CUB").scores.set_index("year")["score"]
    assert s.loc[1962:2019].max() < 25
    assert s.loc[1950:1955].mean() > s.loc[1962:2019].mean() + 15


def test_rank_with_usa_puts_allies_on_top_and_adversaries_at_the_bottom(us_partners):
    r = us_partners.set_index("state_b")
    n = len(r)
    for ally in ("GBR", "CAN", "AUS", "JPN"):
        assert r.loc[ally, "rank"] <= 0.1 * n, ally
    for rival in ("CUB", "PRK", "IRN", "CHN", "SYR"):
        assert r.loc[rival, "rank"] >= 0.85 * n, rival
    assert r["year"].nunique() == 1
    assert np.isfinite(r[["lower", "upper"]]).all().all()

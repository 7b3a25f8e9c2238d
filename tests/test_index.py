"""Alliance Cohesion Index: laws on seeded synthetic data, facts on the real data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from allydrift.errors import AllydriftError, InputError
from allydrift.index import weights as wmod
from allydrift.index.aggregate import aggregate, make_layout
from allydrift.index.core import score
from allydrift.index.panel import Panel, normalise
from allydrift.index.uncertainty import bands
from allydrift.indicators import Indicator

DIMS = ("world_view", "values", "ties")


def fake(name: str, dimension: str, direction: int = 1) -> Indicator:
    return Indicator(name, dimension, direction, "unit", "undirected", (), "synthetic", print)


def synthetic(seed: int, n_dyads: int = 6, n_years: int = 30, k: int = 5, missing: float = 0.2):
    """A seeded panel of ``k`` indicators over three dimensions, with gaps."""
    rng = np.random.default_rng(seed)
    inds = tuple(fake(f"x{j}", DIMS[j % 3], direction=(1 if j % 2 == 0 else -1)) for j in range(k))
    keys = pd.DataFrame(
        [(1, 2 + d, 1950 + t) for d in range(n_dyads) for t in range(n_years)],
        columns=["ccode1", "ccode2", "year"],
    )
    values = rng.normal(0.0, 1.0, (len(keys), k)).cumsum(axis=0)
    values[rng.random(values.shape) < missing] = np.nan
    values[np.isnan(values).all(axis=1), 0] = 0.0
    se = np.full_like(values, np.nan)
    posts = pd.DataFrame(
        {
            "lo": np.nanpercentile(values, 2.5, axis=0),
            "hi": np.nanpercentile(values, 97.5, axis=0),
            "direction": [i.direction for i in inds],
        },
        index=[i.name for i in inds],
    )
    return Panel(keys, values, se, inds), posts


def random_weights(rng: np.random.Generator, k: int) -> wmod.Weights:
    dims = {d: float(rng.uniform(0.1, 3)) for d in DIMS}
    inds = {f"x{j}": float(rng.uniform(0.1, 3)) for j in range(k)}
    return wmod.Weights("random", dims, inds)


# --- laws -----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_scores_stay_within_0_and_100(seed):
    panel, posts = synthetic(seed)
    rng = np.random.default_rng(seed)
    s = score(panel, posts, random_weights(rng, 5), draws=20, seed=seed)
    for arr in (s.agg.overall, s.agg.dimensions, s.bands.lower, s.bands.upper):
        finite = arr[np.isfinite(arr)]
        assert finite.size > 0
        assert finite.min() >= 0.0
        assert finite.max() <= 100.0


@pytest.mark.parametrize("seed", range(5))
def test_a_dyad_whose_indicators_all_improve_cannot_lose_score(seed):
    panel, posts = synthetic(seed)
    rng = np.random.default_rng(100 + seed)
    w = random_weights(rng, 5)
    before = score(panel, posts, w)
    direction = posts["direction"].to_numpy()
    step = np.abs(rng.normal(0.0, 0.5, panel.values.shape)) * direction
    better = Panel(panel.keys, panel.values + step, panel.se, panel.indicators)
    after = score(better, posts, w)
    assert (after.agg.overall >= before.agg.overall - 1e-9).all()
    ok = ~np.isnan(before.agg.dimensions)
    assert (after.agg.dimensions[ok] >= before.agg.dimensions[ok] - 1e-9).all()


def test_equal_weights_reproduce_a_hand_computed_example():
    inds = (fake("a", "world_view"), fake("b", "world_view", -1), fake("c", "ties"))
    posts = pd.DataFrame(
        {"lo": [0.0, 0.0, 0.0], "hi": [1.0, 10.0, 1.0], "direction": [1, -1, 1]},
        index=["a", "b", "c"],
    )
    values = np.array(
        [
            [0.5, 2.5, 1.0],  # a 50; b 25 % of the way → 75; world view 62.5; ties 100
            [0.5, 2.5, np.nan],  # ties missing: the score rests on world view alone
            [1.2, -1.0, 0.0],  # beyond the goalposts: a 100, b 100; ties 0
        ]
    )
    keys = pd.DataFrame({"ccode1": [2, 2, 2], "ccode2": [740] * 3, "year": [2000, 2001, 2002]})
    s = score(Panel(keys, values, np.full_like(values, np.nan), inds), posts, wmod.equal())
    np.testing.assert_allclose(s.scores[0], [50.0, 75.0, 100.0])
    np.testing.assert_allclose(s.agg.dimensions[0], [62.5, 100.0])
    np.testing.assert_allclose(s.agg.overall, [81.25, 62.5, 50.0])
    np.testing.assert_array_equal(s.agg.n_indicators, [3, 2, 3])
    np.testing.assert_allclose(s.agg.weight_share, [1.0, 0.5, 1.0])


def test_user_weights_follow_the_two_tiers():
    inds = [fake("a", "world_view"), fake("b", "world_view"), fake("c", "ties")]
    w = wmod.Weights("user", {"world_view": 3.0, "ties": 1.0}, {"a": 1.0, "b": 3.0})
    lay = make_layout(inds, w)
    agg = aggregate(np.array([[100.0, 0.0, 100.0]]), lay)
    # world view = (1·100 + 3·0)/4 = 25; overall = (3·25 + 1·100)/4 = 43.75
    np.testing.assert_allclose(agg.dimensions[0], [25.0, 100.0])
    np.testing.assert_allclose(agg.overall, [43.75])


def test_missing_indicators_are_never_read_as_zero():
    panel, posts = synthetic(7, missing=0.4)
    s = score(panel, posts, wmod.equal())
    full = score(
        Panel(panel.keys, np.nan_to_num(panel.values), panel.se, panel.indicators),
        posts,
        wmod.equal(),
    )
    some_missing = np.isnan(panel.values).any(axis=1)
    assert not np.allclose(s.agg.overall[some_missing], full.agg.overall[some_missing])
    counts = (~np.isnan(panel.values)).sum(axis=1)
    np.testing.assert_array_equal(s.agg.n_indicators, counts)


def test_normalise_flips_lower_is_closer_and_keeps_missing():
    out = normalise(np.array([[0.0, 0.0, np.nan]]), np.zeros(3), np.ones(3), np.array([1, -1, 1]))
    assert out[0, 0] == 0.0
    assert out[0, 1] == 100.0
    assert np.isnan(out[0, 2])


def test_linked_series_ignores_an_indicator_leaving_and_decomposes_exactly():
    inds = (fake("a", "world_view"), fake("c", "ties"))
    posts = pd.DataFrame(
        {"lo": [0.0, 0.0], "hi": [1.0, 1.0], "direction": [1, 1]}, index=["a", "c"]
    )
    a = np.array([0.2, 0.2, 0.2, 0.2, 0.6, 0.6])
    c = np.array([1.0, 1.0, 1.0, np.nan, np.nan, np.nan])  # ties data end after year 3
    keys = pd.DataFrame({"ccode1": 2, "ccode2": 740, "year": np.arange(2015, 2021)})
    values = np.column_stack([a, c])
    s = score(Panel(keys, values, np.full_like(values, np.nan), inds), posts, wmod.equal())
    assert s.agg.overall[3] != s.agg.overall[2]  # the level jumps when ties leaves
    assert s.linked.overall[3] == pytest.approx(s.linked.overall[2])  # the linked one does not
    assert s.linked.overall[4] - s.linked.overall[3] == pytest.approx(40.0)  # a: 20 → 60
    steps = np.diff(s.linked.overall)
    np.testing.assert_allclose(steps, s.linked.contributions[1:].sum(axis=1))


def test_bands_are_ordered_reproducible_and_collapse_without_choices():
    panel, posts = synthetic(3)
    one = score(panel, posts, wmod.equal(), draws=30, seed=1)
    two = score(panel, posts, wmod.equal(), draws=30, seed=1)
    ok = np.isfinite(one.bands.lower)
    assert (one.bands.lower[ok] <= one.bands.upper[ok] + 1e-12).all()
    np.testing.assert_array_equal(one.bands.lower, two.bands.lower)
    single = (fake("a", "world_view"),)
    values = panel.values[:, :1].copy()
    values[np.isnan(values)] = 0.0
    post = posts.iloc[:1]
    lay = make_layout(list(single), wmod.equal())
    b = bands(values, np.full_like(values, np.nan), _arrays(post), lay, draws=20)
    point = normalise(values, *_arrays(post))[:, 0]
    np.testing.assert_allclose(b.lower, point)
    np.testing.assert_allclose(b.upper, point)


def _arrays(posts: pd.DataFrame):
    return posts["lo"].to_numpy(), posts["hi"].to_numpy(), posts["direction"].to_numpy()


def test_measurement_error_widens_the_band():
    single = [fake("a", "world_view")]
    values = np.full((50, 1), 0.5)
    post = pd.DataFrame({"lo": [0.0], "hi": [1.0], "direction": [1]}, index=["a"])
    lay = make_layout(single, wmod.equal())
    tight = bands(values, np.full_like(values, np.nan), _arrays(post), lay, draws=50)
    wide = bands(values, np.full_like(values, 0.1), _arrays(post), lay, draws=50)
    assert (tight.upper - tight.lower).max() < 1e-9
    assert ((wide.upper - wide.lower) > 5.0).all()


def test_pca_weights_favour_the_common_signal():
    rng = np.random.default_rng(11)
    signal = rng.normal(size=500)
    noisy = [signal + 0.1 * rng.normal(size=500) for _ in range(2)]
    scores = np.column_stack([*noisy, rng.normal(size=500)])
    w = wmod.principal_component(scores, ["a", "b", "c"], ["world_view", "ties", "values"])
    assert sum(w.indicators.values()) == pytest.approx(1.0)
    assert w.indicator("c") < min(w.indicator("a"), w.indicator("b"))
    assert w.dimension("values") == pytest.approx(w.indicator("c"))


# --- weights files and bad input ------------------------------------------------------


def test_weights_from_toml_and_yaml(tmp_path):
    toml = tmp_path / "w.toml"
    toml.write_text("[dimensions]\nworld_view = 2\n\n[indicators]\npact_offense = 0\n")
    w = wmod.from_file(toml)
    assert w.dimension("world_view") == 2.0
    assert w.dimension("ties") == 1.0
    assert w.indicator("pact_offense") == 0.0
    pytest.importorskip("yaml")
    yaml = tmp_path / "w.yaml"
    yaml.write_text("dimensions:\n  ties: 3\n")
    assert wmod.from_file(yaml).dimension("ties") == 3.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[dimensions]\nworldview = 2\n", "unknown dimension"),
        ("[indicators]\nno_such_thing = 1\n", "unknown indicator"),
        ("[dimensions]\nties = -1\n", "finite number"),
        ("[weights]\nties = 1\n", "found also weights"),
        ("[dimensions\n", "not valid TOML"),
    ],
)
def test_bad_weights_files_raise_clear_errors(tmp_path, text, message):
    path = tmp_path / "w.toml"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        wmod.from_file(path)


def test_all_zero_weights_are_refused():
    with pytest.raises(InputError, match="weight 0"):
        make_layout([fake("a", "ties")], wmod.Weights("zero", {"ties": 0.0}))


def test_bad_arguments_raise_allydrift_errors(tmp_path):
    from allydrift.index.core import resolve_weights

    with pytest.raises(InputError, match="weights must be"):
        resolve_weights("heavy", [], "allied")
    with pytest.raises(InputError, match="does not exist"):
        wmod.from_file(tmp_path / "missing.toml")
    from allydrift.index.reference import check_reference

    with pytest.raises(AllydriftError, match="reference"):
        check_reference("friends")
    panel, posts = synthetic(0)
    with pytest.raises(InputError, match="draws"):
        score(panel, posts, wmod.equal(), draws=1)


# --- facts on the real data -----------------------------------------------------------


@pytest.mark.data
def test_treaty_allies_score_above_non_allied_dyads_on_average():
    from allydrift.index import index_table
    from allydrift.indicators import compute

    for year in (1970, 2015):
        table = index_table(years=(year, year))
        pledge = compute("pact_defense", years=(year, year))
        table = table.merge(pledge, on=["ccode1", "ccode2", "year"], how="left")
        allied = table["value"] == 1
        assert allied.sum() > 100
        assert table.loc[allied, "score"].mean() > table.loc[~allied, "score"].mean() + 10
        # not only through the pledges themselves: allies also vote and govern alike
        for dim in ("world_view", "values"):
            assert table.loc[allied, dim].mean() > table.loc[~allied, dim].mean()


@pytest.mark.data
def test_us_uk_see_the_world_more_alike_than_us_japan_every_decade_since_1960s():
    from allydrift.index import cohesion

    def decades(b: str) -> pd.Series:
        c = cohesion("USA", b, years=(1960, 2019), draws=0, indicators=["un_agreement"])
        wv = c.dimensions[c.dimensions["dimension"] == "world_view"]
        return wv.groupby(wv["year"] // 10 * 10)["score"].mean()

    uk, japan = decades("GBR"), decades("JPN")
    assert (uk > japan).all()
    assert japan.loc[1980] < japan.loc[1960]  # agreement fell from 0.84 to 0.60


@pytest.mark.data
def test_us_japan_index_is_inspectable_and_flags_the_end_of_atop():
    from allydrift.index import cohesion

    # the averaged index (the model has no composition breaks: see test_model_data.py)
    c = cohesion("USA", "JPN", years=(1952, 2023), draws=50, method="average")
    assert c.scores["score"].between(0, 100).all()
    assert (c.scores["lower"] <= c.scores["upper"]).all()
    ties = c.indicators[c.indicators["indicator"] == "pact_defense"]
    assert ties["value"].eq(1).all()
    assert ties["year"].max() == 2018
    after = c.scores[c.scores["year"] == 2019].iloc[0]
    assert after["composition_change"]
    assert after["weight_share"] < 1
    assert set(c.goalposts.index) == set(c.method["indicators"])
    assert "milex_gdp" in set(c.not_scored["indicator"])


@pytest.mark.data
def test_rank_with_usa_lists_the_main_allies_with_scores_and_trends():
    from allydrift.index import rank

    table = rank("USA", year=2015, draws=20)
    partners = set(table["state_b"])
    assert {"JPN", "KOR", "GBR", "DEU", "AUS", "PHL"} <= partners
    assert (table["state_a"] == "USA").all()
    assert table["score"].between(0, 100).all()
    allies = table[table["state_b"].isin(["JPN", "GBR", "AUS"])]
    others = table[table["state_b"].isin(["CUB", "PRK", "IRN"])]
    assert allies["score"].min() > others["score"].max()
    assert allies["trend"].notna().all()


@pytest.mark.data
def test_an_unavailable_indicator_is_left_out_with_a_reason(monkeypatch):
    from allydrift.errors import MissingExtraError
    from allydrift.index import cohesion
    from allydrift.indicators import registered
    from allydrift.indicators.registry import REGISTRY

    def needs_extra(pairs, years):
        msg = "nothing"
        raise MissingExtraError.for_module(msg, "text")

    registered()  # load the real indicators first
    monkeypatch.setitem(
        REGISTRY,
        "zz_unavailable",
        Indicator("zz_unavailable", "history", 1, "x", "undirected", (), "test", needs_extra),
    )
    with pytest.warns(UserWarning, match="zz_unavailable"):
        c = cohesion("USA", "JPN", years=(2000, 2005), draws=0, method="average")
    reasons = c.not_scored.set_index("indicator")["reason"]
    assert reasons["zz_unavailable"].startswith("unavailable")
    assert "zz_unavailable" not in set(c.indicators["indicator"])

    with pytest.raises(MissingExtraError):
        cohesion("USA", "JPN", years=(2000, 2005), draws=0, indicators=["zz_unavailable"])

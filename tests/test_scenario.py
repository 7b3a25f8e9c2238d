"""Projections and scenarios: laws on a synthetic model, file validation, and the
US–Japan examples on the real data."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allydrift.errors import InputError
from allydrift.index import dlm
from allydrift.index import model as mm
from allydrift.indicators import get
from allydrift.scenario import abandonment as ab
from allydrift.scenario import projection as pj
from allydrift.scenario.scenario_file import PathSpec, Scenario, load_scenario, parse, scores_for

NAMES = ("un_kappa", "un_pi", "milex_gdp_parity", "milex_gdp_gap", "joint_exercises")


def synthetic_model(seed: int = 0, q: float = 0.05) -> mm.Model:
    """Two latents (world view: two indicators; burden: three) with random items."""
    rng = np.random.default_rng(seed)
    inds = tuple(get(n) for n in NAMES)
    knots = [(np.linspace(-1.0, 1.0, 41) * 10, np.linspace(-3.0, 3.0, 41)) for _ in inds]

    def latent(cols: list[int]) -> mm.Latent:
        n = len(cols)
        items = dlm.Items(
            rng.normal(0, 0.3, n), rng.uniform(0.2, 1.0, n), rng.uniform(0.3, 1.0, n), q
        )
        return mm.Latent(cols, items, float(rng.normal(0, 0.2)), float(rng.uniform(0.8, 1.2)))

    dims = {"world_view": latent([0, 1]), "burden_sharing": latent([2, 3, 4])}
    overall = latent([0, 1])
    return mm.Model(inds, knots, dims, overall, 2025, 0.0, None)  # type: ignore[arg-type]


def start(m: mm.Model, mean: float = 0.3, var: float = 0.05) -> pj.Start:
    names = [*m.dims, pj.OVERALL]
    return pj.Start(
        (2, 740),
        2025,
        {n: mean for n in names},
        {n: var for n in names},
        {n: 0.0 for n in m.names},
    )


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    var=st.floats(0.0, 2.0),
    horizon=st.integers(1, 30),
    q=st.floats(1e-4, 0.5),
)
def test_band_never_narrows_with_the_horizon(seed, var, horizon, q):
    m = synthetic_model(seed, q)
    base, _ = pj.run(start(m, var=var), m, 2025 + horizon)
    t = pj.table(base, m)
    for _, g in t.groupby("latent"):
        assert (np.diff(g["upper"] - g["lower"]) >= -1e-12).all()
        assert (np.diff(g["sd"]) > 0).all()
        assert np.allclose(g["z"], g["z"].iloc[0])  # a random walk: no drift


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), mean=st.floats(-2, 2), mask=st.integers(1, 31))
def test_scenario_at_the_baseline_projection_reproduces_the_baseline(seed, mean, mask):
    m = synthetic_model(seed)
    s = start(m, mean=mean)
    base, _ = pj.run(s, m, 2030)
    y = pj.expected_values(s, m, base)  # level mode: indicators at a + b x
    y[:, [k for k in range(len(NAMES)) if not mask >> k & 1]] = np.nan
    _, scen = pj.run(s, m, 2030, y)
    for name in base.mean:
        assert np.allclose(scen.mean[name], base.mean[name])
        assert (scen.var[name] <= base.var[name] + 1e-12).all()  # conditioning: no wider
    # change mode: every set indicator held at its start value
    ref = np.where(np.isnan(y), np.nan, 0.7)
    _, held = pj.run(s, m, 2030, ref.copy(), ref)
    for name in base.mean:
        assert np.allclose(held.mean[name], base.mean[name])


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    col=st.integers(0, len(NAMES) - 1),
    low=st.floats(-3, 3),
    up=st.floats(0, 3),
    year=st.integers(0, 4),
    mode=st.sampled_from(["level", "change"]),
)
def test_raising_an_indicator_cannot_lower_the_projection(seed, col, low, up, year, mode):
    m = synthetic_model(seed)
    s = start(m)
    y = np.full((5, len(NAMES)), np.nan)
    y[:, 0] = 0.2  # something else set too
    y1 = y.copy()
    y1[year:, col] = low
    y2 = y1.copy()
    y2[year:, col] = low + up
    ref = np.where(np.isnan(y1), np.nan, 0.1) if mode == "change" else None
    _, p1 = pj.run(s, m, 2030, y1, ref)
    _, p2 = pj.run(s, m, 2030, y2, ref)
    for name in p1.mean:  # every loading is positive (dlm.MIN_LOADING)
        assert (p2.mean[name] >= p1.mean[name] - 1e-12).all()


def test_projection_refuses_a_horizon_before_the_start():
    m = synthetic_model()
    with pytest.raises(InputError, match="must end after 2025"):
        pj.run(start(m), m, 2025)


def test_raw_values_round_trip_through_the_transform():
    m = synthetic_model()
    raw = np.array([[1.0, -2.0, 3.0, 0.5, -9.0]])
    assert np.allclose(pj.to_raw(pj.to_scores(raw, m), m), raw)


# --- the abandonment question ---------------------------------------------------


def test_overtake_probability_is_a_probability_and_grows_with_the_gap_closing():
    m = synthetic_model(3)
    junior = start(m, mean=1.0)
    close = ab.overtake(junior, start(m, mean=0.9), m, 2035, draws=4000)
    far = ab.overtake(junior, start(m, mean=-1.0), m, 2035, draws=4000)
    for o in (close, far):
        assert 0.0 <= o.within <= 1.0
        assert (np.diff(o.by_year["p_by"]) >= 0).all()  # "by year" never falls
        assert (o.by_year["p_by"] >= o.by_year["p_above"]).all()
    assert close.within > far.within
    assert not close.already
    assert ab.overtake(junior, start(m, mean=1.5), m, 2030, draws=2000).already


# --- scenario files ---------------------------------------------------------------


def doc(**path) -> dict:
    return {"title": "t", "path": [{"indicator": "un_kappa", "values": {"2027": 0.2}, **path}]}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (doc(pair=["USA", "JPN"], indicator="nonsense"), "unknown indicator 'nonsense'"),
        (doc(pair=["USA", "JPN"], values={"2020": 1.0}), "year 2020 is out of range"),
        (doc(pair=["USA", "JPN"], values={"2300": 1.0}), "year 2300 is out of range"),
        (doc(pair=["USA", "JPN"], values={"soon": 1.0}), "'soon' is not a year"),
        (doc(pair=["USA", "JPN"], values={"2027": "high"}), "must be a number"),
        (doc(pair=["USA", "JPN"], change={"2027": 1.0}), "exactly one of 'values'"),
        (doc(pair=["USA", "JPN"], colour="red"), "unknown key"),
        (doc(), "no pair"),
        ({"title": "t"}, "no [[path]] tables"),
        (doc(pair=["USA", "JPN"], indicator="milex_gdp"), "state input"),
        (doc(pair=["USA", "JPN"], state="JPN"), "'un_kappa' is dyadic"),
    ],
)
def test_bad_scenarios_get_one_line_messages(document, message):
    with pytest.raises(InputError) as info:
        parse(document, synthetic_model(), "s.toml")
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert str(info.value).startswith("s.toml")


@pytest.mark.data
@pytest.mark.parametrize(
    ("path", "message"),
    [
        ({"pair": ["USA", "Atlantis"]}, "unknown state in pair"),
        ({"indicator": "milex_gdp", "state": "Atlantis", "pair": ["USA", "JPN"]}, "unknown state"),
        ({"indicator": "milex_gdp", "state": "KOR", "pair": ["USA", "JPN"]}, "is not one of"),
    ],
)
def test_unknown_states_in_scenarios_are_named(path, message):
    with pytest.raises(InputError, match=message) as info:
        parse(doc(**path), synthetic_model(), "s.toml")
    assert "\n" not in str(info.value)


def test_malformed_toml_and_missing_files_get_clear_messages(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "x"\n[[path]\nindicator = 1\n', encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML") as info:
        load_scenario(bad, synthetic_model())
    assert "\n" not in str(info.value)
    with pytest.raises(InputError, match="not found"):
        load_scenario(tmp_path / "none.toml", synthetic_model())


def test_paths_interpolate_from_the_last_value_and_then_hold():
    m = synthetic_model()
    st0 = start(m)  # every last value 0.0, pair (2, 740)
    paths = (
        PathSpec("joint_exercises", (2, 740), None, {2027: 4.0}, False, "", ""),
        PathSpec("un_kappa", None, None, {2026: 1.0}, True, "", ""),
        PathSpec("milex_gdp", None, 740, {2027: 2.0}, False, "", ""),
        PathSpec("un_pi", (2, 710), None, {2027: 5.0}, False, "", ""),  # another pair
    )
    scen = Scenario("t", "", (2, 740), paths, "s.toml", "level")
    years = np.arange(2026, 2030)
    inputs = {("milex_gdp", 2): 3.0, ("milex_gdp", 740): 1.0}
    y, ref = scores_for(scen, st0, m, years, inputs)
    raw = pj.to_raw(y, m)
    assert ref is None
    assert np.allclose(raw[:, NAMES.index("joint_exercises")], [2.0, 4.0, 4.0, 4.0])
    assert np.allclose(raw[:, NAMES.index("un_kappa")], [1.0, 1.0, 1.0, 1.0])
    assert np.isnan(raw[:, NAMES.index("un_pi")]).all()
    parity = raw[:, NAMES.index("milex_gdp_parity")]
    assert np.allclose(parity, [1.5 / 3.0, 2.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0])
    assert np.allclose(raw[:, NAMES.index("milex_gdp_gap")], [1.5, 1.0, 1.0, 1.0])
    _, ref2 = scores_for(replace(scen, mode="change"), st0, m, years, inputs)
    assert ref2 is not None
    assert np.allclose(pj.to_raw(ref2, m)[:, NAMES.index("milex_gdp_parity")], 1.0 / 3.0)


# --- the real model ---------------------------------------------------------------


@pytest.mark.data
def test_examples_load_and_move_the_us_japan_projection():
    from allydrift.scenario.analysis import crossroads
    from allydrift.scenario.examples import names, resolve_example

    assert names() == ["inward", "top-tier"]
    up = crossroads("USA", "JPN", 2030, resolve_example("top-tier")).projection.compare()
    down = crossroads("USA", "JPN", 2030, resolve_example("inward")).projection.compare()
    up, down = up.set_index("latent"), down.set_index("latent")
    assert up.loc["burden_sharing", "shift"] > 0 > down.loc["burden_sharing", "shift"]
    assert up.loc["overall", "shift"] > 0 > down.loc["overall", "shift"]
    for p in (*load_scenario(resolve_example("top-tier")).paths,):
        assert p.source  # every top-tier number is sourced


@pytest.mark.data
def test_real_scenario_held_at_the_last_values_reproduces_the_baseline():
    m = mm.model()
    pair = (2, 740)
    post = mm.score_pairs([pair], m)
    s = pj.start_of(post, m, pair)
    paths = tuple(PathSpec(n, pair, None, {2030: v}, False, "", "") for n, v in s.values.items())
    scen = Scenario("held", "", pair, paths, "held.toml")
    years = np.arange(s.year + 1, 2031)
    y, ref = scores_for(scen, s, m, years)
    assert ref is not None
    assert not np.isnan(y).all()
    base, held = pj.run(s, m, 2030, y, ref)
    for name in base.mean:
        assert np.allclose(held.mean[name], base.mean[name])
    # level mode: every indicator at its baseline projection a + b x
    _, lev = pj.run(s, m, 2030, pj.expected_values(s, m, base))
    for name in base.mean:
        assert np.allclose(lev.mean[name], base.mean[name])


@pytest.mark.data
@pytest.mark.parametrize("mode", ["change", "level"])
def test_real_raising_japans_spending_cannot_lower_the_projection(mode):
    """Up to the US level: above it, parity (smaller over larger effort) falls again."""
    m = mm.model()
    pair = (2, 740)
    s = pj.start_of(mm.score_pairs([pair], m), m, pair)
    years = np.arange(s.year + 1, 2031)
    out = []
    for target in (0.8, 1.2, 2.0, 3.0, 3.3):
        p = PathSpec("milex_gdp", None, 740, {2027: target}, False, "", "")
        y, ref = scores_for(Scenario("t", "", pair, (p,), "t.toml", mode), s, m, years)
        out.append(pj.run(s, m, 2030, y, ref)[1])
    for name in out[0].mean:
        for lo, hi in itertools.pairwise(out):
            assert (hi.mean[name] >= lo.mean[name] - 1e-9).all()


@pytest.mark.data
def test_real_raising_every_indicator_cannot_lower_the_projection():
    m = mm.model()
    pair = (2, 740)
    s = pj.start_of(mm.score_pairs([pair], m), m, pair)
    base, _ = pj.run(s, m, 2030)
    y = pj.expected_values(s, m, base)
    for k in range(len(m.names)):
        lo, hi = y.copy(), y.copy()
        hi[:, k] += 0.5
        _, p_lo = pj.run(s, m, 2030, lo)
        _, p_hi = pj.run(s, m, 2030, hi)
        for name in base.mean:
            assert (p_hi.mean[name] >= p_lo.mean[name] - 1e-12).all(), (m.names[k], name)


@pytest.mark.data
def test_cli_reports_a_bad_scenario_in_one_line(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "bad.toml"
    bad.write_text(
        'pair = ["USA", "JPN"]\n[[path]]\nindicator = "us_troops"\nvalues = { 2028 = 1 }\n'
    )
    done = subprocess.run(
        [sys.executable, "-m", "allydrift", "scenario", "USA", "JPN", str(bad)],
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1
    assert "unknown indicator 'us_troops'" in lines[0]


@pytest.mark.data
def test_us_china_does_not_overtake_us_japan_by_2030():
    """An expert's fact: the US is far closer to its treaty ally Japan than to China
    (2020s), so the overtake probability is tiny, and the inward scenario raises it."""
    from allydrift.scenario.analysis import abandonment
    from allydrift.scenario.examples import resolve_example

    base = abandonment("USA", "JPN", "CHN", 2030)
    assert not base.already
    assert base.within < 0.01
    assert (base.by_year["junior"] > base.by_year["rival"] + 50).all()
    worse = abandonment("USA", "JPN", "CHN", 2030, resolve_example("inward"))
    assert (worse.by_year["rival"] > base.by_year["rival"]).iloc[-1]
    assert (worse.by_year["junior"] < base.by_year["junior"]).iloc[-1]


@pytest.mark.data
def test_backtest_forecasts_never_see_the_years_after_the_origin():
    from allydrift.index.panel import Panel, build_panel
    from allydrift.scenario import backtest as bt

    m = mm.model()
    pairs = [(2, 740), (2, 710), (2, 200), (200, 220)]
    panel = build_panel(list(m.indicators), pairs, None)
    full = mm.posterior(panel, m)
    rows = bt.run_panel(panel, full, (2000,), 5, 0.9, m)
    # scramble every value after 2000: the forecasts from 2000 must not move
    later = (panel.keys["year"] > 2000).to_numpy()
    rng = np.random.default_rng(1)
    vals = panel.values.copy()
    vals[later] = rng.permutation(vals[later].ravel()).reshape(vals[later].shape)
    other = Panel(panel.keys, vals, panel.se, panel.indicators)
    rows2 = bt.run_panel(other, full, (2000,), 5, 0.9, m)
    keys = ["latent", "ccode1", "ccode2", "year"]
    a, b = (
        rows.sort_values(keys).reset_index(drop=True),
        rows2.sort_values(keys).reset_index(drop=True),
    )
    assert len(a) > 20
    assert a[keys].equals(b[keys])
    for col in ("mean", "sd", "lower", "upper", "known", "damped"):
        np.testing.assert_allclose(a[col], b[col])
    assert (
        np.diff(a[a["latent"] == "overall"].groupby(["ccode1", "ccode2"])["sd"].apply(list).iloc[0])
        > 0
    ).all()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "brief", "-o", "x.pdf"], "--format brief writes a .html file"),
        (["--scenario", "top-tier"], "--scenario goes with --format brief"),
    ],
)
def test_report_brief_options_are_checked_in_one_line(args, message):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "allydrift", "report", "USA", "JPN", *args],
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, done.stderr
    assert message in lines[0], done.stderr

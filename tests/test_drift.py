"""Drift detection: planted breaks, false-alarm rates, trends, alerts, attribution,
timelines and the abandonment triangle."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from allydrift.countries import State
from allydrift.drift import (
    alert,
    attribute,
    changepoints,
    detect,
    false_alarm_rate,
    flag_abandonment,
    read_timeline,
    trend,
)
from allydrift.errors import InputError
from allydrift.index import weights as wmod
from allydrift.index.core import cohesion_from, score
from allydrift.index.panel import Panel
from allydrift.indicators import Indicator


def planted(seed: int, n: int = 60, breaks=(20, 40), jumps=(-15.0, 12.0), sigma: float = 4.0):
    """A seeded piecewise-constant series on the index scale with known breaks."""
    rng = np.random.default_rng(seed)
    mean = np.full(n, 60.0)
    for b, j in zip(breaks, jumps, strict=True):
        mean[b:] += j
    return mean + sigma * rng.standard_normal(n)


# --- change points --------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(20))
def test_detection_finds_planted_breaks(seed):
    found = detect(planted(seed))
    assert len(found) == 2
    assert abs(found[0] - 20) <= 2
    assert abs(found[1] - 40) <= 2


@pytest.mark.parametrize("n", [30, 60])
def test_stationary_series_false_alarm_rate_is_at_most_5_percent(n):
    assert false_alarm_rate(n=n, reps=400, seed=2024) <= 0.05


def test_a_treaty_step_is_found_exactly():
    step = np.r_[np.zeros(10), np.full(15, 200 / 3)]
    assert detect(step) == [10]
    assert detect(np.full(25, 50.0)) == []


def test_changepoints_report_segments_by_year():
    series = pd.Series(planted(1), index=np.arange(1950, 2010))
    cps = changepoints(series)
    assert list(cps["year"]) == [1950 + c for c in detect(series.to_numpy())]
    first = cps.iloc[0]
    assert first["start"] == 1950
    assert first["shift"] < 0
    assert first["after"] - first["before"] == pytest.approx(first["shift"])
    assert cps.iloc[-1]["end"] == 2009


def test_detection_rejects_bad_input():
    with pytest.raises(InputError, match="finite"):
        detect(np.array([1.0, np.nan, 2.0]))
    with pytest.raises(InputError, match="min_size"):
        detect(np.arange(10.0), min_size=0)
    with pytest.raises(InputError, match="kappa"):
        detect(np.arange(10.0), kappa=-1)


# --- trends and alerts ----------------------------------------------------------------


def test_trend_interval_covers_the_true_slope():
    rng = np.random.default_rng(5)
    years = np.arange(1980, 2020)
    covered = 0
    for _ in range(100):
        y = 40 + 0.5 * (years - 1980) + 3 * rng.standard_normal(len(years))
        t = trend(pd.Series(y, index=years))
        covered += t.lower <= 5.0 <= t.upper  # 0.5 a year = 5 per decade
    assert covered >= 80  # nominal 90 %; HAC is a little liberal in small samples


def test_recent_trend_uses_the_last_window_years():
    years = np.arange(1990, 2020)
    y = np.where(years < 2010, 50.0, 50.0 - 2.0 * (years - 2009))
    t = trend(pd.Series(y, index=years), window=10)
    assert (t.start, t.end, t.n) == (2010, 2019, 10)
    assert t.slope == pytest.approx(-20.0)


def test_alert_false_alarm_rate_is_at_most_alpha():
    rng = np.random.default_rng(7)
    years = np.arange(1990, 2024)
    alarms = sum(
        alert(pd.Series(30 + 0.3 * (years - 1990) + 4 * rng.standard_normal(34), index=years)).alert
        for _ in range(400)
    )
    assert alarms / 400 <= 0.05 + 0.02  # α plus Monte Carlo error


def test_alert_fires_when_the_latest_years_fall_below_trend():
    rng = np.random.default_rng(8)
    years = np.arange(1990, 2024)
    y = 30 + 0.3 * (years - 1990) + 2 * rng.standard_normal(34)
    y[-3:] -= 15
    a = alert(pd.Series(y, index=years))
    assert a.alert
    assert a.observed < a.bound < a.expected
    assert (a.first, a.last, a.fit_end) == (2021, 2023, 2020)


def test_alert_and_trend_refuse_short_series():
    short = pd.Series([1.0, 2.0, 3.0], index=[2000, 2001, 2002])
    with pytest.raises(InputError, match="at least"):
        trend(short)
    with pytest.raises(InputError, match="at least"):
        alert(short)


# --- attribution ----------------------------------------------------------------------


def _fake(name: str, dimension: str) -> Indicator:
    return Indicator(name, dimension, 1, "unit", "undirected", (), "synthetic", print)


def _synthetic_cohesion():
    rng = np.random.default_rng(3)
    n = 40
    inds = (_fake("wv", "world_view"), _fake("v1", "values"), _fake("v2", "values"))
    values = 0.6 + 0.01 * rng.standard_normal((n, 3))
    values[20:, 1] -= 0.4  # a break in one values indicator
    keys = pd.DataFrame({"ccode1": 1, "ccode2": 2, "year": np.arange(1980, 1980 + n)})
    posts = pd.DataFrame({"lo": 0.0, "hi": 1.0, "direction": 1}, index=[i.name for i in inds])
    s = score(Panel(keys, values, np.full_like(values, np.nan), inds), posts, wmod.equal())
    a = State(1, None, "AAA", None, "A", "AAA", 1900, 2020)
    b = State(2, None, "BBB", None, "B", "BBB", 1900, 2020)
    return cohesion_from(a, b, s)


def test_attribution_names_the_dimension_and_indicator_that_moved():
    c = _synthetic_cohesion()
    series = c.scores.set_index("year")["linked"]
    cps = changepoints(series)
    assert list(cps["year"]) == [2000]
    row = cps.iloc[0]
    table = attribute(c, "overall", 2000, row["start"], row["end"])
    dims = table[table["level"] == "dimension"]
    assert dims.iloc[0]["component"] == "values"
    inds = table[table["level"] == "indicator"]
    assert inds.iloc[0]["component"] == "v1"
    assert inds["contribution"].sum() == pytest.approx(row["shift"])
    assert dims["contribution"].sum() == pytest.approx(row["shift"])


# --- the abandonment triangle ---------------------------------------------------------


def test_abandonment_flags_only_faster_moves_toward_the_rival():
    years = np.arange(2000, 2010)
    frame = pd.DataFrame(
        {
            "year": years,
            "senior_rival": np.r_[np.full(5, 0.3), 0.3 + 0.05 * np.arange(1, 6)],
            "senior_junior": np.full(10, 0.6),
        }
    )
    flagged = flag_abandonment(frame, window=1)
    assert list(flagged.loc[flagged["flag"], "year"]) == list(range(2005, 2010))
    both = frame.assign(senior_junior=frame["senior_rival"] + 0.3 + 0.1 * (years - 2000))
    assert not flag_abandonment(both, window=1)["flag"].any()
    away = frame.assign(senior_rival=0.5 - 0.02 * (years - 2000))
    assert not flag_abandonment(away, window=3)["flag"].any()
    distances = frame.assign(senior_rival=1 - frame["senior_rival"], senior_junior=0.4)
    flipped = flag_abandonment(distances, window=1, lower_is_closer=True)
    assert list(flipped.loc[flipped["flag"], "year"]) == list(range(2005, 2010))
    with pytest.raises(InputError, match="columns"):
        flag_abandonment(frame.drop(columns="senior_junior"))


# --- timelines ------------------------------------------------------------------------


def test_user_timelines_are_validated(tmp_path):
    good = tmp_path / "mine.toml"
    good.write_text(
        '[[event]]\nyear = 2024\ndate = "2024-04-10"\ntitle = "Visit"\nkind = "summit"\n'
        'source = "A verifiable reference"\nurl = "https://example.org/a"\n'
    )
    states, events = read_timeline(good)
    assert states is None
    assert events.iloc[0]["date"] == "2024-04-10"
    for body, message in [
        ('[[event]]\nyear = 2024\ntitle = "No source"\n', "needs 'source'"),
        ('[[event]]\nyear = 2024\ndate = "2023-01-01"\ntitle = "t"\nsource = "s"\n', "does not"),
        ('[[event]]\nyear = 2024\ntitle = "t"\nsource = "s"\nkind = "party"\n', "'kind'"),
        ('[[event]]\nyear = 2024\ntitle = "t"\nsource = "s"\nurl = "ftp://x"\n', "'url'"),
        ('title = "empty"\n', "at least one"),
    ]:
        bad = tmp_path / "bad.toml"
        bad.write_text(body)
        with pytest.raises(InputError, match=message):
            read_timeline(bad)


@pytest.mark.data
def test_bundled_us_japan_timeline_is_sourced():
    from allydrift.drift import timeline

    events = timeline("USA", "JPN")
    assert len(events) >= 20
    assert events["source"].str.len().gt(20).all()
    urls = events["url"].dropna()
    assert len(urls) >= len(events) - 3
    assert urls.str.startswith("https://").all()
    assert {1951, 1960, 1971, 1972, 1995, 2011, 2023} <= set(events["year"])
    assert timeline("USA", "GBR").empty
    assert timeline("USA", "JPN", (1990, 1999))["year"].between(1990, 1999).all()


# --- end to end on the real data ------------------------------------------------------


@pytest.mark.data
def test_events_annotate_but_never_decide(tmp_path):
    from allydrift.drift import analyse

    noisy = tmp_path / "every_year.toml"
    noisy.write_text(
        "".join(
            f'[[event]]\nyear = {y}\ntitle = "e{y}"\nsource = "test"\n' for y in range(1952, 2024)
        )
    )
    from allydrift.index import cohesion

    c = cohesion("USA", "JPN", (1952, 2023), draws=0)
    plain = analyse("USA", "JPN", index=c)
    annotated = analyse("USA", "JPN", index=c, events=noisy)
    pd.testing.assert_frame_equal(plain.changepoints, annotated.changepoints)
    assert len(annotated.events) > len(plain.events)


@pytest.mark.data
def test_us_japan_world_view_drifts_down_between_the_1960s_and_1980s():
    from allydrift.drift import analyse

    d = analyse("USA", "JPN", (1957, 2023), draws=0)
    wv = d.changepoints[d.changepoints["series"] == "world_view"]
    down = wv[wv["year"].between(1965, 1990) & (wv["shift"] < 0)]
    assert not down.empty
    first = down.iloc[0]
    top = d.attribution[
        (d.attribution["series"] == "overall") & (d.attribution["level"] == "dimension")
    ]
    assert set(d.trends["series"]) >= {"overall", "world_view", "ties"}
    full = d.trends[(d.trends["series"] == "world_view") & (d.trends["span"] == "full")].iloc[0]
    assert full["upper"] < 0  # agreement fell from 0.86 (1950s) to 0.57 (2010s)
    assert first["before"] > first["after"]
    assert not top.empty
    json.dumps(d.to_dict())


@pytest.mark.data
def test_abandonment_triangle_on_un_votes():
    from allydrift.drift import abandonment

    tri = abandonment("USA", "JPN", "CHN", (1971, 2023))
    assert tri["year"].min() == 1971
    assert tri["flag"].dtype == bool
    assert abandonment("USA", "JPN", "CHN", (2000, 2010), measure="ideal_distance")["flag"].any()
    assert tri[["senior_rival", "senior_junior"]].stack().between(0, 1).all()
    assert (tri["senior_junior"] > tri["senior_rival"]).mean() > 0.9


# --- the command line, in process -----------------------------------------------------


def run_cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    import sys

    from allydrift.cli import main

    monkeypatch.setattr(sys, "argv", ["allydrift", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_rank_needs_with_or_allies(monkeypatch, capsys):
    code, _, err = run_cli(monkeypatch, capsys, "rank")
    assert code == 1
    assert "--with STATE or --allies" in err
    assert "Traceback" not in err
    code, _, err = run_cli(monkeypatch, capsys, "rank", "--allies", "--year", "soon")
    assert code == 1
    assert "--year expects" in err


@pytest.mark.data
def test_cli_index_and_drift_end_to_end(monkeypatch, capsys, tmp_path):
    import io

    code, out, _ = run_cli(
        monkeypatch,
        capsys,
        "index",
        "USA",
        "JPN",
        "--years",
        "2015-2018",
        "--draws",
        "20",
        "--format",
        "csv",
    )
    table = pd.read_csv(io.StringIO(out))
    assert code == 0
    assert list(table["year"]) == [2015, 2016, 2017, 2018]
    assert (table["lower"] <= table["upper"]).all()
    assert table[["score", "lower", "upper"]].stack().between(0, 100).all()
    code, out, _ = run_cli(
        monkeypatch, capsys, "drift", "USA", "JPN", "--years", "1990-2023", "--json"
    )
    payload = json.loads(out)
    assert code == 0
    assert {"changepoints", "attribution", "trends", "alerts", "events"} <= set(payload)
    code, _, err = run_cli(monkeypatch, capsys, "index", "USA", "USA")
    assert code == 1
    assert "two different states" in err

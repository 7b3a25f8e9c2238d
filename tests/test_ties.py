"""Ties and public opinion: laws on seeded synthetic data, facts on the real data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from allydrift import sources
from allydrift.errors import AllydriftError, InputError
from allydrift.indicators import compute, registered
from allydrift.indicators.ties import joint_exercise_counts
from allydrift.indicators.ties_flows import (
    event_coop_shares,
    gdelt_aggregate,
    trade_shares,
    weaker_link,
)

USA, JPN = 2, 740
MINE = [
    "joint_exercises",
    "us_president_trips",
    "us_secstate_trips",
    "leader_visits_to_us",
    "leader_contacts",
    "trade_share",
    "trade_share_min",
    "icews_coop_share",
    "icews_events",
    "gdelt_coop_share",
    "gdelt_net_coop",
    "us_favourable_view",
    "us_president_confidence",
]
SHARES = ["trade_share", "trade_share_min", "icews_coop_share", "gdelt_coop_share"]
KEYS = ["ccode1", "ccode2", "year"]


# --- synthetic data -------------------------------------------------------------------


def _participants(seed: int, n_ex: int = 60, states: int = 12) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for ex in range(n_ex):
        start = int(rng.integers(1980, 1990))
        years = [start, start + 1] if rng.random() < 0.2 else [start]
        members = rng.choice(states, size=int(rng.integers(2, 6)), replace=False) + 100
        rows += [(f"mme{ex % 40}", start, y, int(c)) for y in years for c in members]
    return pd.DataFrame(rows, columns=["mme_id", "start_year", "year", "ccode"])


def test_joint_exercises_count_each_shared_exercise_once_per_year():
    parts = _participants(seed=1)
    counts = joint_exercise_counts(parts).set_index(KEYS)["joint_exercises"]
    assert (counts.index.get_level_values(0) < counts.index.get_level_values(1)).all()
    assert not counts.index.duplicated().any()
    for (a, b, year), n in counts.sample(15, random_state=2).items():
        yr = parts[parts["year"] == year]
        ex_a = set(map(tuple, yr.loc[yr["ccode"] == a, ["mme_id", "start_year"]].values))
        ex_b = set(map(tuple, yr.loc[yr["ccode"] == b, ["mme_id", "start_year"]].values))
        assert n == len(ex_a & ex_b)


def test_joint_exercises_keep_reused_ids_apart_and_span_years():
    parts = pd.DataFrame(
        {
            "mme_id": ["x", "x", "x", "x", "y", "y", "y", "y"],
            "start_year": [1995, 1995, 2005, 2005, 1999, 1999, 1999, 1999],
            "year": [1995, 1995, 2005, 2005, 1999, 1999, 2000, 2000],
            "ccode": [2, 369, 740, 710, 2, 740, 2, 740],
        }
    )
    counts = joint_exercise_counts(parts)
    assert counts[(counts["ccode1"] == 2) & (counts["ccode2"] == 740)]["year"].tolist() == [
        1999,
        2000,
    ]
    assert len(counts) == 4


def _flows(seed: int, states: int = 8) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    codes = np.arange(states) + 10
    imports = pd.DataFrame(
        [(a, b, 2000, rng.gamma(1.0, 10.0)) for a in codes for b in codes if a != b],
        columns=["ccode1", "ccode2", "year", "flow1"],
    )
    rev = imports.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1", "flow1": "flow2"})
    dyads = imports.merge(rev, on=KEYS)
    dyads.loc[rng.random(len(dyads)) < 0.1, "flow1"] = np.nan
    total_imp = imports.groupby("ccode1")["flow1"].sum()
    total_exp = imports.groupby("ccode2")["flow1"].sum()
    totals = pd.DataFrame(
        {"ccode": codes, "year": 2000, "imports": total_imp[codes].values * 1.1}
    ).assign(exports=total_exp[codes].values)
    totals.loc[0, "exports"] = np.nan
    totals.loc[1, ["imports", "exports"]] = 1.0  # inconsistent: bilateral trade exceeds it
    return dyads, totals


def test_trade_shares_are_fractions_and_missing_where_unknown():
    dyads, totals = _flows(seed=3)
    shares = trade_shares(dyads, totals)
    assert shares["trade_share"].dropna().between(0, 1).all()
    assert shares.loc[shares["ccode1"] == 10, "trade_share"].isna().all()  # no total
    assert shares.loc[shares["ccode1"] == 11, "trade_share"].isna().all()  # total too small
    unknown = dyads["flow1"].isna().to_numpy()
    assert np.isnan(shares["trade_share"].to_numpy()[unknown]).all()
    row = dyads.iloc[np.flatnonzero(~unknown & (dyads["ccode1"] > 11).to_numpy())[0]]
    total = totals.set_index("ccode").loc[row["ccode1"]]
    expected = (row["flow1"] + row["flow2"]) / (total["imports"] + total["exports"])
    got = shares.set_index(KEYS).loc[(row["ccode1"], row["ccode2"], 2000), "trade_share"]
    assert got == pytest.approx(expected)


def test_weaker_link_is_symmetric_and_needs_both_directions():
    dyads, totals = _flows(seed=4)
    shares = trade_shares(dyads, totals)
    flipped = shares.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})
    a = weaker_link(shares, "trade_share").set_index(KEYS)
    b = weaker_link(flipped[shares.columns], "trade_share").set_index(KEYS)
    pd.testing.assert_frame_equal(a.sort_index(), b.sort_index())
    assert (a.index.get_level_values(0) < a.index.get_level_values(1)).all()
    both = shares.set_index(KEYS)["trade_share"]
    for (x, y, yr), value in a["trade_share"].items():
        pair = [both.get((x, y, yr)), both.get((y, x, yr))]
        if any(pd.isna(v) for v in pair):
            assert pd.isna(value)
        else:
            assert value == pytest.approx(min(pair))


def _events(seed: int, states: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [
        (a, b, y, *rng.poisson([20, 2, 3, 1]) * (rng.random() > 0.2))
        for a in range(states)
        for b in range(states)
        if a != b
        for y in (2002, 2003)
    ]
    return pd.DataFrame(rows, columns=[*KEYS, "verb_coop", "matl_coop", "verb_conf", "matl_conf"])


def test_event_cooperation_share_is_undirected_and_bounded():
    events = _events(seed=5)
    swapped = events.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})[events.columns]
    a = event_coop_shares(events).set_index(KEYS)
    b = event_coop_shares(swapped).set_index(KEYS)
    pd.testing.assert_frame_equal(a, b)
    assert not a.index.duplicated().any()
    assert a["coop_share"].dropna().between(0, 1).all()
    assert a.loc[a["events"] == 0, "coop_share"].isna().all()


def test_event_cooperation_share_with_no_events_is_missing():
    events = pd.DataFrame(
        {
            "ccode1": [1, 2],
            "ccode2": [2, 1],
            "year": [2002, 2002],
            "verb_coop": [0, 0],
            "matl_coop": [0, 0],
            "verb_conf": [0, 0],
            "matl_conf": [0, 0],
        }
    )
    out = event_coop_shares(events)
    assert len(out) == 1
    assert out["events"].iloc[0] == 0
    assert pd.isna(out["coop_share"].iloc[0])


def test_gdelt_aggregation_averages_over_days_with_data():
    days = pd.DatetimeIndex(["2020-01-01", "2020-01-02", "2020-01-05", "2020-02-01"])
    edges = pd.DataFrame(
        {
            "ccode1": [2, 2, 2, 20],
            "ccode2": [740, 740, 740, 740],
            "date": pd.to_datetime(["2020-01-01", "2020-01-05", "2020-02-01", "2020-01-02"]),
            "weight": [10.0, -5.0, 3.0, -2.0],
        }
    )
    year = gdelt_aggregate(edges, days, "year").set_index(["ccode1", "ccode2"])
    assert year.loc[(2, 740), "n_days"] == 4
    assert year.loc[(2, 740), "net_coop"] == pytest.approx((10 - 5 + 3) / 4)
    assert year.loc[(2, 740), "coop_share"] == pytest.approx(13 / 18)
    assert year.loc[(20, 740), "coop_share"] == 0
    month = gdelt_aggregate(edges, days, "month").set_index(["ccode1", "ccode2", "month"])
    jan = month.loc[(2, 740, pd.Timestamp("2020-01-01"))]
    assert jan["n_days"] == 3
    assert jan["net_coop"] == pytest.approx(5 / 3)
    with pytest.raises(InputError, match="freq"):
        gdelt_aggregate(edges, days, "week")


def test_every_ties_indicator_declares_its_metadata():
    found = registered()
    for name in MINE:
        ind = found[name]
        assert ind.dimension == "ties"
        assert ind.unit
        assert ind.description
        assert ind.coverage
        for source in ind.sources:
            assert sources.get(source).id == source


# --- real data: sources ---------------------------------------------------------------


@pytest.mark.data
def test_japanese_leaders_visit_in_31_of_35_years():
    visits = compute("leader_visits_to_us", [(JPN, USA)], (1990, 2024)).set_index("year")
    assert len(visits) == 35
    none = set(visits.index[visits["value"] == 0])
    assert none == {2005, 2014, 2020, 2022}


@pytest.mark.data
def test_state_visits_drop_records_published_twice():
    from allydrift.sources import state_visits

    raw = state_visits.load("visits_raw")
    visits = state_visits.load("visits")
    key = ["visitor", "start_date", "country_slug"]
    assert not visits.duplicated(key).any()
    assert len(raw) - len(visits) == int(raw.duplicated(key).sum()) == 3
    xi = visits[(visits["country_slug"] == "china") & (visits["year"] == 2023)]
    assert xi["visitor"].str.contains("Xi Jinping").sum() == 1


@pytest.mark.data
def test_trips_to_japan_are_deduplicated():
    from allydrift.sources import state_travels

    raw = state_travels.load("trips_raw")
    trips = state_travels.load("trips")
    key = ["person", "start_date", "country_slug"]
    japan_raw = raw[raw["country_slug"] == "japan"]
    assert len(japan_raw) == 102
    assert japan_raw["role"].value_counts().to_dict() == {"secretary": 75, "president": 27}
    dropped = set(raw.loc[raw.duplicated(key), "trip_id"])
    assert dropped
    assert dropped.isdisjoint(trips["trip_id"])
    assert set(raw["trip_id"]) - dropped == set(trips["trip_id"])
    assert not trips.duplicated(key).any()
    blinken = trips[(trips["person"] == "blinken-antony-j") & (trips["country_slug"] == "japan")]
    assert (blinken["start_date"].astype(str) == "2021-03-15").sum() == 1
    assert (trips["country_slug"] == "japan").sum() == 101


@pytest.mark.data
def test_historian_country_ids_resolve_by_year():
    from allydrift.sources.state_travels import slug_ccodes

    slugs = pd.Series(["japan", "vietnam", "vietnam", "germany", "germany", "somoa", "holy-see"])
    years = pd.Series([2000, 1965, 1995, 1970, 1995, 2022, 2000])
    codes = slug_ccodes(slugs, pd.Series([None] * len(slugs)), years)
    assert codes.tolist()[:6] == [740, 817, 816, 260, 255, 990]
    assert pd.isna(codes.iloc[6])


@pytest.mark.data
def test_us_japan_defence_pact_from_1951():
    pact = compute("pact_defense", [(USA, JPN)]).set_index("year")["value"]
    assert pact[pact == 1].index.min() == 1951
    assert (pact.loc[1951:2018] == 1).all()
    assert pact.index.max() == 2018  # ATOP ends: later years are missing, not 0


@pytest.mark.data
def test_us_japan_exercises_in_mme():
    from allydrift.sources import mme

    parts = mme.load()
    us = parts[parts["ccode"] == USA]
    jp = parts[parts["ccode"] == JPN]
    assert len(set(us["mme_id"]) & set(jp["mme_id"])) == 212
    # One of those ids (mme3460) names two exercises: the U.S. one of 1995, Japan's of 2005.
    shared = us.merge(jp, on=mme.EXERCISE)
    assert shared[mme.EXERCISE].drop_duplicates().shape[0] == 211
    series = compute("joint_exercises", [(JPN, USA)]).set_index("year")["value"]
    assert series.index.tolist() == list(range(1980, 2011))
    assert series.sum() == 211
    assert (series > 0).all()


@pytest.mark.data
def test_japan_favourable_view_of_the_us():
    view = compute("us_favourable_view", [(JPN, USA)]).set_index("year")["value"]
    assert view[2000] == 77
    assert view[2011] == 85
    assert view[2017] == 57
    assert not {2001, 2003, 2004, 2005} & set(view.index)  # not surveyed: missing, not 0


@pytest.mark.data
def test_gdelt_daily_weight_of_the_example_day():
    from allydrift.sources import gdelt_country_graph

    edges = gdelt_country_graph.load("edges")
    day = edges[edges["date"] == pd.Timestamp("2023-01-15")].set_index(["iso3_1", "iso3_2"])
    assert day.loc[("JPN", "USA"), "weight"] == pytest.approx(143.19, abs=0.005)
    assert day.loc[("JPN", "PRK"), "weight"] == pytest.approx(-43.66, abs=0.005)
    assert len(gdelt_country_graph.days()) == 2149
    with pytest.raises(InputError, match="edges, nodes"):
        gdelt_country_graph.load("matrix")


@pytest.mark.data
def test_icews_and_trade_cover_their_years_only():
    icews = compute("icews_coop_share", [(USA, JPN)])
    assert icews["year"].tolist() == list(range(2002, 2015))
    trade = compute("trade_share", [(USA, JPN)])
    assert set(trade["ccode1"]) == {USA, JPN}
    assert trade["year"].max() == 2014
    us_side = trade[trade["ccode1"] == USA].set_index("year")["value"]
    jp_side = trade[trade["ccode1"] == JPN].set_index("year")["value"]
    assert (jp_side.loc[1990:2014] > us_side.loc[1990:2014]).all()  # Japan depends more


# --- real data: laws ------------------------------------------------------------------


@pytest.mark.data
@pytest.mark.parametrize("name", MINE)
def test_indicator_laws(name):
    ind = registered()[name]
    rows = compute(name)
    assert not rows.duplicated(KEYS).any()
    assert rows["year"].between(*ind.coverage).all()
    assert rows["value"].notna().all()
    if ind.kind == "undirected":
        assert (rows["ccode1"] < rows["ccode2"]).all()
    if name in SHARES:
        assert rows["value"].between(0, 1).all()


@pytest.mark.data
def test_undirected_values_do_not_depend_on_the_order_of_the_pair():
    from allydrift.indicators.panel import dyad_panel

    names = [n for n in MINE if registered()[n].kind == "undirected"]
    ab = dyad_panel("USA", "JPN", names=names).drop(columns=["state_a", "state_b"])
    ba = dyad_panel("JPN", "USA", names=names).drop(columns=["state_a", "state_b"])
    pd.testing.assert_frame_equal(ab, ba)


@pytest.mark.data
def test_years_outside_coverage_are_missing_not_zero():
    assert compute("joint_exercises", [(USA, JPN)], (2011, 2020)).empty
    assert compute("gdelt_coop_share", [(USA, JPN)], (2010, 2017)).empty
    assert compute("leader_contacts", [(USA, JPN)], (2025, 2030)).empty
    exercises = compute("joint_exercises", [(USA, 20)], (1980, 2010))
    assert len(exercises) == 31  # covered: a year without a shared exercise is 0


@pytest.mark.data
def test_contact_indicators_exist_only_for_dyads_with_the_us():
    for name in ("leader_contacts", "us_favourable_view"):
        rows = compute(name)
        assert (rows["ccode1"] == USA).all()
    assert compute("leader_contacts", [(JPN, 710)]).empty


@pytest.mark.data
def test_attaching_to_dyad_years_keeps_the_rows():
    from allydrift.dyads import create_dyad_years
    from allydrift.indicators.panel import add_indicators

    dyads = create_dyad_years("cow", directed=True, years=(2008, 2012))
    out = add_indicators(dyads, ["joint_exercises", "trade_share", "leader_contacts"])
    assert len(out) == len(dyads)
    row = out[(out["ccode1"] == JPN) & (out["ccode2"] == USA) & (out["year"] == 2010)]
    for name in ("joint_exercises", "leader_contacts"):
        expected = compute(name, [(USA, JPN)], (2010, 2010))["value"].iloc[0]
        assert row[name].iloc[0] == expected
    share = compute("trade_share", [(JPN, USA)], (2010, 2010))
    assert row["trade_share"].iloc[0] == share.loc[share["ccode1"] == JPN, "value"].iloc[0]


@pytest.mark.data
def test_unknown_table_and_state_give_clear_errors():
    from allydrift.indicators.panel import dyad_panel
    from allydrift.sources import mme

    with pytest.raises(InputError, match="participants"):
        mme.load("exercises")
    with pytest.raises(AllydriftError, match="did you mean Japan"):
        dyad_panel("USA", "Japn", names=["leader_contacts"])


@pytest.mark.data
def test_gdelt_months_add_up_to_the_years():
    from allydrift.indicators.ties_flows import gdelt_monthly

    months = gdelt_monthly([(USA, JPN)])
    assert len(months) == 74  # January 2018 – February 2024
    assert months["n_days"].sum() == 2149
    months["year"] = months["month"].dt.year
    weighted = months.assign(total=months["net_coop"] * months["n_days"]).groupby("year")
    from_months = weighted["total"].sum() / weighted["n_days"].sum()
    years = compute("gdelt_net_coop", [(USA, JPN)]).set_index("year")["value"]
    pd.testing.assert_series_equal(
        from_months.loc[years.index], years, check_names=False, check_index_type=False
    )


@pytest.mark.data
def test_a_year_before_the_state_list_keeps_only_observed_rows():
    rows = compute("pact_defense", years=(1815, 1815))
    assert (rows["year"] == 1815).all()
    assert len(rows) > 0


@pytest.mark.data
def test_cli_ties_writes_one_row_per_year_and_explains_bad_states(monkeypatch, capsys):
    import sys

    from allydrift.cli import main

    argv = ["allydrift", "ties", "USA", "JPN", "--years", "2010-2011", "--format", "csv"]
    monkeypatch.setattr(sys, "argv", argv)
    main()
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("state_a,state_b,year,")
    assert "leader_contacts" in lines[0]
    assert [line.split(",")[2] for line in lines[1:]] == ["2010", "2011"]
    monkeypatch.setattr(sys, "argv", ["allydrift", "ties", "USA", "Japn"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code != 0
    err = capsys.readouterr().err
    assert "did you mean Japan" in err
    assert "Traceback" not in err

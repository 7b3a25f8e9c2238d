"""Ties: do the partners trade with and act toward each other as partners?

Trade share (COW trade), and cooperation in event data: ICEWS event counts (2002–2014)
and the GDELT daily country graph (2018–2024). Same dimension as ``ties``; kept apart
because these are flows between any two states rather than pledges and visits.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from allydrift.indicators._covered import KEYS, covered_dyad_years, span_within, undirected
from allydrift.indicators.registry import (
    Pairs,
    Years,
    filter_pairs,
    filter_states,
    filter_years,
    indicator,
    long_rows,
)
from allydrift.sources import cow_trade, gdelt_country_graph, icews_dyadyear

GDELT_YEARS = gdelt_country_graph.covered_years()
COOP = ["verb_coop", "matl_coop"]
CONFLICT = ["verb_conf", "matl_conf"]


def _both_directions(pairs: Pairs) -> Pairs:
    return None if pairs is None else [*pairs, *((b, a) for a, b in pairs)]


def trade_shares(dyads: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """Share of ``ccode1``'s total trade that is with ``ccode2`` (directed).

    ``dyads``: ``ccode1``, ``ccode2``, ``year``, ``flow1`` (imports of 1 from 2),
    ``flow2`` (imports of 2 from 1); ``totals``: ``ccode``, ``year``, ``imports``,
    ``exports``. The share is missing where a flow or the total is missing or zero, and
    where the pair's trade exceeds the reported total (the two come from different
    compilations).
    """
    right = totals.rename(columns={"ccode": "ccode1"})
    merged = dyads[[*KEYS, "flow1", "flow2"]].merge(right, on=["ccode1", "year"], how="left")
    total = merged["imports"] + merged["exports"]
    share = (merged["flow1"] + merged["flow2"]) / total.where(total > 0)
    out = merged[KEYS].astype("int32")
    out["trade_share"] = share.where(share <= 1).to_numpy()
    return out


def trade_share_table(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """Directed trade shares of the requested pairs (both directions) and years."""
    dyads = filter_pairs(cow_trade.load("dyad_years"), _both_directions(pairs), undirected=False)
    totals = filter_states(cow_trade.load("state_years"), pairs)
    return filter_years(trade_shares(filter_years(dyads, years), totals), years)


@indicator(
    "trade_share",
    dimension="ties",
    direction=1,
    unit="share of total trade (0–1)",
    kind="directed",
    sources=("cow_trade",),
    description="Share of state 1's total trade (imports + exports) that is with state 2.",
    coverage=cow_trade.SOURCE.coverage,
)
def trade_share(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(trade_share_table(pairs, years), "trade_share", "trade_share")


def weaker_link(shares: pd.DataFrame, column: str) -> pd.DataFrame:
    """Undirected minimum of a directed measure; missing unless both directions are known."""
    und = undirected(shares[[*KEYS, column]])
    agg = und.groupby(KEYS)[column].agg(["min", "count"])
    agg[column] = agg["min"].where(agg["count"] == 2)
    return agg[[column]].reset_index()


@indicator(
    "trade_share_min",
    dimension="ties",
    direction=1,
    unit="share of total trade (0–1)",
    kind="undirected",
    sources=("cow_trade",),
    description="The smaller of the two partners' trade shares: how much the less "
    "dependent partner trades with the other (the 'weak link').",
    coverage=cow_trade.SOURCE.coverage,
)
def trade_share_min(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    table = weaker_link(trade_share_table(pairs, years), "trade_share")
    return long_rows(table, "trade_share_min", "trade_share")


def event_coop_shares(events: pd.DataFrame) -> pd.DataFrame:
    """Events between each pair (both directions summed) and their cooperative share.

    ``events``: directed ``ccode1``, ``ccode2``, ``year`` and the four quad counts.
    Returns ``ccode1 < ccode2``, ``year``, ``events`` and ``coop_share`` (missing where
    the pair has no events).
    """
    quads = [*COOP, *CONFLICT]
    sums = undirected(events[[*KEYS, *quads]]).groupby(KEYS, as_index=False)[quads].sum()
    total = sums[quads].sum(axis=1)
    out = sums[KEYS].copy()
    out["events"] = total.astype(float)
    out["coop_share"] = sums[COOP].sum(axis=1) / total.where(total > 0)
    return out


def icews_table(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """ICEWS ``events`` and ``coop_share`` per undirected dyad-year."""
    events = icews_dyadyear.load().dropna(subset=["ccode1", "ccode2"])
    events = filter_years(filter_pairs(events, _both_directions(pairs), undirected=False), years)
    return event_coop_shares(events)


@indicator(
    "icews_coop_share",
    dimension="ties",
    direction=1,
    unit="share of events (0–1)",
    kind="undirected",
    sources=("icews_dyadyear",),
    description="Share of the pair's ICEWS events (both directions) that are verbal or "
    "material cooperation rather than conflict; missing if there were no events.",
    coverage=icews_dyadyear.SOURCE.coverage,
)
def icews_coop_share(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(icews_table(pairs, years), "icews_coop_share", "coop_share")


@indicator(
    "icews_events",
    dimension="ties",
    direction=0,
    unit="events per year",
    kind="undirected",
    sources=("icews_dyadyear",),
    description="ICEWS events between the pair, both directions, all quad classes "
    "(how much the two interact; context for icews_coop_share).",
    coverage=icews_dyadyear.SOURCE.coverage,
)
def icews_events(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(icews_table(pairs, years), "icews_events", "events")


def gdelt_node_codes() -> pd.Series:
    """COW code of each GDELT node, indexed by ISO3 (territories have none and are left out)."""
    from allydrift.countries import ccodes_from_iso3

    iso3 = gdelt_country_graph.load("nodes")["iso3"]
    return ccodes_from_iso3(iso3).set_axis(iso3).dropna().astype(int)


def gdelt_cow_edges(pairs: Pairs = None) -> pd.DataFrame:
    """Daily GDELT weights on COW dyads: ``ccode1 < ccode2``, ``date``, ``weight``."""
    from allydrift.sources.base import record_use

    record_use(gdelt_country_graph.SOURCE.id)
    return filter_pairs(_all_cow_edges(), pairs, undirected=True)


@cache
def _all_cow_edges() -> pd.DataFrame:
    """Every daily GDELT edge between two COW states (2.7 M rows, ~50 MB), kept in memory."""
    codes = gdelt_node_codes()
    edges = gdelt_country_graph.load("edges")
    c1 = edges["iso3_1"].map(codes)
    c2 = edges["iso3_2"].map(codes)
    keep = c1.notna().to_numpy() & c2.notna().to_numpy()
    out = pd.DataFrame(
        {
            "ccode1": np.asarray(c1, dtype=float)[keep].astype(np.int32),
            "ccode2": np.asarray(c2, dtype=float)[keep].astype(np.int32),
            "date": edges["date"].to_numpy()[keep],
            "weight": edges["weight"].to_numpy()[keep],
        }
    )
    return undirected(out)


def gdelt_aggregate(edges: pd.DataFrame, days: pd.DatetimeIndex, freq: str) -> pd.DataFrame:
    """Daily weights per period (``freq`` "year" or "month") and pair.

    Returns ``ccode1``, ``ccode2``, the period (``year`` int, or ``month`` as the first
    day), ``n_days`` (days with a matrix in the period), ``net_coop`` (sum of weights /
    ``n_days``: days without an event count as 0) and ``coop_share`` (positive weight /
    absolute weight, missing if the pair had no event).
    """
    period = _period(pd.DatetimeIndex(edges["date"]), freq)
    frame = pd.DataFrame(
        {
            "ccode1": edges["ccode1"].to_numpy(),
            "ccode2": edges["ccode2"].to_numpy(),
            freq: period,
            "weight": edges["weight"].to_numpy(),
            "positive": edges["weight"].clip(lower=0).to_numpy(),
            "absolute": edges["weight"].abs().to_numpy(),
        }
    )
    sums = frame.groupby(["ccode1", "ccode2", freq], as_index=False)[
        ["weight", "positive", "absolute"]
    ].sum()
    n_days = pd.Series(_period(days, freq)).value_counts()
    sums["n_days"] = sums[freq].map(n_days).astype(int)
    sums["net_coop"] = sums["weight"] / sums["n_days"]
    sums["coop_share"] = sums["positive"] / sums["absolute"].where(sums["absolute"] > 0)
    return sums[["ccode1", "ccode2", freq, "n_days", "net_coop", "coop_share"]]


def _period(dates: pd.DatetimeIndex, freq: str) -> np.ndarray:
    if freq == "year":
        return dates.year.to_numpy()
    if freq == "month":
        return dates.to_period("M").to_timestamp().to_numpy()
    from allydrift.errors import InputError

    msg = f"freq must be 'year' or 'month'; got '{freq}'"
    raise InputError(msg)


def _gdelt_base(span: tuple[int, int], pairs: Pairs) -> pd.DataFrame:
    """COW dyad-years of ``span`` whose two states are both GDELT nodes."""
    nodes = set(gdelt_node_codes())
    base = filter_pairs(covered_dyad_years(span), pairs, undirected=True)
    return base[base["ccode1"].isin(nodes) & base["ccode2"].isin(nodes)]


def _days_within(span: tuple[int, int]) -> pd.DatetimeIndex:
    days = gdelt_country_graph.days()
    return days[(days.year >= span[0]) & (days.year <= span[1])]


def gdelt_year_table(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """GDELT ``net_coop`` (0 for pairs of GDELT states without events) and ``coop_share``
    per undirected dyad-year, for years with at least 180 days of data (2018–2023)."""
    span = span_within(GDELT_YEARS, years)
    if span is None:
        return pd.DataFrame(columns=[*KEYS, "n_days", "net_coop", "coop_share"])
    days = _days_within(span)
    edges = gdelt_cow_edges(pairs)
    observed = gdelt_aggregate(edges[edges["date"].isin(days)], days, "year")
    out = _gdelt_base(span, pairs).merge(observed, on=KEYS, how="left")
    out["n_days"] = out["year"].map(pd.Series(days.year).value_counts())
    out["net_coop"] = out["net_coop"].fillna(0.0)
    return out


def gdelt_monthly(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """GDELT by month (January 2018 – February 2024): ``ccode1``, ``ccode2``, ``month``
    (first day), ``n_days``, ``net_coop``, ``coop_share``.

    Every month with data is a row for every pair of GDELT states that are COW members
    that year (``net_coop`` 0 and ``coop_share`` missing without events).
    """
    span = span_within(gdelt_country_graph.SOURCE.coverage, years)
    if span is None:
        return pd.DataFrame(
            columns=["ccode1", "ccode2", "month", "n_days", "net_coop", "coop_share"]
        )
    days = _days_within(span)
    edges = gdelt_cow_edges(pairs)
    observed = gdelt_aggregate(edges[edges["date"].isin(days)], days, "month")
    months = pd.Series(_period(days, "month")).value_counts().rename("n_days").reset_index()
    months = months.rename(columns={"index": "month"})
    months["year"] = pd.DatetimeIndex(months["month"]).year.astype("int32")
    dense = _gdelt_base(span, pairs).merge(months, on="year").drop(columns="year")
    out = dense.merge(observed.drop(columns="n_days"), on=["ccode1", "ccode2", "month"], how="left")
    out["net_coop"] = out["net_coop"].fillna(0.0)
    return out.sort_values(["ccode1", "ccode2", "month"], ignore_index=True)


@indicator(
    "gdelt_coop_share",
    dimension="ties",
    direction=1,
    unit="share of absolute daily weight (0–1)",
    kind="undirected",
    sources=("gdelt_country_graph",),
    description="Cooperative share of the pair's GDELT daily scores in the year: sum of "
    "positive daily weights / sum of absolute daily weights; missing without events.",
    coverage=GDELT_YEARS,
)
def gdelt_coop_share(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(gdelt_year_table(pairs, years), "gdelt_coop_share", "coop_share")


@indicator(
    "gdelt_net_coop",
    dimension="ties",
    direction=0,
    unit="GDELT score per day",
    kind="undirected",
    sources=("gdelt_country_graph",),
    description="Mean daily net cooperation score of the pair in GDELT news events "
    "(Goldstein-weighted; grows with media attention, hence context).",
    coverage=GDELT_YEARS,
)
def gdelt_net_coop(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(gdelt_year_table(pairs, years), "gdelt_net_coop", "net_coop")

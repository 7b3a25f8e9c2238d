"""Burden sharing: does each partner carry its share, and fight alongside the other?

Military spending (SIPRI: constant USD and share of GDP; COW NMC before 1949) is a
property of each state (monadic): a dyad view shows it for both partners. The dyadic
measures compare the two: the junior partner's share of their combined spending, the
ratio of their efforts, and whether one joins the other's disputes and wars on its side.
"""

from __future__ import annotations

import pandas as pd

from allydrift.indicators._conflict import dispute_years, same_side, war_years
from allydrift.indicators._dyadic import cross_pairs, dyad_base, undirected, zero_filled
from allydrift.indicators.registry import (
    Pairs,
    Years,
    filter_pairs,
    filter_states,
    filter_years,
    indicator,
    long_rows,
)
from allydrift.sources.cow_nmc import SOURCE as NMC
from allydrift.sources.cow_war import INTER_COVERAGE
from allydrift.sources.mids import GML_COVERAGE
from allydrift.sources.sipri_milex import SOURCE as SIPRI

NMC_USD_COVERAGE = (1914, NMC.coverage[1])  # NMC reports British pounds before 1914
SPENDING_COVERAGE = (NMC.coverage[0], SIPRI.coverage[1])


@indicator(
    "milex_gdp",
    dimension="burden_sharing",
    direction=0,
    unit="% of GDP",
    kind="monadic",
    sources=("sipri_milex",),
    description="Military expenditure as a percentage of GDP (SIPRI).",
    coverage=(1949, 2023),
)
def milex_gdp(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    from allydrift.sources import sipri_milex

    df = sipri_milex.load()[["ccode", "year", "share_gdp"]].copy()
    df["ccode"] = df["ccode"].astype("int32")
    df["pct"] = df["share_gdp"] * 100.0
    df = filter_years(filter_states(df, pairs), years)
    return long_rows(df, "milex_gdp", "pct", keys=("ccode", "year"))


@indicator(
    "milex_usd",
    dimension="burden_sharing",
    direction=0,
    unit="million constant (2022) USD",
    kind="monadic",
    sources=("sipri_milex",),
    description="Military expenditure in millions of constant 2022 US dollars (SIPRI).",
    coverage=SIPRI.coverage,
)
def milex_usd(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    from allydrift.sources import sipri_milex

    df = sipri_milex.load()[["ccode", "year", "constant_usd_m"]].dropna()
    df = filter_years(filter_states(df.astype({"ccode": "int32"}), pairs), years)
    return long_rows(df, "milex_usd", "constant_usd_m", keys=("ccode", "year"))


@indicator(
    "milex_nmc",
    dimension="burden_sharing",
    direction=0,
    unit="million current USD",
    kind="monadic",
    sources=("cow_nmc",),
    description="Military expenditure in millions of current US dollars (COW NMC); "
    "before 1914 NMC reports British pounds, so those years are left out.",
    coverage=NMC_USD_COVERAGE,
)
def milex_nmc(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    from allydrift.sources import cow_nmc

    df = cow_nmc.load()[["ccode", "year", "milex"]].dropna()
    df = df[df["year"] >= NMC_USD_COVERAGE[0]].astype({"ccode": "int32"})
    df["usd_m"] = df["milex"] / 1000.0
    df = filter_years(filter_states(df, pairs), years)
    return long_rows(df, "milex_nmc", "usd_m", keys=("ccode", "year"))


def spending_table() -> pd.DataFrame:
    """Military spending per state-year in one currency per year (``ccode``, ``year``,
    ``spend``): SIPRI constant 2022 USD from 1949, COW NMC before 1949 (current USD from
    1914, British pounds before). Within a year every state is in the same unit, so
    shares of a pair's total are comparable across the whole span."""
    from allydrift.sources import cow_nmc, sipri_milex

    sipri = sipri_milex.load()[["ccode", "year", "constant_usd_m"]].dropna()
    sipri = sipri.rename(columns={"constant_usd_m": "spend"})
    nmc = cow_nmc.load()[["ccode", "year", "milex"]].dropna().rename(columns={"milex": "spend"})
    nmc = nmc[nmc["year"] < SIPRI.coverage[0]]
    out = pd.concat([nmc, sipri[sipri["year"] >= SIPRI.coverage[0]]], ignore_index=True)
    return out.astype({"ccode": "int32", "year": "int32"})


def spending_pairs(pairs: Pairs, years: Years, directed: bool) -> pd.DataFrame:
    """Pairs of state-years with both spending figures (``spend1``, ``spend2``) and a
    positive total."""
    df = cross_pairs(spending_table(), ["spend"], pairs, years, directed=directed)
    return df[(df["spend1"] + df["spend2"]) > 0]


@indicator(
    "milex_share",
    dimension="burden_sharing",
    direction=0,
    unit="share of the pair's spending (0–1)",
    kind="directed",
    sources=("sipri_milex", "cow_nmc"),
    description="State 1's share of the pair's combined military spending (SIPRI constant "
    "USD from 1949, COW NMC before).",
    coverage=SPENDING_COVERAGE,
)
def milex_share(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    df = spending_pairs(pairs, years, directed=True)
    df["share"] = df["spend1"] / (df["spend1"] + df["spend2"])
    return long_rows(df, "milex_share", "share")


@indicator(
    "milex_junior_share",
    dimension="burden_sharing",
    direction=1,
    unit="share of the pair's spending (0–0.5)",
    kind="undirected",
    sources=("sipri_milex", "cow_nmc"),
    description="The junior partner's share of the pair's combined military spending; the "
    "junior partner is the one that spends less that year. 0.5 = equal partners.",
    coverage=SPENDING_COVERAGE,
)
def milex_junior_share(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    df = spending_pairs(pairs, years, directed=False)
    df["share"] = df[["spend1", "spend2"]].min(axis=1) / (df["spend1"] + df["spend2"])
    return long_rows(df, "milex_junior_share", "share")


def effort_pairs(pairs: Pairs, years: Years, directed: bool) -> pd.DataFrame:
    """Pairs of state-years with both SIPRI shares of GDP (``share_gdp1``, ``share_gdp2``)."""
    from allydrift.sources import sipri_milex

    df = sipri_milex.load()[["ccode", "year", "share_gdp"]].dropna()
    return cross_pairs(df.astype({"ccode": "int32"}), ["share_gdp"], pairs, years, directed)


@indicator(
    "milex_gdp_ratio",
    dimension="burden_sharing",
    direction=0,
    unit="ratio",
    kind="directed",
    sources=("sipri_milex",),
    description="State 1's military spending share of GDP divided by state 2's "
    "(missing when state 2 spends nothing).",
    coverage=SIPRI.coverage,
)
def milex_gdp_ratio(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    df = effort_pairs(pairs, years, directed=True)
    df = df[df["share_gdp2"] > 0]
    df["ratio"] = df["share_gdp1"] / df["share_gdp2"]
    return long_rows(df, "milex_gdp_ratio", "ratio")


@indicator(
    "milex_gdp_parity",
    dimension="burden_sharing",
    direction=1,
    unit="ratio (0–1)",
    kind="undirected",
    sources=("sipri_milex",),
    description="Smaller over larger military spending share of GDP of the pair: 1 = equal "
    "effort, near 0 = one partner carries the burden.",
    coverage=SIPRI.coverage,
)
def milex_gdp_parity(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    df = effort_pairs(pairs, years, directed=False)
    low = df[["share_gdp1", "share_gdp2"]].min(axis=1)
    high = df[["share_gdp1", "share_gdp2"]].max(axis=1)
    df = df.assign(parity=low / high)[high > 0]
    return long_rows(df, "milex_gdp_parity", "parity")


def mids_joined_table(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """Directed dyad-years (``ccode1`` the lead state) with ``joined``: the GML disputes
    ongoing that year that ``ccode1`` originated and in which ``ccode2`` took part on the
    same side; and ``led``: the disputes ``ccode1`` originated that were ongoing. Every
    COW directed dyad-year 1816–2010 has a row (``led`` 0 where ``ccode1`` had none)."""
    part = dispute_years()
    lead = part[part["orig"] == 1]
    led = (
        lead.groupby(["ccode", "year"], as_index=False)
        .size()
        .rename(columns={"ccode": "ccode1", "size": "led"})
    )
    joint = same_side(part)
    joint = joint[joint["orig1"] == 1]
    joined = joint.groupby(["ccode1", "ccode2", "year"], as_index=False).size()
    joined = filter_years(filter_pairs(joined, pairs, undirected=False), years)
    base = dyad_base(GML_COVERAGE, pairs, years, directed=True)
    out = zero_filled(base, joined.rename(columns={"size": "joined"}), "joined")
    out = out.merge(led.astype({"ccode1": "int32", "year": "int32"}), how="left")
    out["led"] = out["led"].fillna(0.0)
    return out


@indicator(
    "mids_joined",
    dimension="burden_sharing",
    direction=1,
    unit="disputes per year",
    kind="directed",
    sources=("mids", "state_system"),
    description="Militarized disputes ongoing that year that state 1 originated and in "
    "which state 2 took part on state 1's side (GML-MID).",
    coverage=GML_COVERAGE,
)
def mids_joined(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(mids_joined_table(pairs, years), "mids_joined", "joined")


@indicator(
    "mids_joined_share",
    dimension="burden_sharing",
    direction=1,
    unit="share of state 1's disputes (0–1)",
    kind="directed",
    sources=("mids", "state_system"),
    description="Share of the disputes state 1 originated (ongoing that year) in which "
    "state 2 took part on its side; missing in years state 1 originated none.",
    coverage=GML_COVERAGE,
)
def mids_joined_share(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    df = mids_joined_table(pairs, years)
    df = df[df["led"] > 0].assign(share=lambda d: d["joined"] / d["led"])
    return long_rows(df, "mids_joined_share", "share")


def wars_same_side_table(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """Undirected dyad-years with ``wars``: COW inter-state wars in which both fought on
    the same side that year; 0 for every other COW dyad-year 1816–2007."""
    joint = undirected(same_side(war_years()))
    joint = joint.drop_duplicates(["ccode1", "ccode2", "year", "event"])
    wars = joint.groupby(["ccode1", "ccode2", "year"], as_index=False).size()
    wars = filter_years(filter_pairs(wars, pairs, undirected=True), years)
    base = dyad_base(INTER_COVERAGE, pairs, years, directed=False)
    return zero_filled(base, wars.rename(columns={"size": "wars"}), "wars")


@indicator(
    "wars_same_side",
    dimension="burden_sharing",
    direction=1,
    unit="wars per year",
    kind="undirected",
    sources=("cow_war", "state_system"),
    description="COW inter-state wars in which both states fought on the same side that year.",
    coverage=INTER_COVERAGE,
)
def wars_same_side(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(wars_same_side_table(pairs, years), "wars_same_side", "wars")

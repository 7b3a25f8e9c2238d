"""Values: do the partners share a political regime and a view of military force?

Regime similarity compares each state's democracy scores (isard's COW panel: V-Dem
polyarchy and Polity2); military effort compares SIPRI spending as a share of GDP; the
propensity to use force counts the militarized disputes a state initiates (GML-MID).
Gaps are undirected: a smaller gap means more alike (direction −1).
"""

from __future__ import annotations

import pandas as pd

from allydrift.indicators._conflict import dispute_years
from allydrift.indicators._dyadic import cross_pairs, state_base, zero_filled
from allydrift.indicators.registry import (
    Pairs,
    Years,
    filter_states,
    filter_years,
    indicator,
    long_rows,
)
from allydrift.sources.democracy import POLITY_COVERAGE, POLYARCHY_COVERAGE
from allydrift.sources.mids import GML_COVERAGE
from allydrift.sources.sipri_milex import SOURCE as SIPRI

DEMOCRACY_THRESHOLD = 6


def democracy_pairs(column: str, pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """Undirected dyad-years where both states have ``column`` (isard's COW democracy
    panel), with ``<column>1`` and ``<column>2``."""
    from allydrift.sources import democracy

    df = democracy.load("cow")[["ccode", "year", column]].dropna()
    return cross_pairs(df.astype({"ccode": "int32"}), [column], pairs, years)


@indicator(
    "polyarchy_gap",
    dimension="values",
    direction=-1,
    unit="V-Dem polyarchy points (0–1)",
    kind="undirected",
    sources=("democracy",),
    description="Absolute difference of the two states' V-Dem electoral democracy "
    "(polyarchy) scores; 0 = identical regimes.",
    coverage=POLYARCHY_COVERAGE,
)
def polyarchy_gap(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    df = democracy_pairs("v2x_polyarchy", pairs, years)
    df["gap"] = (df["v2x_polyarchy1"] - df["v2x_polyarchy2"]).abs()
    return long_rows(df, "polyarchy_gap", "gap")


@indicator(
    "polity_gap",
    dimension="values",
    direction=-1,
    unit="Polity2 points (0–20)",
    kind="undirected",
    sources=("democracy",),
    description="Absolute difference of the two states' Polity2 scores (−10 to 10 each).",
    coverage=POLITY_COVERAGE,
)
def polity_gap(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    df = democracy_pairs("polity2", pairs, years)
    df["gap"] = (df["polity21"] - df["polity22"]).abs()
    return long_rows(df, "polity_gap", "gap")


@indicator(
    "joint_democracy",
    dimension="values",
    direction=1,
    unit="0/1",
    kind="undirected",
    sources=("democracy",),
    description=f"1 if both states have Polity2 ≥ {DEMOCRACY_THRESHOLD}, 0 if either is "
    "below (missing if either score is missing).",
    coverage=POLITY_COVERAGE,
)
def joint_democracy(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    df = democracy_pairs("polity2", pairs, years)
    both = (df["polity21"] >= DEMOCRACY_THRESHOLD) & (df["polity22"] >= DEMOCRACY_THRESHOLD)
    df["joint"] = both.astype(float)
    return long_rows(df, "joint_democracy", "joint")


@indicator(
    "milex_gdp_gap",
    dimension="values",
    direction=-1,
    unit="percentage points of GDP",
    kind="undirected",
    sources=("sipri_milex",),
    description="Absolute difference of the two states' military spending as a share of "
    "GDP (SIPRI), in percentage points.",
    coverage=SIPRI.coverage,
)
def milex_gdp_gap(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    from allydrift.sources import sipri_milex

    df = sipri_milex.load()[["ccode", "year", "share_gdp"]].dropna()
    df = cross_pairs(df.astype({"ccode": "int32"}), ["share_gdp"], pairs, years)
    df["gap"] = (df["share_gdp1"] - df["share_gdp2"]).abs() * 100.0
    return long_rows(df, "milex_gdp_gap", "gap")


def mids_initiated_table(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """Disputes each COW state initiated per year (``ccode``, ``year``, ``initiated``).

    A state initiates a dispute when it is an originator on side A (the side that took
    the first militarized action); the dispute counts in its first year. Every COW
    state-year in GML-MID's coverage (1816–2010) has a row; years after have none.
    """
    part = dispute_years()
    first = part.groupby(["event", "ccode"])["year"].transform("min")
    init = part[(part["side"] == 1) & (part["orig"] == 1) & (part["year"] == first)]
    counts = init.groupby(["ccode", "year"], as_index=False).size()
    counts = filter_years(filter_states(counts, pairs), years).rename(columns={"size": "initiated"})
    base = state_base(GML_COVERAGE, pairs, years)
    return zero_filled(base, counts, "initiated", keys=("ccode", "year"))


@indicator(
    "mids_initiated",
    dimension="values",
    direction=0,
    unit="disputes per year",
    kind="monadic",
    sources=("mids", "state_system"),
    description="Militarized interstate disputes the state initiated that year "
    "(originator on side A, GML-MID); 0 in covered years without one.",
    coverage=GML_COVERAGE,
)
def mids_initiated(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(
        mids_initiated_table(pairs, years), "mids_initiated", "initiated", keys=("ccode", "year")
    )


@indicator(
    "mids_initiated_gap",
    dimension="values",
    direction=-1,
    unit="disputes per year",
    kind="undirected",
    sources=("mids", "state_system"),
    description="Absolute difference of the numbers of disputes the two states initiated "
    "that year: how differently they resort to force.",
    coverage=GML_COVERAGE,
)
def mids_initiated_gap(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    table = mids_initiated_table(pairs, years)
    df = cross_pairs(table, ["initiated"], pairs, years)
    df["gap"] = (df["initiated1"] - df["initiated2"]).abs()
    return long_rows(df, "mids_initiated_gap", "gap")

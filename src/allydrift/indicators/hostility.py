"""Hostility between the partners: disputes and wars they fought against each other.

The strongest sign that two states are not close is that they fight. ``mids_between``
counts the GML militarized interstate disputes in which the two were on opposite sides
that year; ``wars_opposite`` the COW inter-state wars in which they fought each other.
Both are zero-filled over every COW dyad-year their source covers and missing outside
it (GML to 2010, COW wars to 2007), so the measurement model treats later years as
unobserved, not as peace. Their own strategic rivalry is in ``threat``
(``rivalry_tss``, ``rivalry_td``). All score −1 (more hostility, less cohesion).
"""

from __future__ import annotations

import pandas as pd

from allydrift.indicators._conflict import dispute_years, opponents, war_years
from allydrift.indicators._dyadic import dyad_base, undirected, zero_filled
from allydrift.indicators.registry import (
    Pairs,
    Years,
    filter_pairs,
    filter_years,
    indicator,
    long_rows,
)
from allydrift.sources.cow_war import INTER_COVERAGE
from allydrift.sources.mids import GML_COVERAGE


def _between(part: pd.DataFrame, coverage: tuple[int, int], pairs: Pairs, years: Years):
    """Events per undirected dyad-year in which the two were on opposite sides, on every
    COW dyad-year of ``coverage`` (0 where none)."""
    opp = undirected(opponents(part)).drop_duplicates(["ccode1", "ccode2", "year", "event"])
    counts = opp.groupby(["ccode1", "ccode2", "year"], as_index=False).size()
    counts = filter_years(filter_pairs(counts, pairs, undirected=True), years)
    counts = counts[counts["year"].between(*coverage)]
    base = dyad_base(coverage, pairs, years, directed=False)
    return zero_filled(base, counts.rename(columns={"size": "events"}), "events")


def mids_between_table(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """``events``: GML disputes with the two states on opposite sides, per dyad-year."""
    return _between(dispute_years(), GML_COVERAGE, pairs, years)


def wars_opposite_table(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """``events``: COW inter-state wars with the two states on opposite sides."""
    return _between(war_years(), INTER_COVERAGE, pairs, years)


@indicator(
    "mids_between",
    dimension="threat",
    direction=-1,
    unit="disputes per year",
    kind="undirected",
    sources=("mids", "state_system"),
    description="GML militarized interstate disputes in which the two states were on "
    "opposite sides that year.",
    coverage=GML_COVERAGE,
)
def mids_between(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(mids_between_table(pairs, years), "mids_between", "events")


@indicator(
    "wars_opposite",
    dimension="threat",
    direction=-1,
    unit="wars per year",
    kind="undirected",
    sources=("cow_war", "state_system"),
    description="COW inter-state wars in which the two states fought on opposite sides that year.",
    coverage=INTER_COVERAGE,
)
def wars_opposite(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(wars_opposite_table(pairs, years), "wars_opposite", "events")

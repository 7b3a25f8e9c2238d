"""Ties: are the partners bound and working together? (alliance pledges first)."""

from __future__ import annotations

import pandas as pd

from allydrift.indicators.registry import (
    Pairs,
    Years,
    filter_pairs,
    filter_years,
    indicator,
    long_rows,
)

ATOP_COVERAGE = (1815, 2018)


def atop_undirected(flag: str, pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """ATOP ``flag`` (0/1) for every pair of system members in ATOP's coverage.

    A pair of system members without an ATOP row in a covered year has no pledge (0);
    years after ATOP's coverage have no rows (missing, not 0). A pledge in either
    direction counts. ATOP rows of states not yet in the COW list (e.g. Japan in 1951,
    before it regained sovereignty) are kept.
    """
    from allydrift.dyads import create_dyad_years
    from allydrift.sources import atop

    span = (
        ATOP_COVERAGE
        if years is None
        else (
            max(years[0], ATOP_COVERAGE[0]),
            min(years[1], ATOP_COVERAGE[1]),
        )
    )
    if span[0] > span[1]:
        return pd.DataFrame(columns=["ccode1", "ccode2", "year", flag])
    raw = atop.load()[["ccode1", "ccode2", "year", flag]]
    lo = raw[["ccode1", "ccode2"]].min(axis=1).astype("int32")
    hi = raw[["ccode1", "ccode2"]].max(axis=1).astype("int32")
    pledged = pd.DataFrame(
        {"ccode1": lo, "ccode2": hi, "year": raw["year"].astype("int32"), flag: raw[flag]}
    )
    pledged = pledged.groupby(["ccode1", "ccode2", "year"], as_index=False)[flag].max()

    base = create_dyad_years("cow", directed=False, years=(max(span[0], 1816), span[1]))
    base = filter_pairs(base, pairs, undirected=True)
    pledged = filter_pairs(pledged, pairs, undirected=True)
    out = base.merge(pledged, on=["ccode1", "ccode2", "year"], how="outer")

    out[flag] = out[flag].fillna(0).astype("int8")
    return filter_years(out, years)


def _atop_indicator(flag: str, label: str) -> None:
    @indicator(
        flag.replace("atop_", "pact_"),
        dimension="ties",
        direction=1,
        unit="0/1",
        kind="undirected",
        sources=("atop", "state_system"),
        description=f"1 if the pair has an ATOP {label} pledge in force that year.",
        coverage=ATOP_COVERAGE,
    )
    def compute(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
        return long_rows(atop_undirected(flag, pairs, years), flag.replace("atop_", "pact_"), flag)


for _flag, _label in (
    ("atop_defense", "defence"),
    ("atop_offense", "offence"),
    ("atop_consul", "consultation"),
):
    _atop_indicator(_flag, _label)

"""Presence: is a foreign garrison on the partner's soil? (U.S. troops first).

The troop data count U.S. personnel abroad, so these indicators exist for dyads with the
United States (COW 2) on one side; the value is about the other state (the host).
"""

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

USA = 2


def us_troops_table(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """U.S. active-duty troops in each host state, as undirected US–host dyad-years."""
    from allydrift.sources import troopdata

    troops = troopdata.load("troops")
    troops = troops[troops["ccode"] != USA].dropna(subset=["ccode"])
    # COW 2 is the lowest code, so the undirected pair is always (2, host).
    out = pd.DataFrame(
        {
            "ccode1": pd.Series(USA, index=troops.index, dtype="int32"),
            "ccode2": troops["ccode"].astype("int32"),
            "year": troops["year"].astype("int32"),
            "troops_ad": troops["troops_ad"].astype(float),
        }
    )
    return filter_years(filter_pairs(out, pairs, undirected=True), years)


@indicator(
    "us_troops",
    dimension="presence",
    direction=0,
    unit="active-duty personnel",
    kind="undirected",
    sources=("troopdata",),
    description="U.S. active-duty troops stationed in the partner (dyads with the U.S. only).",
    coverage=(1950, 2024),
)
def us_troops(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    return long_rows(us_troops_table(pairs, years), "us_troops", "troops_ad")

"""Burden sharing: does each partner carry its share? (military effort first).

Military spending as a share of GDP is a property of each state (monadic): a dyad view
shows it for both partners.
"""

from __future__ import annotations

import pandas as pd

from allydrift.indicators.registry import (
    Pairs,
    Years,
    filter_states,
    filter_years,
    indicator,
    long_rows,
)


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

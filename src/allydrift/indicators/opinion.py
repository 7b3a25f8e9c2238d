"""Public opinion, under the "ties" dimension: does the partner's public like the U.S.?

Pew's surveys ask the public of each surveyed country about the United States, so these
indicators exist only for dyads with the United States (COW 2 is always ``ccode1``); the
value is the opinion of the partner's public. Opinion sits under "ties" because it is
the popular side of the bond between the two states (the design lists no separate
opinion dimension). A country not surveyed in a year has no row: missing, never zero.
"""

from __future__ import annotations

import pandas as pd

from allydrift.indicators._covered import USA
from allydrift.indicators.registry import (
    Pairs,
    Years,
    filter_pairs,
    filter_years,
    indicator,
    long_rows,
)
from allydrift.sources import pew_us_image


def us_opinion_table(table: str, pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    """Pew ``table`` as U.S.–partner dyad-years: ``ccode1`` (2), ``ccode2``, ``year``,
    ``percent``."""
    raw = pew_us_image.load(table).dropna(subset=["ccode"])
    raw = raw[raw["ccode"] != USA]
    out = pd.DataFrame(
        {
            "ccode1": pd.Series(USA, index=raw.index, dtype="int32"),
            "ccode2": raw["ccode"].astype("int32"),
            "year": raw["year"].astype("int32"),
            "percent": raw["percent"].astype(float),
        }
    )
    return filter_years(filter_pairs(out, pairs, undirected=True), years)


@indicator(
    "us_favourable_view",
    dimension="ties",
    direction=1,
    unit="% of respondents",
    kind="undirected",
    sources=("pew_us_image",),
    description="Share of the partner's public with a favourable view of the United "
    "States (Pew). Exists only for dyads with the United States.",
    coverage=pew_us_image.SOURCE.coverage,
)
def us_favourable_view(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    table = us_opinion_table("us_favourable", pairs, years)
    return long_rows(table, "us_favourable_view", "percent")


@indicator(
    "us_president_confidence",
    dimension="ties",
    direction=0,
    unit="% of respondents",
    kind="undirected",
    sources=("pew_us_image",),
    description="Share of the partner's public confident that the U.S. president will do "
    "the right thing in world affairs (Pew; follows the person in office, hence context). "
    "Exists only for dyads with the United States.",
    coverage=(2001, pew_us_image.SOURCE.coverage[1]),
)
def us_president_confidence(pairs: Pairs = None, years: Years = None) -> pd.DataFrame:
    table = us_opinion_table("president_confidence", pairs, years)
    return long_rows(table, "us_president_confidence", "percent")

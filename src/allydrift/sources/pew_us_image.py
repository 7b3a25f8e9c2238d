"""Pew Global Attitudes: favourable view of the U.S. and confidence in its president, 2000–2017.

Tables (long: one row per country and survey year; a blank cell, i.e. a country not
surveyed that year, is no row — missing, never zero; no survey year 2001 in the file)
------
``us_favourable`` (default): ``country`` (as in the file: "UK", "South Korea"),
``ccode`` (COW), ``year``, ``percent``: share of respondents with a very or somewhat
favourable view of the United States, in percent (0–100).
``president_confidence`` (2001–2017): the same columns; ``percent`` is the share with a lot
of or some confidence in the U.S. president to do the right thing in world affairs.

The files' ``avg`` column (a mean over the countries surveyed that year, whose set
changes) is left out. The numbers are Pew's, as compiled by FiveThirtyEight (2017).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec

_DIR = "fcf572c4fba05a42f1f34f415bd5e6dc389efd68/trump-world-trust/"

_COLUMNS = (
    Column("country", "str", "country as named in the file"),
    Column("ccode", "Int64", "COW code"),
    Column("year", "int", "survey year"),
    Column("percent", "float", "share of respondents, percent (0–100)"),
)

SOURCE = Source(
    id="pew_us_image",
    title="Pew Global Attitudes: views of the U.S. and its president",
    version="FiveThirtyEight trump-world-trust (2017)",
    licence="CC BY 4.0 (FiveThirtyEight); Pew Research Center terms",
    origin="https://www.pewresearch.org/global/database/",
    coverage=(2000, 2017),
    description="Share of the public in 37 countries with a favourable view of the U.S.",
    citations=("pew2017globalindicators", "fivethirtyeight2017trumpworld"),
    tables={"us_favourable": _COLUMNS, "president_confidence": _COLUMNS},
)


def _long(paths: list[Path]) -> pd.DataFrame:
    from allydrift.countries import resolve_codes

    wide = pd.read_csv(paths[0]).drop(columns="avg")
    out = wide.melt(id_vars="year", var_name="country", value_name="percent").dropna()
    out["year"] = out["year"].astype(int)
    out["ccode"] = resolve_codes(out["country"], out["year"]).array
    out["percent"] = out["percent"].astype(float)
    cols = [c.name for c in _COLUMNS]
    return out[cols].sort_values(["country", "year"]).reset_index(drop=True)


_TABLES = {
    "us_favourable": TableSpec((_DIR + "TRUMPWORLD-us.csv",), _long),
    "president_confidence": TableSpec((_DIR + "TRUMPWORLD-pres.csv",), _long),
}


def load(table: str = "us_favourable") -> pd.DataFrame:
    """Load ``us_favourable`` (default) or ``president_confidence``."""
    return SOURCE.load_spec(_TABLES, table)

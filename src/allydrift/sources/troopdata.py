"""U.S. military deployments, bases and construction spending (troopdata).

Tables
------
``troops`` (default): U.S. personnel stationed in each country-year 1950–2024 —
``ccode``, ``iso3``, ``year``, ``troops_ad`` (active duty) and per service
``army_ad``, ``navy_ad``, ``air_force_ad``, ``marine_corps_ad``, plus ``total_civilian``.
Rows the producers split under two spellings of one country are summed.
``bases``: 414 U.S. base sites without years — ``ccode``, ``iso3``, ``basename``, ``lat``,
``lon``, ``base``/``lilypad``/``fundedsite`` (0/1).
``construction``: military construction projects 2008–2019 — ``ccode``, ``iso3``, ``year``,
``location``, ``spend_construction`` (thousands of current USD).

Since Okinawa returned to Japan in 1972, troops there count as "in Japan" afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec

_RAW = "3946bcf89a6d72de8abace812dc557f1f249f5f7/data-raw/"
_SERVICES = ["troops_ad", "army_ad", "navy_ad", "air_force_ad", "marine_corps_ad", "total_civilian"]

SOURCE = Source(
    id="troopdata",
    title="U.S. troop deployments, bases and construction (troopdata)",
    version="1.0.4.9000 (rebuild, country-year)",
    licence="GPL (>= 3)",
    origin="https://github.com/meflynn/troopdata",
    coverage=(1950, 2024),
    description="U.S. military personnel abroad (DMDC reports), base sites and construction.",
    citations=("allen2022troops",),
    tables={
        "troops": (
            Column("ccode", "Int64", "COW code of the host country"),
            Column("iso3", "str", "ISO3 code of the host country"),
            Column("year", "int", "year"),
            Column("troops_ad", "int", "U.S. active-duty personnel in the country"),
        ),
        "bases": (
            Column("ccode", "Int64", "COW code of the host country"),
            Column("basename", "str", "site name"),
            Column("base", "int", "1 if a full base"),
        ),
        "construction": (
            Column("ccode", "Int64", "COW code of the host country"),
            Column("year", "int", "fiscal year"),
            Column("spend_construction", "float", "thousands of current USD"),
        ),
    },
)


def _troops(paths: list[Path]) -> pd.DataFrame:
    raw = pd.read_csv(paths[0])
    raw = raw.dropna(subset=["ccode"])
    raw["ccode"] = raw["ccode"].astype(int)
    agg = raw.groupby(["ccode", "year"], as_index=False)[_SERVICES].sum()
    iso = raw.groupby("ccode")["iso3c"].first()
    agg.insert(1, "iso3", agg["ccode"].map(iso).astype("str"))
    agg["ccode"] = agg["ccode"].astype("Int64")
    agg["year"] = agg["year"].astype(int)
    return agg


def _bases(paths: list[Path]) -> pd.DataFrame:
    raw = pd.read_csv(paths[0], encoding="latin-1")
    raw = raw.rename(columns={"iso3c": "iso3"})
    raw["ccode"] = raw["ccode"].astype("Int64")
    return raw


def _construction(paths: list[Path]) -> pd.DataFrame:
    raw = pd.read_csv(paths[0]).rename(columns={"iso3c": "iso3"})
    raw["ccode"] = pd.to_numeric(raw["ccode"]).astype("Int64")
    raw["spend_construction"] = raw["spend_construction"].astype(float)
    return raw


_TABLES = {
    "troops": TableSpec((_RAW + "troopdata-rebuild-country-year.csv",), _troops),
    "bases": TableSpec((_RAW + "basedata.csv",), _bases),
    "construction": TableSpec((_RAW + "builddata.csv",), _construction),
}


def load(table: str = "troops") -> pd.DataFrame:
    """Load ``troops`` (default), ``bases`` or ``construction``."""
    return SOURCE.load_spec(_TABLES, table)

"""Archigos 4.1 political leaders (via peacesciencer 1.2.9), 1870–2015.

Table ``archigos`` (default): one row per leader spell — ``obsid``, ``gwcode``,
``leadid`` (one id per person), ``leader``, ``yrborn``, ``gender``, ``start``/``end``
(dates in office), ``entry`` (Regular, Irregular, Foreign Imposition), ``exit``,
``exitcode``. Codes are Gleditsch–Ward.
``cow_leader_dyad_years`` / ``gw_leader_dyad_years``: peacesciencer's directed leader
dyad-years (``obsid1``, ``obsid2``, ``year`` …), for parity checks.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec
from allydrift.sources.rdata import read_r

_PS = "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/"
_EXT = "6e427d057bc9cd0cb83fea07d3c324d385681ea0/R/peacesciencer/"

SOURCE = Source(
    id="leaders",
    title="Archigos: a data set of political leaders",
    version="4.1 (peacesciencer 1.2.9)",
    licence="free with citation (Archigos); GPL-2 (peacesciencer)",
    origin="https://www.rochester.edu/college/faculty/hgoemans/data.htm",
    coverage=(1870, 2015),
    description="Who led each state, from when to when, and how they came and went.",
    citations=("goemans2009archigos", "miller2022peacesciencer"),
    tables={
        "archigos": (
            Column("obsid", "str", "leader-spell id, e.g. 'JPN-2001'"),
            Column("gwcode", "Int64", "G-W code of the state"),
            Column("leadid", "str", "one id per person across spells"),
            Column("leader", "str", "leader's name"),
            Column("start", "date", "first day in office"),
            Column("end", "date", "last day in office"),
            Column("entry", "str", "Regular, Irregular or Foreign Imposition"),
            Column("exit", "str", "how the spell ended (Still in Office at the end)"),
        ),
    },
)


def _archigos(paths: list[Path]) -> pd.DataFrame:
    df = read_r(paths[0])
    df["gwcode"] = df["gwcode"].round().astype("Int64")
    df["start"] = pd.to_datetime(df.pop("startdate")).dt.date
    df["end"] = pd.to_datetime(df.pop("enddate")).dt.date
    return df


def _dyads(paths: list[Path]) -> pd.DataFrame:
    return read_r(paths[0])


_TABLES = {
    "archigos": TableSpec((_PS + "archigos.rda",), _archigos),
    "cow_leader_dyad_years": TableSpec((_EXT + "cow_dir_leader_dyad_years.rds",), _dyads),
    "gw_leader_dyad_years": TableSpec((_EXT + "gw_dir_leader_dyad_years.rds",), _dyads),
}


def load(table: str = "archigos") -> pd.DataFrame:
    """Load ``archigos`` (default), ``cow_leader_dyad_years`` or ``gw_leader_dyad_years``."""
    return SOURCE.load_spec(_TABLES, table)

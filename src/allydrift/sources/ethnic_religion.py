"""Ethnic and religious composition (CREG, via peacesciencer 1.2.9), 1945–2013.

Table ``creg`` (default): ``ccode``, ``gwcode``, ``year``, ``ethfrac`` / ``relfrac``
(fractionalisation: the chance two random citizens belong to different groups),
``ethpol`` / ``relpol`` (polarisation), one row per state-year (rows of a state coded
under another CREG code without estimates are dropped).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec
from allydrift.sources.rdata import read_r

_PS = "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/"
COLUMNS = ["ethfrac", "ethpol", "relfrac", "relpol"]

SOURCE = Source(
    id="ethnic_religion",
    title="Composition of Religious and Ethnic Groups (CREG)",
    version="CREG (Cline Center) via peacesciencer 1.2.9",
    licence="free with citation (Cline Center); GPL-2 (peacesciencer)",
    origin="https://clinecenter.illinois.edu/project/research-themes/democracy-and-development/creg",
    coverage=(1945, 2013),
    description="Ethnic and religious fractionalisation and polarisation by state-year.",
    citations=("nardulli2012creg", "miller2022peacesciencer"),
    tables={
        "creg": (
            Column("ccode", "Int64", "COW code"),
            Column("gwcode", "Int64", "G-W code"),
            Column("year", "int", "year"),
            Column("ethfrac", "float", "ethnic fractionalisation, 0–1"),
            Column("ethpol", "float", "ethnic polarisation, 0–1"),
            Column("relfrac", "float", "religious fractionalisation, 0–1"),
            Column("relpol", "float", "religious polarisation, 0–1"),
        ),
    },
)


def _parse(paths: list[Path]) -> pd.DataFrame:
    df = read_r(paths[0]).dropna(subset=COLUMNS, how="all")
    out = df[["ccode", "gwcode"]].round().astype("Int64")
    out["year"] = df["year"].astype(int)
    out["creg_ccode"] = df["creg_ccode"].round().astype("Int64")
    for col in COLUMNS:
        out[col] = df[col].astype(float)
    own = out["creg_ccode"] == out["ccode"]
    out = out.assign(_own=own.fillna(False)).sort_values(["ccode", "year", "_own"])
    out = out.drop_duplicates(["ccode", "year"], keep="last").drop(columns="_own")
    return out.reset_index(drop=True)


_TABLES = {"creg": TableSpec((_PS + "creg.rda",), _parse)}


def load(table: str = "creg") -> pd.DataFrame:
    """Load the CREG state-years."""
    return SOURCE.load_spec(_TABLES, table)

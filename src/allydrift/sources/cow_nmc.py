"""Correlates of War National Material Capabilities (NMC v7.0), state-years 1816–2022.

Table ``state_years``: ``ccode``, ``year``, ``milex`` (thousands; British pounds 1816–1913,
current USD from 1914), ``milper`` (thousands), ``irst``, ``pec``, ``tpop``, ``upop``
(thousands), ``cinc`` (share of world capabilities, 0–1). -9 codes are read as missing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec
from allydrift.sources.rdata import as_int, read_r

SOURCE = Source(
    id="cow_nmc",
    title="National Material Capabilities (Correlates of War)",
    version="7.0 (peacesciencer 1.2.9)",
    licence="free with citation (COW); GPL-2 (peacesciencer)",
    origin="https://correlatesofwar.org/data-sets/national-material-capabilities/",
    coverage=(1816, 2022),
    description="Military spending and personnel, industry, energy and population per state-year.",
    citations=("singer1972nmc", "singer1987nmc", "miller2022peacesciencer"),
    tables={
        "state_years": (
            Column("ccode", "Int64", "COW code"),
            Column("year", "int", "year"),
            Column(
                "milex", "float", "military expenditure, thousands (GBP to 1913, current USD after)"
            ),
            Column("milper", "float", "military personnel, thousands"),
            Column("tpop", "float", "total population, thousands"),
            Column("cinc", "float", "Composite Index of National Capability, 0–1"),
        )
    },
)


def _parse(paths: list[Path]) -> pd.DataFrame:
    df = as_int(read_r(paths[0]), ["ccode"])
    df["year"] = df["year"].astype(int)
    values = ["milex", "milper", "irst", "pec", "tpop", "upop", "cinc"]
    df[values] = df[values].astype(float).replace(-9.0, np.nan)
    return df


_TABLES = {
    "state_years": TableSpec(("fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/cow_nmc.rda",), _parse)
}


def load(table: str = "state_years") -> pd.DataFrame:
    """Load the NMC state-years."""
    return SOURCE.load_spec(_TABLES, table)

"""Minimum distance between states (CShapes, via peacesciencer 1.2.9), 1886–2019.

Table ``cow_mindist`` (default) / ``gw_mindist``: undirected (``<code>1 < <code>2``) —
``<code>1``, ``<code>2``, ``year``, ``mindist`` (kilometres between the closest points of
the two states' territories; 0 for states that touch). Pairs absent in a covered year
have no estimate (missing, never 0).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec
from allydrift.sources.rdata import read_r

_PS = "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/"

SOURCE = Source(
    id="geography",
    title="Minimum distance between states (CShapes 2.0)",
    version="CShapes 2.0 minimum distances (peacesciencer 1.2.9)",
    licence="GPL-2 (peacesciencer); CShapes CC BY-NC-SA 4.0",
    origin="https://icr.ethz.ch/data/cshapes/",
    coverage=(1886, 2019),
    description="The shortest distance between two states' territories, by year.",
    citations=("weidmann2010cshapes", "miller2022peacesciencer"),
    tables={
        "cow_mindist": (
            Column("ccode1", "int32", "COW code of the first state (the smaller)"),
            Column("ccode2", "int32", "COW code of the second state"),
            Column("year", "int32", "year"),
            Column("mindist", "float", "minimum distance between the two states, km"),
        ),
    },
)


def _parse(paths: list[Path], code: str) -> pd.DataFrame:
    df = read_r(paths[0])
    keys = [f"{code}1", f"{code}2", "year"]
    out = df[keys].round().astype("int32")
    out["mindist"] = df["mindist"].astype(float)
    return out


_TABLES = {
    "cow_mindist": TableSpec((_PS + "cow_mindist.rda",), lambda p: _parse(p, "ccode")),
    "gw_mindist": TableSpec((_PS + "gw_mindist.rda",), lambda p: _parse(p, "gwcode")),
}


def load(table: str = "cow_mindist") -> pd.DataFrame:
    """Load ``cow_mindist`` (default) or ``gw_mindist``."""
    return SOURCE.load_spec(_TABLES, table)

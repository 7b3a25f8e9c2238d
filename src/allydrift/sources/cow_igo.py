"""Correlates of War intergovernmental organisations (IGO v3, via peacesciencer 1.2.9).

Tables
------
``dyad_years`` (default): undirected (``ccode1 < ccode2``) — ``ccode1``, ``ccode2``,
``year``, ``dyadigos`` (IGOs in which both states are full members), 1816–2014.
``state_years``: ``ccode``, ``year``, ``sum_igo_full``, ``sum_igo_associate``,
``sum_igo_observer``, ``sum_igo_anytype`` (memberships of the state).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec
from allydrift.sources.rdata import read_r

_PS = "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/"

SOURCE = Source(
    id="cow_igo",
    title="Correlates of War Intergovernmental Organizations (IGO)",
    version="3.0 (peacesciencer 1.2.9)",
    licence="free with citation (COW); GPL-2 (peacesciencer)",
    origin="https://correlatesofwar.org/data-sets/igos/",
    coverage=(1816, 2014),
    description="Shared memberships of intergovernmental organisations, by dyad-year.",
    citations=("pevehouse2020igo", "miller2022peacesciencer"),
    tables={
        "dyad_years": (
            Column("ccode1", "int32", "COW code of the first state (the smaller)"),
            Column("ccode2", "int32", "COW code of the second state"),
            Column("year", "int32", "year"),
            Column("dyadigos", "float", "IGOs in which both states are full members"),
        ),
        "state_years": (
            Column("ccode", "int32", "COW code"),
            Column("year", "int32", "year"),
            Column("sum_igo_full", "float", "IGOs the state is a full member of"),
            Column("sum_igo_anytype", "float", "IGOs the state belongs to in any way"),
        ),
    },
)


def _parse(paths: list[Path], keys: list[str]) -> pd.DataFrame:
    df = read_r(paths[0])
    out = df[keys].round().astype("int32")
    for col in df.columns.difference(keys):
        out[col] = df[col].astype(float)
    return out


_TABLES = {
    "dyad_years": TableSpec(
        (_PS + "cow_igo_ndy.rda",), lambda p: _parse(p, ["ccode1", "ccode2", "year"])
    ),
    "state_years": TableSpec((_PS + "cow_igo_sy.rda",), lambda p: _parse(p, ["ccode", "year"])),
}


def load(table: str = "dyad_years") -> pd.DataFrame:
    """Load ``dyad_years`` (default) or ``state_years``."""
    return SOURCE.load_spec(_TABLES, table)

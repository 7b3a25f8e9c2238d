"""Correlates of War trade (v4.0): directed dyadic flows and state totals, 1870–2014.

Tables
------
``dyad_years`` (default): 1,347,308 directed dyad-years (each pair twice, A→B and B→A) —
``ccode1``, ``ccode2``, ``year``; ``flow1``: imports of ``ccode1`` from ``ccode2``;
``flow2``: imports of ``ccode2`` from ``ccode1`` (million current USD); ``smoothflow1``,
``smoothflow2``: the producers' smoothed versions. Missing flows are NA, not 0.
``state_years``: ``ccode``, ``year``, ``imports``, ``exports`` (million current USD, NA
where unknown): each state's total trade, from the national totals (IMF DOTS and
historical sources), not the sum of its dyadic flows.

The totals and the dyadic flows come from different compilations: in 264 directed
dyad-years the pair's trade exceeds the state's total trade (see ``ties`` indicators).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec
from allydrift.sources.rdata import as_int, read_r

_FLOWS = ["flow1", "flow2", "smoothflow1", "smoothflow2"]

SOURCE = Source(
    id="cow_trade",
    title="Correlates of War trade",
    version="4.0 (peacesciencer 1.2.9)",
    licence="free with citation (COW); GPL-2 (peacesciencer)",
    origin="https://correlatesofwar.org/data-sets/bilateral-trade/",
    coverage=(1870, 2014),
    description="Imports and exports between every pair of states, and each state's totals.",
    citations=("barbieri2016cowtrade", "barbieri2009trade", "miller2022peacesciencer"),
    tables={
        "dyad_years": (
            Column("ccode1", "Int64", "COW code of the first state"),
            Column("ccode2", "Int64", "COW code of the second state"),
            Column("year", "int", "year"),
            Column("flow1", "float", "imports of ccode1 from ccode2, million current USD"),
            Column("flow2", "float", "imports of ccode2 from ccode1, million current USD"),
            Column("smoothflow1", "float", "flow1 smoothed by the producers"),
            Column("smoothflow2", "float", "flow2 smoothed by the producers"),
        ),
        "state_years": (
            Column("ccode", "Int64", "COW code"),
            Column("year", "int", "year"),
            Column("imports", "float", "total imports, million current USD"),
            Column("exports", "float", "total exports, million current USD"),
        ),
    },
)


def _dyad_years(paths: list[Path]) -> pd.DataFrame:
    df = as_int(read_r(paths[0]), ["ccode1", "ccode2"])
    df["year"] = df["year"].astype(int)
    for col in _FLOWS:
        df[col] = df[col].where(df[col] >= 0)
    return df[["ccode1", "ccode2", "year", *_FLOWS]]


def _state_years(paths: list[Path]) -> pd.DataFrame:
    df = as_int(read_r(paths[0]), ["ccode"])
    df["year"] = df["year"].astype(int)
    for col in ("imports", "exports"):
        df[col] = df[col].where(df[col] >= 0)
    return df[["ccode", "year", "imports", "exports"]]


_TABLES = {
    "dyad_years": TableSpec(("R/peacesciencer/cow_trade_ddy.rds",), _dyad_years),
    "state_years": TableSpec(("data/cow_trade_sy.rda",), _state_years),
}


def load(table: str = "dyad_years") -> pd.DataFrame:
    """Load ``dyad_years`` (default, directed flows) or ``state_years`` (totals)."""
    return SOURCE.load_spec(_TABLES, table)

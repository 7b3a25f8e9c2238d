"""Correlates of War war data (v4.x): inter-state and intra-state wars.

Tables
------
``inter`` (default): directed dyad-years of opponents in inter-state wars 1823–2003 —
``warnum``, ``ccode1``, ``ccode2``, ``year``, ``onset`` (1 in the pair's first war year),
``ongoing``, ``side1``/``side2`` (1 or 2: the side each state fought on), ``initiator1``/
``initiator2`` (1 if the state started the war), ``outcome1``/``outcome2`` (COW codes,
1 win, 2 loss, …), ``batdeath1``/``batdeath2`` (battle deaths of each state). Only
opponents are rows; two states on the same side share a ``warnum`` and a ``side``. The
COW inter-state war list covers 1816–2007: the first war begins in 1823 and the last
(the invasion of Iraq) in 2003, so years up to 2007 without a row had no war.
``intra``: intra-state war-years 1818–2008 — ``warnum``, ``warname``, ``wartype``,
``year``, ``onset``, ``ongoing``, ``ccodea``/``ccodeb`` (state participants; −8 = a
non-state side), ``sidea``/``sideb`` (names), ``intnl`` (1 if internationalised),
``outcome``, ``sideadeaths``/``sidebdeaths``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec
from allydrift.sources.rdata import as_int, read_r

_PS = "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/"
INTER_COVERAGE = (1816, 2007)

SOURCE = Source(
    id="cow_war",
    title="Correlates of War inter- and intra-state wars",
    version="4.x (peacesciencer 1.2.9)",
    licence="free with citation (COW); GPL-2 (peacesciencer)",
    origin="https://correlatesofwar.org/data-sets/cow-war/",
    coverage=INTER_COVERAGE,
    description="Wars between states (who fought whom, on which side) and civil wars.",
    citations=("sarkees2010resort", "dixon2016intra", "miller2022peacesciencer"),
    tables={
        "inter": (
            Column("warnum", "int", "COW war number"),
            Column("ccode1", "Int64", "COW code of the first state"),
            Column("ccode2", "Int64", "COW code of its opponent"),
            Column("year", "int", "year"),
            Column("onset", "int8", "1 in the first year of the war for this pair"),
            Column("side1", "int8", "side (1 or 2) state 1 fought on"),
            Column("side2", "int8", "side (1 or 2) state 2 fought on"),
            Column("initiator1", "int8", "1 if state 1 initiated the war"),
            Column("batdeath1", "float", "battle deaths of state 1"),
        ),
        "intra": (
            Column("warnum", "int", "COW war number"),
            Column("year", "int", "year"),
            Column("ccodea", "Int64", "COW code of side A's state (−8 non-state)"),
            Column("ccodeb", "Int64", "COW code of side B's state (−8 non-state)"),
            Column("intnl", "Int64", "1 if internationalised"),
        ),
    },
)


def _inter(paths: list[Path]) -> pd.DataFrame:
    df = read_r(paths[0]).rename(
        columns={
            "cowinteronset": "onset",
            "cowinterongoing": "ongoing",
            "sidea1": "side1",
            "sidea2": "side2",
        }
    )
    df = as_int(df, ["ccode1", "ccode2", "outcome1", "outcome2"])
    df["warnum"] = df["warnum"].astype(int)
    df["year"] = df["year"].astype(int)
    flags = ["onset", "ongoing", "side1", "side2", "initiator1", "initiator2", "resume"]
    df[flags] = df[flags].astype("int8")
    return df


def _intra(paths: list[Path]) -> pd.DataFrame:
    df = read_r(paths[0]).rename(columns={"cowintraonset": "onset", "cowintraongoing": "ongoing"})
    df = as_int(df, ["ccodea", "ccodeb", "intnl", "outcome", "primary_state"])
    df["warnum"] = df["warnum"].astype(int)
    df["year"] = df["year"].astype(int)
    df[["onset", "ongoing"]] = df[["onset", "ongoing"]].astype("int8")
    for col in ("warname", "wartype", "sidea", "sideb"):
        df[col] = df[col].astype("string")
    return df


_TABLES = {
    "inter": TableSpec((_PS + "cow_war_inter.rda",), _inter),
    "intra": TableSpec((_PS + "cow_war_intra.rda",), _intra),
}


def load(table: str = "inter") -> pd.DataFrame:
    """Load ``inter`` (default) or ``intra``."""
    return SOURCE.load_spec(_TABLES, table)

"""UCDP/PRIO Armed Conflict Dataset (v25.1, via peacesciencer 1.2.9), 1946–2024.

Table ``acd`` (default): one row per conflict-year — ``conflict_id``, ``year``,
``gwno_a`` (G-W code of the government on side A), ``gwno_a_2nd`` (its secondary
supporter), ``gwno_b`` / ``gwno_b_2nd`` (side B, for interstate conflicts),
``incompatibility`` (territory/government/both), ``intensity_level`` (1: 25–999 battle
deaths, 2: 1,000 or more), ``type_of_conflict`` (extrasystemic, interstate, intrastate,
II = internationalised intrastate), ``start_date`` (first battle death of the conflict),
``start_date2`` (of this episode), ``ep_end`` (1 if the episode ends this year).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec
from allydrift.sources.rdata import as_int, read_r

_PS = "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/"
TYPES = ("extrasystemic", "interstate", "intrastate", "II")

SOURCE = Source(
    id="ucdp",
    title="UCDP/PRIO Armed Conflict Dataset",
    version="25.1 (peacesciencer 1.2.9)",
    licence="CC BY 4.0 (UCDP); GPL-2 (peacesciencer)",
    origin="https://ucdp.uu.se/downloads/",
    coverage=(1946, 2024),
    description="State-based armed conflicts with at least 25 battle deaths in a year.",
    citations=("gleditsch2002acd", "miller2022peacesciencer"),
    tables={
        "acd": (
            Column("conflict_id", "int", "UCDP conflict id"),
            Column("year", "int", "year"),
            Column("gwno_a", "Int64", "G-W code of the government on side A"),
            Column("gwno_b", "Int64", "G-W code of side B (interstate conflicts)"),
            Column("intensity_level", "int", "1: 25–999 battle deaths; 2: 1,000 or more"),
            Column("type_of_conflict", "str", "extrasystemic, interstate, intrastate or II"),
            Column("start_date2", "date", "first battle death of this episode"),
        ),
    },
)


def _parse(paths: list[Path]) -> pd.DataFrame:
    df = read_r(paths[0])
    df = as_int(df, ["conflict_id", "gwno_a", "gwno_a_2nd", "gwno_b", "gwno_b_2nd"])
    df["conflict_id"] = df["conflict_id"].astype(int)
    df["year"] = df["year"].astype(int)
    df["intensity_level"] = df["intensity_level"].astype(int)
    for col in ("start_date", "start_date2", "ep_end_date"):
        df[col] = pd.to_datetime(df[col]).dt.date
    return df


_TABLES = {"acd": TableSpec((_PS + "ucdp_acd.rda",), _parse)}


def load(table: str = "acd") -> pd.DataFrame:
    """Load the conflict-years (``acd``)."""
    return SOURCE.load_spec(_TABLES, table)

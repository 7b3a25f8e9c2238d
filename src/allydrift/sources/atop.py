"""Alliance Treaty Obligations and Provisions (ATOP v5.1), directed dyad-years 1815–2018.

Table ``dyad_years``: ``ccode1``, ``ccode2``, ``year`` and 0/1 flags ``atop_defense``,
``atop_offense``, ``atop_neutral``, ``atop_nonagg``, ``atop_consul``. A missing row means
no ATOP obligation between the pair in that year (within 1815–2018). Note that a row
with only ``atop_consul = 1`` is a consultation pledge, not an alliance to fight.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec
from allydrift.sources.rdata import as_int, read_r

FLAGS = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]

SOURCE = Source(
    id="atop",
    title="Alliance Treaty Obligations and Provisions (ATOP)",
    version="5.1 (peacesciencer 1.2.9)",
    licence="free for research with citation (ATOP); GPL-2 (peacesciencer)",
    origin="http://www.atopdata.org",
    coverage=(1815, 2018),
    description="Which pairs of states have defence, offence, neutrality, non-aggression "
    "or consultation pledges in each year.",
    citations=("leeds2002atop", "miller2022peacesciencer"),
    tables={
        "dyad_years": (
            Column("ccode1", "Int64", "COW code of the first state"),
            Column("ccode2", "Int64", "COW code of the second state"),
            Column("year", "int", "year"),
            *(Column(f, "int8", f"1 if the pair has a {f[5:]} pledge that year") for f in FLAGS),
        )
    },
)


def _parse(paths: list[Path]) -> pd.DataFrame:
    df = as_int(read_r(paths[0]), ["ccode1", "ccode2"])
    df["year"] = df["year"].astype(int)
    for flag in FLAGS:
        df[flag] = df[flag].fillna(0).astype("int8")
    return df


_TABLES = {
    "dyad_years": TableSpec(
        ("fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/atop_alliance.rda",), _parse
    )
}


def load(table: str = "dyad_years") -> pd.DataFrame:
    """Load the ATOP directed dyad-years."""
    return SOURCE.load_spec(_TABLES, table)

"""State-system membership: Correlates of War and Gleditsch–Ward, with the CoW↔G-W crosswalk.

Tables
------
``cow_system``: one row per membership spell — ``ccode`` (Int64), ``abb``, ``name``,
``start``/``end`` (dates).
``gw_system``: the same for Gleditsch–Ward — ``gwcode``, ``abb``, ``name``, ``microstate``,
``start``/``end``.
``panel``: state-years 1816–2025 — ``year``, ``ccode``, ``gwcode``, ``abb``, ``cow_name``,
``gw_name``; ``system`` says which list the row comes from ("cow" or "gw").
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec
from allydrift.sources.rdata import as_int, read_r

_ISARD = "46944ad97a5532cd8e3b33129463c8435a69846a/data/"

SOURCE = Source(
    id="state_system",
    title="State system membership (Correlates of War, Gleditsch–Ward)",
    version="COW 2016; G-W 2017; isard 0.2.0 crosswalk to 2025",
    licence="GPL-2 (isard, peacesciencer); data free with citation",
    origin="https://correlatesofwar.org/data-sets/state-system-membership/",
    coverage=(1816, 2025),
    description="Which states exist in which years, in both state lists.",
    citations=("cow2016states", "gleditsch1999gw", "miller2022peacesciencer"),
    tables={
        "panel": (
            Column("year", "int", "calendar year"),
            Column("ccode", "Int64", "Correlates of War state code (NA for G-W-only states)"),
            Column("gwcode", "Int64", "Gleditsch–Ward code (NA for CoW-only states)"),
            Column("abb", "str", "three-letter state abbreviation of the list"),
            Column("system", "str", "'cow' or 'gw': the list the row belongs to"),
        )
    },
)


def _system(paths: list[Path], which: str) -> pd.DataFrame:
    raw = read_r(paths[0])
    code = "ccode" if which == "cw" else "gwcode"
    df = raw.rename(columns={f"{which}_abb": "abb", f"{which}_name": "name"})
    df = as_int(df, [code])
    df["start"] = pd.to_datetime(df["start"]).dt.date
    df["end"] = pd.to_datetime(df["end"]).dt.date
    return df


def _panel(paths: list[Path]) -> pd.DataFrame:
    parts = []
    for path, system in zip(paths, ("cow", "gw"), strict=True):
        df = read_r(path)
        df = as_int(df, ["ccode", "gwcode", "year"])
        df["year"] = df["year"].astype(int)
        df["system"] = system
        parts.append(df)
    out = pd.concat(parts, ignore_index=True)
    out = out.rename(columns={"stateabb": "abb", "cw_name": "cow_name"})
    return out[["year", "ccode", "gwcode", "abb", "cow_name", "gw_name", "system"]]


_TABLES = {
    "panel": TableSpec((_ISARD + "cw_gw_panel.rda", _ISARD + "gw_cw_panel.rda"), _panel),
    "cow_system": TableSpec((_ISARD + "cw_system.rda",), lambda p: _system(p, "cw")),
    "gw_system": TableSpec((_ISARD + "gw_system.rda",), lambda p: _system(p, "gw")),
}


def load(table: str = "panel") -> pd.DataFrame:
    """Load ``panel`` (default), ``cow_system`` or ``gw_system``."""
    return SOURCE.load_spec(_TABLES, table)

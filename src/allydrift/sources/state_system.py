"""State-system membership: Correlates of War and Gleditsch–Ward, with the CoW↔G-W crosswalk.

Tables
------
``cow_system``: one row per membership spell — ``ccode`` (Int64), ``abb``, ``name``,
``start``/``end`` (dates).
``gw_system``: the same for Gleditsch–Ward — ``gwcode``, ``abb``, ``name``, ``microstate``,
``start``/``end``.
``panel``: state-years 1816–2025 — ``year``, ``ccode``, ``gwcode``, ``abb``, ``cow_name``,
``gw_name``; ``system`` says which list the row comes from ("cow" or "gw").
``cow_capitals`` / ``gw_capitals``: ``ccode`` (or ``gwcode``), ``capital``, ``start``/``end``
(dates), ``lat``, ``lng`` — one row per capital spell (peacesciencer 1.2.9).
``cow_contdir``: COW Direct Contiguity 3.2, directed — ``ccode1``, ``ccode2``, ``conttype``
(1 land, 2–5 water ≤ 12/24/150/400 miles; 0 a recorded spell without contiguity),
``start``/``end``, 1816–2016.
``cow_majors``: COW major powers 2016 — ``ccode``, ``start``/``end`` (dates).
``false_cow_dyads`` / ``false_gw_dyads``: peacesciencer's lists of pairs both members in
a year but never on the same day — ``<code>1``, ``<code>2``, ``year``.
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
    citations=(
        "cow2016states",
        "gleditsch1999gw",
        "stinnett2002contiguity",
        "miller2022peacesciencer",
    ),
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


CONTIGUITY_COVERAGE = (1816, 2016)
MAJORS_COVERAGE = (1816, 2016)
_PS = "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/"


def _dates(df: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    df["start"] = pd.to_datetime(df.pop(start)).dt.date
    df["end"] = pd.to_datetime(df.pop(end)).dt.date
    return df


def _capitals(paths: list[Path], code: str) -> pd.DataFrame:
    df = as_int(read_r(paths[0]), [code])
    df = _dates(df, "stdate", "enddate")
    return df[[code, "capital", "start", "end", "lat", "lng"]]


def _contdir(paths: list[Path]) -> pd.DataFrame:
    df = as_int(read_r(paths[0]), ["ccode1", "ccode2", "conttype"])
    return _dates(df, "stdate", "enddate")


def _majors(paths: list[Path]) -> pd.DataFrame:
    df = read_r(paths[0])
    out = pd.DataFrame({"ccode": pd.array(df["ccode"].round(), dtype="Int64")})
    for side, y, m, d in (
        ("start", "styear", "stmonth", "stday"),
        ("end", "endyear", "endmonth", "endday"),
    ):
        parts = {"year": df[y], "month": df[m], "day": df[d]}
        out[side] = pd.to_datetime(pd.DataFrame(parts).astype(int)).dt.date
    return out


def _false(paths: list[Path], code: str) -> pd.DataFrame:
    df = read_r(paths[0])
    return df[[f"{code}1", f"{code}2", "year"]].astype("int32")


_TABLES = {
    "cow_capitals": TableSpec((_PS + "cow_capitals.rda",), lambda p: _capitals(p, "ccode")),
    "gw_capitals": TableSpec((_PS + "gw_capitals.rda",), lambda p: _capitals(p, "gwcode")),
    "cow_contdir": TableSpec((_PS + "cow_contdir.rda",), _contdir),
    "cow_majors": TableSpec((_PS + "cow_majors.rda",), _majors),
    "false_cow_dyads": TableSpec((_PS + "false_cow_dyads.rda",), lambda p: _false(p, "ccode")),
    "false_gw_dyads": TableSpec((_PS + "false_gw_dyads.rda",), lambda p: _false(p, "gwcode")),
    "panel": TableSpec((_ISARD + "cw_gw_panel.rda", _ISARD + "gw_cw_panel.rda"), _panel),
    "cow_system": TableSpec((_ISARD + "cw_system.rda",), lambda p: _system(p, "cw")),
    "gw_system": TableSpec((_ISARD + "gw_system.rda",), lambda p: _system(p, "gw")),
}


def load(table: str = "panel") -> pd.DataFrame:
    """Load ``panel`` (default), ``cow_system``, ``gw_system``, ``cow_capitals``,
    ``gw_capitals``, ``cow_contdir``, ``cow_majors``, ``false_cow_dyads`` or ``false_gw_dyads``."""
    return SOURCE.load_spec(_TABLES, table)

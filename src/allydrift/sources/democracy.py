"""Regime indicators: isard's state-year democracy panel and democracyData's source tables.

Tables
------
``cow`` (default): isard ``cw_democracy``, one row per COW state-year 1816–2025 —
``ccode``, ``year``, ``euds`` (extended Unified Democracy Scores, a latent scale centred
near 0), ``aeuds`` (the same, shifted so 0 is the average cut-point of the dichotomous
democracy measures), ``polity2`` (−10 to 10; ends 2018 for all but one state) and
``v2x_polyarchy`` (V-Dem electoral democracy, 0–1). Unique on (ccode, year).
``gw``: isard ``gw_democracy``, the same for Gleditsch–Ward state-years (``gwcode``).
``polity5``: democracyData ``polity5``, 1776–2020 — ``ccode`` (Marquez's COW code),
``country``, ``year``, ``democ``, ``autoc``, ``polity`` (with the special codes −66/−77/−88),
``polity2``, ``durable``. (ccode, year) repeats in transition years (e.g. Ethiopia 1993).
``vdem``: democracyData ``vdem_simple``, 1789–2024 — ``ccode``, ``country``, ``year`` and
the V-Dem high-level indices ``v2x_polyarchy``, ``v2x_libdem``, ``v2x_partipdem``,
``v2x_delibdem``, ``v2x_egaldem`` (0–1) with ``_codelow``/``_codehigh`` (68 % interval).
``fh``: Freedom House ratings 1972–2024 — ``ccode``, ``country``, ``year``, ``pr``
(political rights, 1 best – 7 worst), ``cl`` (civil liberties, 1–7), ``status`` (F/PF/NF).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec
from allydrift.sources.rdata import as_int, read_r

_ISARD = "46944ad97a5532cd8e3b33129463c8435a69846a/data/"
_DD = "29ea0a242c296aec4ce5d5a57261420c48e527c0/data/"
POLYARCHY_COVERAGE = (1816, 2025)
POLITY_COVERAGE = (1816, 2018)  # isard's polity2 has one state in 2019–2020, none after
_VDEM = ["v2x_polyarchy", "v2x_libdem", "v2x_partipdem", "v2x_delibdem", "v2x_egaldem"]

SOURCE = Source(
    id="democracy",
    title="Democracy indicators (isard panel; Polity5, V-Dem, Freedom House via democracyData)",
    version="isard 0.2.0 (V-Dem 15, extended UDS); democracyData 0.6.0",
    licence="isard GPL-2; democracyData GPL-3; V-Dem CC BY-SA 4.0; Polity free for research; "
    "Freedom House terms",
    origin="https://github.com/svmiller/isard",
    coverage=POLYARCHY_COVERAGE,
    description="How democratic each state is, year by year, on three scales.",
    citations=(
        "marquez2016uds",
        "pemstein2010uds",
        "coppedge2025vdem",
        "marshall2020polity5",
        "freedomhouse2024",
        "miller2022peacesciencer",
    ),
    tables={
        "cow": (
            Column("ccode", "Int64", "COW state code"),
            Column("year", "int", "year"),
            Column("euds", "float", "extended Unified Democracy Score (latent, centred near 0)"),
            Column("aeuds", "float", "euds shifted so 0 is the average democracy cut-point"),
            Column("polity2", "float", "Polity2, −10 (autocracy) to 10 (democracy); to 2018"),
            Column("v2x_polyarchy", "float", "V-Dem electoral democracy index, 0–1"),
        ),
        "gw": (
            Column("gwcode", "Int64", "Gleditsch–Ward state code"),
            Column("year", "int", "year"),
            Column("euds", "float", "as in table cow"),
            Column("aeuds", "float", "as in table cow"),
            Column("polity2", "float", "as in table cow"),
            Column("v2x_polyarchy", "float", "as in table cow"),
        ),
        "polity5": (
            Column("ccode", "Int64", "COW code (Marquez's mapping); repeats in transitions"),
            Column("country", "str", "Polity's country name"),
            Column("year", "int", "year"),
            Column("polity", "float", "democ − autoc, with special codes −66, −77, −88"),
            Column("polity2", "float", "polity with special codes interpolated, −10 to 10"),
        ),
        "vdem": (
            Column("ccode", "Int64", "COW code (Marquez's mapping)"),
            Column("country", "str", "V-Dem country name"),
            Column("year", "int", "year"),
            *(Column(c, "float", f"V-Dem {c}, 0–1") for c in _VDEM),
        ),
        "fh": (
            Column("ccode", "Int64", "COW code (Marquez's mapping)"),
            Column("country", "str", "Freedom House country name"),
            Column("year", "int", "year"),
            Column("pr", "float", "political rights, 1 (best) to 7"),
            Column("cl", "float", "civil liberties, 1 (best) to 7"),
            Column("status", "str", "F free, PF partly free, NF not free"),
        ),
    },
)


def _isard(paths: list[Path], code: str) -> pd.DataFrame:
    df = as_int(read_r(paths[0]), [code, "year"])
    df["year"] = df["year"].astype(int)
    return df[[code, "year", "euds", "aeuds", "polity2", "v2x_polyarchy"]]


def _marquez(paths: list[Path], name_col: str, columns: list[str]) -> pd.DataFrame:
    raw = read_r(paths[0])
    df = raw.rename(columns={"cown": "ccode", name_col: "country"})
    df = as_int(df, ["ccode", "year"])
    df["year"] = df["year"].astype(int)
    df["country"] = df["country"].astype(str)
    return df[["ccode", "country", "year", *columns]].reset_index(drop=True)


def _fh(paths: list[Path]) -> pd.DataFrame:
    df = _marquez(paths, "fh_country", ["pr", "cl", "status"])
    df["status"] = df["status"].astype(str).replace("nan", pd.NA)
    return df


_VDEM_COLS = [f"{c}{s}" for c in _VDEM for s in ("", "_codelow", "_codehigh")]
_POLITY_COLS = ["democ", "autoc", "polity", "polity2", "durable"]

_TABLES = {
    "cow": TableSpec((_ISARD + "cw_democracy.rda",), lambda p: _isard(p, "ccode")),
    "gw": TableSpec((_ISARD + "gw_democracy.rda",), lambda p: _isard(p, "gwcode")),
    "polity5": TableSpec(
        (_DD + "polity5.rda",), lambda p: _marquez(p, "polity_annual_country", _POLITY_COLS)
    ),
    "vdem": TableSpec(
        (_DD + "vdem_simple.rda",), lambda p: _marquez(p, "vdem_country_name", _VDEM_COLS)
    ),
    "fh": TableSpec((_DD + "fh.rda",), _fh),
}


def load(table: str = "cow") -> pd.DataFrame:
    """Load ``cow`` (default), ``gw``, ``polity5``, ``vdem`` or ``fh``."""
    return SOURCE.load_spec(_TABLES, table)

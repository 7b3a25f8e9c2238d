"""SIPRI Military Expenditure Database, 1949–2023 (April 2024 release).

Table ``milex``: one row per country-year with ``country`` (SIPRI's name), ``ccode``,
``iso3``, ``year``, ``share_gdp`` (a fraction: 0.0336 = 3.36 %), ``constant_usd_m``
(millions of constant 2022 USD) and ``current_usd_m`` (millions of current USD).
SIPRI's ".." (no data) and "xxx" (did not exist) are missing values, never zero.
Region totals are dropped; names are mapped to COW codes year by year (so "Germany"
before 1990 is West Germany, COW 260).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec

_FILE = "881c0f311825d5cc505a15ec81e5c91dd420d7f9/SIPRI-Milex-data-1949-2023.xlsx"
_SHEETS = {
    "share_gdp": "Share of GDP",
    "constant_usd_m": "Constant (2022) US$",
    "current_usd_m": "Current US$",
}

SOURCE = Source(
    id="sipri_milex",
    title="SIPRI Military Expenditure Database",
    version="1949–2023 (April 2024)",
    licence="free to use with attribution (SIPRI)",
    origin="https://www.sipri.org/databases/milex",
    coverage=(1949, 2023),
    description="Military expenditure by country: constant and current USD and share of GDP.",
    citations=("sipri2024milex",),
    tables={
        "milex": (
            Column("ccode", "Int64", "COW code"),
            Column("year", "int", "year"),
            Column("share_gdp", "float", "military expenditure as a fraction of GDP"),
            Column("constant_usd_m", "float", "millions of constant 2022 USD"),
            Column("current_usd_m", "float", "millions of current USD"),
        )
    },
)


def _sheet(book: pd.ExcelFile, sheet: str, value: str) -> pd.DataFrame:
    raw = pd.read_excel(book, sheet, header=None, dtype=object)
    header_row = raw.index[raw.iloc[:, 0].astype(str).str.strip() == "Country"][0]
    header = raw.iloc[header_row]
    year_cols = {
        i: int(v) for i, v in header.items() if isinstance(v, (int, float)) and 1900 < v < 2100
    }
    body = raw.iloc[header_row + 1 :, [0, *year_cols]]
    body.columns = ["country", *year_cols.values()]
    body = body.dropna(subset=["country"])
    long = body.melt(id_vars="country", var_name="year", value_name=value)
    long[value] = pd.to_numeric(long[value], errors="coerce")
    has_any = long.groupby("country")[value].transform(lambda s: s.notna().any())
    country_rows = body.set_index("country").notna().sum(axis=1) > 0
    return long[has_any & long["country"].isin(country_rows.index[country_rows])]


def _parse(paths: list[Path]) -> pd.DataFrame:
    import warnings

    from allydrift.countries import resolve_codes

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = pd.ExcelFile(paths[0])
        parts = [
            _sheet(book, sheet, col).set_index(["country", "year"])
            for col, sheet in _SHEETS.items()
        ]
    df = pd.concat(parts, axis=1).reset_index()
    df["country"] = df["country"].astype(str).str.strip()
    df["year"] = df["year"].astype(int)
    df["ccode"] = resolve_codes(df["country"], df["year"]).array
    df = df.dropna(subset=["ccode"])
    df = df.dropna(subset=list(_SHEETS), how="all")
    df = df.sort_values(["ccode", "year"]).drop_duplicates(["ccode", "year"], keep="first")
    return df[["country", "ccode", "year", *_SHEETS]].reset_index(drop=True)


_TABLES = {"milex": TableSpec((_FILE,), _parse)}


def load(table: str = "milex") -> pd.DataFrame:
    """Load SIPRI military expenditure, one row per country-year."""
    return SOURCE.load_spec(_TABLES, table)

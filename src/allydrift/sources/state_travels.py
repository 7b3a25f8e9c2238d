"""Travels abroad of the U.S. President and Secretary of State (Office of the Historian).

Tables
------
``trips`` (default): one row per person, start date and country visited —

- ``trip_id``: the Historian's record id (the first one where a trip is recorded twice);
- ``person``: slug of the traveller (``blinken-antony-j``); ``name``: full name;
- ``role``: ``president`` or ``secretary`` (of State);
- ``start_date``, ``end_date`` (dates) and ``year`` (of the start date);
- ``country_slug``: the Historian's country id (``japan``, ``korea-south``);
  ``country``: its label; ``locale``: cities visited;
- ``ccode``: COW code of the country in that year (NA for places that are no state of the
  COW list: the Holy See, the Palestinian Authority, the West Bank, dependencies);
- ``remarks``: what the trip was for.

``trips_raw``: every ``<trip>`` record as published, the same columns. Some trips are
recorded twice under different ids (e.g. Blinken, Tokyo, 2021-03-15); ``trips`` keeps one
row per (person, start date, country), which also merges same-day stops in two cities of
one country (Rusk and Haig in West Berlin and Bonn).

Coverage: from the first recorded trip (Secretary Seward, 1866) through 2024, the last
complete year; trips of 2025 (to 19 February) are in the tables but outside ``coverage``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec

_COMMIT = "3170c773f22c99dadc8ec93da070f8ff6259d6d8/"
_FOLDERS = ("president-travels/", "secretary-travels/")
# Historian country ids that the resolver cannot read as written (typos, "and" dropped).
SLUG_NAMES = {
    "antigua-barbuda": "Antigua and Barbuda",
    "congo-democratic-republic": "Democratic Republic of the Congo",
    "saint-kitts-nevis": "St. Kitts and Nevis",
    "saint-vincent-grenadines": "St. Vincent and the Grenadines",
    "somoa": "Samoa",
}
# Ids whose state depends on the year: (slug, first year, last year) -> COW code.
SLUG_SPANS = {
    ("vietnam", 1954, 1975): 817,  # Saigon: the Republic of Vietnam
    ("yemen", 1918, 1989): 678,  # Sanaa before unification: the Yemen Arab Republic
    ("germany", 1949, 1990): 260,  # Bonn: the German Federal Republic
}

_COLUMNS = (
    Column("trip_id", "int", "the Historian's record id"),
    Column("person", "str", "traveller slug"),
    Column("name", "str", "traveller's full name"),
    Column("role", "str", "president or secretary"),
    Column("start_date", "date", "first day in the country"),
    Column("end_date", "date", "last day in the country"),
    Column("year", "int", "year of the start date"),
    Column("country_slug", "str", "the Historian's country id"),
    Column("country", "str", "the Historian's country label"),
    Column("locale", "str", "places visited"),
    Column("ccode", "Int64", "COW code of the country (NA if not a COW state)"),
    Column("remarks", "str", "purpose of the trip"),
)

SOURCE = Source(
    id="state_travels",
    title="Travels abroad of the U.S. President and Secretary of State",
    version=f"HistoryAtState/travels@{_COMMIT[:7]}",
    licence="CC0 1.0 / U.S. public domain",
    origin="https://history.state.gov/departmenthistory/travels",
    coverage=(1866, 2024),
    description="Every trip abroad of the President and the Secretary of State, by country.",
    citations=("ohist2025travels",),
    tables={"trips": _COLUMNS, "trips_raw": _COLUMNS},
)


def slug_ccodes(slugs: pd.Series, labels: pd.Series, years: pd.Series) -> pd.Series:
    """COW code of each Historian country id in each year (NA where no COW state).

    The id is read as a name ("korea-south" → South Korea), then its label, with the
    year-aware corrections of ``SLUG_SPANS``.
    """
    from allydrift.countries import resolve_codes

    names = slugs.map(SLUG_NAMES).fillna(slugs.str.replace("-", " "))
    codes = resolve_codes(names, years).set_axis(slugs.index)
    by_label = resolve_codes(labels.fillna(""), years).set_axis(slugs.index)
    codes = codes.fillna(by_label)
    for (slug, first, last), code in SLUG_SPANS.items():
        codes = codes.mask((slugs == slug) & years.between(first, last), code)
    return codes.astype("Int64")


def _trip_rows(path: Path) -> list[dict[str, str | None]]:
    rows = []
    for trip in ET.parse(path).getroot().iter("trip"):
        country = trip.find("country")
        rows.append(
            {
                "trip_id": trip.findtext("id"),
                "person": trip.get("who"),
                "name": trip.findtext("name"),
                "role": trip.findtext("role"),
                "start_date": trip.findtext("start-date"),
                "end_date": trip.findtext("end-date"),
                "country_slug": country.get("id") if country is not None else None,
                "country": country.text if country is not None else None,
                "locale": trip.findtext("locale"),
                "remarks": " ".join((trip.findtext("remarks") or "").split()),
            }
        )
    return rows


def dated_frame(rows: list[dict], id_col: str, columns: list[str]) -> pd.DataFrame:
    """Rows of an Office of the Historian XML file as a typed table: integer id, dates,
    year and COW code (from the country slug), sorted by start date."""
    df = pd.DataFrame(rows)
    df[id_col] = df[id_col].astype(int)
    for col in ("start_date", "end_date"):
        df[col] = pd.to_datetime(df[col]).dt.date
    df["year"] = pd.to_datetime(df["start_date"]).dt.year.astype(int)
    df["ccode"] = slug_ccodes(df["country_slug"], df["country"], df["year"])
    return df[columns].sort_values(["start_date", id_col]).reset_index(drop=True)


def _raw(paths: list[Path]) -> pd.DataFrame:
    rows = [row for path in paths for row in _trip_rows(path)]
    return dated_frame(rows, "trip_id", [c.name for c in _COLUMNS])


def _deduplicated(paths: list[Path]) -> pd.DataFrame:
    raw = _raw(paths)
    return raw.drop_duplicates(["person", "start_date", "country_slug"]).reset_index(drop=True)


@cache
def _tables() -> dict[str, TableSpec]:
    files = tuple(
        _COMMIT + f.relpath.split(_COMMIT, 1)[1]
        for f in SOURCE.files
        if any(folder in f.relpath for folder in _FOLDERS)
    )
    return {"trips": TableSpec(files, _deduplicated), "trips_raw": TableSpec(files, _raw)}


def load(table: str = "trips") -> pd.DataFrame:
    """Load ``trips`` (default, one row per person, start date and country) or ``trips_raw``."""
    return SOURCE.load_spec(_tables(), table)

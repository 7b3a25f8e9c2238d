"""Visits by foreign leaders to the United States (Office of the Historian), 1874–2024.

Tables
------
``visits`` (default): one row per visitor, start date and country —

- ``visit_id``: the Historian's record id (the first one where a visit is recorded twice);
- ``start_date``, ``end_date`` (dates) and ``year`` (of the start date);
- ``visitor``: title and name ("Prime Minister Kishida Fumio"), whitespace tidied;
- ``country_slug``: the Historian's country id (``japan``); ``country``: its label;
- ``ccode``: COW code of the country in that year, read from the id as in
  ``state_travels.slug_ccodes`` (NA for Hawaii, the Holy See, dependencies);
- ``description``: what the visit was for.

``visits_raw``: every ``<visit>`` record as published, the same columns. Three visits are
recorded twice under different ids (Xi Jinping 2023-11-12, Gordon Brown 2009-09-24,
Keir Starmer 2024-07-10); ``visits`` keeps one row per (visitor, start date, country).
Two leaders of one country arriving on the same day (a king and his prime minister) stay
two rows.

The records are visits by heads of state and government (and a few foreign ministers,
crown princes and leaders-elect), as the Historian lists them.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec

_COMMIT = "869ca4f0e8d15521bc3c094b846e6b1d3c7d8f1d/"

_COLUMNS = (
    Column("visit_id", "int", "the Historian's record id"),
    Column("start_date", "date", "arrival"),
    Column("end_date", "date", "departure"),
    Column("year", "int", "year of the start date"),
    Column("visitor", "str", "title and name of the visitor"),
    Column("country_slug", "str", "the Historian's country id"),
    Column("country", "str", "the Historian's country label"),
    Column("ccode", "Int64", "COW code of the visitor's country (NA if not a COW state)"),
    Column("description", "str", "purpose of the visit"),
)

SOURCE = Source(
    id="state_visits",
    title="Visits by foreign leaders to the United States",
    version=f"HistoryAtState/visits@{_COMMIT[:7]}",
    licence="CC0 1.0 / U.S. public domain",
    origin="https://history.state.gov/departmenthistory/visits",
    coverage=(1874, 2024),
    description="Every visit of a foreign head of state or government to the United States.",
    citations=("ohist2024visits",),
    tables={"visits": _COLUMNS, "visits_raw": _COLUMNS},
)


def _visit_rows(path: Path) -> list[dict[str, str | None]]:
    rows = []
    for visit in ET.parse(path).getroot().iter("visit"):
        origin = visit.find("from")
        rows.append(
            {
                "visit_id": visit.findtext("id"),
                "start_date": visit.findtext("start-date"),
                "end_date": visit.findtext("end-date"),
                "visitor": " ".join((visit.findtext("visitor") or "").split()),
                "country_slug": origin.get("id") if origin is not None else None,
                "country": origin.text if origin is not None else None,
                "description": " ".join((visit.findtext("description") or "").split()),
            }
        )
    return rows


def _raw(paths: list[Path]) -> pd.DataFrame:
    from allydrift.sources.state_travels import dated_frame

    rows = [row for path in paths for row in _visit_rows(path)]
    return dated_frame(rows, "visit_id", [c.name for c in _COLUMNS])


def _deduplicated(paths: list[Path]) -> pd.DataFrame:
    raw = _raw(paths)
    return raw.drop_duplicates(["visitor", "start_date", "country_slug"]).reset_index(drop=True)


@cache
def _tables() -> dict[str, TableSpec]:
    files = tuple(
        _COMMIT + f.relpath.split(_COMMIT, 1)[1]
        for f in SOURCE.files
        if "/data/" in f.relpath and f.relpath.endswith(".xml")
    )
    return {"visits": TableSpec(files, _deduplicated), "visits_raw": TableSpec(files, _raw)}


def load(table: str = "visits") -> pd.DataFrame:
    """Load ``visits`` (default, one row per visitor, start date and country) or ``visits_raw``."""
    return SOURCE.load_spec(_tables(), table)

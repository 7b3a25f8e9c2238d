"""North Korean missile flight tests (CNS North Korea Missile Test Database, via nk-missile-tests).

The CNS database records every North Korean flight test of a missile able to carry at
least 500 kg at least 300 km, from the first in April 1984. This copy (nagix's
visualisation data) runs to 18 April 2026, so 2026 is a partial year; a year in
1984–2025 without a row had no recorded test.

Tables
------
``tests`` (default): one row per test — ``date`` (ISO text; 8 early tests give only
``YYYY-MM``), ``year``, ``month``, ``time`` (text, often "unknown"), ``missile`` (slug),
``missile_name``, ``missile_type`` (SRBM, MRBM, IRBM, ICBM, SLBM, SLV …), ``facility``
(launch site slug), ``landing`` (slug), ``apogee_km`` and ``distance_km`` (missing when
"unknown"), ``outcome`` (success, failure, unknown), ``description``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec

_DATA = "a0cc65874d36a4a0fdf16b73919d23a3a8f5dac5/data/"
NORTH_KOREA = 731
COVERAGE = (1984, 2025)  # complete years; the file's last test is 2026-04-18

SOURCE = Source(
    id="nk_missile_tests",
    title="North Korean missile tests (CNS North Korea Missile Test Database)",
    version="nk-missile-tests a0cc658 (tests to 2026-04-18)",
    licence="Apache-2.0 (repository); CNS/NTI terms for the data",
    origin="https://www.nti.org/analysis/articles/cns-north-korea-missile-test-database/",
    coverage=COVERAGE,
    description="Every North Korean ballistic missile and space-launch test since 1984.",
    citations=("cns2026nkmissile",),
    tables={
        "tests": (
            Column("date", "str", "test date, YYYY-MM-DD (or YYYY-MM)"),
            Column("year", "int", "year"),
            Column("month", "int", "month"),
            Column("missile", "str", "missile slug"),
            Column("missile_name", "str", "missile name, e.g. Hwasong-15"),
            Column("missile_type", "str", "SRBM, MRBM, IRBM, ICBM, SLBM, SLV …"),
            Column("facility", "str", "launch facility slug"),
            Column("apogee_km", "float", "apogee in km (missing if unknown)"),
            Column("distance_km", "float", "distance flown in km (missing if unknown)"),
            Column("outcome", "str", "success, failure or unknown"),
        )
    },
)


def _read_json(path: Path) -> dict:
    # The strings hold raw control characters (newlines in descriptions): not strict JSON.
    return json.loads(path.read_text("utf-8"), strict=False)


def _tests(paths: list[Path]) -> pd.DataFrame:
    tests = _read_json(paths[0])
    missiles = _read_json(paths[1])
    rows = [test for time_bin in tests["timeBins"] for test in time_bin["data"]]
    df = pd.DataFrame(rows)
    df["year"] = df["date"].str[:4].astype(int)
    df["month"] = df["date"].str[5:7].astype(int)
    for src, dst in (("apogee", "apogee_km"), ("distance", "distance_km")):
        df[dst] = pd.to_numeric(df[src], errors="coerce")
    df["missile_name"] = df["missile"].map(lambda m: missiles.get(m, {}).get("name"))
    df["missile_type"] = df["missile"].map(lambda m: missiles.get(m, {}).get("type"))
    columns = [
        "date",
        "year",
        "month",
        "time",
        "missile",
        "missile_name",
        "missile_type",
        "facility",
        "landing",
        "apogee_km",
        "distance_km",
        "outcome",
        "description",
    ]
    return df[columns].sort_values(["date"], kind="stable").reset_index(drop=True)


_TABLES = {"tests": TableSpec((_DATA + "test.en.json", _DATA + "missile.en.json"), _tests)}


def load(table: str = "tests") -> pd.DataFrame:
    """Load the tests, one row per test."""
    return SOURCE.load_spec(_TABLES, table)

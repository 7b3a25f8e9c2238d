"""ICEWS coded event data: raw-event samples and the CAMEO/Goldstein tables (icews R package).

A schema fixture, not a time series: two samples of the daily ICEWS event files of
June 2018 and the CAMEO event codes with their Goldstein scores.

Tables
------
``events`` (default): the raw Dataverse file ``events.2018.sample.tab`` (3,705 events,
2018-06-01..02) read by allydrift's own event loader (``allydrift.events``) into the
canonical event table — ``event_id``, ``date``, ``year``, ``actor1``/``actor2`` (ICEWS
source/target country names), ``ccode1``/``ccode2`` (COW codes of those countries, NA for
none), ``event_code`` (CAMEO), ``root_code``, ``quad_class`` (from the root code),
``goldstein`` (ICEWS ``Intensity``), ``problem`` (NA for readable lines).
``sample``: the package's ``icews_sample`` (4,993 events, 2018-06-01..03) as published,
snake_case columns (``event_id``, ``event_date``, ``source_country``, ``cameo_code``,
``intensity``, ``target_country`` …).
``cameo_codes``: CAMEO event codes (``code``, ``name``, ``goldstein``, ``root_code``,
``description``) from the Windows-1252 CSV twin of ``cameo_codes.rda``.
``goldstein``: ``code``, ``name``, ``goldstein`` (``goldstein_mappings``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allydrift.sources.base import Column, Source, TableSpec
from allydrift.sources.rdata import read_r

_P = "3746c729551f5fcb5a49f643f82638011a5fcfec/"

SOURCE = Source(
    id="icews_sample",
    title="ICEWS coded event data: raw-event samples and CAMEO tables",
    version="icews R package (andybega), 2018 samples",
    licence="MIT (icews R package); ICEWS Dataverse terms",
    origin="https://doi.org/10.7910/DVN/28075",
    coverage=(2018, 2018),
    description="Raw ICEWS event files (June 2018 samples) and CAMEO/Goldstein code tables.",
    citations=("boschee2015icews", "beger2021icews"),
    tables={
        "events": (
            Column("event_id", "int64", "ICEWS event id"),
            Column("date", "date", "event date"),
            Column("actor1", "str", "source country as ICEWS names it"),
            Column("actor2", "str", "target country as ICEWS names it"),
            Column("ccode1", "Int32", "COW code of the source country"),
            Column("ccode2", "Int32", "COW code of the target country"),
            Column("event_code", "str", "CAMEO event code"),
            Column("quad_class", "Int32", "1 verbal coop., 2 material coop., 3/4 conflict"),
            Column("goldstein", "float", "ICEWS intensity (Goldstein scale)"),
        ),
        "sample": (
            Column("event_id", "int", "ICEWS event id"),
            Column("cameo_code", "str", "CAMEO event code"),
            Column("intensity", "float", "Goldstein-scale intensity"),
        ),
        "cameo_codes": (
            Column("code", "str", "CAMEO event code"),
            Column("name", "str", "event type"),
            Column("goldstein", "float", "Goldstein score"),
        ),
        "goldstein": (
            Column("code", "str", "CAMEO event code"),
            Column("goldstein", "float", "Goldstein score"),
        ),
    },
)


def _events(paths: list[Path]) -> pd.DataFrame:
    from allydrift.events.engine import DuckDBEngine
    from allydrift.events.schema import FORMATS
    from allydrift.events.store import events_from_files

    eng = DuckDBEngine()
    try:
        df = eng.to_pandas(events_from_files(eng, [str(paths[0])], FORMATS["icews"]))
    finally:
        eng.close()
    df = df.sort_values("event_id", ignore_index=True).drop(columns=["raw", "num_articles"])
    return df.astype({"ccode1": "Int32", "ccode2": "Int32", "quad_class": "Int32"})


def _sample(paths: list[Path]) -> pd.DataFrame:
    return read_r(paths[0])


def _cameo(paths: list[Path]) -> pd.DataFrame:
    df = pd.read_csv(paths[0], encoding="cp1252", dtype={"code": str, "root_code": str})
    return df[["code", "name", "goldstein", "root_code", "description"]]


def _goldstein(paths: list[Path]) -> pd.DataFrame:
    return read_r(paths[0])[["code", "name", "goldstein"]]


_TABLES = {
    "events": TableSpec((_P + "inst/extdata/events.2018.sample.tab",), _events, version="2"),
    "sample": TableSpec((_P + "data/icews_sample.rda",), _sample),
    "cameo_codes": TableSpec((_P + "data-raw/cameo-codes.csv",), _cameo),
    "goldstein": TableSpec((_P + "data/goldstein_mappings.rda",), _goldstein),
}


def load(table: str = "events") -> pd.DataFrame:
    """Load ``events`` (default), ``sample``, ``cameo_codes`` or ``goldstein``."""
    return SOURCE.load_spec(_TABLES, table)

"""Event data (GDELT 1.0/2.0, ICEWS) at any scale: one query layer on DuckDB and Spark.

Raw files are parsed into a Parquet event store (``ingest``) and aggregated into
dyad-periods (``dyads``, ``dyad``) by the same Ibis expressions on either engine.

>>> from allydrift import events
>>> events.ingest(["20240101.export.CSV.zip"])  # doctest: +SKIP
>>> events.dyad("USA", "JPN", freq="month")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from allydrift.errors import InputError
from allydrift.events.aggregate import FREQS, dyad_period, partner_totals
from allydrift.events.engine import ENGINES, DuckDBEngine, Engine, SparkEngine, connect
from allydrift.events.schema import FORMATS, PROBLEMS, QUAD_CLASSES
from allydrift.events.store import IngestReport, ingest, manifest, open_events, store_root
from allydrift.events.synthetic import write_gdelt

__all__ = [
    "ENGINES",
    "FORMATS",
    "FREQS",
    "PROBLEMS",
    "QUAD_CLASSES",
    "DuckDBEngine",
    "Engine",
    "IngestReport",
    "SparkEngine",
    "connect",
    "dyad",
    "dyad_period",
    "dyads",
    "ingest",
    "manifest",
    "open_events",
    "partner_totals",
    "store_root",
    "write_gdelt",
]

_INTS = ["n_events", *QUAD_CLASSES.values(), "total1", "total2"]


def _tidy(df: pd.DataFrame) -> pd.DataFrame:
    """Fixed dtypes whatever the engine: codes int32, counts int64, period datetime64[s]."""
    from allydrift.countries import states

    iso = states().dropna(subset=["ccode"]).set_index("ccode")["iso3"]
    df = df.astype({"ccode1": "int32", "ccode2": "int32", **dict.fromkeys(_INTS, "int64")})
    df["period"] = pd.to_datetime(df["period"]).astype("datetime64[s]")
    df.insert(2, "iso3_1", df["ccode1"].map(iso).astype("string"))
    df.insert(3, "iso3_2", df["ccode2"].map(iso).astype("string"))
    return df.sort_values(["ccode1", "ccode2", "period"], ignore_index=True)


def dyads(
    freq: str = "month",
    directed: bool = False,
    states: Sequence[int] | None = None,
    within: bool = False,
    engine: str | Engine = "duckdb",
    store: str | Path | None = None,
) -> pd.DataFrame:
    """Dyad-period aggregates of every ingested event (see ``aggregate``).

    ``states`` (COW codes) keeps dyads with at least one of them (both, if ``within``).
    """
    eng = connect(engine) if isinstance(engine, str) else engine
    try:
        events = open_events(eng, store)
        expr = dyad_period(events, freq=freq, directed=directed, states=states, within=within)
        return _tidy(eng.to_pandas(expr))
    finally:
        if isinstance(engine, str):
            eng.close()


def dyad(
    a: str | int,
    b: str | int,
    freq: str = "month",
    directed: bool = False,
    engine: str | Engine = "duckdb",
    store: str | Path | None = None,
) -> pd.DataFrame:
    """Aggregates for one pair of states (both directions if ``directed``).

    >>> dyad("USA", "JPN", freq="year")  # doctest: +SKIP
    """
    from allydrift.countries import resolve
    from allydrift.countries.resolver import require_ccode

    codes = [require_ccode(resolve(x)) for x in (a, b)]
    if codes[0] == codes[1]:
        msg = f"a dyad needs two different states; got {a} and {b}"
        raise InputError(msg)
    return dyads(freq, directed, codes, within=True, engine=engine, store=store)

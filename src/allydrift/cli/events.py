"""``allydrift events``: ingest raw event files and aggregate dyads, on DuckDB or Spark."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from allydrift.cli._common import console, print_table, write_table
from allydrift.cli._output import TABLE_FORMATS, check_output

if TYPE_CHECKING:
    from allydrift.events.engine import Engine

events_app = typer.Typer(
    help="Event data (GDELT, ICEWS): ingest raw files, then aggregate dyads.\n\n"
    "Example: allydrift events ingest 20240101.export.CSV.zip && "
    "allydrift events dyad USA JPN --freq month",
    no_args_is_help=True,
)

_ENGINE = typer.Option("duckdb", "--engine", help="duckdb (embedded) or spark.")
_MASTER = typer.Option(
    None, "--master", help="Spark master URL (default $ALLYDRIFT_SPARK_MASTER or local[2])."
)
_STORE = typer.Option(None, "--store", help="Event store folder or URI (default <cache>/events).")


def _engine(engine: str, master: str | None, driver_memory: str) -> Engine:
    from allydrift import events

    if engine == "spark":
        return events.connect("spark", master=master, driver_memory=driver_memory)
    return events.connect(engine)


@events_app.command("ingest")
def ingest(
    paths: list[str] = typer.Argument(
        ..., help="GDELT export or ICEWS .tab files (.zip/.gz ok), or URIs for Spark."
    ),
    fmt: str = typer.Option(
        "auto", "--format", help="auto, gdelt2, gdelt1, gdelt1_backfile, icews."
    ),
    engine: str = _ENGINE,
    master: str = _MASTER,
    driver_memory: str = typer.Option("2g", "--driver-memory", help="spark.driver.memory."),
    store: str = _STORE,
) -> None:
    """Parse raw event files into the event store; report malformed lines.

    Example: allydrift events ingest 20240101.export.CSV.zip --engine duckdb
    """
    from allydrift import events

    eng = _engine(engine, master, driver_memory)
    for report in events.ingest(paths, engine=eng, fmt=fmt, store=store):
        console.print(report.summary(), highlight=False, markup=False)
    console.print(f"stored in {events.store_root(store)}/data")


_PERIOD = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
_SCREEN = {
    "period": "period",
    "n_events": "events",
    "verbal_coop": "v.coop",
    "material_coop": "m.coop",
    "verbal_conflict": "v.confl",
    "material_conflict": "m.confl",
    "goldstein_mean": "goldstein",
    "coop_share": "coop",
    "share1": "share1",
    "share2": "share2",
}


@events_app.command("dyad")
def dyad(
    a: str = typer.Argument(..., help="First state (name, ISO3 or COW code)."),
    b: str = typer.Argument(..., help="Second state."),
    freq: str = typer.Option("month", "--freq", help="day, month or year."),
    directed: bool = typer.Option(False, "--directed", help="Keep A→B and B→A apart."),
    engine: str = _ENGINE,
    master: str = _MASTER,
    driver_memory: str = typer.Option("2g", "--driver-memory", help="spark.driver.memory."),
    store: str = _STORE,
    fmt: str = typer.Option("table", "--format", help="table, csv, parquet or dta."),
    output: Path = typer.Option(None, "-o", "--output", help="Write to this file."),
) -> None:
    """Event counts, Goldstein and cooperation share of one dyad per period.

    Example: allydrift events dyad USA JPN --freq month
    """
    check_output(output, fmt, TABLE_FORMATS)
    from allydrift import events

    eng = _engine(engine, master, driver_memory)
    df = events.dyad(a, b, freq=freq, directed=directed, engine=eng, store=store)
    if fmt == "table" and output is None:
        title = f"{df['iso3_1'].iloc[0]}–{df['iso3_2'].iloc[0]} events" if len(df) else None
        df = df.assign(period=df["period"].dt.strftime(_PERIOD[freq]))
        cols = (["iso3_1", "iso3_2"] if directed else []) + list(_SCREEN)
        print_table(df[cols].rename(columns=_SCREEN), title=title)
        return
    write_table(df, fmt, output)


@events_app.command("status")
def status(store: str = _STORE) -> None:
    """List what has been ingested into the event store.

    Example: allydrift events status
    """
    import pandas as pd

    from allydrift import events

    rows = [
        {k: v[k] for k in ("key", "format", "engine", "lines", "events", "ingested")}
        | {"malformed": sum(v["problems"].values()), "files": len(v["files"])}
        for v in events.manifest(store).values()
    ]
    print_table(pd.DataFrame(rows), title=f"event store {events.store_root(store)}")


def register(app: typer.Typer) -> None:
    app.add_typer(events_app, name="events")

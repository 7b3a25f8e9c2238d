"""Command for the ties dimension: pacts, exercises, leader contact, trade, events, opinion."""

from __future__ import annotations

from pathlib import Path

import typer

from allydrift.cli._common import parse_years, write_table
from allydrift.cli._output import TABLE_FORMATS, check_output


def ties(
    state_a: str = typer.Argument(..., help="First state (name, ISO3 or COW code)."),
    state_b: str = typer.Argument(..., help="Second state."),
    years: str = typer.Option(None, "--years", help="Span like 1990-2020 (default: all)."),
    fmt: str = typer.Option("table", "--format", help="table, csv, parquet or dta."),
    output: Path = typer.Option(None, "-o", "--output", help="File to write."),
) -> None:
    """Every ties indicator of one pair by year ("–" = the source does not cover the year).

    On screen one row per indicator; files get one row per year.

    Example: allydrift ties USA JPN --years 2008-2012
    """
    check_output(output, fmt, TABLE_FORMATS)
    from allydrift.indicators import registered
    from allydrift.wide import dyad_panel

    names = [n for n, ind in registered().items() if ind.dimension == "ties"]
    panel = dyad_panel(state_a, state_b, parse_years(years), names)
    if fmt == "table":
        panel = panel.drop(columns=["state_a", "state_b"]).set_index("year").T
        panel = panel.rename(columns=str).rename_axis("indicator").reset_index()
    write_table(panel, fmt, output)


def register(app: typer.Typer) -> None:
    app.command("ties")(ties)

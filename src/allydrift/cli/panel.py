"""``allydrift panel``: build a research panel from a one-line spec and write it labelled."""

from __future__ import annotations

from pathlib import Path

import typer

from allydrift.cli._common import console, parse_years


def panel(
    output: Path = typer.Option(..., "--output", "-o", help="File: .dta, .parquet or .csv."),
    unit: str = typer.Option(
        "dyad-year", "--unit", help="dyad-year, state-year or leader-dyad-year."
    ),
    system: str = typer.Option("cow", "--system", help="cow or gw."),
    add: str = typer.Option("", "--add", help="Verbs, e.g. atop,nmc,contiguity,spells:gmlmid."),
    years: str = typer.Option(None, "--years", help="Span such as 1816-2010."),
    undirected: bool = typer.Option(False, "--undirected", help="Undirected dyads (A < B)."),
) -> None:
    """Build a panel (dyad-years by default) with a chain of verbs and write it with its
    variable labels; the sources used are cited in a .bib file beside it.

    Example: allydrift panel --unit dyad-year --system cow --add atop,nmc,contiguity,spells:gmlmid -o panel.dta
    """  # noqa: E501
    from allydrift.export import check_output, write_panel
    from allydrift.panel_spec import build_panel, parse
    from allydrift.sources import cite

    check_output(output)
    parse(add)
    df = build_panel(unit, system, add, parse_years(years), directed=not undirected)
    write_panel(df, output)
    bib = output.with_suffix(".bib")
    bib.write_text(cite(df), encoding="utf-8")
    message = f"wrote {len(df):,} rows × {df.shape[1]} columns to {output}; citations in {bib}"
    console.print(message, soft_wrap=True, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("panel")(panel)

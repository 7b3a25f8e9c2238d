"""Commands for the data layer: fetch, sources, cite."""

from __future__ import annotations

from pathlib import Path

import typer

from allydrift import sources, store
from allydrift.cli._common import console, print_table


def fetch(
    datasets: list[str] = typer.Argument(None, help="Data set ids (default: all)."),
    from_: Path = typer.Option(
        None, "--from", help="Import from a local mirror laid out as DIR/<host>/<url path>."
    ),
    force: bool = typer.Option(False, "--force", help="Fetch again even if cached."),
) -> None:
    """Fetch data sets into the cache (verified by sha256).

    Examples: allydrift fetch unvotes atop · allydrift fetch --from ../shared/data
    """
    for name in datasets or []:
        sources.get(name)
    if from_ is not None:
        counts = store.import_mirror(from_, datasets, force=force)
    else:
        counts = store.fetch(datasets, force=force)
    console.print(f"{counts['fetched']} file(s) fetched, {counts['present']} already cached")


def list_sources() -> None:
    """List every data set with version, coverage, licence and cache status.

    Example: allydrift sources
    """
    print_table(sources.versions(), title="allydrift data sources")


def cite(
    datasets: list[str] = typer.Argument(None, help="Data set ids (default: all)."),
) -> None:
    """Print BibTeX for data sets.

    Example: allydrift cite unvotes atop > refs.bib
    """
    console.file.write(sources.cite(datasets or None))


def register(app: typer.Typer) -> None:
    app.command("fetch")(fetch)
    app.command("sources")(list_sources)
    app.command("cite")(cite)

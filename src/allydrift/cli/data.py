"""Commands for the data layer: fetch, doctor, sources, cite."""

from __future__ import annotations

from pathlib import Path

import typer

from allydrift import sources, store
from allydrift.cli._common import console, print_table
from allydrift.errors import InputError


def fetch(
    datasets: list[str] = typer.Argument(None, help="Data set ids (default: all)."),
    from_: Path = typer.Option(
        None, "--from", help="Import from a local mirror laid out as DIR/<host>/<url path>."
    ),
    force: bool = typer.Option(
        False, "--force", help="Fetch again even if cached; also remove damaged tables."
    ),
    verify: bool = typer.Option(
        False, "--verify", help="Hash every cached file again (default: trust a valid stamp)."
    ),
) -> None:
    """Fetch data sets into the cache (every file verified by sha256).

    A cached file counts as present only if its sha256 matches; a damaged one is fetched
    again. Examples: allydrift fetch unvotes atop · allydrift fetch --from ../shared/data
    """
    from allydrift.store import doctor

    if len(datasets or []) > MAX_DATASETS:
        msg = f"give at most {MAX_DATASETS} data set ids; got {len(datasets):,}"
        raise InputError(msg)
    for name in datasets or []:
        sources.get(name)
    if from_ is not None:
        counts = store.import_mirror(from_, datasets, force=force, verify=verify)
    else:
        counts = store.fetch(datasets, force=force, verify=verify)
    repaired = f" ({counts['repaired']} damaged, fetched again)" if counts["repaired"] else ""
    console.print(
        f"{counts['fetched']} file(s) fetched{repaired}, {counts['present']} already cached "
        "and verified"
    )
    if force:
        _, found = doctor.check_tables(repair=True)
        for finding in found:
            console.print(finding.line(), highlight=False, markup=False, soft_wrap=True)


MAX_DATASETS = 100


def doctor(
    from_: Path = typer.Option(
        None,
        "--from",
        help="A mirror to repair damaged raw files from (default $ALLYDRIFT_MIRROR).",
    ),
    check_only: bool = typer.Option(False, "--check", help="Only report; repair nothing."),
    part_age: float = typer.Option(
        60.0, "--part-age", min=0, help="Remove temporary files older than this (seconds)."
    ),
) -> None:
    """Check the whole cache: hash raw files, verify tables, remove orphan temporary files.

    Repairs what it can (damaged files are fetched again, damaged tables removed and rebuilt
    on next use) and says what it cannot; exits 1 if anything is left unrepaired.
    Example: allydrift doctor --from ../shared/data
    """
    from allydrift.store import doctor as checkup

    up = checkup.check(mirror=from_, repair=not check_only, min_age=part_age)
    for finding in up.findings:
        console.print(finding.line(), highlight=False, markup=False, soft_wrap=True)
    console.print(up.summary(), highlight=False, markup=False, soft_wrap=True)
    if up.unrepaired:
        raise typer.Exit(1)


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
    app.command("doctor")(doctor)
    app.command("sources")(list_sources)
    app.command("cite")(cite)

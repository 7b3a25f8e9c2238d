"""The ``build`` command: materialise every indicator for every dyad-year once."""

from __future__ import annotations

import time

import typer

from allydrift.cli._common import console, print_table


def build(
    status: bool = typer.Option(False, "--status", help="Show what is stored; build nothing."),
) -> None:
    """Compute every indicator for every dyad-year into the cache (once; later queries
    read slices). Rebuilds only indicators whose data or code changed.

    Examples: allydrift build · allydrift build --status
    """
    from allydrift import materialised

    if status:
        print_table(materialised.status(), title="indicator panel", max_rows=500)
        return
    start = time.perf_counter()
    done = materialised.build(progress=console.is_terminal)
    seconds = time.perf_counter() - start
    console.print(
        f"indicator panel: {done.count('built')} built, {done.count('stored')} already "
        f"stored, {done.count('unavailable')} unavailable ({seconds:.1f} s)"
    )
    for name, state in done.status.items():
        if state == "unavailable":
            reason = materialised.unavailable_reason(name)
            console.print(f"[dim]{name} left out: {reason}[/]")


def register(app: typer.Typer) -> None:
    app.command("build")(build)

"""Command ``ideal``: dynamic ideal points from UN General Assembly roll calls."""

from __future__ import annotations

from pathlib import Path

import typer

from allydrift.cli._common import console, parse_years, write_table
from allydrift.errors import InputError

FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".dta": "dta"}


def _format(output: Path | None, fmt: str | None) -> str:
    if fmt:
        return fmt
    if output is None:
        return "table"
    if output.suffix.lower() not in FORMATS:
        raise InputError(
            f"cannot tell the format of '{output}': end it in .csv, .parquet or .dta, "
            "or give --format"
        )
    return FORMATS[output.suffix.lower()]


def ideal(
    issue: str = typer.Option(
        None,
        "--issue",
        help="Only roll calls on one issue: nuclear, disarmament, "
        "human_rights, middle_east, colonialism, economic (or me, nu, di, hr, co, ec).",
    ),
    years: str = typer.Option(None, "--years", help="Span of session years, e.g. 1990-2022."),
    important: bool = typer.Option(
        False, "--important", help="Only roll calls the US State Department listed as important."
    ),
    states: str = typer.Option(
        None, "--states", help="Comma-separated states to keep (names, ISO3 or COW codes)."
    ),
    uncertainty: str = typer.Option("laplace", "--uncertainty", help="laplace, bootstrap or none."),
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        help="File to write; the format follows the extension "
        "(.csv, .parquet, .dta). Without it, a table on screen.",
    ),
    fmt: str = typer.Option(None, "--format", "-f", help="table, csv, parquet or dta."),
) -> None:
    """Estimate dynamic ideal points (yes/abstain/no ordinal model, random-walk positions).

    Examples: allydrift ideal -o ideal.parquet ·
    allydrift ideal --issue nuclear --years 1990-2022 --states USA,JPN,CHN,RUS,IND ·
    allydrift ideal --important -o important.csv
    """
    from allydrift.ideal import fit

    chosen = [s.strip() for s in states.split(",") if s.strip()] if states else None
    res = fit(
        issue=issue,
        important=True if important else None,
        years=parse_years(years),
        states=chosen,
        uncertainty=uncertainty,
    )
    how = _format(output, fmt)
    write_table(res.points, how, output)
    if how == "table" or output is not None:
        console.print(
            f"[dim]{res.counts['roll_calls']} roll calls, {res.counts['states']} states, "
            f"{res.iterations} iterations, converged={res.converged}, {res.seconds:.1f} s; "
            "ideal: mean 0, sd 1 over all rows, United States positive[/]"
        )


def register(app: typer.Typer) -> None:
    app.command("ideal")(ideal)

"""Command ``ideal``: dynamic ideal points from UN General Assembly roll calls."""

from __future__ import annotations

from pathlib import Path

import typer

from allydrift.cli._common import console, parse_states, parse_years, write_table
from allydrift.cli._output import TABLE_FORMATS, check_output
from allydrift.errors import InputError

FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".dta": "dta"}


def _format(output: Path | None, fmt: str | None) -> str:
    if fmt:
        return fmt
    if output is None:
        return "table"
    if output.suffix.lower() not in FORMATS:
        msg = (
            f"cannot tell the format of '{output}': end it in .csv, .parquet or .dta, "
            "or give --format"
        )
        raise InputError(msg)
    return FORMATS[output.suffix.lower()]


def _names(text: str | None) -> list[str] | None:
    return parse_states(text)


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
    show: str = typer.Option(
        None, "--show", help="Comma-separated states to print or write (all are fitted)."
    ),
    min_votes: int = typer.Option(
        5, "--min-votes", help="Drop state-years with fewer contested votes than this."
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

    --states restricts the voting states (the model is fitted on them alone); --show
    fits every state and keeps the rows of the states listed.

    Examples: allydrift ideal -o ideal.parquet ·
    allydrift ideal --years 2015-2022 --show USA,JPN,CHN ·
    allydrift ideal --issue nuclear --years 1990-2022 --states USA,JPN,CHN,RUS,IND ·
    allydrift ideal --important -o important.csv
    """
    from allydrift.ideal import fit
    from allydrift.ideal.data import state_codes

    chosen = _names(states)
    how = _format(output, fmt)
    check_output(output, how, TABLE_FORMATS)
    res = fit(
        issue=issue,
        important=True if important else None,
        years=parse_years(years),
        states=chosen,
        min_votes=min_votes,
        uncertainty=uncertainty,
    )
    points = res.points
    if show:
        points = points[points["ccode"].isin(state_codes(_names(show)))]
    write_table(points.reset_index(drop=True), how, output)
    if how == "table" or output is not None:
        console.print(
            f"[dim]{res.counts['roll_calls']} roll calls, {res.counts['states']} states, "
            f"{res.iterations} iterations, converged={res.converged}, {res.seconds:.1f} s; "
            "ideal: mean 0, sd 1 over all rows, United States positive[/]"
        )


def register(app: typer.Typer) -> None:
    app.command("ideal")(ideal)

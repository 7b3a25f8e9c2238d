"""Commands for UN voting affinity: one dyad by year, and the abandonment triangle."""

from __future__ import annotations

from pathlib import Path

import typer

from allydrift.cli._common import parse_years, write_table
from allydrift.cli._output import TABLE_FORMATS, check_output
from allydrift.errors import InputError

_MEASURE = typer.Option(
    "agreement",
    "--measure",
    "-m",
    help="agreement, sscore, kappa or pi (triangle: also ideal_distance).",
)
_ISSUE = typer.Option(
    None, "--issue", help="Only roll calls on one issue: me, nu, di, hr, co or ec."
)
_IMPORTANT = typer.Option(False, "--important", help="Only US State Department 'important' votes.")
_YEARS = typer.Option(None, "--years", help="Span of years, e.g. 1990-2020.")
_FORMAT = typer.Option("table", "--format", "-f", help="table, csv, parquet or dta.")
_OUTPUT = typer.Option(None, "--output", "-o", help="Write to FILE (needed for parquet, dta).")


def _subset(issue: str | None, important: bool) -> str:
    from allydrift.affinity.votes import ISSUES

    if issue is not None and issue not in ISSUES:
        codes = ", ".join(f"{k} ({v})" for k, v in ISSUES.items())
        msg = f"--issue must be one of {codes}; got '{issue}'"
        raise InputError(msg)
    if issue and important:
        msg = "give --issue or --important, not both (important votes span all issues)"
        raise InputError(msg)
    return issue or ("important" if important else "all")


def affinity(
    a: str = typer.Argument(..., help="First state (name, ISO3 or COW code)."),
    b: str = typer.Argument(..., help="Second state."),
    measure: str = _MEASURE,
    issue: str = _ISSUE,
    important: bool = _IMPORTANT,
    years: str = _YEARS,
    fmt: str = _FORMAT,
    output: Path = _OUTPUT,
) -> None:
    """UN General Assembly voting affinity of two states, year by year, with common votes.

    Examples: allydrift affinity USA JPN --years 1990-2020 ·
    allydrift affinity USA JPN --measure kappa --issue nu ·
    allydrift affinity USA GBR --important --format csv -o us-uk.csv
    """
    check_output(output, fmt, TABLE_FORMATS)
    from allydrift.affinity import dyad_affinity

    table = dyad_affinity(a, b, measure, _subset(issue, important), parse_years(years))
    write_table(table, fmt, output)


def triangle(
    senior: str = typer.Argument(..., help="Senior partner, e.g. USA."),
    junior: str = typer.Argument(..., help="Junior partner, e.g. JPN."),
    rival: str = typer.Argument(..., help="Rival, e.g. CHN."),
    measure: str = _MEASURE,
    issue: str = _ISSUE,
    important: bool = _IMPORTANT,
    years: str = _YEARS,
    fmt: str = _FORMAT,
    output: Path = _OUTPUT,
) -> None:
    """Abandonment triangle: senior–junior, senior–rival and junior–rival affinity by year.

    gap = affinity(senior, rival) − affinity(senior, junior); positive means the senior
    votes more like the rival than like its junior partner.

    Examples: allydrift triangle USA JPN CHN --years 1990-2023 ·
    allydrift triangle USA KOR PRK --measure ideal_distance --format csv -o tri.csv
    """
    check_output(output, fmt, TABLE_FORMATS)
    from allydrift.affinity import abandonment_triangle

    table = abandonment_triangle(
        senior, junior, rival, measure, parse_years(years), _subset(issue, important)
    )
    write_table(table, fmt, output)


def register(app: typer.Typer) -> None:
    app.command("affinity")(affinity)
    app.command("triangle")(triangle)

"""Commands about one pair of states: dyad, report; and the lists: indicators, states."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer

from allydrift.cli._common import console, parse_years, print_table, write_table
from allydrift.cli._output import TABLE_FORMATS, check_output

FORMATS = "table, csv, parquet or dta"
REPORT_FORMATS = ("html", "md", "png", "svg", "pdf", "brief")


def dyad(
    a: str = typer.Argument(..., help="First state: name, ISO2/ISO3 or COW code."),
    b: str = typer.Argument(..., help="Second state."),
    years: str = typer.Option(None, "--years", help="Span such as 1990-2020."),
    fmt: str = typer.Option("table", "--format", "-f", help=f"Output: {FORMATS}."),
    output: Path = typer.Option(None, "--output", "-o", help="File to write (csv/parquet/dta)."),
) -> None:
    """Print every indicator for a pair of states, one row per year.

    Examples: allydrift dyad USA JPN --years 1990-2020 ·
    allydrift dyad "South Korea" USA --format csv -o us-korea.csv
    """
    check_output(output, fmt, TABLE_FORMATS)
    from allydrift.coverage import coverage_notes
    from allydrift.wide import dyad_panel

    span = parse_years(years)
    panel = dyad_panel(a, b, years=span)
    if fmt != "table":
        write_table(panel, fmt, output)
        return
    title = f"{panel.state_a.iloc[0]}–{panel.state_b.iloc[0]}"
    shown = panel if span else panel.tail(SCREEN_YEARS)
    labels = (panel.state_a.iloc[0], panel.state_b.iloc[0])
    print_table(by_indicator(shown, labels), title=title, max_rows=500)
    if not span:
        console.print(f"[dim]last {len(shown)} years shown; --years FIRST-LAST for others[/]")
    first, last = int(shown.year.min()), int(shown.year.max())
    for note in coverage_notes((first, last)):
        console.print(f"[dim]{note}[/]")
    for name, reason in panel.attrs.get("unavailable", {}).items():
        console.print(f"{name} left out: {reason}", style="dim", markup=False)


SCREEN_YEARS = 8


def by_indicator(panel: pd.DataFrame, labels: tuple[str, str]) -> pd.DataFrame:
    """Screen layout: one row per indicator (grouped by dimension), one column per year."""
    from allydrift.indicators import DIMENSIONS, registered

    inds = registered()
    wide = panel.drop(columns=["state_a", "state_b"]).set_index("year").T
    wide.columns = [str(y) for y in wide.columns]
    base = [c if c in inds else c.rsplit("_", 1)[0] for c in wide.index]
    dims = [inds[b].dimension if b in inds else "" for b in base]
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    wide.insert(0, "dimension", dims)
    names = [
        f"{b} ({labels[0] if c.endswith('_1') else labels[1]})" if b != c else c
        for b, c in zip(base, wide.index, strict=True)
    ]
    wide.insert(1, "indicator", names)

    wide = wide.assign(_o=[order.get(d, 99) for d in dims]).sort_values(["_o", "indicator"])
    return wide.drop(columns="_o").reset_index(drop=True)


def indicators(
    fmt: str = typer.Option("table", "--format", "-f", help="table, md or csv."),
) -> None:
    """List every indicator with dimension, direction, unit, coverage and source.

    Examples: allydrift indicators · allydrift indicators --format md > indicators.md
    """
    from allydrift.errors import InputError
    from allydrift.indicators import catalogue

    cat = catalogue()
    if fmt == "table":
        print_table(cat.drop(columns=["description"]), title="allydrift indicators")
    elif fmt == "md":
        cat["indicator"] = "`" + cat["indicator"] + "`"
        console.file.write(cat.to_markdown(index=False) + "\n")
    elif fmt == "csv":
        console.file.write(cat.to_csv(index=False))
    else:
        msg = f"--format must be table, md or csv; got '{fmt}'"
        raise InputError(msg)


def states(
    search: str = typer.Argument(None, help="Part of a name or code to look for."),
) -> None:
    """List the states the resolver knows (COW and G-W codes, ISO codes, years).

    Examples: allydrift states · allydrift states korea
    """
    from allydrift.countries import states as table

    df = table().drop(columns=["names"])
    if search:
        needle = search.lower()
        hit = table()["names"].map(lambda ns: any(needle in n.lower() for n in ns))
        df = df[hit.to_numpy()]
    print_table(df, title="states", max_rows=400)


def report(
    a: str = typer.Argument(..., help="First state (the senior partner, e.g. USA)."),
    b: str = typer.Argument(..., help="Second state (e.g. JPN)."),
    output: Path = typer.Option(None, "--output", "-o", help="Output file (default A-B.html)."),
    years: str = typer.Option(
        None, "--years", help="Span, e.g. 1952-2023 (default: since both states exist)."
    ),
    fmt: str = typer.Option(
        "html",
        "--format",
        "-f",
        help="html (report), md (brief), png, svg, pdf (figures), or brief (one page, "
        "HTML and PDF).",
    ),
    scenario: str = typer.Option(None, "--scenario", help="With --format brief: a scenario."),
) -> None:
    """Write a self-contained report on an alliance (charts, findings, data, citations).

    Missing data are fetched on first use; offline, set ALLYDRIFT_MIRROR=DIR.
    Examples: allydrift report USA JPN -o us-japan.html ·
    allydrift report USA KOR --years 1990-2023 --format md ·
    allydrift report USA JPN --format pdf -o us-japan.pdf
    """
    from allydrift.countries import resolve
    from allydrift.errors import InputError
    from allydrift.report import build_report

    if fmt not in REPORT_FORMATS:
        msg = f"--format must be one of {', '.join(REPORT_FORMATS)}; got '{fmt}'"
        raise InputError(msg)
    if scenario and fmt != "brief":
        msg = f"--scenario goes with --format brief; got --format {fmt}"
        raise InputError(msg)
    suffix = "html" if fmt == "brief" else fmt
    if output is not None and output.suffix.lower() != f".{suffix}":
        msg = (
            f"--format {fmt} writes a .{suffix} file; got -o {output}. Change the file name "
            f"or the format."
        )
        raise InputError(msg)
    check_output(output, fmt, REPORT_FORMATS, binary=())
    sa, sb = resolve(a), resolve(b)
    span = parse_years(years) or (max(sa.current_since, sb.current_since), 9999)
    rep = build_report(sa, sb, years=span)
    out = output or Path(f"{rep.labels[0].lower()}-{rep.labels[1].lower()}.{suffix}")
    if fmt == "brief":
        from allydrift.report.brief import write_brief
        from allydrift.scenario.examples import resolve_example

        write_brief(rep, out, scenario=resolve_example(scenario) if scenario else None)
        out = Path(f"{out} and {out.with_suffix('.pdf')}")
    elif fmt == "html":
        rep.to_html(out)
    elif fmt == "md":
        rep.to_markdown(out)
    else:
        rep.to_image(out)
    first, last = rep.span
    console.print(
        f"wrote {out} ({rep.a.name}–{rep.b.name}, {first}–{last}; "
        f"sources: {', '.join(sorted(rep.sources_used))})"
    )


def register(app: typer.Typer) -> None:
    app.command("dyad")(dyad)
    app.command("report")(report)
    app.command("indicators")(indicators)
    app.command("states")(states)

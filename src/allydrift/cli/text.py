"""Commands for text as evidence: analyse documents, compare and score UN speeches."""

from __future__ import annotations

from pathlib import Path

import typer

from allydrift.cli._common import console, parse_years, write_table
from allydrift.cli._output import TABLE_FORMATS, check_output
from allydrift.errors import InputError

text_app = typer.Typer(
    help="Words as evidence: score documents and UN General Debate speeches on the alliance "
    "dimensions.\n\nExamples: allydrift text analyze essay.md -o essay.html · "
    "allydrift text similarity USA JPN --years 1990-2024",
    no_args_is_help=True,
)


@text_app.command("analyze")
def analyze(
    files: list[Path] = typer.Argument(..., help="Text, Markdown, HTML or PDF files."),
    fmt: str = typer.Option(
        None, "--format", "-f", help="table (screen), json or html; default from -o, else table."
    ),
    output: Path = typer.Option(None, "-o", "--output", help="Write to this file."),
    no_embed: bool = typer.Option(
        False, "--no-embed", help="Dictionary only (skip the sentence model)."
    ),
    max_bytes: int = typer.Option(
        5_000_000, "--max-bytes", help="Refuse files larger than this (bytes)."
    ),
    width: int = typer.Option(None, "--width", help="Columns for the table (default: terminal)."),
) -> None:
    """Which dimensions each paragraph argues, drift or cohesion, actors, years, evidence.

    Examples: allydrift text analyze essay.md ·
    allydrift text analyze a.html b.txt -o report.html ·
    allydrift text analyze essay.md --format json > essay.json
    """
    check_output(output)
    from allydrift.text import analyze_files, render

    if fmt is None and output is not None and output.suffix.lower() not in {".json", ".html"}:
        msg = f"cannot tell the format from '{output.name}': add --format json or html"
        raise InputError(msg)
    fmt = (fmt or (output.suffix.lstrip(".") if output else "table")).lower()
    if fmt not in {"table", "json", "html"}:
        msg = f"--format must be table, json or html; got '{fmt}'"
        raise InputError(msg)
    if max_bytes < 1:
        msg = f"--max-bytes must be a positive number of bytes; got {max_bytes}"
        raise InputError(msg)
    analyses = analyze_files(
        list(files), embeddings=False if no_embed else None, max_bytes=max_bytes
    )
    if fmt == "table":
        cols = width or min(console.width, 100)
        for a in analyses:
            console.file.write(render.to_terminal(a, cols) + "\n\n")
        return
    text = render.to_json(analyses) if fmt == "json" else render.to_html(analyses)
    if output is None:
        console.file.write(text + "\n")
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {fmt.upper()} for {len(analyses)} document(s) to {output}")


@text_app.command("similarity")
def similarity(
    state_a: str = typer.Argument(..., help="First state (name, ISO3 or COW code)."),
    state_b: str = typer.Argument(..., help="Second state."),
    years: str = typer.Option(None, "--years", help="Span like 1990-2024."),
    method: str = typer.Option("tfidf", "--method", help="tfidf or embedding (text extra)."),
    reference: str = typer.Option("core", "--reference", help="core or all (see docs/text.md)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv, parquet or dta."),
    output: Path = typer.Option(None, "-o", "--output", help="Write to this file."),
) -> None:
    """Speech similarity of two states' UN General Debate speeches, year by year.

    Examples: allydrift text similarity USA JPN --years 2000-2024 ·
    allydrift text similarity USA JPN --method embedding --format csv -o usa-jpn.csv
    """
    check_output(output, fmt, TABLE_FORMATS)
    from allydrift.text import dyad_similarity

    table = dyad_similarity(
        state_a, state_b, method=method, years=parse_years(years), reference=reference
    )
    write_table(table, fmt, output)


@text_app.command("salience")
def salience(
    state: str = typer.Argument(..., help="State (name, ISO3 or COW code)."),
    years: str = typer.Option(None, "--years", help="Span like 1990-2024."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv, parquet or dta."),
    output: Path = typer.Option(None, "-o", "--output", help="Write to this file."),
) -> None:
    """Salience of each dimension (terms per 1,000 words) in a state's UN speeches.

    Example: allydrift text salience JPN --years 1990-2024
    """
    check_output(output, fmt, TABLE_FORMATS)
    from allydrift.text import state_salience

    write_table(state_salience(state, years=parse_years(years)), fmt, output)


@text_app.command("embed")
def embed_corpus(
    batch_size: int = typer.Option(32, "--batch-size", help="Passages per model call."),
) -> None:
    """Embed every UN speech once (cached, resumable) for the embedding indicators.

    int8 model, at most 12 passages a speech: about 10 minutes on two idle CPU cores the
    first time (much longer on a busy machine); it resumes where it stopped and later runs
    only embed years that changed. Example: allydrift text embed
    """
    from allydrift.text import prepare_embeddings

    stats = prepare_embeddings(batch_size=batch_size)
    console.print(
        f"{stats['speeches']:,} speeches ({stats['embedded']:,} newly embedded, "
        f"{stats['passages']:,} passages) in {stats['seconds']:.0f} s; similarity and "
        "salience tables cached"
    )


def register(app: typer.Typer) -> None:
    app.add_typer(text_app, name="text")

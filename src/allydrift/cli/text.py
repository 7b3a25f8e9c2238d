"""Commands for text as evidence: analyse documents, compare and score UN speeches."""

from __future__ import annotations

from pathlib import Path

import typer

from allydrift.cli._common import console, parse_years, print_table, write_table
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
) -> None:
    """Which dimensions each paragraph argues, drift or cohesion, actors, years, evidence.

    Examples: allydrift text analyze essay.md ·
    allydrift text analyze a.html b.txt -o report.html ·
    allydrift text analyze essay.md --format json > essay.json
    """
    from allydrift.text import analyze_files, render

    if fmt is None and output is not None and output.suffix.lower() not in {".json", ".html"}:
        raise InputError(f"cannot tell the format from '{output.name}': add --format json or html")
    fmt = (fmt or (output.suffix.lstrip(".") if output else "table")).lower()
    if fmt not in {"table", "json", "html"}:
        raise InputError(f"--format must be table, json or html; got '{fmt}'")
    analyses = analyze_files(list(files), embeddings=False if no_embed else None)
    if fmt == "table":
        for a in analyses:
            _print_analysis(a)
        return
    text = render.to_json(analyses) if fmt == "json" else render.to_html(analyses)
    if output is None:
        console.file.write(text + "\n")
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {fmt.upper()} for {len(analyses)} document(s) to {output}")


def _print_analysis(analysis) -> None:
    stance = analysis.stance
    console.print(
        f"[bold]{analysis.title}[/] ({analysis.name}, {len(analysis.paragraphs)} paragraphs, "
        f"method: {analysis.method}) — overall: [bold]{stance['label']}[/] "
        f"({stance['drift']} drift, {stance['cohesion']} cohesion, {stance['mixed']} mixed)"
    )
    print_table(analysis.summary_table(), title="by dimension")
    cols = ["paragraph", "dimensions", "stance", "actors", "years", "key_sentence"]
    print_table(analysis.paragraph_table()[cols], title="by paragraph")


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
    from allydrift.text import state_salience

    write_table(state_salience(state, years=parse_years(years)), fmt, output)


@text_app.command("embed")
def embed_corpus(
    batch_size: int = typer.Option(32, "--batch-size", help="Passages per model call."),
) -> None:
    """Embed every UN speech once (cached, resumable) for the embedding indicators.

    Takes about 45 minutes on two CPU cores the first time; later runs only embed speeches
    that changed. Example: allydrift text embed
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

"""``allydrift validate``: hit rates on dated episodes, known groups and ruptures."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import typer

from allydrift.cli._common import console, print_table
from allydrift.errors import InputError

FORMATS = ("table", "json", "csv")


def _csv(tables: dict[str, pd.DataFrame]) -> str:
    frames = [t.assign(table=name) for name, t in tables.items() if not t.empty]
    if not frames:
        return ""
    out = pd.concat(frames, ignore_index=True)
    return out[["table", *[c for c in out.columns if c != "table"]]].to_csv(index=False)


def _json(tables: dict[str, pd.DataFrame], method: dict) -> str:
    from allydrift.index.core import records

    return json.dumps({**{k: records(v) for k, v in tables.items()}, "method": method}, indent=1)


def _pct(x: pd.Series) -> pd.Series:
    return x.map(lambda v: "–" if pd.isna(v) else f"{100 * v:.0f}%")


def screen(name: str, t: pd.DataFrame) -> pd.DataFrame:
    """A narrow view of a result table for the terminal."""
    if name == "hit_rates":
        return pd.DataFrame(
            {
                "measure": t["measure"].str.replace("dim:", "", regex=False),
                "split": t["split"],
                "episodes": t["episodes"],
                "measured": t["measured"],
                "hits": t["hits"],
                "rate": _pct(t["rate"]),
                "90% interval": _pct(t["lower"]) + "–" + _pct(t["upper"]),
                "paired n": t["paired_measured"],
                "paired rate": _pct(t["paired_rate"]),
            }
        )
    if name == "subsets":
        return pd.DataFrame(
            {
                "measure": t["measure"],
                "episodes with": t["subset"],
                "split": t["split"],
                "measured": t["measured"],
                "hits": t["hits"],
                "rate": _pct(t["rate"]),
                "90% interval": _pct(t["lower"]) + "–" + _pct(t["upper"]),
            }
        )
    if name == "groups":
        return pd.DataFrame(
            {
                "anchor": t["anchor"],
                "year": t["year"].astype(str),
                "measure": t["measure"].str.replace("dim:", "", regex=False),
                "partners": t["partners"],
                "allies": t["allies"],
                "AUC": t["auc"].round(3),
                "adversaries": t["adversaries"],
                "median pct": t["adversary_median_pct"].round(1),
                "in bottom 15%": _pct(t["adversaries_bottom"]),
            }
        )
    if name == "group_summary":
        return t.assign(
            measure=t["measure"].str.replace("dim:", "", regex=False),
            mean_auc=t["mean_auc"].round(3),
            min_auc=t["min_auc"].round(3),
            adversaries_bottom=_pct(t["adversaries_bottom"]),
        )
    if name == "rupture_shares":
        return t.assign(share=_pct(t["share"]), per_decade=t["per_decade"].round(2))
    return t


def validate(
    split: str = typer.Option("all", "--split", help="dev, test or all episodes."),
    tests: str = typer.Option(
        "episodes,groups,ruptures", "--tests", help="Comma-separated: episodes, groups, ruptures."
    ),
    k: int = typer.Option(3, "-k", help="Years before and after each episode."),
    column: str = typer.Option("score", "--column", help="Index column: score or linked."),
    engine: str = typer.Option(
        "table", "--engine", help="Read the index with index_table (table) or cohesion."
    ),
    episodes: Path = typer.Option(None, "--episodes", help="Another episode file (.toml)."),
    chart: Path = typer.Option(None, "--chart", help="Also draw the hit rates to this PNG."),
    detail: bool = typer.Option(False, "--detail", help="Also print per-episode rows."),
    list_: bool = typer.Option(
        False, "--list", help="Only list the episodes of --split with their citations."
    ),
    fmt: str = typer.Option("table", "--format", help="table, json or csv."),
    output: Path = typer.Option(None, "-o", "--output", help="Write to this file."),
) -> None:
    """Validate the index against history: episodes, known groups and ruptures.

    Example: allydrift validate --split dev --format json -o validation.json
    """
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from allydrift.validate import run

    if fmt not in FORMATS:
        msg = f"--format must be table, json or csv; got '{fmt}'"
        raise InputError(msg)
    if list_:
        from allydrift.validate import load, select
        from allydrift.validate.episodes import table

        listing = table(select(load(episodes), split)).drop(columns=["ccode1", "ccode2"])
        if fmt == "table" and output is None:
            print_table(listing, title="Episodes", max_rows=2000)
        else:
            tables = {"episodes": listing}
            text = _csv(tables) if fmt != "json" else _json(tables, {"split": split}) + "\n"
            if output is None:
                console.file.write(text)
            else:
                output.write_text(text, encoding="utf-8")
        return
    chosen = tuple(t.strip() for t in tests.split(",") if t.strip())
    if split != "dev":
        Console(stderr=True).print(
            "[dim]note: the test split is for reporting only; tune nothing on it "
            "(use --split dev while developing)[/]"
        )
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console if fmt == "table" and output is None else Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("validating", total=None)
        v = run(
            split,
            tests=chosen,
            k=k,
            column=column,
            engine=engine,
            episodes_file=episodes,
            progress=lambda msg: bar.update(task, description=msg),
        )
    if chart is not None:
        from allydrift.validate.chart import hit_rate_chart, save_png

        save_png(hit_rate_chart(v.hit_rates), chart)
        Console(stderr=True).print(f"drew {chart}")
    tables = v.tables()
    if not detail:
        tables = {n: t for n, t in tables.items() if n not in ("episodes", "ruptures")}
    if fmt == "table":
        titles = {
            "hit_rates": f"Episodes: share moving in the historians' direction (k = {k})",
            "subsets": "Episodes with and without the US",
            "group_summary": "Known groups, all anchors: mean AUC, adversaries in the bottom 15%",
            "groups": "Known groups: AUC of treaty allies, adversaries' percentile",
            "rupture_shares": "Ruptures: share with a change point within 2 years",
            "episodes": "Episodes",
            "ruptures": "Ruptures",
        }
        for name, t in tables.items():
            if not t.empty:
                print_table(screen(name, t), title=titles[name], max_rows=2000)
        if output is not None:
            output.write_text(_csv(tables), encoding="utf-8")
            console.print(f"wrote {output}")
        return
    text = _csv(tables) if fmt == "csv" else _json(tables, v.method) + "\n"
    if output is None:
        console.file.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {output}")


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)

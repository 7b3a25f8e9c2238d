"""Commands for the Alliance Cohesion Index and drift: index, drift, rank, abandonment,
timeline."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import typer

from allydrift.cli._common import (
    YEAR_MAX,
    YEAR_MIN,
    console,
    floats_as_text,
    parse_years,
    print_table,
    write_table,
)
from allydrift.cli._output import check_output
from allydrift.errors import InputError

YEARS = typer.Option(None, "--years", help="Span like 1990-2020 (default: all years).")
WEIGHTS = typer.Option(
    None,
    "--weights",
    help="Use the averaged index with these weights (equal, pca, or a .toml/.yaml file) "
    "instead of the measurement model.",
)
REFERENCE = typer.Option("allied", "--reference", help="Goalpost population: allied or all.")
FORMAT = typer.Option("table", "--format", help="table, csv, json, parquet or dta.")
OUTPUT = typer.Option(None, "-o", "--output", help="Write to this file.")
EVENTS = typer.Option(None, "--events", help="An extra timeline file (.toml) to show.")


def _emit(df: pd.DataFrame, fmt: str, output: Path | None, payload: dict | None = None) -> None:
    if fmt == "json":
        from allydrift.index.core import records

        text = json.dumps(payload if payload is not None else records(df), indent=1)
        if output is None:
            console.file.write(text + "\n")
        else:
            output.write_text(text, encoding="utf-8")
        return
    write_table(df, fmt, output)


def index(
    a: str = typer.Argument(..., help="First state (name, ISO3 or COW code)."),
    b: str = typer.Argument(..., help="Second state."),
    years: str = YEARS,
    weights: str | None = WEIGHTS,
    reference: str = REFERENCE,
    draws: int = typer.Option(200, "--draws", help="Bootstrap draws for the band (0: none)."),
    fmt: str = FORMAT,
    output: Path = OUTPUT,
) -> None:
    """Alliance Cohesion Index of a dyad, year by year, with its 90 % band.

    Example: allydrift index USA JPN --years 1990-2023
    """
    check_output(output, fmt, ("table", "csv", "json", "parquet", "dta"))
    from allydrift.index import cohesion

    c = cohesion(a, b, parse_years(years), weights=weights, reference=reference, draws=draws)
    dims = c.dimensions.pivot_table(index="year", columns="dimension", values="score")
    dims = dims.reindex(columns=c.method["dimensions"])
    hidden = ["linked", "composition_change", "latent", "sd"]
    if "projection" in c.scores:
        hidden.append("weight_share")  # the model has no weight shares
    table = c.scores.drop(columns=[h for h in hidden if h in c.scores]).merge(
        dims.reset_index(), on="year", how="left"
    )
    if fmt == "table" and output is None:
        title = (
            f"Alliance Cohesion Index {c.scores['state_a'].iloc[0]}–{c.scores['state_b'].iloc[0]}"
        )
        print_table(_screen(table.drop(columns=["state_a", "state_b"])), title=title)
        return
    _emit(table, fmt, output, c.to_dict())


SHORT = {
    "n_indicators": "n_ind",
    "n_dimensions": "n_dim",
    "weight_share": "share",
    "world_view": "world view",
    "burden_sharing": "burden",
}


def _screen(df: pd.DataFrame) -> pd.DataFrame:
    """Floats to one decimal (shares to two) and short headers, for the screen."""
    return floats_as_text(df, {"weight_share": 2}).rename(columns=SHORT)


def drift(
    a: str = typer.Argument(..., help="First state."),
    b: str = typer.Argument(..., help="Second state."),
    years: str = YEARS,
    weights: str | None = WEIGHTS,
    reference: str = REFERENCE,
    events: Path = EVENTS,
    json_out: bool = typer.Option(False, "--json", help="Print everything as JSON."),
) -> None:
    """Change points (with what drove them), trends, drift alerts and key events.

    Example: allydrift drift USA JPN --years 1951-2023
    """
    from allydrift.drift import analyse

    d = analyse(a, b, parse_years(years), weights=weights, reference=reference, events=events)
    if json_out:
        console.file.write(json.dumps(d.to_dict(), indent=1) + "\n")
        return
    summary = _changepoint_summary(d.changepoints, d.attribution)
    print_table(_screen(summary), title="Change points (linked series)")
    trends = _screen(d.trends.drop(columns="level"))
    print_table(trends, title="Trends (index points per decade, 90 %)")
    alerts = d.alerts.drop(columns=["fit_start", "fit_end"])
    print_table(
        _screen(alerts.assign(p_value=alerts["p_value"].round(3).astype(str))), title="Drift alerts"
    )
    print_table(d.events[["date", "year", "title", "kind"]], title="Events (annotation only)")


def _changepoint_summary(cps: pd.DataFrame, attribution: pd.DataFrame) -> pd.DataFrame:
    out = cps[["series", "year", "before", "after", "shift"]].copy()
    drivers = []
    for row in out.itertuples():
        part = attribution[
            (attribution["series"] == row.series) & (attribution["year"] == row.year)
        ]
        level = "dimension" if row.series == "overall" else "indicator"
        top = part[(part["level"] == level) & (part["contribution"].abs() >= 0.05)].head(2)
        drivers.append(", ".join(f"{r.component} {r.contribution:+.1f}" for r in top.itertuples()))
    out["drivers"] = drivers
    return out


def rank(
    with_state: str = typer.Option(None, "--with", help="Rank all partners of this state."),
    allies: bool = typer.Option(False, "--allies", help="Rank all current treaty-allied dyads."),
    year: str = typer.Option(
        None, "--year", help="A year, or 'latest' (default: latest fully covered year)."
    ),
    by: str = typer.Option("score", "--by", help="Sort by score or trend."),
    weights: str | None = WEIGHTS,
    reference: str = REFERENCE,
    sensitivity: bool = typer.Option(
        False, "--sensitivity", help="Show how ranks change under other weightings."
    ),
    fmt: str = FORMAT,
    output: Path = OUTPUT,
) -> None:
    """Rank a state's partners, or all treaty-allied dyads, by score and by trend.

    Examples: allydrift rank --with USA · allydrift rank --allies --year 2018 --by trend
    """
    check_output(output, fmt, ("table", "csv", "json", "parquet", "dta"))
    from allydrift import index as ix
    from allydrift.index.rank import orient

    when = _parse_year(year)
    pairs = _rank_pairs(with_state, allies)
    if sensitivity:
        s = ix.sensitivity(pairs, when, reference=reference, weights=weights)
        print_table(s.summary, title="Rank changes against equal weights")
        _emit(s.ranks, fmt, output)
        return
    table = ix.rank_pairs(pairs, when, weights=weights, reference=reference, by=by)
    if with_state is not None:
        table = orient(table, with_state)
    if fmt == "table" and output is None:
        print_table(_compact(table), title=f"Alliance Cohesion Index, ranked by {by}")
        return
    _emit(table.drop(columns=["ccode1", "ccode2"]), fmt, output)


def _parse_year(text: str | None) -> int | str | None:
    if text is None or text == "latest":
        return text
    shown = text if len(text) <= 20 else text[:20] + "…"
    if not (text.isascii() and text.isdigit()):
        msg = f"--year expects a year like 2018 or 'latest'; got '{shown}'"
        raise InputError(msg)
    if len(text) > 4 or not YEAR_MIN <= int(text) <= YEAR_MAX:
        msg = f"--year accepts years from {YEAR_MIN} to {YEAR_MAX}; got {shown}"
        raise InputError(msg)
    return int(text)


def _compact(table: pd.DataFrame) -> pd.DataFrame:
    def span(x: float, lo: float, hi: float, fmt: str) -> str:
        return "–" if pd.isna(x) else f"{x:{fmt}} [{lo:{fmt}}, {hi:{fmt}}]"

    score = table[["score", "lower", "upper"]].itertuples(index=False)
    trend = table[["trend", "trend_lower", "trend_upper"]].itertuples(index=False)
    return pd.DataFrame(
        {
            "rank": table["rank"],
            "dyad": table["state_a"] + "–" + table["state_b"],
            "year": table["year"],
            "score [90%]": [span(x, lo, hi, ".0f") for x, lo, hi in score],
            "n_ind": table["n_indicators"],
            "trend/10y [90%]": [span(x, lo, hi, "+.1f") for x, lo, hi in trend],
            "t_rank": table["trend_rank"],
        }
    )


def _rank_pairs(with_state: str | None, allies: bool) -> list[tuple[int, int]]:
    from allydrift.index.rank import current_allies, partner_pairs

    if (with_state is None) == (not allies):
        msg = "give exactly one of --with STATE or --allies"
        raise InputError(msg)
    if allies:
        return current_allies()
    if with_state is None:
        msg = "give exactly one of --with STATE or --allies"
        raise InputError(msg)
    return partner_pairs(with_state)


def abandonment(
    senior: str = typer.Argument(..., help="Senior partner, e.g. USA."),
    junior: str = typer.Argument(..., help="Junior ally, e.g. JPN."),
    rival: str = typer.Argument(..., help="Rival, e.g. CHN."),
    years: str = YEARS,
    window: int = typer.Option(3, "--window", help="Years over which changes are measured."),
    measure: str = typer.Option(
        "agreement", "--measure", help="agreement, sscore, kappa, pi or ideal_distance."
    ),
    fmt: str = FORMAT,
    output: Path = OUTPUT,
) -> None:
    """Years where the senior partner moves toward the rival faster than toward the ally
    (UN votes).

    Example: allydrift abandonment USA JPN CHN --years 1971-2023
    """
    check_output(output, fmt, ("table", "csv", "json", "parquet", "dta"))
    from allydrift.analysis import abandonment as triangle

    table = triangle(senior, junior, rival, parse_years(years), window=window, measure=measure)
    _emit(table, fmt, output)


def timeline(
    a: str = typer.Argument(..., help="First state."),
    b: str = typer.Argument(..., help="Second state."),
    years: str = YEARS,
    events: Path = EVENTS,
    fmt: str = FORMAT,
    output: Path = OUTPUT,
) -> None:
    """Curated, sourced key events of a dyad (bundled timelines plus --events FILE).

    Example: allydrift timeline USA JPN --years 1990-2020
    """
    check_output(output, fmt, ("table", "csv", "json", "parquet", "dta"))
    from allydrift.drift import timeline as events_of

    _emit(events_of(a, b, parse_years(years), extra=events), fmt, output)


def register(app: typer.Typer) -> None:
    app.command("index")(index)
    app.command("drift")(drift)
    app.command("rank")(rank)
    app.command("abandonment")(abandonment)
    app.command("timeline")(timeline)

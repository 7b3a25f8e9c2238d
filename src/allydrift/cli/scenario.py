"""Commands for projections and scenarios: project, scenario."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer

from allydrift.cli._common import console, floats_as_text, print_table, write_table

TO = typer.Option(None, "--to", help="Last year to project (default 2030, or the scenario's).")
RIVAL = typer.Option(
    None, "--rival", help="A rival R: report the chance that A–R closeness overtakes A–B."
)
LEVEL = typer.Option(0.9, "--level", help="Central probability of the band.")
FORMAT = typer.Option("table", "--format", help="table, csv, json or parquet.")
OUTPUT = typer.Option(None, "-o", "--output", help="Write to this file.")


SHORT = {
    "world_view": "world",
    "burden_sharing": "burden",
    "hostility": "hostil",
    "history": "hist",
    "threat": "threat",
}


def _screen(df: pd.DataFrame) -> pd.DataFrame:
    """Floats as text with one decimal and short headers, for the screen."""
    out = floats_as_text(df, {"coverage": 3})
    out = out.rename(columns=lambda c: SHORT.get(str(c), str(c).replace("scenario", "scen")))
    if "latent" in out:
        out["latent"] = out["latent"].map(lambda v: SHORT.get(v, v))
    return out


def _write(df: pd.DataFrame, fmt: str, output: Path | None) -> None:
    """csv/parquet/dta via the shared writer; json as records (to the screen or -o)."""
    if fmt == "json":
        text = df.to_json(orient="records", indent=1)
        if output is None:
            console.file.write(text + "\n")
        else:
            output.write_text(text, encoding="utf-8")
        return
    write_table(df, fmt, output)


def _wide(long: pd.DataFrame) -> pd.DataFrame:
    """Year × latent score with the overall band, for the screen."""
    piv = long.pivot_table(index="year", columns="latent", values="score")
    over = long[long["latent"] == "overall"].set_index("year")
    band = [f"{lo:.0f}–{hi:.0f}" for lo, hi in zip(over["lower"], over["upper"], strict=True)]
    out = pd.DataFrame({"overall": over["score"], "band": band}, index=over.index)
    rest = [c for c in dict.fromkeys(long["latent"]) if c != "overall"]
    return _screen(out.join(piv[rest]).reset_index())


def _overtake(a: str, b: str, rival: str, to: int | None, scenario: str | None) -> None:
    from allydrift.scenario.analysis import abandonment

    o = abandonment(a, b, rival, to, scenario)
    table = o.by_year.rename(columns={"junior": f"{a}–{b}", "rival": f"{a}–{rival}"})
    table["p_above"] = table["p_above"].map("{:.1%}".format)
    table["p_by"] = table["p_by"].map("{:.1%}".format)
    print_table(
        _screen(table),
        title=f"Does {a}–{rival} closeness overtake {a}–{b}? (overall index, Monte Carlo)",
    )
    lead = f"already above in {int(o.years[0]) - 1}; " if o.already else ""
    console.print(
        f"{lead}probability that {a}–{rival} overtakes {a}–{b} by {int(o.years[-1])}: "
        f"{o.within:.1%}"
    )


def project(
    a: str = typer.Argument(..., help="First state (name, ISO3 or COW code)."),
    b: str = typer.Argument(..., help="Second state."),
    to: int = TO,
    rival: str = RIVAL,
    level: float = LEVEL,
    fmt: str = FORMAT,
    output: Path = OUTPUT,
) -> None:
    """Project a pair's cohesion forward, per dimension and overall, with widening bands.

    Example: allydrift project USA JPN --to 2030 --rival CHN
    """
    from allydrift.scenario.analysis import crossroads

    c = crossroads(a, b, to, None, level)
    table = c.projection.baseline
    if fmt != "table" or output is not None:
        _write(table, fmt, output)
        return
    print_table(
        _wide(table),
        title=f"Projection {a}–{b} from {c.projection.start.year} "
        f"(random walk; {level:.0%} band of the overall index)",
    )
    if rival:
        _overtake(a, b, rival, to, None)


def scenario(
    a: str = typer.Argument(..., help="First state."),
    b: str = typer.Argument(..., help="Second state."),
    file: str = typer.Argument(..., help="Scenario file (.toml); see docs/scenarios.md."),
    to: int = TO,
    rival: str = RIVAL,
    level: float = LEVEL,
    fmt: str = FORMAT,
    output: Path = OUTPUT,
) -> None:
    """Baseline projection and a scenario side by side, and what the scenario moves.

    A shipped example is named without its file: top-tier or inward.

    Examples: allydrift scenario USA JPN top-tier ·
    allydrift scenario USA JPN my-scenario.toml --format csv -o scenario.csv
    """
    from allydrift.scenario.analysis import crossroads
    from allydrift.scenario.examples import resolve_example

    path = resolve_example(file)
    c = crossroads(a, b, to, path, level)
    p = c.projection
    scen = p.baseline if p.scenario is None else p.scenario
    if fmt != "table" or output is not None:
        base = p.baseline.assign(path="baseline")
        _write(pd.concat([base, scen.assign(path="scenario")]), fmt, output)
        return
    title = c.scenario.title if c.scenario else path
    print_table(_wide(p.baseline), title=f"Baseline {a}–{b}")
    print_table(_wide(scen), title=f"Scenario: {title}")
    moved = c.movers()
    print_table(
        _screen(moved.drop(columns="year")).rename(
            columns=lambda c: (
                c.replace("baseline", "base").replace("_lower", " lo").replace("_upper", " hi")
            )
        ),
        title=f"What the scenario moves by {int(moved['year'].iloc[0])} (index points)",
    )
    big = moved[moved["shift"].abs() >= 0.5]
    if big.empty:
        console.print("No dimension moves by half an index point or more.")
    else:
        console.print(
            "Moves: " + "; ".join(f"{r.latent} {r.shift:+.1f}" for r in big.itertuples(index=False))
        )
    if rival:
        _overtake(a, b, rival, to, path)


def project_backtest(
    pairs: int = typer.Option(200, "--pairs", help="Pairs drawn from the reference population."),
    seed: int = typer.Option(0, "--seed", help="Seed of the draw."),
    level: float = LEVEL,
    output: Path = OUTPUT,
) -> None:
    """Backtest the projections: filter to T, project T+1…T+5, score against the data.

    Origins 1980, 1985, …, 2015. Prints coverage of the band and mean absolute errors
    (index points) beside no-change and damped forecasts; -o writes every row (.csv).

    Example: allydrift project-backtest --pairs 200
    """
    from allydrift.scenario import backtest as bt

    rows = bt.run(bt.sample_pairs(pairs, seed), level=level)
    if output is not None:
        write_table(rows, "csv", output)
    table = bt.summary(rows)
    n_pairs = rows.groupby(["ccode1", "ccode2"]).ngroups
    names = {
        "horizon": "h",
        "mae": "MAE",
        "mae_no_change_known": "no-chg",
        "mae_no_change_hindsight": "no-chg hind",
        "mae_damped": "damped",
        "band_width": "width",
    }
    table["latent"] = table["latent"].replace({"all latents": "all"})
    print_table(
        _screen(table.rename(columns=names)),
        title=f"Projection backtest: {n_pairs} pairs, origins 1980–2015, {level:.0%} band",
    )


def register(app: typer.Typer) -> None:
    app.command("project")(project)
    app.command("scenario")(scenario)
    app.command("project-backtest")(project_backtest)

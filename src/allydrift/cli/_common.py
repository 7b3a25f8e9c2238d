"""Helpers shared by the CLI modules: year spans, states and table output."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from allydrift.errors import InputError

console = Console()


def parse_years(text: str | None) -> tuple[int, int] | None:
    """Parse ``1990-2020`` (or a single year) into a closed span."""
    if not text:
        return None
    parts = text.replace("–", "-").split("-")
    try:
        span = (int(parts[0]), int(parts[-1]))
    except ValueError:
        raise InputError(
            f"--years expects a span like 1990-2020 or a single year like 2001; got '{text}'"
        ) from None
    if len(parts) > 2 or span[0] > span[1]:
        raise InputError(f"--years expects FIRST-LAST with FIRST <= LAST; got '{text}'")
    return span


def print_table(df: pd.DataFrame, title: str | None = None, max_rows: int = 200) -> None:
    """Print a DataFrame as a Rich table."""
    table = Table(title=title, show_lines=False, header_style="bold")
    for col in df.columns:
        table.add_column(
            str(col), justify="right" if pd.api.types.is_numeric_dtype(df[col]) else "left"
        )
    for row in df.head(max_rows).itertuples(index=False):
        table.add_row(*[_fmt(v) for v in row])
    console.print(table)
    if len(df) > max_rows:
        console.print(f"… {len(df) - max_rows} more rows (use --format csv for all)")


def _fmt(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return "–"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)


def write_table(df: pd.DataFrame, fmt: str, output: Path | None) -> None:
    """Write ``df`` as table (screen), csv, parquet or dta."""
    fmt = fmt.lower()
    if fmt == "table":
        print_table(df)
        return
    if fmt == "csv":
        text = df.to_csv(index=False)
        if output is None:
            console.file.write(text)
        else:
            output.write_text(text, encoding="utf-8")
        return
    if output is None:
        raise InputError(f"--format {fmt} writes a binary file: give one with -o FILE")
    if fmt == "parquet":
        df.to_parquet(output, index=False)
    elif fmt == "dta":
        out = df.copy()
        for col in out.columns:
            if isinstance(out[col].dtype, pd.api.extensions.ExtensionDtype):
                out[col] = out[col].astype(
                    float if pd.api.types.is_numeric_dtype(out[col]) else str
                )
        out.to_stata(output, write_index=False, version=118)
    else:
        raise InputError(f"--format must be table, csv, parquet or dta; got '{fmt}'")
    console.print(f"wrote {len(df):,} rows to {output}")

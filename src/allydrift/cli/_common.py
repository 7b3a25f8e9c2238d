"""Helpers shared by the CLI modules: year spans, output checks and table output."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.table import Table

from allydrift.cli._output import TABLE_FORMATS, check_output, shown
from allydrift.errors import InputError

__all__ = [
    "TABLE_FORMATS",
    "check_output",
    "console",
    "parse_states",
    "parse_years",
    "print_table",
    "shown",
    "write_table",
]

# soft_wrap: lines are never cut at 80 columns when piped (a terminal wraps them itself).
console = Console(soft_wrap=True)

YEAR_MIN, YEAR_MAX = 1600, 2100


def parse_years(text: str | None) -> tuple[int, int] | None:
    """Parse ``1990-2020`` (or a single year) into a closed span within 1600–2100."""
    if not text:
        return None
    parts = [p.strip() for p in text.replace("–", "-").split("-")]
    if len(parts) > 2 or not all(p.isascii() and p.isdigit() for p in parts):
        msg = (
            f"--years expects a span like 1990-2020 or a single year like 2001; got '{shown(text)}'"
        )
        raise InputError(msg)
    if any(len(p) > 4 or not YEAR_MIN <= int(p) <= YEAR_MAX for p in parts):
        msg = (
            f"--years accepts years from {YEAR_MIN} to {YEAR_MAX}; got '{shown(text)}'. "
            "Give a span such as 1990-2020"
        )
        raise InputError(msg)
    span = (int(parts[0]), int(parts[-1]))
    if span[0] > span[1]:
        msg = f"--years expects FIRST-LAST with FIRST <= LAST; got '{shown(text)}'"
        raise InputError(msg)
    return span


MAX_STATES = 300


def parse_states(text: str | None, option: str = "--states") -> list[str] | None:
    """Comma-separated states (at most ``MAX_STATES``: more than the system ever held)."""
    names = [s.strip() for s in text.split(",") if s.strip()] if text else []
    if len(names) > MAX_STATES:
        msg = (
            f"{option} takes at most {MAX_STATES} states; got {len(names):,}. "
            "Leave it out to use every state"
        )
        raise InputError(msg)
    return names or None


def floats_as_text(df: pd.DataFrame, digits: dict[str, int] | None = None) -> pd.DataFrame:
    """A copy with float columns as text for the screen: one decimal unless ``digits``
    names another for the column; missing values as "–"."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            n = (digits or {}).get(str(col), 1)
            out[col] = [("–" if pd.isna(v) else f"{v:.{n}f}") for v in out[col]]
    return out


def print_table(df: pd.DataFrame, title: str | None = None, max_rows: int = 200) -> None:
    """Print a DataFrame as a Rich table on a terminal, else as full tab-separated text.

    Piped output (``allydrift indicators | grep …``) is never cut: each cell prints in full.
    """
    if not console.is_terminal:
        _print_tsv(df, title)
        return
    table = Table(title=title, show_lines=False, header_style="bold")
    for col in df.columns:
        table.add_column(
            str(col), justify="right" if pd.api.types.is_numeric_dtype(df[col]) else "left"
        )
    for row in df.head(max_rows).itertuples(index=False):
        table.add_row(*[_fmt(v) for v in row])
    console.print(table, soft_wrap=False)
    if len(df) > max_rows:
        console.print(f"… {len(df) - max_rows} more rows (use --format csv for all)")


def _print_tsv(df: pd.DataFrame, title: str | None) -> None:
    out = console.file
    if title:
        out.write(f"# {title}\n")
    out.write("\t".join(str(c) for c in df.columns) + "\n")
    for row in df.itertuples(index=False):
        out.write("\t".join(_cell(v) for v in row) + "\n")
    out.flush()


def _cell(value: object) -> str:
    return " ".join(_fmt(value).replace("\t", " ").splitlines())


def _fmt(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return "–"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)


def write_table(df: pd.DataFrame, fmt: str, output: Path | None) -> None:
    """Write ``df`` as table (screen), csv, parquet or dta."""
    fmt = fmt.lower()
    check_output(output, fmt, TABLE_FORMATS)
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
        msg = f"--format {fmt} writes a binary file: give one with -o FILE"
        raise InputError(msg)
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
    console.print(f"wrote {len(df):,} rows to {output}")

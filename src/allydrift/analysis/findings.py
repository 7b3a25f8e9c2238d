"""Plain-language findings generated from the numbers of a dyad panel."""

from __future__ import annotations

import pandas as pd

from allydrift.indicators import Indicator


def _fmt(value: float, unit: str) -> str:
    if unit.startswith("%"):
        return f"{value:.2f} %"
    if unit == "0/1":
        return "in force" if value >= 0.5 else "not in force"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}"


def series_finding(panel: pd.DataFrame, ind: Indicator, labels: tuple[str, str]) -> str | None:
    """One sentence: latest value, and how it compares with the first decade observed."""
    if ind.kind == "monadic":
        parts = []
        for suffix, label in (("_1", labels[0]), ("_2", labels[1])):
            col = panel.get(ind.name + suffix)
            if col is not None and col.notna().any():
                last = panel.loc[col.last_valid_index()]
                parts.append(f"{label} {_fmt(last[ind.name + suffix], ind.unit)} ({last.year})")
        return f"{ind.description.rstrip('.')}: {', '.join(parts)}." if parts else None
    col = panel.get(ind.name)
    if col is None or col.notna().sum() == 0:
        return None
    valid = panel.loc[col.notna(), ["year", ind.name]]
    first_year, last_year = int(valid.year.iloc[0]), int(valid.year.iloc[-1])
    last = float(valid[ind.name].iloc[-1])
    if ind.unit == "0/1":
        years_on = valid.loc[valid[ind.name] >= 0.5, "year"]
        if years_on.empty:
            return f"No {ind.title.lower()} recorded {first_year}–{last_year}."
        return (
            f"{ind.title}: in force {int(years_on.min())}–{int(years_on.max())} "
            f"(the data end in {last_year})."
        )

    early = valid[valid.year < first_year + 10][ind.name].mean()
    change = "higher than" if last > early else "lower than"
    return (
        f"{ind.title} was {_fmt(last, ind.unit)} in {last_year}, "
        f"{change} its {first_year}–{first_year + 9} average of {_fmt(early, ind.unit)}."
    )

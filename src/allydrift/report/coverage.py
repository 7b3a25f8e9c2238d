"""Which years each series of a dyad panel covers: the indicators table's coverage."""

from __future__ import annotations

from typing import Any

import pandas as pd

from allydrift.countries import State

READING = {1: "higher = closer", -1: "lower = closer", 0: "context"}


def column_coverage(panel: pd.DataFrame, a: State, b: State) -> list[dict[str, Any]]:
    """One entry per indicator column of ``panel``: what it is and which years it covers.

    Monadic indicators (``<name>_1``/``<name>_2``) are reported per state. ``coverage`` is
    the share of the panel's years with a value.
    """
    from allydrift.indicators import registered

    reg = registered()
    out = []
    for col in panel.columns:
        if col in ("year", "state_a", "state_b"):
            continue
        name, side = col, None
        if col not in reg and col[-2:] in ("_1", "_2") and col[:-2] in reg:
            name, side = col[:-2], (a if col.endswith("_1") else b)
        ind = reg.get(name)
        years = panel.loc[panel[col].notna(), "year"]
        title = ind.title if ind else name
        out.append(
            {
                "column": col,
                "indicator": name,
                "label": f"{title} ({side.iso3 or side.abb})" if side else title,
                "state": None if side is None else (side.iso3 or side.abb),
                "dimension": ind.dimension if ind else None,
                "unit": ind.unit if ind else None,
                "direction": ind.direction if ind else 0,
                "reading": READING.get(ind.direction if ind else 0, ""),
                "description": ind.description if ind else "",
                "sources": list(ind.sources) if ind else [],
                "first_year": int(years.min()) if len(years) else None,
                "last_year": int(years.max()) if len(years) else None,
                "n_years": len(years),
                "coverage": round(len(years) / len(panel), 3) if len(panel) else 0.0,
            }
        )
    return out

"""Attribution: which dimensions and indicators moved most at a change point.

The linked series is a sum of indicator contributions (see ``allydrift.index.aggregate``):
``linked_t = linked_first + Σ_i C_i,t`` where ``C_i,t`` is indicator i's cumulative
contribution. The shift at a change point — mean of the segment after minus mean of
the segment before — therefore splits exactly into one term per indicator:
``mean_after(C_i) − mean_before(C_i)``; a dimension's term is the sum of its
indicators'. Beside each term stand the plain level means of the component's score
before and after, so a reader sees both "how much it moved" and "how much of the
index's shift it explains". A remainder (``relinked``) appears only if the linked
series had to be re-anchored inside the two segments (no indicator in common between
two consecutive observations).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allydrift.index import Cohesion

COLUMNS = [
    "series",
    "year",
    "level",
    "component",
    "dimension",
    "before",
    "after",
    "change",
    "contribution",
    "share",
]


@dataclass(frozen=True)
class Tables:
    """Year-indexed wide tables of one series, computed once for all its change points."""

    line: pd.Series  # the linked series
    cumulative: pd.DataFrame  # year × indicator: cumulative contributions
    levels: pd.DataFrame  # year × indicator: 0–100 scores
    dim_levels: pd.DataFrame  # year × dimension: 0–100 scores
    dimension_of: dict[str, str]


def tables(c: Cohesion, series: str) -> Tables:
    """The wide tables ``attribute`` needs for ``series`` ("overall" or a dimension)."""
    if series == "overall":
        line = c.scores.set_index("year")["linked"]
        rows, column = c.indicators, "contribution"
    else:
        dims = c.dimensions[c.dimensions["dimension"] == series]
        line = dims.set_index("year")["linked"]
        rows = c.indicators[c.indicators["indicator"].isin(_members(c, series))]
        column = "dim_contribution"
    line = line.dropna().sort_index()
    wide = rows.pivot_table(index="year", columns="indicator", values=column, aggfunc="sum")
    levels = c.indicators.pivot_table(index="year", columns="indicator", values="score")
    dim_levels = c.dimensions.pivot_table(index="year", columns="dimension", values="score")
    return Tables(
        line,
        wide.reindex(line.index).fillna(0.0).cumsum(),
        levels,
        dim_levels,
        dict(zip(c.indicators["indicator"], c.indicators["dimension"], strict=True)),
    )


def _members(c: Cohesion, dimension: str) -> set[str]:
    return set(c.indicators.loc[c.indicators["dimension"] == dimension, "indicator"])


def _means(wide: pd.DataFrame | pd.Series, before: tuple[int, int], after: tuple[int, int]):
    idx = wide.index
    return (
        wide[(idx >= before[0]) & (idx <= before[1])].mean(),
        wide[(idx >= after[0]) & (idx <= after[1])].mean(),
    )


def attribute(
    c: Cohesion, series: str, year: int, start: int, end: int, cached: Tables | None = None
) -> pd.DataFrame:
    """Split the shift of ``series`` ("overall" or a dimension) at change point ``year``
    (segments ``start``–``year − 1`` and ``year``–``end``) into its components.
    ``cached`` reuses ``tables(c, series)`` across change points."""
    t = cached or tables(c, series)
    years = t.line.index
    before = (start, int(years[(years >= start) & (years < year)].max()))
    after = (year, end)
    line_b, line_a = _means(t.line, before, after)
    total = line_a - line_b
    cum_b, cum_a = _means(t.cumulative, before, after)
    lev_b, lev_a = _means(t.levels.reindex(columns=t.cumulative.columns), before, after)
    rows = [
        _row(
            series,
            year,
            "indicator",
            n,
            t.dimension_of[n],
            lev_b[n],
            lev_a[n],
            cum_a[n] - cum_b[n],
            total,
        )
        for n in t.cumulative.columns
    ]
    out = pd.DataFrame(rows, columns=COLUMNS)
    if series == "overall":
        dim_b, dim_a = _means(t.dim_levels, before, after)
        dims = [
            _row(
                series,
                year,
                "dimension",
                d,
                d,
                dim_b[d],
                dim_a[d],
                part["contribution"].sum(),
                total,
            )
            for d, part in out.groupby("dimension", sort=False)
        ]
        out = pd.concat([pd.DataFrame(dims, columns=COLUMNS), out], ignore_index=True)
    rest = total - out.loc[out["level"] == "indicator", "contribution"].sum()
    if abs(rest) > 1e-9 * max(1.0, abs(total)):
        out.loc[len(out)] = _row(
            series, year, "relinked", "relinked", "", np.nan, np.nan, rest, total
        )
    return _order(out)


def _row(series, year, level, component, dimension, before, after, contribution, total):
    return {
        "series": series,
        "year": int(year),
        "level": level,
        "component": component,
        "dimension": dimension,
        "before": before,
        "after": after,
        "change": after - before,
        "contribution": float(contribution),
        "share": float(contribution / total) if total else np.nan,
    }


def _order(out: pd.DataFrame) -> pd.DataFrame:
    rank = out["level"].map({"dimension": 0, "indicator": 1, "relinked": 2})
    out = out.assign(_r=rank, _a=-out["contribution"].abs())
    return (
        out.sort_values(["_r", "_a"], kind="stable")
        .drop(columns=["_r", "_a"])
        .reset_index(drop=True)
    )

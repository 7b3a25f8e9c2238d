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


def _segment_means(frame: pd.DataFrame, value: str, span: tuple[int, int, int, int]):
    y0, y1, y2, y3 = span
    before = frame.loc[frame["year"].between(y0, y1), value].mean()
    after = frame.loc[frame["year"].between(y2, y3), value].mean()
    return before, after


def _cumulative(c: Cohesion, column: str, years: np.ndarray, keep: pd.Series) -> pd.DataFrame:
    rows = c.indicators[keep]
    wide = rows.pivot_table(index="year", columns="indicator", values=column, aggfunc="sum")
    return wide.reindex(years).fillna(0.0).cumsum()


def attribute(c: Cohesion, series: str, year: int, start: int, end: int) -> pd.DataFrame:
    """Split the shift of ``series`` ("overall" or a dimension) at change point ``year``
    (segments ``start``–``year − 1`` and ``year``–``end``) into its components."""
    overall = series == "overall"
    if overall:
        line = c.scores[["year", "linked"]]
        keep = pd.Series(True, index=c.indicators.index)
        column = "contribution"
    else:
        line = c.dimensions.loc[c.dimensions["dimension"] == series, ["year", "linked"]]
        keep = c.indicators["dimension"] == series
        column = "dim_contribution"
    line = line.dropna()
    years = np.sort(line["year"].to_numpy())
    before_years = years[(years >= start) & (years < year)]
    span = (start, int(before_years.max()), year, end)
    shift_b, shift_a = _segment_means(line, "linked", span)
    total = shift_a - shift_b
    cum = _cumulative(c, column, years, keep).reset_index()
    rows = []
    for name in cum.columns.drop("year"):
        ind_rows = c.indicators[c.indicators["indicator"] == name]
        lv_b, lv_a = _segment_means(ind_rows, "score", span)
        cb, ca = _segment_means(cum, name, span)
        dim = ind_rows["dimension"].iloc[0]
        rows.append(_row(series, year, "indicator", name, dim, lv_b, lv_a, ca - cb, total))
    out = pd.DataFrame(rows, columns=COLUMNS)
    if overall:
        out = pd.concat([_dimension_rows(c, out, year, span, total), out], ignore_index=True)
    rest = total - out.loc[out["level"] == "indicator", "contribution"].sum()
    if abs(rest) > 1e-9 * max(1.0, abs(total)):
        out.loc[len(out)] = _row(
            series, year, "relinked", "relinked", "", np.nan, np.nan, rest, total
        )
    return _order(out)


def _dimension_rows(c, ind_rows, year, span, total) -> pd.DataFrame:
    rows = []
    for dim, part in ind_rows.groupby("dimension", sort=False):
        dims = c.dimensions[c.dimensions["dimension"] == dim]
        lv_b, lv_a = _segment_means(dims, "score", span)
        contrib = part["contribution"].sum()
        rows.append(_row("overall", year, "dimension", dim, dim, lv_b, lv_a, contrib, total))
    return pd.DataFrame(rows, columns=COLUMNS)


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

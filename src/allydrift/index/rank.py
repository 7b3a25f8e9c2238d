"""Compare dyads: a state's partners, or all treaty-allied dyads, by score and by trend.

Dyads are ranked in one year: by default the latest year in which the typical dyad's
score covers every dimension it ever covers (so a ranking never rests on a year that
lacks a dimension); ``year="latest"`` takes each dyad's latest year. Dyads whose score
rests on less than half the median weight share are left out. A dyad's
trend is the slope of its chain-linked index over the ``trend_window`` years up to that
year, in points per decade with a 90 % interval.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from allydrift import materialised
from allydrift.countries import State, resolve, state_years
from allydrift.errors import CoverageError, InputError
from allydrift.index.core import Scored, WeightSpec, score_panel
from allydrift.index.reference import ALLIED_BY
from allydrift.index.uncertainty import bands
from allydrift.indicators import get

TREND_WINDOW = 10
MIN_SHARE = 0.5


@cache
def _labels() -> dict[int, str]:
    from allydrift.countries import states

    st = states()
    rows = st.dropna(subset=["ccode"])[["ccode", "iso3", "abb"]].itertuples(index=False)
    return {int(c): (i if isinstance(i, str) else a) for c, i, a in rows}


def label(ccode: int) -> str:
    """ISO3 (or COW abbreviation) of a COW code."""
    return _labels().get(int(ccode), str(ccode))


def partner_pairs(state: str | int | State) -> list[tuple[int, int]]:
    """Every pair of ``state`` with a COW state that coexisted with it in some year."""
    s = state if isinstance(state, State) else resolve(state)
    if s.ccode is None:
        msg = f"{s} has no COW code; the index uses COW dyads"
        raise InputError(msg)
    sy = state_years()
    sy = sy[(sy["system"] == "cow")].dropna(subset=["ccode"])
    alive = set(sy.loc[sy["ccode"] == s.ccode, "year"])
    others = sy.loc[sy["year"].isin(alive) & (sy["ccode"] != s.ccode), "ccode"]
    return [(s.ccode, int(c)) for c in sorted(set(others.astype(int)))]


def current_allies() -> list[tuple[int, int]]:
    """Pairs with an ATOP defence pledge in ATOP's latest covered year."""
    rows = materialised.read(get(ALLIED_BY))
    last = int(rows["year"].max())
    now = rows[(rows["year"] == last) & (rows["value"] == 1)]
    return [(int(a), int(b)) for a, b in now[["ccode1", "ccode2"]].itertuples(index=False)]


def best_covered_year(s: Scored) -> int:
    """The latest year in which the typical (median) dyad's score covers as many
    dimensions as in its best year — since the overall score averages dimensions, a
    ranking should not compare years that lack one (2020 with today's registry: the
    threat data end then)."""
    scored_rows = ~np.isnan(s.agg.overall)
    dims = pd.Series(s.agg.n_dimensions[scored_rows], index=s.keys["year"][scored_rows])
    median = dims.groupby(level=0).median()
    if median.empty:
        msg = "no dyad has an index score in these years"
        raise CoverageError(msg)
    return int(median.index[median >= median.max()].max())


def pick_rows(s: Scored, year: int | str | None, min_share: float = MIN_SHARE) -> np.ndarray:
    """Rows to rank: ``year``; each dyad's latest (``"latest"``); or, with ``None``,
    the best-covered year. Rows whose weight share is below ``min_share`` times the
    median of the picked rows are left out (a state that barely exists in the data)."""
    keys = s.keys.assign(
        _score=s.agg.overall, _share=s.agg.weight_share, _row=np.arange(len(s.keys))
    )
    keys = keys[keys["_score"].notna()]
    if year == "latest":
        keys = keys.groupby(["ccode1", "ccode2"]).tail(1)
    else:
        year = best_covered_year(s) if year is None else int(year)
        keys = keys[keys["year"] == year]
    if keys.empty:
        msg = f"no dyad has an index score in {year}; choose another year"
        raise CoverageError(msg)
    keys = keys[keys["_share"] >= min_share * keys["_share"].median()]
    return keys["_row"].to_numpy()


def _trends(s: Scored, rows: np.ndarray, window: int, level: float) -> pd.DataFrame:
    from allydrift.drift.trend import MIN_POINTS, trend

    ends = s.keys.iloc[rows].rename(columns={"year": "end"})
    frame = s.keys.assign(linked=s.linked.overall).merge(ends, on=["ccode1", "ccode2"])
    frame = frame[frame["year"].between(frame["end"] - window + 1, frame["end"])]
    frame = frame.dropna(subset=["linked"])
    found = {}
    for key, part in frame.groupby(["ccode1", "ccode2"]):
        if len(part) >= MIN_POINTS:
            t = trend(part.set_index("year")["linked"], None, level)
            found[key] = (t.slope, t.lower, t.upper)
    blank = (np.nan, np.nan, np.nan)
    out = [found.get((a, b), blank) for a, b in ends[["ccode1", "ccode2"]].itertuples(index=False)]
    return pd.DataFrame(out, columns=["trend", "trend_lower", "trend_upper"])


def rank_pairs(
    pairs: list[tuple[int, int]],
    year: int | str | None = None,
    *,
    weights: WeightSpec = None,
    reference: str = "allied",
    by: str = "score",
    trend_window: int = TREND_WINDOW,
    draws: int = 200,
    level: float = 0.9,
    seed: int = 0,
    method: str = "model",
) -> pd.DataFrame:
    """Rank ``pairs`` by score (with band) and by trend; sorted by ``by``.

    ``year``: a year, ``"latest"`` (each dyad's latest scored year) or ``None`` (the
    latest year with adequate coverage: see ``scoring.adequate_year``; with the
    averaged index, the year whose scores rest on the fullest set of indicators).
    """
    if by not in ("score", "trend"):
        msg = f"by must be 'score' or 'trend'; got '{by}'"
        raise InputError(msg)
    if year is not None and year != "latest" and not isinstance(year, int):
        msg = f"year must be a year, 'latest' or None; got {year!r}"
        raise InputError(msg)
    if method == "model" and weights is None:
        return _rank_model(pairs, year, by=by, trend_window=trend_window, level=level)
    span = (year - trend_window + 1, year) if isinstance(year, int) else None
    s = score_panel(pairs, span, weights=weights, reference=reference)
    rows = pick_rows(s, year)
    keys = s.keys.iloc[rows].reset_index(drop=True)
    out = pd.DataFrame(
        {
            "state_a": [label(c) for c in keys["ccode1"]],
            "state_b": [label(c) for c in keys["ccode2"]],
            "ccode1": keys["ccode1"],
            "ccode2": keys["ccode2"],
            "year": keys["year"],
            "score": s.agg.overall[rows],
        }
    )
    if draws:
        b = bands(s.panel.values[rows], s.panel.se[rows], s.posts(), s.layout, draws, level, seed)
        out["lower"], out["upper"] = b.lower, b.upper
    out["n_indicators"] = s.agg.n_indicators[rows]
    out["weight_share"] = s.agg.weight_share[rows]
    out = pd.concat([out, _trends(s, rows, trend_window, level)], axis=1)
    out["rank"] = out["score"].rank(ascending=False, method="min").astype(int)
    out["trend_rank"] = out["trend"].rank(ascending=False, method="min").astype("Int64")
    key = "rank" if by == "score" else "trend_rank"
    return out.sort_values([key, "state_a", "state_b"], ignore_index=True)


def _rank_model(
    pairs: list[tuple[int, int]],
    year: int | str | None,
    *,
    by: str,
    trend_window: int,
    level: float,
) -> pd.DataFrame:
    from allydrift.drift.trend import MIN_POINTS, trend
    from allydrift.index.scoring import adequate_year, table_model

    table = table_model(pairs, None, level)
    if year == "latest":
        picked = table[~table["projection"]].groupby(["ccode1", "ccode2"]).tail(1)
    else:
        year = adequate_year(table) if year is None else int(year)
        picked = table[table["year"] == year]
    if picked.empty:
        msg = f"no dyad has an index score in {year}; choose another year"
        raise CoverageError(msg)
    picked = picked.reset_index(drop=True)
    out = pd.DataFrame(
        {
            "state_a": [label(c) for c in picked["ccode1"]],
            "state_b": [label(c) for c in picked["ccode2"]],
            "ccode1": picked["ccode1"],
            "ccode2": picked["ccode2"],
            "year": picked["year"],
            "score": picked["score"],
            "lower": picked["lower"],
            "upper": picked["upper"],
            "n_indicators": picked["n_indicators"],
            "projection": picked["projection"],
        }
    )
    trends = []
    idx = table.set_index(["ccode1", "ccode2"])
    for a, b, end in picked[["ccode1", "ccode2", "year"]].itertuples(index=False):
        part = idx.loc[(a, b)]
        part = part[part["year"].between(end - trend_window + 1, end)].set_index("year")
        if len(part) >= MIN_POINTS:
            t = trend(part["score"], None, level)
            trends.append((t.slope, t.lower, t.upper))
        else:
            trends.append((np.nan, np.nan, np.nan))
    out[["trend", "trend_lower", "trend_upper"]] = np.array(trends, dtype=float).reshape(-1, 3)
    out["rank"] = out["score"].rank(ascending=False, method="min").astype(int)
    out["trend_rank"] = out["trend"].rank(ascending=False, method="min").astype("Int64")
    key = "rank" if by == "score" else "trend_rank"
    return out.sort_values([key, "state_a", "state_b"], ignore_index=True)


def rank(
    with_state: str | int | State | None = None,
    allies: bool = False,
    year: int | str | None = None,
    **kwargs: object,
) -> pd.DataFrame:
    """Rank all partners of ``with_state`` (``state_a`` is always that state), or all
    current treaty-allied dyads (``allies=True``). Keyword arguments go to
    ``rank_pairs``."""
    if (with_state is None) == (not allies):
        msg = "rank needs exactly one of with_state (e.g. 'USA') or allies=True"
        raise InputError(msg)
    if allies:
        return rank_pairs(current_allies(), year, **kwargs)  # type: ignore[arg-type]
    if with_state is None:
        msg = "rank needs exactly one of with_state (e.g. 'USA') or allies=True"
        raise InputError(msg)
    table = rank_pairs(partner_pairs(with_state), year, **kwargs)  # type: ignore[arg-type]
    return orient(table, with_state)


def orient(table: pd.DataFrame, state: str | int | State) -> pd.DataFrame:
    """Put ``state`` in ``state_a``/``ccode1`` of every row of a ranking."""
    s = state if isinstance(state, State) else resolve(state)
    out = table.copy()
    swap = out["ccode1"] != s.ccode
    for x, y in (("state_a", "state_b"), ("ccode1", "ccode2")):
        out.loc[swap, [x, y]] = out.loc[swap, [y, x]].to_numpy()
    return out
